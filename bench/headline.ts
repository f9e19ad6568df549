// `npm run bench -- headline A.json B.json ...`: the README's headline table, one row per
// run, from the runs' --json files (several runs of one case become one row: min–max, so
// the machine's noise shows). Pure: the command reads files, this formats.

type Run = Record<string, unknown>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const get = (r: Run, path: string): number | undefined => num(path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), r));

/** "1.66 s" or "1.66–1.73 s" over runs; "–" when no run has it. */
export function spread(values: (number | undefined)[], unit: (v: number) => string): string {
  const vs = values.filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  if (vs.length === 0) return '–';
  const lo = unit(vs[0]!), hi = unit(vs[vs.length - 1]!);
  return lo === hi ? lo : `${lo.replace(/ .*$/, '')}–${hi}`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const millis = (ms: number) => `${Math.round(ms)} ms`;
const plain = (d: number) => (v: number) => v.toFixed(d);
const gb = (b: number) => `${(b / 2 ** 30).toFixed(2)} GiB`;
const thousands = (n: number) => n.toLocaleString('en-US');

/** Which case a run is: scenario and its size. Runs of one case share a row. */
export function caseOf(r: Run): string {
  const s = String(r.scenario ?? '?');
  const size = [r.pods !== undefined && `${thousands(Number(r.pods))} pods`, r.nodes !== undefined && `${thousands(Number(r.nodes))} nodes`,
    r.deployments !== undefined && `${r.deployments} Deployments`, r.rate !== undefined && `${r.rate}/s for ${r.durationS} s`,
    r.kill !== undefined && `kill ${r.kill}`].filter(Boolean).join(' / ');
  const knobs = [r.workers !== undefined && `${r.workers} worker${Number(r.workers) === 1 ? '' : 's'}`, r.fsync === 'off' && 'fsync off'].filter(Boolean).join(', ');
  return `${s} ${size}${knobs ? ` (${knobs})` : ''}`;
}

/** "; the same burst with fsync off: 0.80×–0.90×, with workers 2: 1.10× the time", from burst runs made with --baselines. */
function baselinesOf(runs: Run[]): string {
  const byChange = new Map<string, number[]>();
  for (const r of runs) {
    for (const b of (Array.isArray(r.baselines) ? r.baselines : []) as Run[]) {
      const v = num(b.vsThisRun);
      if (v !== undefined) byChange.set(String(b.change), [...(byChange.get(String(b.change)) ?? []), v]);
    }
  }
  if (byChange.size === 0) return '';
  return `; the same burst with ${[...byChange].map(([change, vs]) => `${change}: ${spread(vs, (v) => `${v.toFixed(2)}×`)}`).join(', with ')} the time`;
}

/** The figures of a case that say the most, as text. */
export function figuresOf(runs: Run[]): string {
  const s = String(runs[0]?.scenario ?? '');
  const f = (path: string, unit: (v: number) => string) => spread(runs.map((r) => get(r, path)), unit);
  switch (s) {
    case 'burst':
      return `every Deployment Available in ${f('allAvailableMs', seconds)}; pod startup p50 ${f('podStartupMs.p50', millis)}, p99 ${f('podStartupMs.p99', millis)}; `
        + `${f('journalWritesPerPod', plain(2))} journal writes per pod; raw fsynced floor ${f('floorMs', millis)} (run ÷ floor ${f('vsFloor', plain(0))}); peak RSS ${f('peakRssBytes', gb)}; ${f('cpuMs', seconds)} CPU`
        + baselinesOf(runs);
    case 'churn':
      return `API kept up at ${f('achievedRate', plain(0))} pods/s; pod startup p50 ${f('podStartupMs.p50', millis)}, p99 ${f('podStartupMs.p99', millis)}; backlog max ${f('backlog.max', plain(0))}`;
    case 'rollout':
      return `every rollout complete in ${f('rolloutMs', seconds)}; bound violations: ${f('bounds.violations.surge', plain(0))} surge, ${f('bounds.violations.unavailable', plain(0))} unavailable, over ${f('bounds.checkedRevisions', plain(0))} revisions`;
    case 'heal':
      return `Node deleted → replacements Ready ${f('nodeDeleted.replacementsReadyMs', millis)}; NotReady → replacements Ready ${f('heartbeatStopped.readyAfterNotReadyMs', millis)}`;
    default:
      return runs.map((r) => Object.entries(r).filter(([, v]) => typeof v === 'number').slice(0, 4).map(([k, v]) => `${k} ${v}`).join(', ')).join('; ');
  }
}

export function headlineTable(runs: Run[]): string {
  const cases = new Map<string, Run[]>();
  for (const r of runs) {
    const k = caseOf(r);
    cases.set(k, [...(cases.get(k) ?? []), r]);
  }
  const rows = [...cases].map(([k, rs]) => `| ${k}${rs.length > 1 ? ` ×${rs.length}` : ''} | ${figuresOf(rs)} |`);
  return ['| run | result |', '| --- | --- |', ...rows].join('\n');
}
