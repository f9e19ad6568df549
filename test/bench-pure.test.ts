// The benchmark harness's pure pieces, in tables: percentiles, the start-latency
// distributions, pacing, the rolling-update bounds replay, compare, progress,
// the report's charts.
import t from 'tap';
import { caseOf, headlineTable, spread } from '../bench/headline.js';
import { numberArg, onOffArg, parseArgs, type BenchArgs } from '../bench/args.js';
import { compare, formatComparison, numericLeaves } from '../bench/compare.js';
import { pick } from '../bench/heal.js';
import { split } from '../bench/manifests.js';
import { Pacer } from '../bench/pacer.js';
import { progressLine, Progress } from '../bench/progress.js';
import { renderReport } from '../bench/report/html.js';
import { barChart, lineChart, niceScale } from '../bench/report/svg.js';
import { checkBounds, fenceposts, type BoundsEvent } from '../bench/rollout-bounds.js';
import { cdf, percentile, summarize } from '../bench/stats.js';
import { thin, type Trace } from '../bench/trace.js';
import { Waiters } from '../bench/waiters.js';
import { highestRateWithin, parseRates, sweepPoint, type SweepPoint } from '../bench/sweep.js';
import { RestartTally } from '../bench/restart-tally.js';
import type { LifecycleRecord } from '../src/runtime/envelope.js';
import {
  formatStartLatency, parseStartLatency, sampleStartLatency, seededRandom, startLatencySampler, StartLatencyError,
} from '../machines/pod/start-latency.js';

t.test('percentile (nearest rank) and summarize', async (t) => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1);
  for (const [p, want] of [[50, 50], [90, 90], [99, 99], [100, 100], [0, 1], [1, 1]] as const) t.equal(percentile(xs, p), want, `p${p}`);
  t.ok(Number.isNaN(percentile([], 50)), 'empty: NaN');
  t.same(summarize([3, 1, 2]), { count: 3, p50: 2, p90: 3, p99: 3, max: 3 }, 'any order');
  t.same(summarize([1.234, 5.678], 1), { count: 2, p50: 1.2, p90: 5.7, p99: 5.7, max: 5.7 }, 'rounded');
  const c = cdf(Array.from({ length: 1000 }, (_, i) => i), 10);
  t.equal(c.length, 10);
  t.same(c[c.length - 1], [999, 1], 'ends at 1');
  t.ok(c.every(([, y], i) => i === 0 || y > c[i - 1]![1]), 'increasing');
  t.same(cdf([]), []);
});

t.test('start latency: parsing', async (t) => {
  const table: [string, unknown][] = [
    ['fixed:5', { kind: 'fixed', ms: 5 }],
    ['7', { kind: 'fixed', ms: 7 }],
    ['uniform:1-10', { kind: 'uniform', min: 1, max: 10 }],
    ['uniform:2.5-2.5', { kind: 'uniform', min: 2.5, max: 2.5 }],
    ['exp:5', { kind: 'exp', mean: 5 }],
  ];
  for (const [spec, want] of table) {
    t.same(parseStartLatency(spec), want, spec);
    t.equal(parseStartLatency(formatStartLatency(parseStartLatency(spec))).kind, (want as { kind: string }).kind, `${spec} round-trips`);
  }
  for (const bad of ['fixed:', 'fixed:-1', 'uniform:5', 'uniform:10-1', 'exp:x', 'normal:5', '']) {
    t.throws(() => parseStartLatency(bad), StartLatencyError, `"${bad}" refused`);
  }
});

t.test('start latency: seeded draws', async (t) => {
  const a = seededRandom(42), b = seededRandom(42), c = seededRandom(43);
  const xs = Array.from({ length: 5 }, a), ys = Array.from({ length: 5 }, b), zs = Array.from({ length: 5 }, c);
  t.same(xs, ys, 'same seed, same stream');
  t.not(JSON.stringify(xs), JSON.stringify(zs), 'another seed, another stream');
  t.ok(xs.every((x) => x >= 0 && x < 1), 'in [0, 1)');
  const r = seededRandom(1);
  const uniform = Array.from({ length: 2000 }, () => sampleStartLatency({ kind: 'uniform', min: 1, max: 10 }, r));
  t.ok(uniform.every((x) => x >= 1 && x <= 10), 'uniform within bounds');
  const exp = Array.from({ length: 20000 }, () => sampleStartLatency({ kind: 'exp', mean: 5 }, r));
  const mean = exp.reduce((s, x) => s + x, 0) / exp.length;
  t.ok(Math.abs(mean - 5) < 0.3, `exp mean ≈ 5 (${mean.toFixed(2)})`);
  t.ok(exp.every((x) => x >= 0), 'exp never negative');
  t.equal(sampleStartLatency({ kind: 'fixed', ms: 3 }, r), 3);
  const n1 = startLatencySampler('exp:5', 9, 'node-1'), n1again = startLatencySampler('exp:5', 9, 'node-1'), n2 = startLatencySampler('exp:5', 9, 'node-2');
  t.equal(n1(), n1again(), 'a node\'s stream is repeatable');
  t.not(startLatencySampler('exp:5', 9, 'node-1')(), n2(), 'nodes differ');
  t.equal(startLatencySampler(undefined, 0, 'n')(), 0, 'default fixed:0');
});

t.test('args', async (t) => {
  t.same(parseArgs(['--rate', '5', '--fsync=off', '--quiet']), { rate: '5', fsync: 'off', quiet: true });
  const table: [string | boolean | undefined, boolean | Error][] = [[undefined, true], [true, true], ['on', true], ['off', false], ['false', false], ['maybe', new Error()]];
  for (const [v, want] of table) {
    const args: BenchArgs = v === undefined ? {} : { fsync: v };
    if (want instanceof Error) t.throws(() => onOffArg(args, 'fsync', true), `${String(v)} refused`);
    else t.equal(onOffArg(args, 'fsync', true), want, String(v));
  }
  t.throws(() => numberArg({ n: 'x' }, 'n', 1));
});

t.test('split, pick, pacing', async (t) => {
  t.same(split(10, 3), [3, 3, 4]);
  t.same(split(20, 1), [20]);
  t.equal(split(1000, 7).reduce((a, b) => a + b), 1000);
  const nodes = ['a', 'b', 'c', 'd', 'e'];
  t.same(pick(nodes, 2, seededRandom(5)), pick(nodes, 2, seededRandom(5)), 'seeded');
  t.equal(new Set(pick(nodes, 5, seededRandom(1))).size, 5, 'no repeats');
  t.equal(pick(nodes, 9, seededRandom(1)).length, 5, 'at most all');
  const p = new Pacer(1000);
  t.equal(p.due(0), 0);
  t.equal(p.due(10), 10, '10 ms at 1,000/s');
  t.equal(p.due(10), 0, 'nothing more due at the same time');
  t.equal(p.due(55), 45, 'a late tick catches up');
  t.equal(p.total, 55);
  const slow = new Pacer(3);
  t.same([100, 400, 700, 1000].map((ms) => slow.due(ms)), [0, 1, 1, 1], 'fractions carried');
});

t.test('rolling-update bounds: fenceposts', async (t) => {
  const table: [number, number | string, number | string, { maxSurge: number; maxUnavailable: number }][] = [
    [10, '25%', '25%', { maxSurge: 3, maxUnavailable: 2 }],
    [4, '25%', '25%', { maxSurge: 1, maxUnavailable: 1 }],
    [3, '25%', '25%', { maxSurge: 1, maxUnavailable: 0 }],
    [5, 0, 0, { maxSurge: 0, maxUnavailable: 1 }],
    [2, 1, 5, { maxSurge: 1, maxUnavailable: 2 }],
  ];
  for (const [n, s, u, want] of table) t.same(fenceposts(n, s, u), { replicas: n, ...want }, `${n} replicas, ${s}/${u}`);
  t.throws(() => fenceposts(3, 'lots', 1));
});

t.test('rolling-update bounds: replay', async (t) => {
  const b = new Map([['web', fenceposts(4, 1, 1)]]); // at most 5 wanted, at least 3 Ready
  let rev = 0;
  const rs = (uid: string, replicas: number, gone = false): BoundsEvent => ({ rev: ++rev, kind: 'ReplicaSet', uid, app: 'web', replicas, gone });
  const pod = (uid: string, live: boolean, available: boolean): BoundsEvent => ({ rev: ++rev, kind: 'Pod', uid, app: 'web', live, available });
  const setup = [rs('old', 4), ...['p1', 'p2', 'p3', 'p4'].map((u) => pod(u, true, true))];
  const from = rev;
  const good = [rs('new', 1), pod('n1', true, false), rs('old', 3), pod('p1', false, false), pod('n1', true, true), rs('new', 2), pod('n2', true, true)];
  const okReport = checkBounds([...setup, ...good].reverse(), b, from); // order of arrival does not matter: revisions do
  t.same(okReport.violations, { surge: 0, unavailable: 0 }, 'a correct step holds');
  t.equal(okReport.checked, good.length, 'every revision after the start checked');
  t.equal(okReport.worst.aboveReplicas, 1);
  t.equal(okReport.worst.belowReplicas, 1);
  t.equal(checkBounds(setup, b, from).checked, 0, 'nothing before the start is checked');

  rev = from;
  const greedy = [rs('new', 2), rs('old', 2), pod('p1', false, false), pod('p2', false, false), pod('n1', true, false)];
  const bad = checkBounds([...setup, ...greedy], b, from);
  t.equal(bad.violations.surge, 1, 'new 2 + old 4 = 6 > 5');
  t.equal(bad.violations.unavailable, 2, '2 Ready < 3, at two revisions');
  t.match(bad.first, /ReplicaSets want 6 > 4 \+ maxSurge 1/);
  t.equal(bad.podsAboveSurge, 0);
  t.same(checkBounds([{ rev: 99, kind: 'Pod', uid: 'x', app: 'other', live: true, available: true }], b, 0).checked, 0, 'other apps ignored');
});

t.test('compare', async (t) => {
  const a = { scenario: 'burst', allAvailableMs: 1000, podStartupMs: { p50: 10, p99: 0 }, list: [1, 2], trace: { x: 5 } };
  const b = { scenario: 'burst', allAvailableMs: 1500, podStartupMs: { p50: 5, p99: 0 }, list: [1, 4], extra: 3 };
  t.same([...numericLeaves(a).keys()], ['allAvailableMs', 'podStartupMs.p50', 'podStartupMs.p99', 'list.0', 'list.1'], 'trace skipped');
  t.same(compare(a, b).map((r) => [r.key, r.ratio]), [['allAvailableMs', 1.5], ['podStartupMs.p50', 0.5], ['podStartupMs.p99', 1], ['list.0', 1], ['list.1', 2]]);
  t.equal(compare({ x: 0 }, { x: 2 })[0]!.ratio, Infinity);
  const text = formatComparison(compare(a, b), 'a.json', 'b.json');
  t.match(text, /allAvailableMs\s+1000\s+1500\s+1\.50x/);
  t.match(text.split('\n')[0], /figure\s+a\.json\s+b\.json\s+B\/A/);
});

t.test('progress', async (t) => {
  t.equal(progressLine('x', 5, 10, 1500, 10), 'x [#####.....] 5/10  1.5 s');
  t.equal(progressLine('x', 20, 10, 0, 4), 'x [####] 20/10  0.0 s', 'clamped');
  t.equal(progressLine('x', 0, 0, 0, 2), 'x [..] 0/0  0.0 s');
  const written: string[] = [];
  const quiet = new Progress('q', 10, { isTTY: false, write: (s) => { written.push(s); return true; } });
  quiet.update(10); quiet.end();
  t.same(written, [], 'silent when not a terminal');
  const tty = new Progress('q', 10, { isTTY: true, columns: 80, write: (s) => { written.push(s); return true; } });
  tty.update(10); tty.end();
  t.equal(written.length, 2, 'drawn, then cleared');
  t.match(written[0], /^\rq \[#+\] 10\/10/);
});

t.test('report: charts and page', async (t) => {
  t.same(niceScale(87), { max: 100, step: 20 });
  t.same(niceScale(1), { max: 1, step: 0.2 });
  t.same(niceScale(0), { max: 1, step: 0.2 });
  t.same(thin([[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]], 2), [[0, 0], [3, 3], [4, 4]], 'thinned, last kept');
  const line = lineChart({ title: 'a <b>', xLabel: 'ms', yLabel: 'n', series: [{ name: 's', points: [[0, 0], [10, 5]] }], marks: [{ t: 5, label: 'm' }] });
  t.match(line, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  t.match(line, /<polyline/);
  t.match(line, /a &lt;b&gt;/, 'escaped');
  t.notMatch(lineChart({ title: 't', xLabel: '', yLabel: '', series: [] }), /polyline/, 'no data, no line');
  const bars = barChart({ title: 'b', yLabel: 'ms', groups: [{ label: 'g', values: { p50: 1, p99: NaN } }] });
  t.equal((bars.match(/<rect [^>]*><title>/g) ?? []).length, 1, 'NaN bars left out');
  const trace: Trace = {
    params: { scenario: 'churn', rate: 10 }, series: [{ name: 'pods Ready', points: [[0, 0], [5, 3]] }, { name: 'backlog', points: [[0, 1]] }],
    marks: [{ t: 4, label: 'end' }], startupCdf: [[1, 0.5], [2, 1]],
    stages: { scheduled: summarize([1]), running: summarize([2]), ready: summarize([0]) },
  };
  const html = renderReport({ scenario: 'churn', rate: 10, podStartupMs: { p99: 3 } }, trace, new Date(0));
  t.equal((html.match(/<svg /g) ?? []).length, 4, 'Ready over time, other series, CDF, stages');
  t.notMatch(html, /<script|<link|src="http|href="http/, 'self-contained');
  t.match(html, /<th>rate<\/th><td>10<\/td>/, 'parameters');
  t.match(html, /podStartupMs\.p99<\/th><td>3<\/td>/, 'figures, flattened');
});

t.test('headline: one row per case, runs of a case as min–max', async (t) => {
  t.equal(spread([1660, 1730, undefined], (ms) => `${(ms / 1000).toFixed(2)} s`), '1.66–1.73 s');
  t.equal(spread([5, 5], (v) => `${v} ms`), '5 ms', 'equal runs print once');
  t.equal(spread([undefined], String), '–', 'no run has it');
  const burst = (ms: number) => ({ scenario: 'burst', pods: 10000, nodes: 1000, deployments: 100, workers: 1, fsync: 'on', allAvailableMs: ms, podStartupMs: { p50: 3500, p99: 5000 }, journalWritesPerPod: 3.25, floorMs: 250, vsFloor: ms / 250, peakRssBytes: 2 ** 30, cpuMs: 16000 });
  const table = headlineTable([burst(8900), burst(9800), { scenario: 'rollout', pods: 1000, nodes: 100, deployments: 10, workers: 1, rolloutMs: 3400, bounds: { violations: { surge: 0, unavailable: 0 }, checkedRevisions: 4300 } }]);
  const rows = table.split('\n');
  t.equal(rows.length, 4, 'header, rule, two cases');
  t.match(rows[2], /^\| burst 10,000 pods \/ 1,000 nodes \/ 100 Deployments \(1 worker\) ×2 \| every Deployment Available in 8\.90–9\.80 s;/);
  t.match(rows[2], /raw fsynced floor 250 ms \(run ÷ floor 36–39\)/);
  t.match(rows[3], /^\| rollout 1,000 pods \/ 100 nodes \/ 10 Deployments \(1 worker\) \| every rollout complete in 3\.40 s; bound violations: 0 surge, 0 unavailable, over 4300 revisions \|$/);
  t.equal(caseOf({ scenario: 'burst', pods: 10, nodes: 2, deployments: 1, workers: 2, fsync: 'off' }), 'burst 10 pods / 2 nodes / 1 Deployments (2 workers, fsync off)');
  const withBaselines = (ms: number, off: number, two: number) => ({ ...burst(ms), baselines: [{ change: 'fsync off', vsThisRun: off }, { change: 'workers 2', vsThisRun: two }] });
  const row = headlineTable([withBaselines(5000, 0.8, 1.1), withBaselines(5200, 0.9, 1.1)]).split('\n')[2]!;
  t.match(row, /; the same burst with fsync off: 0\.80×–0\.90×, with workers 2: 1\.10× the time \|$/, 'baselines, as ratios to their own run');
});

t.test('burst --baselines: what each baseline run changes', async (t) => {
  const { baselineChanges } = await import('../bench/burst.js');
  t.same(baselineChanges(true, { fsync: 'on', workers: 1 }), [{ fsync: 'off' }, { workers: '2' }], 'alone: fsync flipped, the other of 1 and 2 workers');
  t.same(baselineChanges(true, { fsync: 'off', workers: 2 }), [{ fsync: 'on' }, { workers: '1' }]);
  t.same(baselineChanges('workers=0,fsync=off', {}), [{ workers: '0' }, { fsync: 'off' }], 'a list: one run each');
  t.throws(() => baselineChanges('pods=5', {}), /not workers=N, fsync=on\|off or start-latency=DIST/, 'only settings, not the workload');
});

t.test('profile: self time by function, and time inside a function by its first caller outside node_modules', async (t) => {
  const { selfTimes, timeUnder } = await import('../bench/profile.js');
  const f = (id: number, functionName: string, url: string, children: number[] = []) => ({ id, callFrame: { functionName, url, lineNumber: 1 }, children });
  // root → flush (ours) → pack (lib) → pack (lib, nested) ; root → submit (ours) → pack (lib)
  const profile = {
    nodes: [
      f(1, '(root)', '', [2, 5]),
      f(2, 'flush', 'file:///x/dist/src/runtime/host.js', [3]),
      f(3, 'pack', 'file:///x/node_modules/msgpackr/pack.js', [4]),
      f(4, 'pack', 'file:///x/node_modules/msgpackr/pack.js'),
      f(5, 'submit', 'file:///x/dist/src/store/journal-store.js', [6]),
      f(6, 'pack', 'file:///x/node_modules/msgpackr/pack.js'),
    ],
    samples: [2, 3, 3, 4, 6, 6, 6, 5],
    timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
  };
  const self = selfTimes(profile);
  t.equal(self.total, 8, '8 samples of 1 ms');
  t.same(self.rows[0], ['pack node_modules/msgpackr/pack.js:1', 6], 'pack: 6 ms of self time, both places');
  t.same(new Map(timeUnder(profile, 'pack')), new Map([
    ['flush dist/src/runtime/host.js:1', 3],
    ['submit dist/src/store/journal-store.js:1', 3],
  ]), 'outermost pack calls only (the nested one counts inside its caller), by their callers');
});

t.test("profile --window: only the samples taken within the run's window", async (t) => {
  const { selfTimes, windowed } = await import('../bench/profile.js');
  const f = (id: number, functionName: string, children: number[] = []) => ({ id, callFrame: { functionName, url: 'file:///x/dist/a.js', lineNumber: 1 }, children });
  // Samples at 1010, 1020, ..., 1060 µs: setup, setup, run, run, run, floor.
  const profile = {
    startTime: 1000,
    nodes: [f(1, '(root)', [2, 3, 4]), f(2, 'setup'), f(3, 'run'), f(4, 'floor')],
    samples: [2, 2, 3, 3, 3, 4],
    timeDeltas: [10, 10, 10, 10, 10, 10],
  };
  const inside = windowed(profile, [1025, 1050]);
  t.same(inside.samples, [3, 3, 3], 'the three samples of the run');
  t.same(selfTimes(inside).rows.filter(([, ms]) => ms > 0).map(([k]) => k), ['run dist/a.js:1']);
  t.same(windowed(profile, [0, 2000]).samples, profile.samples, 'a window around everything keeps everything');
  t.same(windowed(profile, [2000, 3000]).samples, [], 'one after the profile keeps nothing');
});

t.test('a wait that runs out says how far things got', async (t) => {
  const w = new Waiters(() => 0);
  let done = 2;
  await t.rejects(w.until('every Deployment Available', () => done === 3, 10, () => `${done} of 3 complete`),
    { message: 'every Deployment Available: not within 10 ms (2 of 3 complete)' });
  const held = w.until('three', () => done === 3, 10_000, () => { t.fail('the detail of a wait that held was asked for'); return ''; });
  done = 3;
  w.poke();
  t.equal(await held, 0, 'a wait that holds resolves, and its detail is not asked for');
});

t.test('the restart tally counts restarts and escalations by kind, with the first few errors, until stopped', async (t) => {
  let listener: ((r: LifecycleRecord) => void) | undefined;
  const tally = new RestartTally({ onLifecycle: (l) => { listener = l; return () => { listener = undefined; }; } });
  t.equal(tally.summary(), 'none');
  const rec = (type: LifecycleRecord['type'], kind: string, error?: string): LifecycleRecord => ({ type, address: `1/${kind}/x`, at: 0, kind, ...(error ? { error } : {}) });
  for (let i = 0; i < 7; i++) listener!(rec('restarted', 'ReplicaSet', `ask timed out ${i}`));
  listener!(rec('escalated', 'ReplicaSet', 'too many'));
  listener!(rec('spawned', 'Pod'));
  t.same(tally.byKind(), { ReplicaSet: 7, 'ReplicaSet (escalated)': 1 }, 'spawns are not counted');
  t.match(tally.summary(), /^ReplicaSet 7, ReplicaSet \(escalated\) 1; errors: ReplicaSet: ask timed out 0 \| .* \| ReplicaSet: ask timed out 4$/, 'five errors kept');
  tally.stop();
  t.equal(listener, undefined, 'stop() stops listening');
});

t.test('churn --rates: the list, a run as a point, the highest rate within the target', async (t) => {
  t.same(parseRates('100,300, 1000'), [100, 300, 1000]);
  t.same(parseRates('7.5'), [7.5]);
  for (const bad of ['', ',', '0,10', '-5', 'ten', '300,100', '100,100']) t.throws(() => parseRates(bad), /--rates/, `"${bad}" refused`);

  const run = { rate: 300, achievedRate: 298, podsCreated: 1500, podStartupMs: { p50: 30, p99: 115 }, cpuMs: 8460, mainThreadBusyMs: 4290, contextSwitches: { voluntary: 11499, involuntary: 7183 }, journalWritesPerCommit: 2.4 };
  t.same(sweepPoint(run), { rate: 300, achievedRate: 298, startupP50Ms: 30, startupP99Ms: 115, cpuMsPerPod: 5.64, mainThreadBusyMsPerPod: 2.86, contextSwitchesPerPod: 12.5, journalWritesPerCommit: 2.4 });

  const p = (rate: number, achievedRate: number, startupP99Ms: number): SweepPoint =>
    ({ rate, achievedRate, startupP50Ms: 1, startupP99Ms, cpuMsPerPod: 1, mainThreadBusyMsPerPod: 1, contextSwitchesPerPod: 1, journalWritesPerCommit: 1 });
  const cases: [string, SweepPoint[], number | null][] = [
    ['none within', [p(100, 100, 60), p(300, 300, 200)], null],
    ['the last within', [p(50, 50, 13), p(100, 100, 24), p(300, 299, 115)], 100],
    ['exactly the target counts', [p(100, 100, 50)], 100],
    ['a rate the API did not keep up with does not count, however fast its pods', [p(100, 100, 20), p(1000, 600, 30)], 100],
    ['a higher rate within after a lower one outside (noise) still counts', [p(100, 100, 70), p(200, 200, 40)], 200],
    ['empty', [], null],
  ];
  for (const [name, points, want] of cases) t.equal(highestRateWithin(points), want, name);
  t.equal(highestRateWithin([p(100, 100, 70)], 100), 100, 'another target');
});
