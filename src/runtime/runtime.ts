// createRuntime: the main thread's side of the actor system. It starts the
// workers, wires one stream per thread pair, keeps what it needs to bring a
// dead worker's actors back, and gathers stats and inspection.
import * as Comlink from 'comlink';
import { availableCores, moduleUrl, startWorker, type WorkerExit, type WorkerHandle } from '../platform/index.js';
import { heapStats, type HeapStats } from '../platform/heap.js';
import { parseAddress, type Address } from './address.js';
import { BatchCodec } from './codec.js';
import { Op, type Cause, type Envelope, type InspectionRecord, type LifecycleRecord, type SpawnOptionsWire } from './envelope.js';
import { RuntimeClosedError } from './errors.js';
import { Host, type AskOptions, type HostStats, type SharedTable, type SpawnOptions } from './host.js';
import { InspectionListeners, type InspectionFilter } from './inspection-listeners.js';
import { LogicRegistry } from './registry.js';
// A dependency-free leaf: what decoded strings need to be kept (see ownString).
import { ownString, ownStrings } from '../store/copy.js';
import type { WorkerControl, WorkerInit } from './worker-entry.js';

export interface RuntimeOptions {
  /** Worker threads; default max(1, cores − 1); 0 runs every actor on this thread. */
  workers?: number;
  /** Modules exporting `actors` (logic by name), loaded by every thread. URLs or file paths. */
  modules?: (string | URL)[];
  /** Default ask timeout in ms (5000). */
  askTimeoutMs?: number;
}

export interface ScatterOptions {
  cause?: Cause;
  /** The items are plain data by construction: skip the check. */
  plain?: boolean;
  table?: SharedTable;
}

export interface ThreadStats extends HostStats {
  /** Messages sent to this thread and not yet handled by it. */
  mailboxDepth: number;
  /** Messages handled per second since the previous stats() call. */
  messagesPerSec: number;
}

export interface ThreadHeap extends HeapStats { thread: number }

export interface RuntimeStats {
  threads: ThreadStats[];
  actors: number;
  restarts: number;
  escalations: number;
  deadLetters: number;
  workerRestarts: number;
  actorsRecovered: number;
}

export interface Runtime {
  readonly workers: number;
  spawn(logic: string, options: SpawnOptions): Address;
  /** `plain`: the event is plain data by construction (just decoded), so the plain-data check is skipped. */
  send<E extends { type: string }>(address: Address, event: E, options?: { cause?: Cause; plain?: boolean }): void;
  ask<T = unknown, E extends { type: string } = { type: string }>(address: Address, event: E, options?: AskOptions): Promise<T>;
  /**
   * Sends each address the event { type, [field]: the items at its indices }, the items
   * crossing to each thread once (not once per actor). Items are shared by the actors of
   * one thread: treat them as read-only, as any event. A thread gets only the items its
   * actors were given. `table`: an append-only table (by name) that the receiving threads'
   * scatter decoder for `type` needs; each thread is sent the entries it has not had yet,
   * ahead of the items (and all of them again by a replaced worker).
   */
  scatter(type: string, field: string, items: unknown[], deliveries: [Address, number[]][], options?: ScatterOptions): void;
  stop(address: Address): void;
  /** Starts a tap; resolves once every thread has it on, to a function that ends it. */
  inspect(filter: InspectionFilter, listener: (records: InspectionRecord[]) => void): Promise<() => Promise<void>>;
  /** Counts per kind and state of the actors on every thread, computed where they live. */
  stateCounts(kind?: string): Promise<Record<string, Record<string, number>>>;
  /** An actor's status, state and context, or null when there is none. */
  snapshot(address: Address): Promise<{ status: string; state: string; context?: unknown } | null>;
  /** Every lifecycle record (spawned, stopped, restarted, escalated, dead letters, worker restarts). */
  onLifecycle(listener: (record: LifecycleRecord) => void): () => void;
  stats(): Promise<RuntimeStats>;
  /**
   * Each thread's JavaScript heap (main first, then the workers), after a full collection
   * in each when `collect` is set: what the threads retain.
   */
  heap(options?: { collect?: boolean }): Promise<ThreadHeap[]>;
  /** Makes a worker die as a crash would (chaos tests); it is replaced and its actors restored. */
  crashWorker(thread: number): Promise<void>;
  close(): Promise<void>;
}

interface WorkerSlot {
  thread: number;
  handle: WorkerHandle;
  control: MessagePort;
  remote: Comlink.Remote<WorkerControl>;
  ready: Promise<unknown>;
  /**
   * Rejects (with WorkerGone) when the worker exits. A call to a worker that dies is never
   * answered over its port, so each read of a worker races this.
   */
  exited: Promise<never>;
}

/** The worker a call went to exited before it answered. */
class WorkerGone extends Error {}

interface ActorEntry { id: string; thread: number; logic: string; input: unknown; options: SpawnOptionsWire }

const WORKER_URL = new URL('./worker-entry.js', import.meta.url);

export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const rt = new MainRuntime(options);
  await rt.start();
  return rt;
}

class MainRuntime implements Runtime {
  readonly workers: number;
  private readonly modules: string[];
  private readonly askTimeoutMs: number;
  private readonly registry = new LogicRegistry();
  private host!: Host;
  private readonly slots: (WorkerSlot | undefined)[] = [];
  /** Woken when a worker slot is filled (a replacement started). */
  private readonly onSlot: (() => void)[] = [];
  private nextIncarnation = 1;
  private closed = false;
  /** Actors on workers, and main's that are children, by address: what main needs to restore them with their children. */
  private readonly actors = new Map<Address, ActorEntry>();
  private readonly checkpoints = new Map<Address, unknown>();
  private readonly lifecycleListeners = new Set<(r: LifecycleRecord) => void>();
  private readonly inspection = new InspectionListeners();
  private workerRestarts = 0;
  private actorsRecovered = 0;
  private lastStats: { at: number; delivered: number[] } | null = null;
  private readonly startedAt = Date.now();

  constructor(options: RuntimeOptions) {
    const workers = options.workers ?? Math.max(1, availableCores() - 1);
    if (!Number.isInteger(workers) || workers < 0) throw new RangeError(`workers must be a whole number ≥ 0, got ${workers}`);
    this.workers = workers;
    this.modules = (options.modules ?? []).map(moduleUrl);
    this.askTimeoutMs = options.askTimeoutMs ?? 5000;
  }

  async start(): Promise<void> {
    await this.registry.load(this.modules);
    this.host = new Host({
      thread: 0, incarnation: 0, workers: this.workers, registry: this.registry,
      codec: new BatchCodec(this.registry.structures), askTimeoutMs: this.askTimeoutMs,
      onSystem: (env) => this.onSystem(env),
    });
    for (let t = 1; t <= this.workers; t++) this.startWorker(t);
    await Promise.all(this.slots.map((s) => s?.ready));
  }

  private startWorker(thread: number, restoring = false): WorkerSlot {
    const control = new MessageChannel();
    const toMain = new MessageChannel();
    const peers: [number, MessagePort][] = [[0, toMain.port2]];
    for (const other of this.slots) {
      if (!other || other.thread === thread) continue;
      const ch = new MessageChannel();
      peers.push([other.thread, ch.port1]);
      void other.remote.attachPeer(thread, Comlink.transfer(ch.port2, [ch.port2]));
    }
    const handle = startWorker(WORKER_URL, `cybernetes-worker-${thread}`);
    const init: WorkerInit = {
      type: 'init', thread, incarnation: this.nextIncarnation++, workers: this.workers, modules: this.modules,
      askTimeoutMs: this.askTimeoutMs, control: control.port2, peers, restoring,
    };
    handle.postMessage(init, [control.port2, ...peers.map(([, p]) => p)]);
    const remote = Comlink.wrap<WorkerControl>(control.port1);
    let exit!: (e: WorkerGone) => void;
    const exited = new Promise<never>((_, reject) => { exit = reject; });
    exited.catch(() => { /* raced by the calls that care */ });
    const slot: WorkerSlot = { thread, handle, control: control.port1, remote, ready: remote.ready(), exited };
    this.slots[thread] = slot;
    for (const wake of this.onSlot.splice(0)) wake();
    this.host.attachPeer(thread, toMain.port1);
    handle.onExit((code) => { exit(new WorkerGone(`worker ${thread} exited`)); void this.replaceWorker(thread, code); });
    return slot;
  }

  /**
   * `call` on worker `thread`, answered by the worker there now or, if it dies first, by the
   * one that replaces it: a read asked during a worker's restart (stats, state counts) is
   * answered once the restored worker is up, instead of waiting forever on a dead port.
   */
  private async ofWorker<T>(thread: number, call: (remote: Comlink.Remote<WorkerControl>) => Promise<T>): Promise<T> {
    for (;;) {
      this.checkOpen(`ask worker ${thread}`);
      const slot = this.slots[thread];
      if (!slot) { await new Promise<void>((r) => this.onSlot.push(r)); continue; }
      try {
        await Promise.race([slot.ready, slot.exited]);
        return await Promise.race([call(slot.remote), slot.exited]);
      } catch (e) {
        if (!(e instanceof WorkerGone)) throw e;
      }
    }
  }

  /** Worker threads 1..workers, each answering `call` (see ofWorker). */
  private ofWorkers<T>(call: (remote: Comlink.Remote<WorkerControl>) => Promise<T>): Promise<T[]> {
    return Promise.all(Array.from({ length: this.workers }, (_, i) => this.ofWorker(i + 1, call)));
  }

  /** A worker died: a new one takes its place and gets its actors back. */
  private async replaceWorker(thread: number, exit: WorkerExit): Promise<void> {
    if (this.closed) return;
    const old = this.slots[thread]!;
    old.remote[Comlink.releaseProxy]();
    old.control.close();
    this.slots[thread] = undefined;
    this.host.detachPeer(thread);
    // Detached, main hears nothing more from the dead thread: what it knew is what comes back.
    // Each comes back with its children (by its spawn records, on any worker): a restart or a
    // stop of it stops them, as before its worker died.
    const childrenOf = new Map<Address, [Address, number][]>();
    for (const [address, a] of this.actors) {
      if (!a.options.parent) continue;
      const list = childrenOf.get(a.options.parent);
      if (list) list.push([address, a.options.spawnId]); else childrenOf.set(a.options.parent, [[address, a.options.spawnId]]);
    }
    const restore = [...this.actors.values()]
      .filter((a) => a.thread === thread)
      .map((a) => {
        const address = `${thread}/${a.id}` as Address;
        return { id: a.id, logic: a.logic, input: a.input, options: { ...a.options, snapshot: this.checkpoints.get(address), children: childrenOf.get(address) } };
      });
    const restored = restore.map((a) => a.id);
    this.host.reportLostChildren(thread, restored);
    await Promise.all(this.slots.map((s) => s?.remote.detachPeer(thread, restored)));
    if (this.closed) return;
    this.workerRestarts++;
    const slot = this.startWorker(thread, restore.length > 0);
    this.host.restore(thread, restore);
    await slot.ready;
    this.actorsRecovered += restore.length;
    const error = exit.error instanceof Error ? exit.error.message : exit.error !== undefined ? String(exit.error) : `exit code ${exit.code}`;
    this.emitLifecycle({ type: 'workerRestarted', address: `${thread}/` as Address, at: Date.now(), recovered: restore.length, error });
  }

  private onSystem(env: Envelope): void {
    switch (env[0]) {
      case Op.Lifecycle: return this.onLifecycleRecord(env[1]);
      case Op.Checkpoint: this.checkpoints.set(env[1], env[2]); return;
      case Op.Inspect: this.inspection.dispatch(env[1]); return;
    }
  }

  private onLifecycleRecord(r: LifecycleRecord): void {
    const slash = r.address.indexOf('/');
    const thread = Number(r.address.slice(0, slash));
    if (r.type === 'spawned') {
      if (thread !== 0) {
        // Decoded from a worker's message and kept for the actor's life (here, and by listeners:
        // the inspector, the write authorizer): own copies (ownString). Main's own records carry
        // its actors' live input, which is not to be touched.
        r.address = ownString(r.address) as Address;
        if (typeof r.options?.parent === 'string') r.options.parent = ownString(r.options.parent) as Address;
        r.input = ownStrings(r.input);
      }
      // Main's own actors are never restored, but one may be a worker actor's child, which its
      // parent gets back with it.
      if (thread !== 0 || r.options?.parent) this.actors.set(r.address, { id: r.address.slice(slash + 1), thread, logic: r.logic!, input: r.input, options: r.options! });
    } else if (r.type === 'stopped' || r.type === 'done' || r.type === 'escalated') {
      this.actors.delete(r.address);
      this.checkpoints.delete(r.address);
    }
    this.emitLifecycle(r);
  }

  private emitLifecycle(r: LifecycleRecord): void {
    for (const l of this.lifecycleListeners) l(r);
  }

  private checkOpen(what: string): void {
    if (this.closed) throw new RuntimeClosedError(what);
  }

  spawn(logic: string, options: SpawnOptions): Address {
    this.checkOpen(`spawn "${options?.id}"`);
    return this.host.spawn(logic, options);
  }

  send<E extends { type: string }>(address: Address, event: E, options?: { cause?: Cause; plain?: boolean }): void {
    if (this.closed) throw new RuntimeClosedError(`send "${event?.type}" to ${address}`); // text built only when thrown
    this.host.send(address, event, null, options?.cause, options?.plain === true);
  }

  scatter(type: string, field: string, items: unknown[], deliveries: [Address, number[]][], options?: ScatterOptions): void {
    if (this.closed) throw new RuntimeClosedError(`send "${type}" to ${deliveries.length} actors`);
    const byThread = new Map<number, [Address, number[]][]>();
    for (const d of deliveries) {
      const thread = parseAddress(d[0]).thread;
      const list = byThread.get(thread);
      if (list) list.push(d); else byThread.set(thread, [d]);
    }
    const plain = options?.plain === true;
    if (byThread.size === 1) {
      const [[thread, list]] = byThread;
      this.host.scatter(thread, type, field, items, list, options?.cause, plain, options?.table);
      return;
    }
    // Several threads: each gets only its actors' items, renumbered.
    for (const [thread, list] of byThread) {
      const at = new Map<number, number>();
      const own: unknown[] = [];
      const renumbered = list.map(([address, indices]): [Address, number[]] => [address, indices.map((i) => {
        let j = at.get(i);
        if (j === undefined) { at.set(i, (j = own.length)); own.push(items[i]); }
        return j;
      })]);
      this.host.scatter(thread, type, field, own, renumbered, options?.cause, plain, options?.table);
    }
  }

  ask<T = unknown, E extends { type: string } = { type: string }>(address: Address, event: E, options?: AskOptions): Promise<T> {
    if (this.closed) return Promise.reject(new RuntimeClosedError(`ask "${event?.type}" of ${address}`));
    try {
      return this.host.ask<T>(address, event, options);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  stop(address: Address): void {
    this.checkOpen(`stop ${address}`);
    this.host.stop(address);
  }

  private liveSlots(): WorkerSlot[] {
    return this.slots.filter((s): s is WorkerSlot => s !== undefined);
  }

  async inspect(filter: InspectionFilter, listener: (records: InspectionRecord[]) => void): Promise<() => Promise<void>> {
    this.checkOpen('inspect');
    const off = this.inspection.add(filter, listener);
    await this.applyInspection();
    return async () => {
      off();
      if (!this.closed) await this.applyInspection();
    };
  }

  private async applyInspection(): Promise<void> {
    const combined = this.inspection.combined();
    this.host.setInspection(combined);
    await this.ofWorkers((r) => r.setInspection(combined));
  }

  async stateCounts(kind?: string): Promise<Record<string, Record<string, number>>> {
    this.checkOpen('count states');
    const parts = [this.host.stateCounts(kind), ...(await this.ofWorkers((r) => r.stateCounts(kind)))];
    const out: Record<string, Record<string, number>> = {};
    for (const part of parts) {
      for (const [k, states] of Object.entries(part)) {
        const acc = (out[k] ??= {});
        for (const [state, n] of Object.entries(states)) acc[state] = (acc[state] ?? 0) + n;
      }
    }
    return out;
  }

  async snapshot(address: Address): Promise<{ status: string; state: string; context?: unknown } | null> {
    this.checkOpen(`read ${address}`);
    const slash = address.indexOf('/');
    const thread = Number(address.slice(0, slash));
    const id = address.slice(slash + 1);
    if (thread === 0) return this.host.snapshotOf(id);
    if (!(thread >= 1 && thread <= this.workers)) return null;
    return this.ofWorker(thread, (r) => r.snapshot(id));
  }

  onLifecycle(listener: (record: LifecycleRecord) => void): () => void {
    this.lifecycleListeners.add(listener);
    return () => this.lifecycleListeners.delete(listener);
  }

  async heap(options: { collect?: boolean } = {}): Promise<ThreadHeap[]> {
    this.checkOpen('read heap statistics');
    const collect = options.collect ?? false;
    // One thread at a time: collections running side by side would compete for the cores.
    const out: ThreadHeap[] = [{ thread: 0, ...(await heapStats(collect)) }];
    for (let t = 1; t <= this.workers; t++) out.push({ thread: t, ...(await this.ofWorker(t, (r) => r.heap(collect))) });
    return out;
  }

  async stats(): Promise<RuntimeStats> {
    this.checkOpen('read stats');
    const all: HostStats[] = [this.host.stats(), ...(await this.ofWorkers((r) => r.stats()))];
    const now = Date.now();
    const prev = this.lastStats ?? { at: this.startedAt, delivered: [] };
    const seconds = Math.max(1e-3, (now - prev.at) / 1000);
    const threads: ThreadStats[] = all.map((h) => {
      let inbound = 0;
      for (const other of all) inbound += other.sentMessages[h.thread] ?? 0;
      const received = h.receivedMessages.reduce((a, b) => a + b, 0);
      const before = prev.delivered[h.thread] ?? 0;
      return { ...h, mailboxDepth: Math.max(0, inbound - received), messagesPerSec: Math.max(0, h.delivered - before) / seconds };
    });
    const delivered: number[] = [];
    for (const t of threads) delivered[t.thread] = t.delivered;
    this.lastStats = { at: now, delivered };
    const sum = (f: (t: ThreadStats) => number) => threads.reduce((a, t) => a + f(t), 0);
    return {
      threads,
      actors: sum((t) => t.actors),
      restarts: sum((t) => t.restarts),
      escalations: sum((t) => t.escalations),
      deadLetters: sum((t) => t.deadLetters),
      workerRestarts: this.workerRestarts,
      actorsRecovered: this.actorsRecovered,
    };
  }

  async crashWorker(thread: number): Promise<void> {
    this.checkOpen(`crash worker ${thread}`);
    const slot = this.slots[thread];
    if (!slot) throw new RangeError(`no worker ${thread} (workers are 1..${this.workers})`);
    await slot.remote.crash(`worker ${thread} crashed on request (crashWorker)`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.host.flush();
    this.closed = true;
    // Reads waiting for a worker's replacement: none will come (they fail as closed).
    for (const wake of this.onSlot.splice(0)) wake();
    const slots = this.liveSlots();
    await Promise.all(slots.map(async (s) => {
      // The grace timer is cleared once the worker answers, so close() leaves no timer keeping the process alive.
      let grace: ReturnType<typeof setTimeout> | undefined;
      try {
        await Promise.race([s.remote.close(), new Promise((r) => { grace = setTimeout(r, 1000); })]);
      } catch { /* a dying worker may not answer; terminate below regardless */ }
      clearTimeout(grace);
      s.remote[Comlink.releaseProxy]();
      s.control.close();
      await s.handle.terminate();
    }));
    this.slots.length = 0;
    this.host.close();
    this.lifecycleListeners.clear();
  }
}
