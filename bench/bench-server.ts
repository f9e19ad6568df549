// The control plane a scenario measures: `serve()` in this process on a free
// port with a temporary journal, set up from the options every cluster
// scenario shares (--workers, --fsync, --start-latency, --seed), and the
// parameters a report shows.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatStartLatency, parseStartLatency } from '../machines/pod/start-latency.js';
import { serve, type Server } from '../src/serve.js';
import { numberArg, onOffArg, stringArg, type BenchArgs } from './args.js';

export interface CommonOptions {
  workers: number | undefined;
  fsync: boolean;
  /** The sim runtime's start latency, normalised (`fixed:0`, `uniform:1-10`, `exp:5`). */
  startLatency: string;
  seed: number;
}

export function commonOptions(args: BenchArgs): CommonOptions {
  return {
    workers: args.workers === undefined ? undefined : numberArg(args, 'workers', 1),
    fsync: onOffArg(args, 'fsync', true),
    startLatency: formatStartLatency(parseStartLatency(stringArg(args, 'start-latency', 'fixed:0'))),
    seed: numberArg(args, 'seed', 1),
  };
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
    });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  // Nodes are registered; give each kubelet a moment to subscribe (they start from the node list).
  await new Promise((r) => setTimeout(r, 200));
  return {
    server,
    params: { nodes, workers: server.runtime.workers, fsync: common.fsync ? 'on' : 'off', startLatency: common.startLatency, seed: common.seed },
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
