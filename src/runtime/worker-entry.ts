// A worker thread: loads the logic modules, runs a host, and exposes the
// control surface (stats, inspection, snapshots, peer wiring) over comlink on
// its own channel, apart from the batched message streams.
import * as Comlink from 'comlink';
import { heapStats } from '../platform/heap.js';
import { parentChannel } from '../platform/index.js';
import { BatchCodec } from './codec.js';
import { Host } from './host.js';
import type { InspectionFilter } from './inspection.js';
import { LogicRegistry } from './registry.js';

export interface WorkerInit {
  type: 'init';
  thread: number;
  incarnation: number;
  workers: number;
  modules: string[];
  askTimeoutMs: number;
  control: MessagePort;
  peers: [number, MessagePort][];
  /**
   * A replacement with actors to restore: main's first batch holds their spawns. The other
   * workers' streams are read only after it, or what they sent to a restored actor while its
   * worker was down could arrive before the actor (nothing orders two channels).
   */
  restoring: boolean;
}

export type WorkerControl = ReturnType<typeof controlFor>;

function controlFor(host: Host, control: MessagePort, parent: ReturnType<typeof parentChannel>) {
  return {
    ready: () => true,
    stats: () => host.stats(),
    heap: (collect: boolean) => heapStats(collect),
    setInspection: (filter: InspectionFilter | null) => host.setInspection(filter),
    stateCounts: (kind?: string) => host.stateCounts(kind),
    snapshot: (id: string) => cloneable(host.snapshotOf(id)),
    attachPeer: (thread: number, port: MessagePort) => host.attachPeer(thread, port),
    /** `restored`: the ids the dead thread's replacement gets back; the parents of other children on it hear they were lost. */
    detachPeer: (thread: number, restored: string[]) => {
      host.detachPeer(thread);
      host.reportLostChildren(thread, restored);
    },
    /** Dies as a crash would (an uncaught error), for chaos tests of supervision. */
    crash: (reason: string) => { setTimeout(() => { throw new Error(reason); }, 0); },
    close: () => {
      host.close();
      setTimeout(() => { control.close(); parent.close(); }, 0);
    },
  };
}

/** Snapshots go over structured clone: drop a context that cannot be cloned. */
function cloneable<T extends { context?: unknown } | null>(snap: T): T {
  if (!snap) return snap;
  try {
    structuredClone(snap.context);
    return snap;
  } catch {
    return { ...snap, context: '[not cloneable]' };
  }
}

const parent = parentChannel();
parent.onMessage(async (data) => {
  const init = data as WorkerInit;
  if (init?.type !== 'init') return;
  const registry = new LogicRegistry();
  await registry.load(init.modules);
  const host = new Host({
    thread: init.thread,
    incarnation: init.incarnation,
    workers: init.workers,
    registry,
    codec: new BatchCodec(registry.structures),
    askTimeoutMs: init.askTimeoutMs,
  });
  const attachWorkers = () => { for (const [thread, port] of init.peers) if (thread !== 0) host.attachPeer(thread, port); };
  for (const [thread, port] of init.peers) if (thread === 0) host.attachPeer(thread, port);
  if (init.restoring) host.afterBatchFrom(0, attachWorkers); else attachWorkers();
  Comlink.expose(controlFor(host, init.control, parent), init.control);
});
