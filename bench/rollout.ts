// rollout: D Deployments totalling N pods, all Available; then the image of
// every one changed at once. Time until every rollout completes, and the
// rolling-update bounds (maxSurge / maxUnavailable) checked at every journal
// revision of the pods and ReplicaSets, reported as counts of violations.
import type { KObject } from '../src/store/types.js';
import { numberArg, stringArg, type BenchArgs } from './args.js';
import { startBenchServer } from './bench-server.js';
import { DeploymentTracker } from './deployment-tracker.js';
import { create, mergePatch, paths } from './http.js';
import { deployment, split } from './manifests.js';
import { isLive, PodTracker } from './pod-tracker.js';
import { Progress } from './progress.js';
import { checkBounds, fenceposts, type BoundsEvent, type Fenceposts } from './rollout-bounds.js';
import { summarize } from './stats.js';
import { profileClockUs } from './profile.js';
import { traceOf } from './trace.js';
import { Waiters } from './waiters.js';
import { watchKind } from './watch-kind.js';

const intOrPercent = (v: string): number | string => (/^\d+$/.test(v) ? Number(v) : v);

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const pods = numberArg(args, 'pods', 1000);
  const nodes = numberArg(args, 'nodes', 100);
  const deployments = numberArg(args, 'deployments', 10);
  const maxSurge = intOrPercent(stringArg(args, 'max-surge', '25%'));
  const maxUnavailable = intOrPercent(stringArg(args, 'max-unavailable', '25%'));
  const timeoutMs = numberArg(args, 'timeout', 300) * 1000;
  const bench = await startBenchServer(args, nodes);
  const { server } = bench;
  const progress = new Progress('rollout: setup, pods Ready', pods);
  const t0 = performance.now();
  const waiters = new Waiters(() => performance.now() - t0);
  const tracker = new PodTracker(server.store, t0);
  const deps = new DeploymentTracker(server.store, t0, () => waiters.poke());
  const events: BoundsEvent[] = [];
  tracker.onChange((r, ev) => {
    if (r.app) events.push({ rev: ev.revision, kind: 'Pod', uid: r.uid, app: r.app, live: isLive(r), available: isLive(r) && r.readyNow });
    waiters.poke();
  });
  const stopRs = watchKind(server.store, 'ReplicaSet', (ev) => {
    const rs = ev.object as KObject;
    const app = rs.spec?.selector?.matchLabels?.app as string | undefined;
    if (app) events.push({ rev: ev.revision, kind: 'ReplicaSet', uid: rs.metadata.uid!, app, replicas: rs.spec?.replicas ?? 0, gone: ev.type === 'DELETED' });
  });
  try {
    const sizes = split(pods, deployments);
    const names = sizes.map((_, i) => `rollout-${i}`);
    const bounds = new Map<string, Fenceposts>(names.map((n, i) => [n, fenceposts(sizes[i]!, maxSurge, maxUnavailable)]));
    const setupTick = setInterval(() => progress.update(tracker.ready), 100);
    await Promise.all(names.map((n, i) => create(server.url, paths.deployments, deployment(n, sizes[i]!, { maxSurge, maxUnavailable }))));
    const setupMs = await waiters.until('every Deployment Available', () => deps.complete === deployments, timeoutMs).finally(() => clearInterval(setupTick));
    const fromRev = server.store.revision;

    // Every Deployment's image, changed at once.
    const start = performance.now() - t0;
    const fromUs = profileClockUs();
    const patched = await Promise.all(names.map((n) => mergePatch(server.url, paths.deployment(n), { spec: { template: { spec: { containers: [{ name: 'c', image: 'registry.local/app:2' }] } } } })));
    const generations = new Map(patched.map((d) => [d.metadata.name!, d.metadata.generation ?? 0]));
    const newPod = (r: { created: number }) => r.created >= start;
    tracker.count('newReady', (r) => newPod(r) && isLive(r) && r.readyNow);
    const rollTick = setInterval(() => progress.update(tracker.get('newReady'), pods, 'rollout: new pods Ready'), 100);
    const doneAt = await waiters.until('every rollout complete', () => deps.completeAtGeneration(generations) === deployments, timeoutMs).finally(() => clearInterval(rollTick));
    const profileWindowUs = [fromUs, profileClockUs()];
    tracker.stop();
    deps.stop();
    stopRs();
    progress.end();
    const perDeployment = names.map((n) => (deps.completedAt.get(n) ?? NaN) - start);
    const report = checkBounds(events, bounds, fromRev);
    const params = { scenario: 'rollout', pods, deployments, maxSurge, maxUnavailable, ...bench.params };
    return {
      ...params,
      setupMs: Math.round(setupMs),
      rolloutMs: Math.round(doneAt - start),
      perDeploymentMs: summarize(perDeployment),
      // For `npm run bench -- profile FILE --window RUN.json`: images changed → every rollout complete.
      profileWindowUs,
      newPods: tracker.startupLatencies(newPod).length,
      newPodStartupMs: summarize(tracker.startupLatencies(newPod)),
      bounds: {
        checkedRevisions: report.checked,
        violations: report.violations,
        mostAboveReplicas: report.worst.aboveReplicas,
        mostBelowReplicas: report.worst.belowReplicas,
        podsAboveSurgeRevisions: report.podsAboveSurge,
        ...(report.first ? { firstViolation: report.first } : {}),
      },
      trace: traceOf(tracker, params, { which: newPod, marks: [{ t: start, label: 'images changed' }, { t: doneAt, label: 'every rollout complete' }] }),
    };
  } finally {
    progress.end();
    tracker.stop();
    deps.stop();
    stopRs();
    waiters.cancel('run ended');
    await bench.close();
  }
}
