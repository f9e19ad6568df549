// churn: bare pods created at a steady --rate (pods/s) for --duration seconds,
// each deleted once it has been Ready for --lifetime ms, so deletions follow
// at the same rate and the population stays about level (rate × (startup +
// lifetime)). Reports pod startup under that steady load, the API's create
// latency, and the backlog (created, not yet Ready) over time. With --rates R1,R2,...
// it runs once per rate, each on a fresh cluster, and reports startup against load.
import { numberArg, type BenchArgs } from './args.js';
import { cpuMeter } from './cpu.js';
import { startBenchServer } from './bench-server.js';
import { paths } from './http.js';
import { ThreadedHttpClient } from './http-client.js';
import { pod } from './manifests.js';
import { Limiter, Pacer } from './pacer.js';
import { isLive, PodTracker, type PodRecord } from './pod-tracker.js';
import { Progress } from './progress.js';
import { profileClockUs } from './profile.js';
import { highestRateWithin, parseRates, sweepPoint, SWEEP_P99_TARGET_MS } from './sweep.js';
import { summarize } from './stats.js';
import { traceOf } from './trace.js';
import { Waiters } from './waiters.js';

const TICK_MS = 10;
const SAMPLE_MS = 100;

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  if (args.rates === undefined) return runAt(args);
  if (typeof args.rates !== 'string') throw new Error('--rates needs a list, e.g. 100,300,1000');
  if (args.rate !== undefined) throw new Error('--rate or --rates, not both');
  // Refused before the runs, not after them: a sweep has no single trace to draw.
  if (args.report !== undefined) throw new Error('a churn sweep has no report: --report goes with --rate');
  const rates = parseRates(args.rates);
  const runs: Record<string, unknown>[] = [];
  // Lowest first, in this process: later rates run on warmer code, as a server that has been up would.
  for (const rate of rates) {
    const { trace: _trace, ...r } = await runAt({ ...args, rate: String(rate) });
    runs.push(r);
  }
  const points = runs.map(sweepPoint);
  const first = runs[0]!;
  return {
    scenario: 'churn', rates,
    durationS: first.durationS, lifetimeMs: first.lifetimeMs, concurrency: first.concurrency, nodes: first.nodes,
    workers: first.workers, fsync: first.fsync, startLatency: first.startLatency,
    sweep: points,
    startupP99TargetMs: SWEEP_P99_TARGET_MS,
    highestRateWithinTarget: highestRateWithin(points),
    runs,
  };
}

async function runAt(args: BenchArgs): Promise<Record<string, unknown>> {
  const rate = numberArg(args, 'rate', 1000);
  const durationS = numberArg(args, 'duration', 10);
  const nodes = numberArg(args, 'nodes', 100);
  const lifetimeMs = numberArg(args, 'lifetime', 1000);
  const concurrency = numberArg(args, 'concurrency', 64);
  const timeoutMs = numberArg(args, 'timeout', 120) * 1000;
  if (!(rate > 0) || !(durationS > 0)) throw new Error('--rate and --duration must be positive');
  const bench = await startBenchServer(args, nodes);
  const { server } = bench;
  const total = Math.floor(rate * durationS);
  const progress = new Progress('churn: pods created', total);
  const t0 = performance.now();
  const fromUs = profileClockUs();
  const clock = () => performance.now() - t0;
  const waiters = new Waiters(clock);
  const tracker = new PodTracker(server.store, t0);
  const ours = (r: PodRecord) => r.name.startsWith('churn-');
  tracker.count('pending', (r) => ours(r) && isLive(r) && r.ready === undefined);
  tracker.count('terminating', (r) => ours(r) && r.deleting !== undefined && r.gone === undefined);
  tracker.count('readyLive', (r) => ours(r) && isLive(r) && r.ready !== undefined);
  /** Ready pods not yet asked to go, oldest Ready first: [name, Ready at]. */
  const readyQueue: [string, number][] = [];
  tracker.onChange((r, _ev, prev) => {
    if (ours(r) && r.ready !== undefined && prev?.ready === undefined && isLive(r)) readyQueue.push([r.name, r.ready]);
    waiters.poke();
  });
  const limiter = new Limiter(concurrency);
  // The clients' HTTP work on a thread of its own, not on the server's main thread.
  const http = new ThreadedHttpClient();
  const create = (path: string, object: unknown) => http.call('POST', server.url + path, object, 'application/json', [201]);
  const remove = (path: string) => http.call('DELETE', server.url + path, undefined, 'application/json', [200, 202, 404]);
  const sentAt = new Map<string, number>();
  const dueToReady: number[] = [];
  const createLatency: number[] = [];
  let lastCreated = 0;
  tracker.onChange((r, _ev, prev) => {
    if (r.ready !== undefined && prev?.ready === undefined && sentAt.has(r.name)) dueToReady.push(r.ready - sentAt.get(r.name)!);
  });
  const backlog: [number, number][] = [];
  const terminatingSeries: [number, number][] = [];
  const clientQueue: [number, number][] = [];
  let failure: unknown;
  const fail = (e: unknown) => { failure ??= e; };
  const pacer = new Pacer(rate);
  let deleted = 0;
  const cpuSince = cpuMeter();
  const startRev = server.store.revision;
  const startCommits = server.store.metrics.batchRecords.count;
  let sampler: ReturnType<typeof setInterval> | undefined;
  try {
    sampler = setInterval(() => {
      const t = +clock().toFixed(1);
      backlog.push([t, tracker.get('pending')]);
      terminatingSeries.push([t, tracker.get('terminating')]);
      clientQueue.push([t, limiter.pending]);
    }, SAMPLE_MS);
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const elapsed = clock();
        if (sentAt.size >= total || failure) { clearInterval(tick); resolve(); return; }
        const n = Math.min(pacer.due(elapsed), total - sentAt.size);
        for (let i = 0; i < n; i++) {
          const name = `churn-${sentAt.size}`;
          sentAt.set(name, elapsed);
          limiter.push(async () => {
            const sent = clock();
            await create(paths.pods, pod(name, { app: 'churn' }));
            lastCreated = clock();
            createLatency.push(lastCreated - sent);
          }, fail);
        }
        // Pods Ready for their lifetime go.
        while (readyQueue.length && readyQueue[0]![1] + lifetimeMs <= elapsed) {
          const [name] = readyQueue.shift()!;
          deleted++;
          limiter.push(() => remove(paths.pod(name)).then(() => {}), fail);
        }
        progress.update(sentAt.size);
      }, TICK_MS);
    });
    const createdBy = clock();
    await limiter.idle();
    if (failure) throw failure;
    // Drained: every pod created is Ready or gone, every deletion done.
    const drainedAt = await waiters.until('every pod Ready or gone', () => tracker.get('pending') === 0 && tracker.get('terminating') === 0 && tracker.get('readyLive') + deleted >= sentAt.size, timeoutMs);
    const profileWindowUs = [fromUs, profileClockUs()];
    clearInterval(sampler);
    const cpu = cpuSince();
    const writes = server.store.revision - startRev;
    const commits = server.store.metrics.batchRecords.count - startCommits;
    tracker.stop();
    progress.end();
    const startup = summarize(tracker.startupLatencies(ours));
    const gone: number[] = [];
    for (const r of tracker.pods.values()) if (ours(r) && r.gone !== undefined && r.deleting !== undefined) gone.push(r.gone - r.deleting);
    const during = backlog.filter(([t]) => t <= durationS * 1000).map(([, n]) => n);
    const params = { scenario: 'churn', rate, durationS, lifetimeMs, concurrency, ...bench.params };
    return {
      ...params,
      podsCreated: sentAt.size,
      podsDeleted: deleted,
      podsReady: startup.count,
      // Creations answered per second, from the start to the last answer: below --rate when the API falls behind.
      achievedRate: Math.round(createLatency.length / (lastCreated / 1000)),
      podStartupMs: startup,
      createRequestMs: summarize(createLatency),
      // From the moment a pod's creation was due (client queueing included) to Ready.
      dueToReadyMs: summarize(dueToReady),
      deleteToGoneMs: summarize(gone),
      backlog: { p50: summarize(during).p50, max: Math.max(0, ...backlog.map(([, n]) => n)), atEnd: during[during.length - 1] ?? 0 },
      drainMs: Math.round(drainedAt - createdBy),
      // Every write of the run (pods, bindings, statuses, Events, deletions) per pod created.
      journalWritesPerPod: +(writes / sentAt.size).toFixed(2),
      // Group commit: how many writes shared each fsynced LevelDB batch (more under more load).
      journalCommits: commits,
      journalWritesPerCommit: +(writes / Math.max(1, commits)).toFixed(1),
      ...cpu,
      // For `npm run bench -- profile FILE --window RUN.json`: the first create → drained.
      profileWindowUs,
      trace: traceOf(tracker, params, {
        which: ours,
        series: [{ name: 'backlog (created, not Ready)', points: backlog }, { name: 'terminating', points: terminatingSeries }, { name: 'client requests queued', points: clientQueue }],
        marks: [{ t: durationS * 1000, label: 'end of --duration' }],
      }),
    };
  } finally {
    clearInterval(sampler);
    progress.end();
    tracker.stop();
    waiters.cancel('run ended');
    await http.close();
    await bench.close();
  }
}
