// burst: D Deployments totalling N pods on M simulated nodes, all applied at
// once; time until every Deployment is Available, and each pod's startup
// latency (first seen → Ready) observed through a watch, as a client would.
import { numberArg, type BenchArgs } from './args.js';
import { cpuMeter } from './cpu.js';
import { startBenchServer } from './bench-server.js';
import { DeploymentTracker } from './deployment-tracker.js';
import { create, paths } from './http.js';
import { deployment, split } from './manifests.js';
import { PodTracker } from './pod-tracker.js';
import { Progress } from './progress.js';
import { summarize } from './stats.js';
import { traceOf } from './trace.js';
import { Waiters } from './waiters.js';
import { RestartTally } from './restart-tally.js';
import { journalFloorMs, messageFloorMs } from './floor.js';
import { profileClockUs } from './profile.js';
import { pods as PODS } from '../src/api/resources/index.js';
import { ObjectCodec, encodeRecord } from '../src/store/codec.js';
import { objectKey } from '../src/store/keys.js';
import type { KObject } from '../src/store/types.js';

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const result = await burst(args);
  if (args.baselines === undefined) return result;
  // One cluster at a time: each baseline is the same burst with one setting changed, run
  // after this one, so it tells what that setting costs on this machine today.
  const baselines = [];
  for (const change of baselineChanges(args.baselines, result)) {
    const { trace: _trace, ...b } = await burst({ ...args, ...change });
    baselines.push({
      change: Object.entries(change).map(([k, v]) => `${k} ${v}`).join(', '),
      workers: b.workers, fsync: b.fsync, allAvailableMs: b.allAvailableMs, cpuMs: b.cpuMs,
      podStartupMs: b.podStartupMs, peakRssBytes: b.peakRssBytes,
      vsThisRun: +((b.allAvailableMs as number) / (result.allAvailableMs as number)).toFixed(2),
    });
  }
  return { ...result, baselines };
}

/**
 * `--baselines` alone: fsync flipped, and the other worker count of 1 and 2 (the two that
 * make sense on two cores). `--baselines workers=0,workers=2,fsync=off`: each item one run.
 */
export function baselineChanges(spec: string | boolean, run: Record<string, unknown>): BenchArgs[] {
  if (spec === true) {
    return [{ fsync: run.fsync === 'on' ? 'off' : 'on' }, { workers: String(run.workers === 1 ? 2 : 1) }];
  }
  if (typeof spec !== 'string' || !spec) throw new Error('--baselines takes nothing, or a list like workers=2,fsync=off');
  return spec.split(',').map((item) => {
    const [key, value] = item.split('=');
    if (!key || value === undefined || !['workers', 'fsync', 'start-latency'].includes(key)) {
      throw new Error(`--baselines: "${item}" is not workers=N, fsync=on|off or start-latency=DIST`);
    }
    return { [key]: value };
  });
}

async function burst(args: BenchArgs): Promise<Record<string, unknown>> {
  const pods = numberArg(args, 'pods', 10_000);
  const nodes = numberArg(args, 'nodes', 1000);
  const deployments = numberArg(args, 'deployments', 100);
  const timeoutMs = numberArg(args, 'timeout', 300) * 1000;
  const bench = await startBenchServer(args, nodes);
  const { server } = bench;
  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);
  const progress = new Progress('burst: pods Ready', pods);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    progress.end();
    clearInterval(rssTimer);
    await bench.close();
  };
  const t0 = performance.now();
  const fromUs = profileClockUs();
  const waiters = new Waiters(() => performance.now() - t0);
  try {
    const startRev = server.store.revision;
    // Messages the cluster's setup delivered are not the run's.
    const delivered0 = (await server.runtime.stats()).threads.reduce((a, t) => a + t.delivered, 0);
    const tracker = new PodTracker(server.store, t0);
    const restarts = new RestartTally(server.runtime);
    tracker.onChange(() => { progress.update(tracker.ready); waiters.poke(); });
    const deps = new DeploymentTracker(server.store, t0, () => waiters.poke());
    const batches0 = server.store.metrics.batchRecords.count;
    const cpuSince = cpuMeter();
    const allAvailable = waiters.until('every Deployment Available', () => deps.complete === deployments, timeoutMs, async () => {
      const s = await server.runtime.stats();
      const stuck = tracker.stuck();
      return `${deps.complete} of ${deployments} Deployments complete, ${tracker.ready} of ${pods} pods Ready, ${tracker.seen} seen ` +
        `(not Ready: ${stuck.unscheduled} unscheduled, ${stuck.scheduled} scheduled, ${stuck.running} Running); ` +
        `actor restarts ${s.restarts} (${restarts.summary()}), escalations ${s.escalations}, dead letters ${s.deadLetters}, ` +
        `worker restarts ${s.workerRestarts}; ${deps.incomplete().join('; ')}`;
    });
    await Promise.all(split(pods, deployments).map((n, i) => create(server.url, paths.deployments, deployment(`burst-${i}`, n))));
    const allAvailableMs = await allAvailable;
    const profileWindowUs = [fromUs, profileClockUs()];
    const cpu = cpuSince();
    const writes = server.store.revision - startRev;
    const created = tracker.seen;
    tracker.stop();
    deps.stop();
    restarts.stop();
    // What each thread retains with every pod Running (after a full collection in each), read
    // before the run's own bookkeeping below allocates more.
    const heap = args['heap-stats'] ? await server.runtime.heap({ collect: true }) : undefined;
    const batches = server.store.metrics.batchRecords.count - batches0;
    const stats = await server.runtime.stats();
    const messages = stats.threads.reduce((a, t) => a + t.delivered, 0) - delivered0;
    const startup = summarize(tracker.startupLatencies());
    const journalStartup = summarize(tracker.journalStartupLatencies((rev) => server.store.commitTimeOf(rev)));
    // The floor, in this run: its journal writes as raw fsynced batches of its own pods'
    // records (as many batches as the journal made), and its messages as raw postMessage,
    // measured once the cluster is closed (its Lease renewals would slow the floor down).
    const codec = new ObjectCodec(undefined);
    const { items } = await server.store.list(PODS, { limit: 500 });
    const records = items.map((o: KObject) => encodeRecord({ key: objectKey(PODS, o.metadata.namespace, o.metadata.name!), type: 'MODIFIED', prevRev: 1, cause: undefined, object: codec.encode(o) }));
    await close();
    const journalFloor = await journalFloorMs(records, writes, batches);
    const messageFloor = await messageFloorMs(messages);
    return {
      scenario: 'burst', pods, deployments, ...bench.params,
      allAvailableMs: Math.round(allAvailableMs),
      // As a client sees it (first seen → Ready through a watch), and by the journal's own
      // commit times (creation's commit → Ready's commit): the watch adds its delivery delay.
      podStartupMs: percentiles(startup),
      podStartupJournalMs: percentiles(journalStartup),
      podsReady: startup.count,
      // Pods the watch saw created by the time all were Available: more than `pods` when a
      // controller made some twice (and deleted the surplus).
      podsCreated: created,
      podsPerSecond: Math.round(pods / (allAvailableMs / 1000)),
      journalWrites: writes,
      journalWritesPerPod: +(writes / pods).toFixed(2),
      journalBatches: batches,
      // Kubernetes' bar is minutes; ours is the disk: the run's writes at the raw fsynced rate.
      floorMs: Math.round(journalFloor),
      vsFloor: +(allAvailableMs / journalFloor).toFixed(2),
      messageFloorMs: Math.round(messageFloor),
      peakRssBytes: peakRss,
      // CPU of every thread of the process until all were Available: steadier than wall time on a shared box.
      ...cpu,
      actors: stats.actors,
      messages,
      // Since the server started: a run that needed supervision to finish says so.
      actorRestarts: stats.restarts,
      restartsByKind: restarts.byKind(),
      escalations: stats.escalations,
      deadLetters: stats.deadLetters,
      // For `npm run bench -- profile FILE --window RUN.json`: first apply → every Deployment Available.
      profileWindowUs,
      ...(heap ? { heapAfterGc: heap.map((h) => ({ thread: h.thread, usedBytes: h.usedBytes, externalBytes: h.externalBytes, collected: h.collected })) } : {}),
      trace: traceOf(tracker, { scenario: 'burst', pods, deployments, ...bench.params }, { marks: [{ t: allAvailableMs, label: 'all Available' }] }),
    };
  } finally {
    waiters.cancel('run ended');
    await close();
  }
}

const percentiles = (s: { p50: number; p90: number; p99: number; max: number }) => ({ p50: s.p50, p90: s.p90, p99: s.p99, max: s.max });
