// heal: N pods of D Deployments on M nodes, then --kill K nodes holding pods
// fail, two ways, measured apart (--mode delete|heartbeat|both):
// - delete: the Nodes are deleted → their pods collected → every replacement Ready;
// - heartbeat: their kubelets stop renewing Leases → NotReady (after --grace ms,
//   the nodeMonitorGracePeriod) → pods evicted → every replacement Ready.
// The pods tolerate not-ready/unreachable for 0 s, so what is timed is the
// control plane, not Kubernetes' 300 s default toleration.
import { seededRandom } from '../machines/random.js';
import { nodeReadyStatus } from '../machines/scheduler/filter.js';
import type { KObject } from '../src/store/types.js';
import { numberArg, stringArg, type BenchArgs } from './args.js';
import { commonOptions, startBenchServer } from './bench-server.js';
import { DeploymentTracker } from './deployment-tracker.js';
import { create, mergePatch, paths, remove } from './http.js';
import { deployment, LEAVE_FAILED_NODES_AT_ONCE, split } from './manifests.js';
import { isLive, PodTracker, type PodRecord } from './pod-tracker.js';
import { Progress } from './progress.js';
import { summarize } from './stats.js';
import { traceOf } from './trace.js';
import { Waiters } from './waiters.js';
import { watchKind } from './watch-kind.js';

type Mode = 'delete' | 'heartbeat';

/** `k` of `items`, picked by a seeded shuffle (Fisher–Yates, first k). */
export function pick<T>(items: readonly T[], k: number, random: () => number): T[] {
  const a = [...items];
  for (let i = 0; i < Math.min(k, a.length); i++) {
    const j = i + Math.floor(random() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const pods = numberArg(args, 'pods', 1000);
  const nodes = numberArg(args, 'nodes', 100);
  const deployments = numberArg(args, 'deployments', 10);
  const kill = numberArg(args, 'kill', 5);
  const graceMs = numberArg(args, 'grace', 2000);
  const modeArg = stringArg(args, 'mode', 'both');
  const timeoutMs = numberArg(args, 'timeout', 120) * 1000;
  if (!['delete', 'heartbeat', 'both'].includes(modeArg)) throw new Error('--mode must be delete, heartbeat or both');
  const modes: Mode[] = modeArg === 'both' ? ['delete', 'heartbeat'] : [modeArg as Mode];
  if (kill < 1 || kill * modes.length >= nodes) throw new Error(`--kill ${kill} leaves no node to heal onto (${nodes} nodes, ${modes.length} failure(s) of ${kill})`);
  const random = seededRandom(commonOptions(args).seed);
  const bench = await startBenchServer(args, nodes, { nodeMonitorGracePeriodMs: graceMs });
  const { server } = bench;
  const progress = new Progress('heal: pods Ready', pods);
  const t0 = performance.now();
  const clock = () => performance.now() - t0;
  const waiters = new Waiters(clock);
  const tracker = new PodTracker(server.store, t0);
  tracker.onChange(() => { progress.update(tracker.ready); waiters.poke(); });
  const deps = new DeploymentTracker(server.store, t0, () => waiters.poke());
  /** When each node was first seen not Ready (Unknown or False) since it was failed. */
  const notReadyAt = new Map<string, number>();
  const watching = new Set<string>();
  const stopNodes = watchKind(server.store, 'Node', (ev) => {
    const n = ev.object as KObject;
    const name = n.metadata.name!;
    if (watching.has(name) && ev.type !== 'DELETED' && nodeReadyStatus(n) !== 'True' && !notReadyAt.has(name)) notReadyAt.set(name, clock());
    waiters.poke();
  });
  const ours = (r: PodRecord) => r.app?.startsWith('heal-') ?? false;
  const failed = new Set<string>();
  const marks: { t: number; label: string }[] = [];
  try {
    await Promise.all(split(pods, deployments).map((n, i) => create(server.url, paths.deployments, deployment(`heal-${i}`, n, { podSpec: LEAVE_FAILED_NODES_AT_ONCE }))));
    const setupMs = await waiters.until('every Deployment Available', () => deps.complete === deployments, timeoutMs);
    // Pods Ready on nodes still standing: what "healed" means.
    tracker.count('healthy', (r) => ours(r) && isLive(r) && r.readyNow && !failed.has(r.node!));

    const phase = async (mode: Mode): Promise<Record<string, unknown>> => {
      const holding = new Set<string>();
      for (const r of tracker.pods.values()) if (ours(r) && isLive(r) && r.node && !failed.has(r.node)) holding.add(r.node);
      const victims = pick([...holding].sort(), kill, random);
      const lost = new Set<string>();
      for (const r of tracker.pods.values()) if (ours(r) && isLive(r) && victims.includes(r.node!)) lost.add(r.uid);
      for (const v of victims) { failed.add(v); watching.add(v); notReadyAt.delete(v); }
      tracker.recount('healthy');
      tracker.count(`${mode}:lostLive`, (r) => lost.has(r.uid) && isLive(r));
      tracker.count(`${mode}:lostStored`, (r) => lost.has(r.uid) && r.gone === undefined);
      const start = clock();
      marks.push({ t: start, label: mode === 'delete' ? `${kill} Node(s) deleted` : `${kill} kubelet(s) silent` });
      const healed = waiters.until(`${mode}: every replacement Ready`, () => tracker.get('healthy') === pods, timeoutMs);
      const evicted = waiters.until(`${mode}: lost pods marked for deletion`, () => tracker.get(`${mode}:lostLive`) === 0, timeoutMs);
      const stage: Record<string, number> = {};
      if (mode === 'delete') {
        const collected = waiters.until(`${mode}: lost pods gone`, () => tracker.get(`${mode}:lostStored`) === 0, timeoutMs);
        await Promise.all(victims.map((v) => remove(server.url, paths.node(v))));
        stage.podsCollectedMs = await collected - start;
      } else {
        const notReady = waiters.until(`${mode}: nodes NotReady`, () => victims.every((v) => notReadyAt.has(v)), timeoutMs);
        await Promise.all(victims.map((v) => mergePatch(server.url, paths.node(v), { metadata: { annotations: { 'cybernetes.io/sim-heartbeat': 'stopped' } } })));
        const at = await notReady;
        stage.notReadyMs = at - start;
        marks.push({ t: at, label: 'NotReady' });
        stage.evictedMs = await evicted - start;
      }
      await evicted;
      const readyAt = await healed;
      marks.push({ t: readyAt, label: `${mode}: healed` });
      stage.replacementsReadyMs = readyAt - start;
      if (mode === 'heartbeat') stage.readyAfterNotReadyMs = readyAt - start - stage.notReadyMs!;
      const replacement = (r: PodRecord) => ours(r) && r.created >= start;
      return {
        nodes: victims, podsLost: lost.size,
        ...Object.fromEntries(Object.entries(stage).map(([k, v]) => [k, Math.round(v)])),
        replacements: tracker.startupLatencies(replacement).length,
        replacementStartupMs: summarize(tracker.startupLatencies(replacement)),
      };
    };

    const results: Record<string, unknown> = {};
    for (const mode of modes) {
      progress.update(tracker.get('healthy'), pods, `heal (${mode}): pods Ready`);
      results[mode === 'delete' ? 'nodeDeleted' : 'heartbeatStopped'] = await phase(mode);
    }
    tracker.stop();
    progress.end();
    const params = { scenario: 'heal', pods, deployments, kill, graceMs, mode: modeArg, ...bench.params };
    return {
      ...params,
      setupMs: Math.round(setupMs),
      ...results,
      podsReadyAtEnd: tracker.get('healthy'),
      trace: traceOf(tracker, params, { which: (r) => ours(r) && r.created >= (marks[0]?.t ?? 0), marks }),
    };
  } finally {
    progress.end();
    tracker.stop();
    deps.stop();
    stopNodes();
    waiters.cancel('run ended');
    await bench.close();
  }
}
