// Every cluster scenario of the benchmark harness, run at a tiny scale in this
// process: correctness only (shapes, counts, every pod Ready, no rolling-update
// bound broken), never timings. And the harness's command line: compare, --report.
import t, { type Test } from 'tap';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Trace } from '../bench/trace.js';
import { findBrowser } from './helpers/browser.js';

const RUN = fileURLToPath(new URL('../bench/run.js', import.meta.url));
const summaryShape = { count: Number, p50: Number, p90: Number, p99: Number, max: Number };

function checkTrace(t: Test, trace: unknown, scenario: string): void {
  const tr = trace as Trace;
  t.equal(tr.params.scenario, scenario, 'trace: parameters');
  t.equal(tr.series[0]?.name, 'pods Ready', 'trace: Ready over time');
  t.ok(tr.series[0]!.points.length > 0);
  t.ok(tr.startupCdf.length > 0 && tr.startupCdf[tr.startupCdf.length - 1]![1] === 1, 'trace: CDF ends at 1');
  t.match(tr.stages, { scheduled: summaryShape, running: summaryShape, ready: summaryShape });
}

t.test('burst (fsync off, a seeded start latency)', async (t) => {
  const { run } = await import('../bench/burst.js');
  const r = await run({ pods: '20', nodes: '4', deployments: '2', workers: '1', fsync: 'off', 'start-latency': 'uniform:1-5', seed: '3', baselines: 'fsync=on', 'heap-stats': true, 'store-timeout': '30000' });
  t.match(r.baselines, [{ change: 'fsync on', workers: 1, fsync: 'on', allAvailableMs: Number, cpuMs: Number, vsThisRun: Number }], 'a baseline: the same burst with fsync on');
  t.match(r, { scenario: 'burst', pods: 20, nodes: 4, workers: 1, fsync: 'off', startLatency: 'uniform:1-5', seed: 3, storeTimeoutMs: 30000, podsReady: 20, podsCreated: 20, allAvailableMs: Number });
  t.match(r.podStartupMs, { p50: Number, p99: Number });
  t.ok((r.journalWrites as number) >= 60, 'at least three writes per pod');
  t.match(r.heapAfterGc, [{ thread: 0, usedBytes: Number, collected: true }, { thread: 1, usedBytes: Number, collected: true }], '--heap-stats: main and the worker, each after a collection');
  checkTrace(t, r.trace, 'burst');
});

t.test('churn', async (t) => {
  const { run } = await import('../bench/churn.js');
  const r = await run({ rate: '40', duration: '1', nodes: '4', lifetime: '100', workers: '1' });
  t.match(r, { scenario: 'churn', rate: 40, podsCreated: 40, podsReady: 40, achievedRate: Number, drainMs: Number });
  t.match(r.podStartupMs, { ...summaryShape, count: 40 });
  t.match(r.backlog, { p50: Number, max: Number, atEnd: Number });
  t.ok((r.journalCommits as number) > 0 && (r.journalWritesPerCommit as number) >= 1, 'writes per fsynced batch');
  t.equal((r.deleteToGoneMs as { count: number }).count, r.podsDeleted, 'every deletion completed');
  checkTrace(t, r.trace, 'churn');
  t.ok((r.trace as Trace).series.some((s) => s.name.startsWith('backlog')), 'backlog over time');
});

t.test('churn --rates: one run per rate, startup against load', async (t) => {
  const { run } = await import('../bench/churn.js');
  const r = await run({ rates: '20,40', duration: '1', nodes: '4', lifetime: '100', workers: '1' });
  t.match(r, { scenario: 'churn', rates: [20, 40], startupP99TargetMs: 50, nodes: 4 });
  t.equal(r.trace, undefined, 'no report of a sweep');
  const sweep = r.sweep as { rate: number; startupP99Ms: number; cpuMsPerPod: number }[];
  t.same(sweep.map((s) => s.rate), [20, 40], 'a point per rate, in order');
  for (const s of sweep) t.ok(Number.isFinite(s.startupP99Ms) && s.cpuMsPerPod > 0, `${s.rate}/s: figures`);
  t.match(r.runs, [{ rate: 20, podsCreated: 20, podsReady: 20 }, { rate: 40, podsCreated: 40, podsReady: 40 }], 'each run whole');
  t.ok(r.highestRateWithinTarget === null || [20, 40].includes(r.highestRateWithinTarget as number));
  await t.rejects(run({ rates: '40,20' }), /--rates must go up/);
  await t.rejects(run({ rates: '20', rate: '40' }), /--rate or --rates, not both/);
  await t.rejects(run({ rates: '20', report: 'out' }), /a churn sweep has no report/);
});

t.test('rollout', async (t) => {
  const { run } = await import('../bench/rollout.js');
  const r = await run({ pods: '20', nodes: '4', deployments: '2', workers: '1' });
  t.match(r, { scenario: 'rollout', pods: 20, maxSurge: '25%', maxUnavailable: '25%', newPods: 20, rolloutMs: Number });
  const b = r.bounds as { checkedRevisions: number; violations: { surge: number; unavailable: number }; firstViolation?: string };
  t.ok(b.checkedRevisions > 20, `bounds checked at ${b.checkedRevisions} revisions`);
  t.same(b.violations, { surge: 0, unavailable: 0 }, b.firstViolation ?? 'no bound broken');
  checkTrace(t, r.trace, 'rollout');
});

t.test('heal: a node deleted, a kubelet silent', async (t) => {
  const { run } = await import('../bench/heal.js');
  const r = await run({ pods: '20', nodes: '4', deployments: '2', kill: '1', grace: '600', workers: '1' });
  t.match(r, { scenario: 'heal', kill: 1, graceMs: 600, podsReadyAtEnd: 20 });
  const del = r.nodeDeleted as Record<string, number>, hb = r.heartbeatStopped as Record<string, number>;
  t.ok(del.podsLost > 0 && hb.podsLost > 0, 'each failure took pods');
  t.equal(del.replacements, del.podsLost, 'node deleted: every lost pod replaced');
  t.equal(hb.replacements, hb.podsLost, 'heartbeats stopped: every lost pod replaced');
  t.match(del, { podsCollectedMs: Number, replacementsReadyMs: Number });
  t.match(hb, { notReadyMs: Number, evictedMs: Number, replacementsReadyMs: Number, readyAfterNotReadyMs: Number });
  t.ok(hb.notReadyMs <= hb.evictedMs && hb.evictedMs <= hb.replacementsReadyMs, 'stages in order');
  t.not((r.nodeDeleted as { nodes: string[] }).nodes[0], (r.heartbeatStopped as { nodes: string[] }).nodes[0], 'different nodes');
  checkTrace(t, r.trace, 'heal');
});

t.test('runtime: every rate, its targets and the samples behind them', async (t) => {
  const { run } = await import('../bench/runtime.js');
  const r = await run({ workers: '1', reps: '1', seconds: '0.05', pilot: '2000', asks: '50', batch: '100' });
  t.match(r, {
    scenario: 'runtime', workers: 1,
    rawMsgsPerSec: Number, noopActorMsgsPerSec: Number, machineActorMsgsPerSec: Number,
    eventCostUs: Number, askP50Us: Number, askP99Us: Number, bestMachineRate: Number,
    noopVsRaw: Number, machineVsBest: Number, meetsTargets: { noop: Boolean, machine: Boolean },
  });
  for (const key of ['rawMsgsPerSec', 'noopActorMsgsPerSec', 'machineActorMsgsPerSec'] as const) t.ok((r[key] as number) > 0, `${key} measured`);
});

t.test('api: create, get and list latency against a server process, and Service creates', async (t) => {
  const { run } = await import('../bench/api.js');
  const r = await run({ requests: '40', concurrency: '4', services: '40' });
  const latency = { p50: Number, p99: Number, max: Number };
  t.match(r, { scenario: 'api', requests: 40, concurrency: 4, createMs: latency, getMs: latency, listMs: latency, services: 40, serviceCreateFirstTenthMs: latency, serviceCreateLastTenthMs: latency });
  t.ok((r.serviceCreatesPerSec as number) > 0);
});

t.test('store: durable writes against raw fsynced batches of the same records', async (t) => {
  const { run } = await import('../bench/store.js');
  const r = await run({ writes: '500', outstanding: '100', rawBatch: '100' });
  t.match(r, {
    scenario: 'store', writes: 500, rawWritesPerSec: Number, rawUnsyncedWritesPerSec: Number, rawBatchMs: Number, rawUnsyncedBatchMs: Number, durableWritesPerSec: Number, durableVsRaw: Number,
    commitP50Ms: Number, commitP99Ms: Number, watchEventsDelivered: Number,
  });
  t.ok((r.durableWritesPerSec as number) > 0 && (r.rawWritesPerSec as number) > 0, 'both rates measured');
});

t.test('router: commit routing with many subscribers', async (t) => {
  const { run } = await import('../bench/router.js');
  const r = await run({ pods: '200', nodes: '4', batch: '50', rounds: '1' });
  t.match(r, { subscriptions: Number, changes: 50, changesPerSec: Number, targetsDelivered: Number, lookupsPerChange: Number });
  t.ok((r.targetsDelivered as number) > 0, 'changes reached their subscribers');
});

// The inspector bench drives chromium with playwright-core: without either, it skips (saying why).
const browser = await findBrowser(t, 'inspector bench');

t.test('inspector: first render, updates on screen, long tasks (needs chromium and playwright-core)', { skip: browser.skip }, async (t) => {
  const { run } = await import('../bench/inspector.js');
  const r = await run({ pods: '20', nodes: '4', deployments: '2', updates: '2' });
  t.match(r, {
    scenario: 'inspector', pods: 20, firstRenderMs: Number, updateToScreenMs: { p50: Number, max: Number },
    longTasks: { count: Number, maxMs: Number, totalBlockingMs: Number },
  });
  t.equal((r.samples as number[]).length, 2, 'one latency per update');
});

t.test('the command line: compare, --report', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-bench-smoke-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'a.json'), JSON.stringify({ scenario: 'burst', allAvailableMs: 100, podStartupMs: { p99: 10 } }));
  await writeFile(join(dir, 'b.json'), JSON.stringify({ scenario: 'burst', allAvailableMs: 150, podStartupMs: { p99: 5 } }));
  const { stdout } = await promisify(execFile)(process.execPath, [RUN, 'compare', join(dir, 'a.json'), join(dir, 'b.json')]);
  t.match(stdout, /allAvailableMs\s+100\s+150\s+1\.50x/);
  t.match(stdout, /podStartupMs\.p99\s+10\s+5\s+0\.50x/);
  const out = await promisify(execFile)(process.execPath, [RUN, 'burst', '--pods', '8', '--nodes', '2', '--deployments', '1', '--workers', '1', '--report', dir, '--json', join(dir, 'r.json')]);
  const printed = JSON.parse(out.stdout) as Record<string, unknown>;
  t.equal(printed.podsReady, 8);
  t.notOk('trace' in printed, 'the trace goes to the report, not stdout');
  t.same(JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')), printed, '--json: what was printed');
  t.equal(out.stderr.trim(), `report: ${join(dir, 'burst.html')}`, 'no progress bar when not a terminal');
  const html = await readFile(join(dir, 'burst.html'), 'utf8');
  t.equal((html.match(/<svg /g) ?? []).length, 3, 'Ready over time, CDF, stages');
  t.notMatch(html, /<script|src="http|href="http/, 'self-contained');
});
