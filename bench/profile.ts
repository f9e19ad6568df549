// `npm run bench -- profile FILE.cpuprofile [--top N] [--under NAME] [--window RUN.json]`: where
// a run's CPU went, from a profile written by `node --cpu-prof` (one file per thread). Self time
// by function, and, with --under, the time spent inside NAME (e.g. msgpackr's `pack`) by the
// first caller outside node_modules, which says whose encoding it was. With --window, only the
// samples taken while the run measured (its JSON's profileWindowUs), not the cluster's setup
// or the floor after it. Pure over the profile's JSON.

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile { nodes: CpuProfileNode[]; samples: number[]; timeDeltas: number[]; startTime?: number }

/**
 * Now on the clock of `--cpu-prof`'s timestamps (µs, monotonic; the same in every thread of the
 * process), for a run to say when it measured: see profileWindowUs in the scenarios' JSON.
 */
export function profileClockUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** The profile with only the samples taken within [fromUs, toUs] (profileClockUs). */
export function windowed(p: CpuProfile, [fromUs, toUs]: readonly [number, number]): CpuProfile {
  const samples: number[] = [], timeDeltas: number[] = [];
  let at = p.startTime ?? 0;
  for (let i = 0; i < p.samples.length; i++) {
    at += p.timeDeltas[i] ?? 0;
    if (at < fromUs || at > toUs) continue;
    samples.push(p.samples[i]!);
    timeDeltas.push(p.timeDeltas[i] ?? 0);
  }
  return { ...p, samples, timeDeltas };
}

const shortUrl = (url: string) => url.replace(/^.*\/(dist|node_modules)\//, '$1/');
const label = (n: CpuProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber}`.trim();

/** ms of samples taken in each node. */
function selfMs(p: CpuProfile): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) out.set(p.samples[i]!, (out.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  return out;
}

/** Self time per function, most first; and the profile's total. */
export function selfTimes(p: CpuProfile): { total: number; rows: [string, number][] } {
  const ms = selfMs(p);
  const by = new Map<string, number>();
  let total = 0;
  for (const n of p.nodes) {
    const t = ms.get(n.id) ?? 0;
    total += t;
    by.set(label(n), (by.get(label(n)) ?? 0) + t);
  }
  return { total, rows: [...by].sort((a, b) => b[1] - a[1]) };
}

/** Time inside `name` (self and below, outermost calls only), by the first caller outside node_modules. */
export function timeUnder(p: CpuProfile, name: string): [string, number][] {
  const ms = selfMs(p);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = (id: number): number => (ms.get(id) ?? 0) + (byId.get(id)!.children ?? []).reduce((a, c) => a + inclusive(c), 0);
  const out = new Map<string, number>();
  for (const n of p.nodes) {
    if (n.callFrame.functionName !== name) continue;
    let up = parent.get(n.id), caller: CpuProfileNode | undefined, nested = false;
    while (up !== undefined) {
      const a = byId.get(up)!;
      if (a.callFrame.functionName === name) { nested = true; break; }
      if (!caller && !a.callFrame.url.includes('/node_modules/')) caller = a;
      up = parent.get(up);
    }
    if (nested) continue;
    const k = caller ? label(caller) : '(root)';
    out.set(k, (out.get(k) ?? 0) + inclusive(n.id));
  }
  return [...out].sort((a, b) => b[1] - a[1]);
}

export function formatProfile(p: CpuProfile, top = 20, under?: string): string {
  const { total, rows } = selfTimes(p);
  const line = ([k, v]: [string, number]) => `${Math.round(v).toString().padStart(7)} ms  ${k}`;
  const out = [`total ${Math.round(total)} ms of samples`, '-- self time by function', ...rows.slice(0, top).map(line)];
  if (under) out.push(`-- inside ${under}, by first caller outside node_modules`, ...timeUnder(p, under).slice(0, top).map(line));
  return out.join('\n');
}
