// A whole control plane in-process: the journal, the actor runtime with every
// controller, and (optionally) the Kubernetes API over HTTP. The server
// (`cybernetes serve`) and createCluster() both start it from here.
import type { KObject } from './store/types.js';
import { provideMainServices, withdrawMainServices } from '../actors/services.js';
import { JOURNAL_STRUCTURES, type EncodedChange } from '../actors/journal-changes.js';
import { WriteAuthorizer } from '../actors/write-authorizer.js';
import { RetryBackoff } from '../actors/retry-backoff.js';
import { parseStartLatency } from '../machines/pod/start-latency.js';
import { createRuntime, type Runtime } from './runtime/runtime.js';
import type { Address } from './runtime/address.js';
import { openStore, type JournalStore } from './store/index.js';
import type { RoutedEntry } from './store/router.js';

const ACTORS_MODULE = new URL('../actors/index.js', import.meta.url);

/** The controllers a control plane runs, as (logic, id) pairs. */
const CONTROLLERS: [string, string][] = [
  ['deployment-controller', 'controller/deployment'],
  ['replicaset-controller', 'controller/replicaset'],
  ['scheduler', 'scheduler'],
  ['kubelet-controller', 'controller/kubelet'],
  ['garbage-collector', 'controller/garbage-collector'],
  ['node-lifecycle-controller', 'controller/node-lifecycle'],
  ['endpointslice-controller', 'controller/endpointslice'],
];

/** Kubernetes' nodeMonitorGracePeriod: a node whose Lease is not renewed for this long goes Unknown. */
export const DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS = 40_000;
/** The kubelet's Lease renewal interval (Kubernetes: 10 s, a quarter of the 40 s lease). */
const DEFAULT_HEARTBEAT_MS = 10_000;

/** What each controller is started with, from the cluster's options. */
function controllerInput(logic: string, options: ControlPlaneOptions): unknown {
  const grace = options.nodeMonitorGracePeriodMs ?? DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS;
  if (logic === 'node-lifecycle-controller') return { nodeMonitorGracePeriodMs: grace };
  // Heartbeats come at least four times per grace period, as with Kubernetes' defaults.
  if (logic === 'kubelet-controller') {
    return {
      heartbeatIntervalMs: Math.max(50, Math.min(DEFAULT_HEARTBEAT_MS, Math.floor(grace / 4))),
      ...(options.simStartLatency === undefined ? {} : { startLatency: options.simStartLatency }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    };
  }
  // Deployment and ReplicaSet controllers pass it on to each of their instance actors.
  if (logic === 'deployment-controller' || logic === 'replicaset-controller') return { resyncMs: options.resyncMs ?? DEFAULT_RESYNC_MS };
  return undefined;
}

/** How often (± 20%) controllers re-read what they own from the journal's cache, to repair a missed event. */
const DEFAULT_RESYNC_MS = 30_000;

export interface ControlPlaneOptions {
  /** Directory of the LevelDB journal. */
  dataDir: string;
  /** Actor worker threads (default: cores − 1). */
  workers?: number;
  /** Run the controllers, scheduler and kubelets (default true; API-only when false: the namespace controller still runs). */
  controllers?: boolean;
  /** nodeMonitorGracePeriod in ms (default 40 s; short in tests). */
  nodeMonitorGracePeriodMs?: number;
  /** Resync period of the Deployment and ReplicaSet controllers, ms (default 30 s, jittered ± 20%). */
  resyncMs?: number;
  /** fsync every journal batch (default true; false for benchmarks only: a machine crash may lose the newest commits). */
  fsync?: boolean;
  /** The sim kubelets' container start latency: `fixed:5`, `uniform:1-10`, `exp:5` in ms (default fixed:0); a Node's annotation wins. */
  simStartLatency?: string;
  /** Seed of the simulation's random draws (start latencies; default 0). */
  seed?: number;
  /** Kept by the store beside each object as it is written (JournalStoreOptions.summarize); the server passes the inspector's states. */
  summarize?: (kind: string, object: KObject) => string | undefined;
  /**
   * How long a controller, kubelet or pod waits for the store to answer a read or write, in ms
   * (default 60 s, kube-apiserver's request timeout). Past it, a reconcile backs off and runs
   * again; a kubelet's, an instance controller's or an owned view's first read is asked again
   * after a backoff (readUntilAnswered), and the other controllers restart to read again.
   */
  storeTimeoutMs?: number;
  /** JournalStoreOptions.recentObjects: objects the journal keeps after writing them (main's CPU for memory). */
  recentObjects?: number;
}

/** kube-apiserver's default --request-timeout. */
export const DEFAULT_STORE_TIMEOUT_MS = 60_000;

export interface ControlPlane {
  store: JournalStore;
  runtime: Runtime;
  close(): Promise<void>;
}

/**
 * Opens the journal with a router that hands each commit's changes to the
 * actors that subscribed, one `store.changes` message per actor per commit,
 * and starts the runtime with the gateway and the controllers.
 */
export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  if (options.simStartLatency !== undefined) parseStartLatency(options.simStartLatency); // fail here, not in every kubelet
  let runtime: Runtime | null = null;
  let store: JournalStore | null = null;
  // One group is one thread: its changes cross to it once, as the journal's own bytes (its
  // structures shared beside them), and each actor there gets its own subset as one
  // `store.changes` (Runtime.scatter), instead of one copy per actor.
  const deliver = (_group: number, batch: RoutedEntry<string>[]) => {
    if (!runtime || !store) return;
    const items: EncodedChange[] = new Array(batch.length);
    const perTarget = new Map<string, number[]>();
    let rev = 0;
    for (let i = 0; i < batch.length; i++) {
      const { targets, change } = batch[i]!;
      items[i] = { type: change.type, rev: change.rev, encoded: change.encoded };
      rev = change.rev;
      for (const t of targets) {
        const list = perTarget.get(t);
        if (list) list.push(i); else perTarget.set(t, [i]);
      }
    }
    try {
      runtime.scatter('store.changes', 'changes', items, [...perTarget] as [Address, number[]][], {
        cause: `rev:${rev}`, plain: true, table: { name: JOURNAL_STRUCTURES, entries: store.codec.sharedStructures },
      });
    } catch { /* closing */ }
  };
  store = await openStore({ path: options.dataDir, deliver, sync: options.fsync ?? true, summarize: options.summarize, recentObjects: options.recentObjects });
  // Each actor writes as the identity its spawn record gives it (system:node:<n>, a controller's service account, ...).
  const s0 = store;
  const writes = new WriteAuthorizer((ns, name) => s0.podNodeName(ns, name));
  const token = provideMainServices({ store, writes });
  // The control plane's own actors have no parent to tell when one fails past its restart
  // budget: this is their supervisor, and brings one back after a backoff (a
  // kube-controller-manager that crashes is restarted too), never leaving the cluster without it.
  const roots = new Map<string, () => unknown>();
  const respawner = new RetryBackoff((address) => { try { roots.get(address)?.(); } catch { /* closing */ } });
  try {
    // The actors' asks are their requests to the store (StoreClient): the runtime's ask timeout is theirs.
    runtime = await createRuntime({ workers: options.workers, modules: [ACTORS_MODULE], askTimeoutMs: options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS });
    const rt = runtime;
    const spawnRoot = (logic: string, spawnOptions: Parameters<Runtime['spawn']>[1]) => {
      const spawn = () => rt.spawn(logic, spawnOptions);
      roots.set(spawn(), spawn);
    };
    rt.onLifecycle((r) => {
      // Spawn records reach main before anything the actor sends (same ordered stream).
      if (r.type === 'spawned') writes.spawned(r.address, r.logic, r.input);
      // An actor that ends loses its subscriptions.
      if (r.type === 'stopped' || r.type === 'done' || r.type === 'escalated') {
        writes.ended(r.address);
        try { rt.send('0/store', { type: 'store.unsubscribe.for', target: r.address }); } catch { /* closing */ }
      }
      if (r.type === 'escalated' && roots.has(r.address)) respawner.retry(r.address);
    });
    spawnRoot('store', { id: 'store', worker: 0, input: { services: token }, restart: 'permanent', maxRestarts: 100 });
    // Namespace deletion is part of the API's semantics: its controller runs even without the others.
    spawnRoot('namespace-controller', { id: 'controller/namespace', restart: 'permanent', maxRestarts: 20, withinMs: 10_000 });
    if (options.controllers !== false) {
      // Events from every actor go through one recorder beside the journal (dedupe, aggregation, batched writes).
      spawnRoot('event-recorder', { id: 'events', worker: 0, restart: 'permanent', maxRestarts: 100 });
      for (const [logic, id] of CONTROLLERS) {
        const input = controllerInput(logic, options);
        spawnRoot(logic, { id, restart: 'permanent', maxRestarts: 20, withinMs: 10_000, ...(input === undefined ? {} : { input }) });
      }
    }
  } catch (err) {
    respawner.stop();
    await runtime?.close();
    withdrawMainServices(token);
    await store.close();
    throw err;
  }
  const s = store, r = runtime;
  return {
    store: s,
    runtime: r,
    async close() {
      respawner.stop();
      await r.close();
      withdrawMainServices(token);
      await s.close();
    },
  };
}
