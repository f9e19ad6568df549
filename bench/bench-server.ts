// The control plane a scenario measures: `serve()` in this process on a free
// port with a temporary journal, set up from the options every cluster
// scenario shares (--workers, --fsync, --start-latency, --seed), and the
// parameters a report shows.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatStartLatency, parseStartLatency } from '../machines/pod/start-latency.js';
import { nodeReadyStatus } from '../machines/scheduler/filter.js';
import { leases, nodes as nodeResource } from '../src/api/resources/index.js';
import { serve, type Server } from '../src/serve.js';

const resources = { nodes: nodeResource, leases };
import { numberArg, onOffArg, stringArg, type BenchArgs } from './args.js';

export interface CommonOptions {
  workers: number | undefined;
  fsync: boolean;
  /** The sim runtime's start latency, normalised (`fixed:0`, `uniform:1-10`, `exp:5`). */
  startLatency: string;
  seed: number;
  /** ms the controllers wait for the store (ControlPlaneOptions.storeTimeoutMs); undefined: the default. */
  storeTimeoutMs: number | undefined;
  /** Objects the journal keeps after writing them (ControlPlaneOptions.recentObjects); undefined: the default. */
  recentObjects: number | undefined;
  /** How often the controllers re-read what they own (ControlPlaneOptions.resyncMs); undefined: the default. */
  resyncMs: number | undefined;
}

export function commonOptions(args: BenchArgs): CommonOptions {
  return {
    workers: args.workers === undefined ? undefined : numberArg(args, 'workers', 1),
    fsync: onOffArg(args, 'fsync', true),
    startLatency: formatStartLatency(parseStartLatency(stringArg(args, 'start-latency', 'fixed:0'))),
    seed: numberArg(args, 'seed', 1),
    storeTimeoutMs: args['store-timeout'] === undefined ? undefined : numberArg(args, 'store-timeout', 60_000),
    recentObjects: args['recent-objects'] === undefined ? undefined : numberArg(args, 'recent-objects', 16_384),
    resyncMs: args.resync === undefined ? undefined : numberArg(args, 'resync', 30_000),
  };
}

const QUIET_MS = 250;

/**
 * Waits until the cluster is up before a scenario's clock starts, as Kubernetes' own
 * benchmarks start on a running cluster: every Node Ready with its Lease, and the startup
 * writes over (in the last QUIET_MS, no more commits than the Lease renewals make, with a
 * margin). Checked every QUIET_MS, in setup only.
 */
async function settled(server: Server, nodes: number, timeoutMs = 120_000): Promise<void> {
  const store = server.store;
  const renewalsPerWindow = (nodes / 10) * (QUIET_MS / 1000);
  const started = performance.now();
  let rev = store.revision;
  for (;;) {
    await new Promise((r) => setTimeout(r, QUIET_MS));
    const writes = store.revision - rev;
    rev = store.revision;
    if (writes <= 2 * renewalsPerWindow + 20) {
      const [ns, leases] = await Promise.all([store.list(resources.nodes), store.list(resources.leases, { namespace: 'kube-node-lease' })]);
      const ready = ns.items.filter((n) => nodeReadyStatus(n) === 'True').length;
      if (ready >= nodes && leases.items.length >= nodes) return;
    }
    if (performance.now() - started > timeoutMs) throw new Error(`the cluster did not settle in ${timeoutMs / 1000} s (${nodes} nodes)`);
  }
}

export interface BenchServer {
  server: Server;
  /** The run's parameters as reported: the common options as resolved (workers as started). */
  params: Record<string, string | number>;
  close(): Promise<void>;
}

export async function startBenchServer(args: BenchArgs, nodes: number, extra: { nodeMonitorGracePeriodMs?: number } = {}): Promise<BenchServer> {
  const common = commonOptions(args);
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-bench-'));
  let server: Server;
  try {
    server = await serve({
      port: 0, dataDir: join(dir, 'data'), nodes, workers: common.workers, fsync: common.fsync,
      simStartLatency: common.startLatency, seed: common.seed, nodeMonitorGracePeriodMs: extra.nodeMonitorGracePeriodMs,
      ...(common.storeTimeoutMs === undefined ? {} : { storeTimeoutMs: common.storeTimeoutMs }),
      ...(common.recentObjects === undefined ? {} : { recentObjects: common.recentObjects }),
      ...(common.resyncMs === undefined ? {} : { resyncMs: common.resyncMs }),
    });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  try {
    await settled(server, nodes);
  } catch (err) {
    await server.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    server,
    params: {
      nodes, workers: server.runtime.workers, fsync: common.fsync ? 'on' : 'off', startLatency: common.startLatency, seed: common.seed,
      ...(common.storeTimeoutMs === undefined ? {} : { storeTimeoutMs: common.storeTimeoutMs }),
      ...(common.recentObjects === undefined ? {} : { recentObjects: common.recentObjects }),
      ...(common.resyncMs === undefined ? {} : { resyncMs: common.resyncMs }),
    },
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
