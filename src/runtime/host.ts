// The actor host of one thread: runs the actors placed here, delivers what
// arrives in order, and sends what they send in one batch per peer thread per
// turn. Main and workers run the same host; main additionally receives the
// system records (lifecycle, checkpoints, inspection) through `onSystem`.
import type { AnyActor, AnyActorRef } from 'xstate';
import { threadActorSystem } from './actor-system.js';
import { formatAddress, parseAddress, placeById, type Address } from './address.js';
import type { BatchStreamDecoder, BatchStreamEncoder } from './batch-stream.js';
import { assertEvent, assertPlainData, type BatchCodec } from './codec.js';
import {
  Op, type Cause, type Envelope, type LifecycleRecord, type LifecycleType,
  type RestartPolicy, type SpawnOptionsWire,
} from './envelope.js';
import {
  ActorFailedError, AskTimeoutError, DuplicateActorError, EncodeError, InvalidAddressError, RuntimeClosedError,
  errorFromWire, type RuntimeError,
} from './errors.js';
import { InspectionTap, type InspectionFilter } from './inspection.js';
import { ThreadMetrics, type ThreadMetricsSnapshot } from '../metrics/histogram.js';
import type { LogicRegistry } from './registry.js';
import { stateString } from './state-string.js';
import { keepChildEvent } from './child-events.js';
import { admitRestart, shouldRestart, type ExitReason } from './supervision.js';

export interface SpawnOptions {
  /** Unique in the runtime; placement hashes it unless `worker` is given. */
  id: string;
  input?: unknown;
  /** Place on this thread (0 = main, 1..N workers) instead of by hash. */
  worker?: number;
  /** Label for inspection and counts (default: the logic name). */
  kind?: string;
  restart?: RestartPolicy;
  /** Restart intensity: at most maxRestarts within withinMs, then escalate. */
  maxRestarts?: number;
  withinMs?: number;
  /** Keep a persisted snapshot at most every this many ms (0 = never). */
  checkpointMs?: number;
  /** Supervising actor, told when this one escalates. Default: the spawning actor. */
  parent?: Address | null;
  /**
   * Restored after its worker died (from its input and last checkpoint), or restarted after a
   * failure (from its input), the actor is first sent `{ type: 'runtime.restored' }`: its input
   * may be old news, time to re-read the world.
   */
  tellRestored?: boolean;
  /** The input is plain data by construction (e.g. objects just decoded): skip the check. */
  plainInput?: boolean;
}

export interface AskOptions {
  timeout?: number;
  cause?: Cause;
}

export interface HostStats {
  thread: number;
  actors: number;
  delivered: number;
  sentMessages: number[];
  receivedMessages: number[];
  sentBuffers: number;
  receivedBuffers: number;
  restarts: number;
  escalations: number;
  deadLetters: number;
  lateReplies: number;
  spawnFailures: number;
  /** Histograms and gauges that actors on this thread keep (e.g. reconcile latency per controller). */
  metrics: ThreadMetricsSnapshot;
}

interface PeerLink {
  port: MessagePort | null;
  outbox: Envelope[];
  /** The stream of batches to the peer, and the one from it. */
  encoder: BatchStreamEncoder;
  decoder: BatchStreamDecoder;
  /** Entries of each shared table this peer incarnation has been sent. */
  tablesSent: Map<string, number>;
}

/** An append-only table that scatters may depend on (see `scatter`'s table). */
export interface SharedTable {
  name: string;
  entries: readonly unknown[];
}

interface PendingAsk {
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
  address: Address;
}

export interface AskInfo {
  askId: number;
  replyThread: number;
  settled: boolean;
  /** The actor took the ask to answer later (context.replyLater). */
  deferred: boolean;
}

/** An actor's runtime record; the XState actor inside is replaced on restart. */
export interface ActorRecord {
  id: string;
  address: Address;
  logic: string;
  input: unknown;
  options: SpawnOptionsWire;
  actor: AnyActor;
  restartTimes: number[];
  /** Its children, by address, with the spawn id of the actor there (SpawnOptionsWire.spawnId). */
  children: Map<Address, number>;
  lastMid: Cause;
  /** Who sent the message being (or last) handled; null for the runtime's own callers. */
  lastFrom: Address | null;
  checkpoint: unknown;
  lastCheckpointAt: number;
  checkpointTimer: ReturnType<typeof setTimeout> | null;
  inspection: { unsubscribe(): void } | null;
  stopped: boolean;
}

export interface HostConfig {
  thread: number;
  /** Unique per thread incarnation, so message ids never repeat after a worker restart. */
  incarnation: number;
  workers: number;
  registry: LogicRegistry;
  codec: BatchCodec;
  askTimeoutMs: number;
  /** Main only: lifecycle, checkpoint and inspection records from any thread. */
  onSystem?: (env: Envelope) => void;
}

/** Finds the host and record of the actor whose logic is running (see context.ts). */
export const actorRecords = new WeakMap<AnyActorRef, { host: Host; record: ActorRecord }>();

const SEQ_BITS = 2 ** 40;

export class Host {
  readonly thread: number;
  private readonly actors = new Map<string, ActorRecord>();
  private readonly peers: PeerLink[] = [];
  private readonly dirty: number[] = [];
  private flushScheduled = false;
  private readonly pendingAsks = new Map<number, PendingAsk>();
  /**
   * Unique per thread incarnation, as message ids are: a reply to an ask of a worker that died
   * reaches its replacement, and must not answer the replacement's ask of the same number.
   */
  private nextAskId: number;
  private seq = 0;
  private readonly midBase: number;
  private readonly local: Envelope[] = [];
  private pumping = false;
  private afterBatch: { from: number; then: () => void } | undefined;
  // The delivery in progress (record null: none). Three fields, not an object:
  // deliver() runs once per message and would otherwise allocate one each time.
  private currentRecord: ActorRecord | null = null;
  private currentMid = 0;
  private currentAskInfo: AskInfo | null = null;
  private closed = false;
  /** The XState system this thread's actors of shared logic belong to (LogicModule.sharedSystem). */
  private readonly xstate = threadActorSystem();
  readonly tap = new InspectionTap(this.xstate.system, () => { if (!this.pumping) queueMicrotask(() => this.tapFlush()); });
  private readonly counters = {
    delivered: 0, sentBuffers: 0, receivedBuffers: 0, restarts: 0, escalations: 0,
    deadLetters: 0, lateReplies: 0, spawnFailures: 0,
  };
  private readonly sentMessages: number[];
  private readonly receivedMessages: number[];
  /** This thread's histograms and gauges: written in place by actors, read by stats(). */
  readonly metrics = new ThreadMetrics();
  /** Values the actors of this thread share (ActorContext.threadLocal). */
  readonly locals = new Map<string, unknown>();
  /** Shared tables this thread has sent from (replayed to a replaced peer) and received. */
  private readonly tablesOut = new Map<string, SharedTable>();
  private readonly tablesIn = new Map<string, unknown[]>();

  constructor(private readonly config: HostConfig) {
    this.thread = config.thread;
    this.midBase = config.incarnation * SEQ_BITS;
    this.nextAskId = this.midBase + 1;
    const threads = config.workers + 1;
    this.sentMessages = new Array(threads).fill(0);
    this.receivedMessages = new Array(threads).fill(0);
    for (let t = 0; t < threads; t++) this.peers.push({ port: null, outbox: [], encoder: config.codec.encoder(), decoder: config.codec.decoder(), tablesSent: new Map() });
  }

  // ---- links -------------------------------------------------------------

  /** Connect (or reconnect, after the peer was replaced) the stream to a thread. */
  attachPeer(thread: number, port: MessagePort): void {
    const link = this.peers[thread]!;
    if (link.port) link.port.close();
    link.port = port;
    // A new incarnation of the peer knows none of the structures sent before: a new stream.
    link.encoder.restart();
    // A new incarnation of the peer knows no table yet: what is still queued for it may need
    // every entry sent so far, so the tables go first.
    link.tablesSent.clear();
    if (link.outbox.length) {
      const tables: Envelope[] = [];
      for (const t of this.tablesOut.values()) if (t.entries.length) tables.push([Op.Table, t.name, 0, t.entries.slice()]);
      for (const t of this.tablesOut.values()) link.tablesSent.set(t.name, t.entries.length);
      link.outbox.unshift(...tables);
    }
    // A new incarnation of the peer: count from what it will actually receive.
    this.sentMessages[thread] = link.outbox.length;
    port.onmessage = (e: MessageEvent) => this.receiveBatch(thread, e.data as ArrayBuffer);
    if (link.outbox.length) this.scheduleFlush(thread);
  }

  /** The peer died: keep its outbox for the replacement, stop using the port. */
  detachPeer(thread: number): void {
    const link = this.peers[thread]!;
    link.port?.close();
    link.port = null;
    // Asks sent to the dead thread will never be answered: fail them now, not at their timeout.
    // Those still in the outbox were not sent: the replacement gets them, and answers.
    const queued = new Set<number>();
    for (const env of link.outbox) if (env[0] === Op.Ask) queued.add(env[6]);
    for (const [askId, pending] of this.pendingAsks) {
      if (queued.has(askId) || parseAddress(pending.address).thread !== thread) continue;
      this.failAsk(askId, new ActorFailedError(pending.address, `its worker (thread ${thread}) died before it answered`));
    }
  }

  /**
   * A replaced worker got back only `restored` (ids main had spawn records of). A child on
   * it that this thread's actors spawned, not restored and not reported ended, was lost with
   * the worker: its spawn (or main's record of it) was still in flight. Its parent is told
   * `runtime.child.lost`, or it would keep sending to an address nothing answers. Call it
   * right after detachPeer: a spawn made since goes to the replacement, and none is missed.
   */
  reportLostChildren(thread: number, restored: readonly string[]): void {
    const kept = new Set(restored);
    // Spawns still queued for the thread reach the replacement.
    for (const env of this.peers[thread]!.outbox) if (env[0] === Op.Spawn) kept.add(env[1]);
    const lost: [ActorRecord, Address][] = [];
    for (const rec of this.actors.values()) {
      for (const child of rec.children.keys()) {
        const t = parseAddress(child);
        if (t.thread === thread && !kept.has(t.id)) lost.push([rec, child]);
      }
    }
    for (const [rec, child] of lost) {
      rec.children.delete(child);
      this.send(rec.address, { type: 'runtime.child.lost', child });
    }
  }

  private enqueue(thread: number, env: Envelope): void {
    if (thread === this.thread) {
      this.local.push(env);
      this.pump();
      return;
    }
    const link = this.peers[thread]!;
    link.outbox.push(env);
    this.sentMessages[thread]!++;
    if (link.outbox.length === 1) this.scheduleFlush(thread);
  }

  private scheduleFlush(thread: number): void {
    this.dirty.push(thread);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Everything queued for each peer this turn leaves as one transferred buffer. */
  flush(): void {
    this.flushScheduled = false;
    for (const thread of this.dirty.splice(0)) {
      const link = this.peers[thread]!;
      if (!link.port || link.outbox.length === 0) continue;
      const batch = link.outbox;
      link.outbox = [];
      const buffer = this.encodeBatch(thread, link.encoder, batch);
      link.port.postMessage(buffer, [buffer]);
      this.counters.sentBuffers++;
    }
  }

  /**
   * Sends are checked when made, so a batch that fails to encode is a bug or a value the
   * check missed; it must not take the rest of the turn's messages down with it (they were
   * accepted). Only then is each envelope encoded alone, to find and drop the bad ones,
   * each counted as a dead letter and an ask among them failed at once. (Alone, and by the
   * codec that keeps no stream: the trial encodings are not sent.)
   */
  private encodeBatch(thread: number, stream: BatchStreamEncoder, batch: Envelope[]): ArrayBuffer {
    const codec = this.config.codec;
    try {
      return stream.encode(batch);
    } catch {
      return stream.encode(batch.filter((env) => {
        try {
          codec.encode([env]);
          return true;
        } catch (error) {
          this.unencodable(thread, env, error);
          return false;
        }
      }));
    }
  }

  private unencodable(thread: number, env: Envelope, error: unknown): void {
    const what = error instanceof Error ? error.message : String(error);
    const op = env[0];
    const id = op === Op.Send || op === Op.Ask || op === Op.Spawn || op === Op.Stop ? env[1] : `op ${op}`;
    const type = op === Op.Send || op === Op.Ask ? env[2]?.type ?? '?' : `op ${op}`;
    this.counters.deadLetters++;
    this.lifecycle({ type: 'deadLetter', address: formatAddress(thread, id), at: Date.now(), eventType: type, error: `not encodable: ${what}` });
    if (op === Op.Ask && env[7] === this.thread) {
      const pending = this.pendingAsks.get(env[6]);
      if (pending) this.failAsk(env[6], new EncodeError(`${type} to ${pending.address}`, `a value msgpack cannot encode (${what})`));
    }
  }

  /** Rejects a pending ask now (its answer can no longer come). */
  private failAsk(askId: number, error: Error): void {
    const pending = this.pendingAsks.get(askId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pendingAsks.delete(askId);
    pending.reject(error);
  }

  receiveBatch(from: number, buffer: ArrayBuffer): void {
    if (this.closed) return;
    const batch = this.peers[from]!.decoder.decode(buffer) as Envelope[];
    this.counters.receivedBuffers++;
    this.receivedMessages[from]! += batch.length;
    for (const env of batch) this.local.push(env);
    this.pump();
    if (this.afterBatch?.from === from) {
      const { then } = this.afterBatch;
      this.afterBatch = undefined;
      then();
    }
  }

  /** Calls `then` once, right after the next batch from `from` has been handled. */
  afterBatchFrom(from: number, then: () => void): void {
    this.afterBatch = { from, then };
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      // Index loop: handling an envelope may append more (local sends).
      for (let i = 0; i < this.local.length; i++) this.handle(this.local[i]!);
    } finally {
      this.local.length = 0;
      this.pumping = false;
    }
    this.tapFlush();
  }

  // ---- sending -----------------------------------------------------------

  private nextMid(): number {
    return this.midBase + ++this.seq;
  }

  /** The cause of a message sent now: the message being handled, else the sender's last. */
  private causeFor(from: ActorRecord | null, explicit: Cause | undefined): Cause {
    if (explicit !== undefined) return explicit;
    if (this.currentRecord && (!from || this.currentRecord === from)) return this.currentMid;
    return from ? from.lastMid : null;
  }

  private checkOpen(what: string): void {
    if (this.closed) throw new RuntimeClosedError(what);
  }

  private target(address: Address): { thread: number; id: string } {
    const t = parseAddress(address);
    if (t.thread >= this.peers.length) throw new InvalidAddressError(address);
    return t;
  }

  send<E extends { type: string }>(address: Address, event: E, from: ActorRecord | null = null, cause?: Cause, knownPlain = false): void {
    // Hot path: the message text is built only when it is thrown.
    if (this.closed) throw new RuntimeClosedError(`send "${event?.type}" to ${address}`);
    const { thread, id } = this.target(address);
    if (knownPlain) { if (typeof event?.type !== 'string') assertEvent(event); } else assertEvent(event);
    this.enqueue(thread, [Op.Send, id, event, from ? from.address : null, this.nextMid(), this.causeFor(from, cause)]);
  }

  /**
   * Sends each of `deliveries` (addresses, all on `thread`) the event { type, [field]: the items
   * at its indices }. The items are encoded and decoded once for all of them: a change that
   * concerns three actors of one worker crosses to it once.
   */
  scatter(thread: number, type: string, field: string, items: unknown[], deliveries: [Address, number[]][], cause?: Cause, knownPlain = false, table?: SharedTable): void {
    if (this.closed) throw new RuntimeClosedError(`send "${type}" to ${deliveries.length} actors`);
    if (thread >= this.peers.length) throw new InvalidAddressError(`${thread}/`);
    if (!knownPlain) assertPlainData(items, field);
    const wire: [string, number[], number][] = deliveries.map(([address, indices]) => {
      const t = this.target(address);
      if (t.thread !== thread) throw new InvalidAddressError(address);
      return [t.id, indices, this.nextMid()];
    });
    if (table) this.shareTable(thread, table);
    this.enqueue(thread, [Op.Scatter, type, field, items, wire, null, this.causeFor(null, cause)]);
  }

  /** Sends `thread` the entries of `table` it has not had yet, ahead of what will need them. */
  private shareTable(thread: number, table: SharedTable): void {
    this.tablesOut.set(table.name, table);
    const link = this.peers[thread]!;
    const sent = link.tablesSent.get(table.name) ?? 0;
    if (table.entries.length <= sent) return;
    assertPlainData(table.entries, table.name);
    link.tablesSent.set(table.name, table.entries.length);
    this.enqueue(thread, [Op.Table, table.name, sent, table.entries.slice(sent)]);
  }

  ask<T = unknown, E extends { type: string } = { type: string }>(address: Address, event: E, options: AskOptions = {}, from: ActorRecord | null = null): Promise<T> {
    if (this.closed) throw new RuntimeClosedError(`ask "${event?.type}" of ${address}`);
    const { thread, id } = this.target(address);
    assertEvent(event);
    const askId = this.nextAskId++;
    const timeout = options.timeout ?? this.config.askTimeoutMs;
    const promise = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => this.failAsk(askId, new AskTimeoutError(address, event.type, timeout)), timeout);
      this.pendingAsks.set(askId, { resolve: resolve as (v: unknown) => void, reject, timer, address });
    });
    this.enqueue(thread, [Op.Ask, id, event, from ? from.address : null, this.nextMid(), this.causeFor(from, options.cause), askId, this.thread]);
    return promise;
  }

  spawn(logic: string, options: SpawnOptions, spawner: ActorRecord | null = null): Address {
    this.checkOpen(`spawn "${options?.id}"`);
    this.config.registry.get(logic); // throws UnknownLogicError here, at the caller
    if (typeof options.id !== 'string' || options.id.length === 0) throw new TypeError('spawn needs a non-empty string id');
    const thread = options.worker ?? placeById(options.id, this.config.workers);
    if (!Number.isInteger(thread) || thread < 0 || thread >= this.peers.length) {
      throw new RangeError(`worker ${options.worker} does not exist (this runtime has threads 0..${this.peers.length - 1})`);
    }
    if (options.plainInput !== true) assertPlainData(options.input, 'input');
    const address = formatAddress(thread, options.id);
    const mid = this.nextMid();
    const wire: SpawnOptionsWire = {
      kind: options.kind ?? logic,
      restart: options.restart ?? 'transient',
      maxRestarts: options.maxRestarts ?? 3,
      withinMs: options.withinMs ?? 5000,
      checkpointMs: options.checkpointMs ?? 0,
      parent: options.parent !== undefined ? options.parent : spawner ? spawner.address : null,
      spawnId: mid,
      ...(options.tellRestored ? { tellRestored: true } : {}),
    };
    if (spawner && wire.parent === spawner.address) spawner.children.set(address, mid);
    this.enqueue(thread, [Op.Spawn, options.id, logic, options.input, wire, mid, this.causeFor(spawner, undefined)]);
    return address;
  }

  stop(address: Address, from: ActorRecord | null = null): void {
    this.checkOpen(`stop ${address}`);
    const { thread, id } = this.target(address);
    if (from) from.children.delete(address);
    this.enqueue(thread, [Op.Stop, id, this.nextMid(), this.causeFor(from, undefined)]);
  }

  /**
   * Re-creates actors from main's records on a replaced worker, ahead of
   * anything queued for it since it died: input plus checkpoint.
   */
  restore(thread: number, actors: { id: string; logic: string; input: unknown; options: SpawnOptionsWire }[]): void {
    const link = this.peers[thread]!;
    const spawns: Envelope[] = [];
    for (const a of actors) {
      spawns.push([Op.Spawn, a.id, a.logic, a.input, a.options, this.nextMid(), null]);
      if (a.options.tellRestored) spawns.push([Op.Send, a.id, { type: 'runtime.restored' }, null, this.nextMid(), null]);
    }
    link.outbox.unshift(...spawns);
    this.sentMessages[thread]! += spawns.length;
    if (link.outbox.length === spawns.length && spawns.length > 0) this.scheduleFlush(thread);
  }

  /** Replies to the ask being handled now (or to the one captured by replyLater). */
  reply(info: AskInfo, value: unknown, ok = true, knownPlain = false): void {
    if (info.settled) return;
    info.settled = true;
    if (ok && !knownPlain) assertPlainData(value, 'reply');
    this.enqueue(info.replyThread, [Op.Reply, info.askId, ok, value, this.nextMid(), this.currentRecord ? this.currentMid : null]);
  }

  currentAsk(record: ActorRecord): AskInfo | null {
    return this.currentRecord !== null && this.currentRecord === record ? this.currentAskInfo : null;
  }

  // ---- handling ----------------------------------------------------------

  private handle(env: Envelope): void {
    switch (env[0]) {
      case Op.Send: {
        const [, id, event, from, mid, cause] = env;
        const rec = this.actors.get(id);
        if (!rec) return this.deadLetter(id, event.type, from, mid, cause);
        if (event.type.startsWith('runtime.') && !keepChildEvent(rec.children, event)) return;
        this.deliver(rec, event, mid, cause, from, null);
        return;
      }
      case Op.Table: {
        const [, name, from, entries] = env;
        let t = this.tablesIn.get(name);
        if (!t) this.tablesIn.set(name, (t = []));
        // Copies: a local sender's arrays stay its own, and decoders may annotate theirs.
        for (let i = 0; i < entries.length; i++) { const e = entries[i]; t[from + i] = Array.isArray(e) ? e.slice() : e; }
        return;
      }
      case Op.Scatter: {
        const [, type, field, crossed, deliveries, from, cause] = env;
        const decode = this.config.registry.scatterDecoder(type);
        let items = crossed;
        if (decode) {
          try {
            items = decode(crossed, this.tablesIn);
          } catch {
            // A batch this thread cannot read (a bug, not a condition): each delivery is a dead
            // letter, and the rest of the stream goes on.
            for (const [id, , mid] of deliveries) this.deadLetter(id, type, from, mid, cause);
            return;
          }
        }
        for (const [id, indices, mid] of deliveries) {
          const rec = this.actors.get(id);
          if (!rec) { this.deadLetter(id, type, from, mid, cause); continue; }
          const subset = new Array(indices.length);
          for (let i = 0; i < indices.length; i++) subset[i] = items[indices[i]!];
          this.deliver(rec, { type, [field]: subset } as { type: string }, mid, cause, from, null);
        }
        return;
      }
      case Op.Ask: {
        const [, id, event, from, mid, cause, askId, replyThread] = env;
        const info: AskInfo = { askId, replyThread, settled: false, deferred: false };
        const rec = this.actors.get(id);
        if (!rec) {
          this.deadLetter(id, event.type, from, mid, cause);
          this.reply(info, ['UnknownActor', ''], false);
          return;
        }
        this.deliver(rec, event, mid, cause, from, info);
        if (!info.settled) {
          const snap = rec.actor.getSnapshot() as { status: string; value?: unknown; error?: unknown };
          if (snap.status === 'error') this.reply(info, ['ActorFailed', errorText(snap.error)], false);
          else if (!info.deferred) this.reply(info, { status: snap.status, value: stateString(snap) });
        }
        return;
      }
      case Op.Reply: {
        const [, askId, ok, value] = env;
        const pending = this.pendingAsks.get(askId);
        if (!pending) { this.counters.lateReplies++; return; }
        this.pendingAsks.delete(askId);
        clearTimeout(pending.timer);
        if (ok) pending.resolve(value);
        else {
          const [code, message] = value as [string, string];
          pending.reject(errorFromWire(code, message, pending.address) as RuntimeError);
        }
        return;
      }
      case Op.Spawn: {
        const [, id, logic, input, options, mid, cause] = env;
        this.start(id, logic, input, options, mid, cause);
        return;
      }
      case Op.Stop: {
        const [, id] = env;
        const rec = this.actors.get(id);
        if (rec) this.remove(rec, 'stopped');
        return;
      }
      default:
        // Lifecycle, checkpoint and inspection records are for main's runtime.
        this.config.onSystem?.(env);
    }
  }

  private deliver(rec: ActorRecord, event: { type: string }, mid: number, cause: Cause, from: Address | null, ask: AskInfo | null): void {
    const prevRecord = this.currentRecord, prevMid = this.currentMid, prevAsk = this.currentAskInfo;
    this.currentRecord = rec;
    this.currentMid = mid;
    this.currentAskInfo = ask;
    rec.lastMid = mid;
    rec.lastFrom = from;
    this.counters.delivered++;
    if (this.tap.wantsEvents(rec)) {
      this.tap.push({ type: 'event', address: rec.address, kind: rec.options.kind, at: Date.now(), eventType: event.type, from, mid, cause });
    }
    try {
      rec.actor.send(event);
    } finally {
      this.currentRecord = prevRecord;
      this.currentMid = prevMid;
      this.currentAskInfo = prevAsk;
    }
  }

  private deadLetter(id: string, eventType: string, from: Address | null, mid: number, cause: Cause): void {
    this.counters.deadLetters++;
    this.lifecycle({ type: 'deadLetter', address: formatAddress(this.thread, id), at: Date.now(), eventType, error: from ? `from ${from}` : undefined });
    void mid; void cause;
  }

  private start(id: string, logic: string, input: unknown, options: SpawnOptionsWire, mid: number, cause: Cause): void {
    const address = formatAddress(this.thread, id);
    const existing = this.actors.get(id);
    if (existing) {
      this.counters.spawnFailures++;
      const err = new DuplicateActorError(address);
      this.lifecycle({ type: 'spawnFailed', address, at: Date.now(), kind: options.kind, logic, error: err.message });
      // A parent spawning its own child again (restored after its worker died, it re-reads what
      // it should run): the actor that runs stays its child, under its own spawn id, whose
      // events are the ones to come.
      const sameParent = options.parent !== null && existing.options.parent === options.parent;
      if (options.parent) {
        const refused = { type: 'runtime.spawn.failed', id: address, error: err.message, spawnId: options.spawnId };
        this.send(options.parent, sameParent ? { ...refused, sameParent, runningSpawnId: existing.options.spawnId } : refused);
      }
      return;
    }
    const { snapshot, children, ...kept } = options;
    const rec: ActorRecord = {
      id, address, logic, input, options: kept, actor: null as unknown as AnyActor,
      restartTimes: [], children: new Map(children), lastMid: mid, lastFrom: null, checkpoint: snapshot,
      lastCheckpointAt: 0, checkpointTimer: null, inspection: null, stopped: false,
    };
    void cause;
    this.actors.set(id, rec);
    this.lifecycle({ type: 'spawned', address, at: Date.now(), kind: kept.kind, logic, input, options: kept });
    this.instantiate(rec);
  }

  private instantiate(rec: ActorRecord): void {
    const logic = this.config.registry.get(rec.logic);
    const options = rec.checkpoint !== undefined ? { input: rec.input, snapshot: rec.checkpoint } : { input: rec.input };
    const actor = this.xstate.create(logic, options, this.config.registry.sharesSystem(rec.logic));
    rec.actor = actor;
    actorRecords.set(actor, { host: this, record: rec });
    actor.subscribe({
      next: () => this.onSnapshot(rec, actor),
      error: (err) => this.onExit(rec, actor, 'error', err),
      complete: () => this.onExit(rec, actor, 'done', undefined),
    });
    if (this.tap.active) this.tap.attach(rec);
    const prevRecord = this.currentRecord, prevMid = this.currentMid, prevAsk = this.currentAskInfo;
    this.currentRecord = rec;
    this.currentMid = typeof rec.lastMid === 'number' ? rec.lastMid : 0;
    this.currentAskInfo = null;
    try {
      actor.start();
    } finally {
      this.currentRecord = prevRecord;
      this.currentMid = prevMid;
      this.currentAskInfo = prevAsk;
    }
  }

  private onSnapshot(rec: ActorRecord, actor: AnyActor): void {
    if (rec.actor !== actor || rec.stopped) return;
    if (rec.options.checkpointMs > 0) this.maybeCheckpoint(rec);
  }

  private maybeCheckpoint(rec: ActorRecord): void {
    if (rec.checkpointTimer) return;
    const wait = rec.lastCheckpointAt + rec.options.checkpointMs - Date.now();
    if (wait <= 0) return this.checkpoint(rec);
    // Trailing checkpoint: the last state before a quiet period is kept too.
    rec.checkpointTimer = setTimeout(() => { rec.checkpointTimer = null; this.checkpoint(rec); }, wait);
  }

  private checkpoint(rec: ActorRecord): void {
    if (rec.stopped) return;
    const snap = rec.actor.getSnapshot() as { status: string };
    if (snap.status !== 'active') return;
    rec.checkpoint = rec.actor.getPersistedSnapshot();
    rec.lastCheckpointAt = Date.now();
    if (this.thread !== 0) this.enqueue(0, [Op.Checkpoint, rec.address, rec.checkpoint]);
  }

  private onExit(rec: ActorRecord, actor: AnyActor, reason: ExitReason, err: unknown): void {
    if (rec.actor !== actor || rec.stopped) return;
    // XState reports from inside send(); decide after the current delivery unwinds.
    queueMicrotask(() => this.supervise(rec, actor, reason, err));
  }

  private supervise(rec: ActorRecord, actor: AnyActor, reason: ExitReason, err: unknown): void {
    if (rec.actor !== actor || rec.stopped || this.closed) return;
    const error = reason === 'error' ? errorText(err) : undefined;
    if (!shouldRestart(rec.options.restart, reason)) {
      this.remove(rec, reason === 'done' ? 'done' : 'escalated', error);
      return;
    }
    const kept = admitRestart(rec.restartTimes, Date.now(), rec.options.maxRestarts, rec.options.withinMs);
    if (!kept) {
      this.remove(rec, 'escalated', error);
      return;
    }
    rec.restartTimes = kept;
    this.counters.restarts++;
    rec.inspection?.unsubscribe();
    rec.inspection = null;
    actorRecords.delete(actor);
    this.lifecycle({ type: 'restarted', address: rec.address, at: Date.now(), kind: rec.options.kind, error });
    // The failed instance's children stop with it, as an XState actor's children do when it
    // stops: the new instance spawns its own (level-triggered, from what it reads), and one of
    // the same id, placed on the same thread, would otherwise be refused as a duplicate while
    // the old one ran on, nobody's child and told nothing. The stops go out before any spawn
    // of the new instance, in order per thread.
    for (const child of [...rec.children.keys()]) this.stop(child, rec);
    this.instantiate(rec);
    if (rec.options.tellRestored) this.deliver(rec, { type: 'runtime.restored' }, this.nextMid(), null, null, null);
    this.tapFlush();
  }

  /** Ends an actor for good: its children stop, its parent hears why. */
  private remove(rec: ActorRecord, type: 'stopped' | 'done' | 'escalated', error?: string): void {
    rec.stopped = true;
    this.actors.delete(rec.id);
    if (rec.checkpointTimer) clearTimeout(rec.checkpointTimer);
    rec.inspection?.unsubscribe();
    actorRecords.delete(rec.actor);
    if (type === 'stopped') this.xstate.stop(rec.actor);
    if (type === 'escalated') this.counters.escalations++;
    this.lifecycle({ type, address: rec.address, at: Date.now(), kind: rec.options.kind, error });
    for (const child of rec.children.keys()) this.stop(child);
    if (rec.options.parent && !this.closed && type !== 'stopped') {
      const event = type === 'escalated'
        ? { type: 'runtime.child.escalated', child: rec.address, error: error ?? '', spawnId: rec.options.spawnId }
        : { type: 'runtime.child.done', id: rec.address, spawnId: rec.options.spawnId };
      this.send(rec.options.parent, event, null, rec.lastMid);
    }
    this.tapFlush();
  }

  private lifecycle(record: LifecycleRecord): void {
    if (this.tap.wantsLifecycle(record.kind)) {
      this.tap.push({ type: 'lifecycle', address: record.address, kind: record.kind ?? '', at: record.at, lifecycle: record.type, eventType: record.eventType });
    }
    // Main keeps the records it needs to restore a replaced worker's actors.
    const relevant: LifecycleType[] = ['spawned', 'stopped', 'done', 'escalated', 'restarted', 'deadLetter', 'spawnFailed'];
    if (!relevant.includes(record.type)) return;
    if (this.thread === 0) this.config.onSystem?.([Op.Lifecycle, record]);
    else this.enqueue(0, [Op.Lifecycle, record]);
  }

  // ---- inspection --------------------------------------------------------

  setInspection(filter: InspectionFilter | null): void {
    this.tap.configure(filter);
    for (const rec of this.actors.values()) {
      rec.inspection?.unsubscribe();
      rec.inspection = null;
      if (this.tap.active) this.tap.attach(rec);
    }
  }

  /** Inspection records leave with the turn's batch to main (or to main's listener). */
  private tapFlush(): void {
    const records = this.tap.drain();
    if (!records) return;
    if (this.thread === 0) this.config.onSystem?.([Op.Inspect, records]);
    else this.enqueue(0, [Op.Inspect, records]);
  }

  stateCounts(kind?: string): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const rec of this.actors.values()) {
      if (kind !== undefined && rec.options.kind !== kind) continue;
      const state = stateString(rec.actor.getSnapshot() as { status: string; value?: unknown });
      const perKind = (out[rec.options.kind] ??= {});
      perKind[state] = (perKind[state] ?? 0) + 1;
    }
    return out;
  }

  snapshotOf(id: string): { status: string; state: string; context?: unknown } | null {
    const rec = this.actors.get(id);
    if (!rec) return null;
    const snap = rec.actor.getSnapshot() as { status: string; value?: unknown; context?: unknown };
    return { status: snap.status, state: stateString(snap), context: snap.context };
  }

  stats(): HostStats {
    return {
      thread: this.thread,
      actors: this.actors.size,
      delivered: this.counters.delivered,
      sentMessages: this.sentMessages.slice(),
      receivedMessages: this.receivedMessages.slice(),
      sentBuffers: this.counters.sentBuffers,
      receivedBuffers: this.counters.receivedBuffers,
      restarts: this.counters.restarts,
      escalations: this.counters.escalations,
      deadLetters: this.counters.deadLetters,
      lateReplies: this.counters.lateReplies,
      spawnFailures: this.counters.spawnFailures,
      metrics: this.metrics.snapshot(),
    };
  }

  /** Stops every actor here, fails pending asks, closes every stream. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    for (const rec of this.actors.values()) {
      rec.stopped = true;
      if (rec.checkpointTimer) clearTimeout(rec.checkpointTimer);
      rec.inspection?.unsubscribe();
      this.xstate.stop(rec.actor);
    }
    this.actors.clear();
    this.xstate.close();
    for (const [askId, p] of this.pendingAsks) this.failAsk(askId, new RuntimeClosedError(`wait for a reply from ${p.address}`));
    for (const link of this.peers) {
      link.port?.close();
      link.port = null;
    }
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
