// What a controller or resource actor uses to talk to the journal: writes and
// subscriptions through the gateway, and a cache that keeps the newest
// version of each object it has heard of (routed changes and read results may
// arrive in either order; the resourceVersion decides).
import type { ActorContext } from '../src/runtime/context.js';
import type { FixedHistogram, Gauge } from '../src/metrics/histogram.js';
import type { KObject } from '../src/store/types.js';
import { dropOldest } from '../machines/drop-oldest.js';
import { FailureStreak, RETRY_MAX_MS } from './retry-backoff.js';
import { STORE, type Change, type LeanResult, type StoreChanges, type OpResult, type RouteBy, type StoreRevisions, type StoreRevisionsReply, type StoreSubscribe, type StoreSubscribeReply, type StoreWrite, type WireOp } from './protocol.js';

/** Asks without a timeout of their own: the runtime's, which the control plane sets (storeTimeoutMs). */
export class StoreClient {
  constructor(private readonly ctx: ActorContext) {}

  async write(ops: WireOp[]): Promise<OpResult[]> {
    if (ops.length === 0) return [];
    const reply = await this.ctx.ask<{ results: OpResult[] }, StoreWrite>(STORE, { type: 'store.write', ops });
    return reply.results;
  }

  /**
   * A write answered without the objects written: for a writer that does not need them
   * (it hears its writes routed, or needs only success). Each object left out is one less
   * encoded on the main thread and decoded here.
   */
  async writeLean(ops: WireOp[]): Promise<LeanResult[]> {
    if (ops.length === 0) return [];
    const reply = await this.ctx.ask<{ results: LeanResult[] }, StoreWrite>(STORE, { type: 'store.write', ops, lean: true });
    return reply.results;
  }

  /** One write whose creates are answered lean and everything else whole; one result per op as expandOps counts them. */
  async writeLeanCreates(ops: WireOp[]): Promise<(OpResult | LeanResult)[]> {
    if (ops.length === 0) return [];
    const reply = await this.ctx.ask<{ results: (OpResult | LeanResult)[] }, StoreWrite>(STORE, { type: 'store.write', ops, lean: 'creates' });
    return reply.results;
  }

  subscribe(subs: { by: RouteBy; value: string }[], read: NonNullable<StoreSubscribe['read']> = []): Promise<StoreSubscribeReply> {
    return this.ctx.ask<StoreSubscribeReply, StoreSubscribe>(STORE, { type: 'store.subscribe', subs, read });
  }

  /** The [namespace/name, resourceVersion] of what `read` would return: a check that copies are current, without the objects. */
  revisions(read: StoreRevisions['read']): Promise<StoreRevisionsReply> {
    return this.ctx.ask<StoreRevisionsReply, StoreRevisions>(STORE, { type: 'store.revisions', read });
  }

  unsubscribe(): void {
    this.ctx.send(STORE, { type: 'store.unsubscribe' });
  }
}

/** The changes of a routed message (none for any other message). */
export function changesOf(event: { type: string }): Change[] {
  return event.type === 'store.changes' ? (event as StoreChanges).changes : [];
}

export function revisionOf(o: KObject): number {
  return Number(o.metadata.resourceVersion ?? 0);
}

export function uidOf(o: KObject): string {
  return o.metadata.uid ?? '';
}

/** Deletions an ObjectCache remembers (at least; up to a thousand more). */
const GONE_KEPT = 10_000;

/** Newest known version of each object, by uid; deletions are remembered so an older read cannot resurrect them. */
export class ObjectCache {
  private readonly live = new Map<string, KObject>();
  private readonly gone = new Map<string, number>();

  /** Applies a change; true when it told us something new. */
  apply(change: Change): boolean {
    const uid = uidOf(change.object);
    const known = this.live.get(uid);
    if (known && revisionOf(known) >= change.rev) return false;
    const goneAt = this.gone.get(uid);
    if (goneAt !== undefined && goneAt >= change.rev) return false;
    if (change.type === 'DELETED') {
      this.live.delete(uid);
      this.gone.set(uid, change.rev);
      // Trimmed a thousand at a time, the oldest first.
      if (this.gone.size > GONE_KEPT + 1000) dropOldest(this.gone, GONE_KEPT);
    } else {
      this.live.set(uid, change.object);
    }
    return true;
  }

  /** An object read or written by us. */
  put(o: KObject): boolean {
    return this.apply({ type: 'MODIFIED', rev: revisionOf(o), object: o });
  }

  remove(o: KObject, rev: number): void {
    this.apply({ type: 'DELETED', rev, object: o });
  }

  /**
   * A fresh read (at `revision`) replaces what we know: objects in it are put,
   * and objects we hold that it lacks, not newer than the read, were deleted
   * without our hearing. True when anything changed.
   */
  resync(objects: KObject[], revision: number): boolean {
    let changed = false;
    const seen = new Set<string>();
    for (const o of objects) { seen.add(uidOf(o)); if (this.put(o)) changed = true; }
    for (const [uid, o] of [...this.live]) {
      if (!seen.has(uid) && revisionOf(o) <= revision) { this.remove(o, revision); changed = true; }
    }
    return changed;
  }

  /**
   * Whether a read that found these [namespace/name, resourceVersion] pairs at `revision` may
   * hold anything this cache lacks: an object it does not have or has older, or one it has (not
   * newer than the read) that the read did not find. An object it has newer than the read was
   * changed since and is not a difference. One it lacks may be one whose deletion it heard after
   * the read: still counted, so the caller reads the objects, which settles it.
   */
  drifted(pairs: readonly [string, number][], revision: number): boolean {
    const held = new Map<string, number>();
    for (const o of this.live.values()) held.set(o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name!, revisionOf(o));
    for (const [name, rev] of pairs) {
      const have = held.get(name);
      if (have === undefined || have < rev) return true;
      held.delete(name);
    }
    for (const rev of held.values()) if (rev <= revision) return true;
    return false;
  }

  get(uid: string): KObject | undefined {
    return this.live.get(uid);
  }

  values(): IterableIterator<KObject> {
    return this.live.values();
  }

  get size(): number {
    return this.live.size;
  }
}

/** Where a Reconciler records its runs: histograms and a gauge in its thread's metrics (read at scrape time). */
export interface ReconcileMeter {
  /** Seconds from the start of a run of `work` to its end (awaited writes included). */
  duration: FixedHistogram;
  /** Seconds from the poke that asked for a run to its start. */
  wait: FixedHistogram;
  /** Runs asked for and not yet started, on this thread, for this controller. */
  depth: Gauge;
}

/** The meter of one controller kind on this thread (shared by its instances; look it up once per actor). */
export function reconcileMeter(ctx: Pick<ActorContext, 'metrics'>, controller: string): ReconcileMeter {
  return {
    duration: ctx.metrics.histogram('reconcile_duration_seconds', controller),
    wait: ctx.metrics.histogram('reconcile_queue_wait_seconds', controller),
    depth: ctx.metrics.gauge('reconcile_queue_depth', controller),
  };
}

/**
 * Runs `work` whenever something changed, never twice at once: changes that
 * arrive while it runs make it run once more after. Level-triggered: the work
 * reads the whole current picture each time. With a meter, each run's queue
 * wait and duration are observed in place (two clock reads, no allocation).
 */
export class Reconciler {
  /** Runs in a row that the store did not answer in time. */
  private readonly timeouts = new FailureStreak();
  private running = false;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  /** A run was asked for and has not started (counted in meter.depth), since `pokedAt` (ms). */
  private pending = false;
  private pokedAt = 0;

  constructor(private readonly work: () => Promise<number | null | void>, private readonly onError: (err: unknown) => void, private readonly meter?: ReconcileMeter) {}

  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      if (!this.dirty) { this.dirty = true; this.markPending(); }
      return;
    }
    this.running = true;
    this.markPending();
    queueMicrotask(() => void this.run());
  }

  private markPending(): void {
    if (!this.meter || this.pending) return;
    this.pending = true;
    this.pokedAt = performance.now();
    this.meter.depth.value++;
  }

  private async run(): Promise<void> {
    const meter = this.meter;
    try {
      do {
        this.dirty = false;
        let started = 0;
        if (meter && this.pending) {
          this.pending = false;
          meter.depth.value--;
          started = performance.now();
          meter.wait.observe((started - this.pokedAt) / 1000);
        }
        const again = await this.work();
        this.timeouts.succeeded();
        if (meter && started > 0) meter.duration.observe((performance.now() - started) / 1000);
        if (typeof again === 'number' && !this.stopped) this.after(again);
      } while (this.dirty && !this.stopped);
    } catch (err) {
      if (isAskTimeout(err)) {
        // The store did not answer in time: it is overloaded, and the writes may still land.
        // Run again after a backoff, as a Kubernetes controller requeues its key rate-limited;
        // failing the actor would throw away all it knows and read it all again, adding to the
        // load that made the store slow.
        if (!this.stopped) this.after(this.timeouts.failed());
      } else this.onError(err);
    } finally {
      this.running = false;
      // A run asked for during one that failed (or was stopped) will not start: it leaves the queue.
      if (this.pending && this.meter) { this.pending = false; this.meter.depth.value--; }
    }
  }

  /** Reconcile again after a delay (progress deadlines, minReadySeconds, backoff). */
  after(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = null; this.poke(); }, Math.max(0, ms));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}

/**
 * Runs `work` every `ms` (± 20% jitter, so controllers do not resync in step),
 * until the returned function is called. The safety net of level-triggered
 * controllers: a re-read from the journal's cache repairs a missed event.
 */
export function resyncEvery(ms: number | undefined, work: () => Promise<void>): () => void {
  if (!ms || ms <= 0) return () => {};
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const next = () => {
    timer = setTimeout(() => {
      void work().catch(() => { /* the next round tries again */ }).finally(() => { if (!stopped) next(); });
    }, ms * (0.8 + Math.random() * 0.4));
  };
  next();
  return () => { stopped = true; if (timer) clearTimeout(timer); };
}

/**
 * A first read (a subscribe with reads) asked again until the store answers it: after a backoff
 * that doubles per timeout (1 s up to 5 min), jittered, as a reflector lists again. A store too
 * slow to answer is overloaded; failing the actor made it restart and ask again at once, and a
 * thousand kubelets doing so kept it overloaded. Any other error goes to `onError`. Returns a
 * function that cancels a pending retry.
 */
export function readUntilAnswered<T>(read: () => Promise<T>, answered: (reply: T) => void, onError: (err: unknown) => void): () => void {
  const streak = new FailureStreak();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cancelled = false;
  const attempt = () => {
    timer = undefined;
    if (cancelled) return;
    read().then((reply) => { if (!cancelled) answered(reply); }, (err) => {
      if (cancelled) return;
      if (!isAskTimeout(err)) throw err;
      timer = setTimeout(attempt, Math.min(RETRY_MAX_MS, streak.failed() * (0.5 + Math.random())));
    }).catch((err) => { if (!cancelled) onError(err); }); // once: a read that failed otherwise, or what `answered` threw
  };
  attempt();
  return () => { cancelled = true; if (timer) clearTimeout(timer); };
}

/** An ask the store did not answer within its timeout (an overloaded store: the write may still land). */
export function isAskTimeout(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'AskTimeout';
}

/** Makes a supervised actor fail from async code: the error goes through receive(), which throws. */
export function failer(self: { send(e: { type: string }): void }): (err: unknown) => void {
  return (err) => self.send({ type: 'actor.failed', error: err instanceof Error ? err.message : String(err) } as { type: string });
}
