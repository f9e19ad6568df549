// The embedded journal store: ObjectStore over LevelDB. One writer with group commit: writes
// are validated and encoded as they arrive (against committed state plus the batches not yet
// durable), gathered into the next batch while the previous one is on its way to disk, and
// written as one fsynced LevelDB batch. Only then does anyone hear of them: the committed
// view, the router, watchers and finally the writers' replies.
import { Change } from './change.js';
import { ObjectCodec, decodeRecord, type ChangeType } from './codec.js';
import { ownString } from './copy.js';
import { encodeContinue } from './continue-token.js';
import { JournalOpenError, StoreError, alreadyExists, badRequest, internal, invalid, notFound, tooOldResourceVersion } from './errors.js';
import { History } from './history.js';
import { fieldEqualityHint, labelEqualityHint } from './index-hints.js';
import { Journal, metaOps, type JournalBatch } from './journal.js';
import { COUNT_BUCKETS, FixedHistogram, SECONDS_BUCKETS } from '../metrics/histogram.js';
import { objectKey, qualifiedResource, resourcePrefix } from './keys.js';
import { defaultEnv, prepareCreate, prepareDelete, prepareUpdate, type MetadataEnv } from './metadata.js';
import { ObjectIndex, scopeOfKey, type LiveEntry } from './object-index.js';
import { RecentObjects, shared } from './shared-objects.js';
import { planRead } from './resource-version.js';
import { Router, type RoutableChange, type RoutedEntry } from './router.js';
import { parseFieldSelector, parseLabelSelector, SelectorError, type FieldMatcher, type LabelMatcher } from './selectors.js';
import { StoreWatch } from './watch.js';
import type { WatchFilter } from './watch-filter.js';
import type {
  DeleteOptions, GetOptions, KObject, ListOptions, ObjectList, ObjectStore, ResourceRef, UpdateOptions,
  Watch, WatchOptions, WriteOp, WriteOptions, WriteResult,
} from './types.js';

export interface CompactionPolicy {
  /** Keep at least this many newest revisions (etcd's "revision" mode). */
  retainRevisions?: number;
  /** Keep revisions committed within this many milliseconds (etcd's "periodic" mode). */
  retainMs?: number;
  /** Revisions examined per batch, so compaction never stalls writes (default 2,000). */
  chunk?: number;
}

/** One change of a commit batch, as onCommit listeners hear it. */
export interface CommittedChange { rev: number; key: string; kind: string; type: 'ADDED' | 'MODIFIED' | 'DELETED'; cause: string | undefined }

export interface JournalStoreOptions {
  /** Directory of the LevelDB journal. */
  path: string;
  /** Where the router hands routed changes (e.g. to worker threads). */
  deliver?: (group: number, batch: RoutedEntry<string>[]) => void;
  /** Automatic compaction; with neither retain bound set, only explicit compact() compacts. */
  compaction?: CompactionPolicy;
  env?: MetadataEnv;
  /**
   * Most changes per LevelDB batch (default 1,000). With more writes outstanding, the next batch
   * is already formed while one is on disk, so encoding and fsync overlap.
   */
  maxBatch?: number;
  /**
   * fsync every batch (default true). false trades durability for speed: a crash of the machine
   * (not just the process) may lose the newest commits. For benchmarks (`--fsync off`), not production.
   */
  sync?: boolean;
  /**
   * A short string kept beside each live object, made from the object when it is written
   * (the writer has it in hand, so nothing is decoded for it) and when the journal is reopened;
   * readers that need only that (the inspector: each object's statechart state) read it with
   * `summaries()` instead of decoding every object. Return undefined for kinds that need none.
   * It must be cheap and pure: it runs on every write.
   */
  summarize?: (kind: string, object: KObject) => string | undefined;
  /**
   * The newest objects of this many keys written last are kept, and the next write of such a
   * key starts from its object instead of decoding it (default DEFAULT_RECENT_OBJECTS; 0: none).
   * Main-thread CPU for memory.
   */
  recentObjects?: number;
}

/** One live object as `summaries()` lists it. */
export interface ObjectSummary {
  name: string;
  namespace: string | undefined;
  /** The revision the object was last written at. */
  rev: number;
  summary: string | undefined;
  /** Pods: spec.nodeName ('' when unbound). */
  nodeName?: string;
}

const PODS_PREFIX = '/core/pods/';

/**
 * Objects kept decoded after their write (JournalStoreOptions.recentObjects): a pod is bound
 * and then gets its status within a second or two of its creation, so a burst's pods in flight
 * stay within it (main's heap after a 10k burst: +32 MB; the README's 100k figures say what
 * they cost there).
 */
export const DEFAULT_RECENT_OBJECTS = 16_384;

/** A key's newest state as far as the writer knows (committed or on its way to disk). */
interface Head { rev: number; live: LiveEntry | undefined }

interface PlannedChange { key: string; type: ChangeType; object: KObject; prev: Head; removed: boolean; kind: string }

/** Also the key's Head in the overlay until it commits (`live` is `entry`). */
interface PendingChange extends Head {
  key: string; type: ChangeType; encoded: Uint8Array;
  /** What was encoded (for DELETED the last state), shared read-only (see shared-objects.ts). */
  object: KObject;
  entry: LiveEntry | undefined; prevRev: number; kind: string; cause: string | undefined;
}

interface Reply { ok(): void; fail(e: unknown): void }

/** A writer's answer, once its batch is durable: no closure per write. */
class Answer<T> implements Reply {
  constructor(private readonly resolve: (v: T) => void, private readonly reject: (e: unknown) => void, private readonly value: T) {}
  ok(): void { this.resolve(this.value); }
  fail(e: unknown): void { this.reject(e); }
}

/** `log` holds the changes' journal records from the moment they are accepted. */
interface Batch { changes: PendingChange[]; replies: Reply[]; log: JournalBatch }

const newBatch = (journal: Journal): Batch => ({ changes: [], replies: [], log: journal.batch() });

/** Bytes in an ArrayBuffer of their own (a Buffer's slice() is a view, not a copy). */
function ownCopy(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

/**
 * The owners' uids as the index keeps them: the previous entry's array when they did not change,
 * else own copies (ownString: the index keeps them as long as the object lives).
 */
function ownerUidsOf(o: KObject, prev: LiveEntry | undefined): readonly string[] {
  const refs = o.metadata.ownerReferences ?? [];
  if (prev && prev.ownerUids.length === refs.length && refs.every((r, i) => r.uid === prev.ownerUids[i])) return prev.ownerUids;
  return refs.map((r) => (typeof r.uid === 'string' ? ownString(r.uid) : r.uid));
}

/** The labels as the index keeps them: the previous entry's when they did not change (most writes are of status), else a copy. */
function labelsOf(o: KObject, prev: LiveEntry | undefined): LiveEntry['labels'] {
  const labels = o.metadata.labels as Record<string, string> | undefined;
  if (!labels) return undefined;
  const had = prev?.labels;
  if (had) {
    let n = 0, same = true;
    for (const k in labels) { n++; if (had[k] !== labels[k]) { same = false; break; } }
    if (same) { for (const _ in had) n--; if (n === 0) return had; }
  }
  return { ...labels };
}

function entryFor(key: string, rev: number, encoded: Uint8Array, o: KObject, kind: string, summarize: JournalStoreOptions['summarize'], prev?: LiveEntry): LiveEntry {
  return {
    key, rev, encoded, kind,
    labels: labelsOf(o, prev),
    ownerUids: ownerUidsOf(o, prev),
    nodeName: key.startsWith(PODS_PREFIX) ? String(o.spec?.nodeName ?? '') : undefined,
    summary: summarize?.(kind, o),
  };
}

function selectorError(e: unknown): never {
  if (e instanceof SelectorError) throw badRequest(e.message);
  throw e;
}

function matchers(kind: string, o: { labelSelector?: string; fieldSelector?: string }): { label?: LabelMatcher; field?: FieldMatcher } {
  try {
    const out: { label?: LabelMatcher; field?: FieldMatcher } = {};
    if (o.labelSelector) out.label = parseLabelSelector(o.labelSelector);
    if (o.fieldSelector) out.field = parseFieldSelector(kind, o.fieldSelector);
    return out;
  } catch (e) { return selectorError(e); }
}

/** Index of the first element greater than `after` in ascending `keys`. */
function firstAfter(keys: readonly string[], after: string | undefined): number {
  if (after === undefined) return 0;
  let lo = 0, hi = keys.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (keys[mid]! <= after) lo = mid + 1; else hi = mid; }
  return lo;
}

/** What the journal measures of itself, in place, once per batch (read when metrics are scraped). */
export interface JournalMetrics {
  /** Seconds each LevelDB batch took to write (and fsync). */
  commitSeconds: FixedHistogram;
  /** Changes (log records) per committed batch. */
  batchRecords: FixedHistogram;
  /** Per committed batch: router subscriptions its changes matched (actors told). */
  fanoutActors: FixedHistogram;
  /** Per committed batch: watch streams its changes were offered to. */
  fanoutWatchers: FixedHistogram;
}

export class JournalStore implements ObjectStore {
  readonly router: Router<string>;
  readonly metrics: JournalMetrics = {
    commitSeconds: new FixedHistogram(SECONDS_BUCKETS), batchRecords: new FixedHistogram(COUNT_BUCKETS),
    fanoutActors: new FixedHistogram(COUNT_BUCKETS), fanoutWatchers: new FixedHistogram(COUNT_BUCKETS),
  };
  private readonly commitListeners = new Set<(changes: CommittedChange[]) => void>();
  private readonly index = new ObjectIndex();
  private readonly overlay = new Map<string, Head>();
  /** The newest objects of the keys written last, which the next write of a key starts from. */
  private readonly recent: RecentObjects;
  private readonly watchers = new Map<string, Set<StoreWatch>>();
  private readonly pins = new Map<number, number>();
  private readonly env: MetadataEnv;
  private nextRev: number;
  private committedRev: number;
  /** Reads strictly below are Expired; advanced when a compaction chunk is planned. */
  private visibleCompacted: number;
  private requestedCompaction = 0;
  private compactWaiters: { rev: number; resolve(): void }[] = [];
  private batchTimes: [rev: number, at: number][] = [];
  /** Revisions up to this one have no commit time here (before this process, or aged out). */
  private timelineAfter = 0;
  private ageCompactable = 0;
  private forming: Batch;
  /** Full batches waiting for the disk, oldest first; `forming` comes after them. */
  private readonly queued: Batch[] = [];
  private readonly maxBatch: number;
  private writing = false;
  private flushQueued = false;
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;
  private idleWaiters: (() => void)[] = [];
  private readonly summarize: JournalStoreOptions['summarize'];

  private constructor(
    private readonly journal: Journal,
    readonly codec: ObjectCodec,
    private readonly history: History,
    revision: number,
    private readonly policy: CompactionPolicy,
    options: JournalStoreOptions,
  ) {
    this.nextRev = this.committedRev = revision;
    this.forming = newBatch(journal);
    this.visibleCompacted = history.compacted;
    this.env = options.env ?? defaultEnv;
    this.maxBatch = options.maxBatch ?? 1000;
    this.router = new Router<string>(options.deliver ?? (() => {}));
    this.summarize = options.summarize;
    this.recent = new RecentObjects(options.recentObjects ?? DEFAULT_RECENT_OBJECTS);
  }

  /** Open (or create) the journal at `options.path`, rebuilding the cache and indexes from it. */
  static async open(options: JournalStoreOptions): Promise<JournalStore> {
    const { journal, header } = await Journal.open(options.path, { sync: options.sync ?? true });
    try {
      const codec = new ObjectCodec(header.structures);
      const history = new History(header.compacted);
      const last = new Map<string, { rev: number; type: ChangeType; bytes: Uint8Array }>();
      let maxRev = 0;
      for await (const [rev, value] of journal.scanLog()) {
        let r;
        try { r = decodeRecord(value); } catch (e) {
          throw new JournalOpenError('Corrupt', `${options.path}: journal entry ${rev} is unreadable (${(e as Error).message}). It was left untouched: restore it from a backup, or move it aside.`, { cause: e });
        }
        history.record(rev, { key: r.key, prevRev: r.prevRev, prevDeleted: r.type === 'ADDED' && r.prevRev > 0, deleted: r.type === 'DELETED' });
        last.set(r.key, { rev, type: r.type, bytes: r.object });
        maxRev = rev;
      }
      const store = new JournalStore(journal, codec, history, Math.max(header.revision, maxRev), options.compaction ?? {}, options);
      for (const [key, l] of last) {
        store.index.addKey(key);
        if (l.type === 'DELETED') continue;
        let o: KObject;
        try { o = codec.decode(l.bytes); } catch (e) {
          throw new JournalOpenError('Corrupt', `${options.path}: object ${key} at revision ${l.rev} is undecodable (${(e as Error).message}). It was left untouched: restore it from a backup, or move it aside.`, { cause: e });
        }
        store.index.setLive(entryFor(key, l.rev, ownCopy(l.bytes), o, o.kind ?? '', options.summarize)); // its own copy, as on write
      }
      return store;
    } catch (e) {
      await journal.close().catch(() => {});
      throw e;
    }
  }

  get revision(): number { return this.committedRev; }

  /** A batch failed to reach the disk: the store takes no more writes (reopen it). */
  get failed(): boolean { return this.failure !== undefined; }

  /** Watch streams open on this store now. */
  get watcherCount(): number {
    let n = 0;
    for (const set of this.watchers.values()) n += set.size;
    return n;
  }

  /** The node a committed pod is bound to ('' when unbound), undefined when there is no such pod. In memory, no decode. */
  podNodeName(namespace: string, name: string): string | undefined {
    return this.index.live.get(`${PODS_PREFIX}${namespace}/${name}`)?.nodeName;
  }
  get compactedRevision(): number { return this.visibleCompacted; }

  // ---------------------------------------------------------------- reads

  async get(res: ResourceRef, namespace: string | undefined, name: string, options: GetOptions & { resourceVersionMatch?: 'Exact' | 'NotOlderThan' } = {}): Promise<KObject> {
    const key = objectKey(res, namespace, name);
    const plan = planRead(options, this.committedRev, this.visibleCompacted);
    if (plan.rev === this.committedRev) {
      const e = this.index.live.get(key);
      if (!e) throw notFound(qualifiedResource(res), name);
      return this.codec.decode(e.encoded);
    }
    const [o] = await this.readAt(plan.rev, [key]);
    if (!o) throw notFound(qualifiedResource(res), name);
    return o;
  }

  async list(res: ResourceRef, options: ListOptions & { ownerUid?: string } = {}): Promise<ObjectList> {
    const plan = planRead(options, this.committedRev, this.visibleCompacted);
    const m = matchers(res.kind, options);
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    return plan.rev === this.committedRev
      ? this.listCurrent(res, options, m, limit, plan.after)
      : this.listAt(res, options, m, limit, plan.rev, plan.after);
  }

  /**
   * What a list would return, as [namespace/name (name for cluster-scoped), resourceVersion]
   * pairs at the newest revision, with nothing decoded unless a field selector needs the
   * object: for a reader that only checks its copies are current (a controller's resync) and
   * reads the objects themselves when they are not.
   */
  listRevisions(res: ResourceRef, options: Pick<ListOptions, 'namespace' | 'labelSelector' | 'fieldSelector'> & { ownerUid?: string } = {}): { revision: number; items: [string, number][] } {
    const m = matchers(res.kind, options);
    const from = resourcePrefix(res).length;
    const items: [string, number][] = [];
    for (const key of this.candidates(res, options)) {
      const e = this.index.live.get(key);
      if (!e || (m.label && !m.label(e.labels as Record<string, string> | undefined))) continue;
      if (m.field && !m.field(this.codec.decode(e.encoded))) continue;
      items.push([key.slice(from), e.rev]);
    }
    return { revision: this.committedRev, items };
  }

  /**
   * With a `metadata.name=` field selector, the keys it can match (at most one per namespace,
   * the same at every revision), in key order; else undefined. Read so, not by decoding every
   * object of the resource: a controller's resync asks for its owner by name, and 1,000 of
   * them each decoded 1,000 owners.
   */
  private keysOfName(res: ResourceRef, o: ListOptions): string[] | undefined {
    const name = fieldEqualityHint(o.fieldSelector, 'metadata.name');
    if (name === undefined) return undefined;
    return this.index.keysNamed(resourcePrefix(res), res.namespaced ? o.namespace || undefined : '', name);
  }

  /** Candidate keys in key order, narrowed by a secondary index when the selectors allow. */
  private candidates(res: ResourceRef, o: ListOptions & { ownerUid?: string }): readonly string[] {
    const named = this.keysOfName(res, o);
    if (named) return named;
    const prefix = resourcePrefix(res);
    const ns = res.namespaced ? o.namespace || undefined : undefined;
    const node = prefix === PODS_PREFIX ? fieldEqualityHint(o.fieldSelector, 'spec.nodeName') : undefined;
    const label = labelEqualityHint(o.labelSelector);
    let set: ReadonlySet<string> | undefined;
    if (o.ownerUid !== undefined) set = this.index.keysOwnedBy(o.ownerUid);
    else if (node !== undefined) set = this.index.keysOnNode(node);
    else if (label) set = this.index.keysWithLabel(label[0], label[1]);
    if (!set) return this.index.keysSorted(prefix, ns);
    const scope = ns === undefined ? prefix : `${prefix}${ns}/`;
    const out: string[] = [];
    for (const k of set) if (k.startsWith(scope)) out.push(k);
    return out.sort();
  }

  private listCurrent(res: ResourceRef, o: ListOptions & { ownerUid?: string }, m: { label?: LabelMatcher; field?: FieldMatcher }, limit: number, after: string | undefined): ObjectList {
    const keys = this.candidates(res, o);
    const rev = this.committedRev;
    const items: KObject[] = [];
    let i = firstAfter(keys, after);
    for (; i < keys.length && items.length < limit; i++) {
      const e = this.index.live.get(keys[i]!);
      if (!e || (m.label && !m.label(e.labels as Record<string, string> | undefined))) continue;
      const obj = this.codec.decode(e.encoded);
      if (m.field && !m.field(obj)) continue;
      items.push(obj);
    }
    const out: ObjectList = { items, resourceVersion: String(rev) };
    if (items.length === limit) {
      for (let j = i; j < keys.length; j++) if (this.index.live.has(keys[j]!)) { out.continue = encodeContinue({ rev, after: keys[i - 1]! }); break; }
    }
    return out;
  }

  private async listAt(res: ResourceRef, o: ListOptions, m: { label?: LabelMatcher; field?: FieldMatcher }, limit: number, rev: number, after: string | undefined): Promise<ObjectList> {
    const ns = res.namespaced ? o.namespace || undefined : undefined;
    // The secondary indexes are of the newest objects; a name is the same key at every revision.
    const keys = this.keysOfName(res, o) ?? this.index.keysSorted(resourcePrefix(res), ns);
    const items: KObject[] = [];
    this.pin(rev);
    try {
      let i = firstAfter(keys, after);
      let lastKey: string | undefined;
      while (i < keys.length && items.length < limit) {
        const want = Math.min(Math.max(limit - items.length, 64), 4096);
        const chunk: string[] = [];
        for (; i < keys.length && chunk.length < want; i++) chunk.push(keys[i]!);
        const objs = await this.readAt(rev, chunk);
        for (let j = 0; j < chunk.length; j++) {
          const obj = objs[j];
          if (!obj || (m.label && !m.label(obj.metadata.labels)) || (m.field && !m.field(obj))) continue;
          if (items.length === limit) break;
          items.push(obj);
          lastKey = chunk[j];
        }
      }
      const out: ObjectList = { items, resourceVersion: String(rev) };
      if (items.length === limit && lastKey !== undefined) {
        const rest = firstAfter(keys, lastKey);
        for (let j = rest; j < keys.length; j++) if (this.history.versionAt(keys[j]!, rev) > 0) { out.continue = encodeContinue({ rev, after: lastKey }); break; }
      }
      return out;
    } finally { this.unpin(rev); }
  }

  /** The objects `keys` had at revision `rev` (undefined where absent), from the cache or the log. */
  private async readAt(rev: number, keys: string[]): Promise<(KObject | undefined)[]> {
    if (rev < this.visibleCompacted) throw tooOldResourceVersion(rev, this.visibleCompacted);
    this.pin(rev);
    try {
      const out: (KObject | undefined)[] = new Array(keys.length);
      const fetch: number[] = [], at: number[] = [];
      keys.forEach((k, i) => {
        const r = this.history.versionAt(k, rev);
        if (r === 0) return;
        const live = this.index.live.get(k);
        if (live && live.rev === r) out[i] = this.codec.decode(live.encoded);
        else { fetch.push(r); at.push(i); }
      });
      if (fetch.length) {
        const values = await this.journal.getRecords(fetch);
        values.forEach((v, j) => {
          if (!v) throw internal(`journal entry ${fetch[j]} is missing below a pinned read; this is a bug`);
          out[at[j]!] = this.codec.decode(decodeRecord(v).object);
        });
      }
      return out;
    } finally { this.unpin(rev); }
  }

  private pin(rev: number): void { this.pins.set(rev, (this.pins.get(rev) ?? 0) + 1); }
  private unpin(rev: number): void {
    const n = (this.pins.get(rev) ?? 1) - 1;
    if (n > 0) this.pins.set(rev, n);
    else { this.pins.delete(rev); this.scheduleFlush(); }
  }

  // ---------------------------------------------------------------- writes

  create(res: ResourceRef, object: KObject, options: WriteOptions = {}): Promise<WriteResult> {
    return this.submit([{ op: 'create', resource: res, object }], options.cause, true);
  }

  update(res: ResourceRef, object: KObject, options: UpdateOptions = {}): Promise<WriteResult> {
    return this.submit([{ op: 'update', resource: res, object, subresource: options.subresource }], options.cause, true);
  }

  modify(res: ResourceRef, namespace: string | undefined, name: string, change: (current: KObject) => KObject, options: UpdateOptions = {}): Promise<WriteResult> {
    return this.submit([{ op: 'modify', resource: res, namespace, name, change, subresource: options.subresource }], options.cause, true);
  }

  delete(res: ResourceRef, namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<WriteResult> {
    return this.submit([{ op: 'delete', resource: res, namespace, name, preconditions: options.preconditions, addFinalizers: options.addFinalizers, gracePeriodSeconds: options.gracePeriodSeconds, keep: options.keep }], options.cause, true);
  }

  transaction(ops: WriteOp[], options: WriteOptions = {}): Promise<WriteResult[]> {
    return this.submit(ops, options.cause, false);
  }

  private headOf(key: string): Head {
    return this.overlay.get(key) ?? { rev: this.history.heads.get(key) ?? 0, live: this.index.live.get(key) };
  }

  /** Decide every op against the newest known state; throws a StoreError for the first that fails. */
  private plan(ops: WriteOp[]): (PlannedChange | { unchanged: KObject; rev: number })[] {
    // Keys this transaction writes (a single write needs no set).
    const touched = ops.length > 1 ? new Set<string>() : undefined;
    const out: (PlannedChange | { unchanged: KObject; rev: number })[] = [];
    for (const op of ops) {
      const res = op.resource;
      const qr = qualifiedResource(res);
      if (op.op === 'create') {
        const ns = this.namespaceOf(res, op.object.metadata?.namespace, op.object.metadata?.name ?? op.object.metadata?.generateName ?? '');
        const o = prepareCreate(qr, op.object, ns, this.env, (n) => !!touched?.has(objectKey(res, ns, n)) || !!this.headOf(objectKey(res, ns, n)).live);
        const key = objectKey(res, ns, o.metadata.name!);
        const prev = this.headOf(key);
        if (prev.live || touched?.has(key)) throw alreadyExists(qr, o.metadata.name!);
        touched?.add(key);
        out.push({ key, type: 'ADDED', object: o, prev, removed: false, kind: res.kind });
        continue;
      }
      const name = op.op === 'update' ? op.object.metadata?.name ?? '' : op.name;
      const ns = this.namespaceOf(res, op.op === 'update' ? op.object.metadata?.namespace : op.namespace, name);
      if (!name) throw invalid(qr, '', [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name is required' }]);
      const key = objectKey(res, ns, name);
      if (touched?.has(key)) throw badRequest(`a transaction may write ${key} only once`);
      touched?.add(key);
      const prev = this.headOf(key);
      if (!prev.live) throw notFound(qr, name);
      const current = this.currentOf(key, prev);
      if (op.op === 'update' || op.op === 'modify') {
        const input = op.op === 'update' ? op.object : op.change(current);
        const u = prepareUpdate(qr, current, input, op.subresource);
        out.push({ key, type: u.removed ? 'DELETED' : 'MODIFIED', object: u.object, prev, removed: u.removed, kind: res.kind });
      } else {
        const d = prepareDelete(qr, current, op, this.env);
        if (!d.changed) out.push({ unchanged: current, rev: prev.live.rev });
        else out.push({ key, type: d.removed ? 'DELETED' : 'MODIFIED', object: d.object, prev, removed: d.removed, kind: res.kind });
      }
    }
    return out;
  }

  /**
   * The newest object of `key` (live at `prev`): the one a write not yet durable will leave, or
   * the one last written when still kept, else decoded. Shared: the ops below copy what they change.
   */
  private currentOf(key: string, prev: Head): KObject {
    const pending = (prev as Partial<PendingChange>).object;
    if (pending !== undefined) return pending;
    return this.recent.at(key, prev.live!.rev) ?? this.codec.decode<KObject>(prev.live!.encoded);
  }

  private namespaceOf(res: ResourceRef, ns: string | undefined, name: string): string | undefined {
    if (!res.namespaced) return undefined;
    if (!ns) throw invalid(qualifiedResource(res), name, [{ reason: 'FieldValueRequired', field: 'metadata.namespace', message: 'Required value' }]);
    return ns;
  }

  private submit(ops: WriteOp[], cause: string | undefined, single: true): Promise<WriteResult>;
  private submit(ops: WriteOp[], cause: string | undefined, single: false): Promise<WriteResult[]>;
  private submit(ops: WriteOp[], cause: string | undefined, single: boolean): Promise<WriteResult | WriteResult[]> {
    return new Promise<WriteResult | WriteResult[]>((resolve, reject) => {
      // Every reply, success or not, waits for the batch it joined: nobody learns of a write
      // (even by being refused because of it) before that write is on disk.
      if (this.forming.changes.length >= this.maxBatch) { this.queued.push(this.forming); this.forming = newBatch(this.journal); }
      const batch = this.forming;
      if (this.failure || this.closing) {
        batch.replies.push({ ok: () => reject(this.failure ? internal(`the journal failed: ${this.failure.message}; reopen the store`) : internal('the store is closed')), fail: reject });
        this.scheduleFlush();
        return;
      }
      let planned;
      try {
        if (ops.length === 0) throw badRequest('a transaction needs at least one write');
        planned = this.plan(ops);
      } catch (e) {
        const err = e instanceof StoreError ? e : internal(String((e as Error)?.message ?? e));
        batch.replies.push({ ok: () => reject(err), fail: reject });
        this.scheduleFlush();
        return;
      }
      const results: WriteResult[] = [];
      const staged: PendingChange[] = [];
      const records: Uint8Array[] = [];
      const firstRev = this.nextRev;
      try {
        for (const p of planned) {
          if ('unchanged' in p) { results.push({ revision: p.rev, object: p.unchanged, removed: false }); continue; }
          const rev = ++this.nextRev;
          p.object.metadata.resourceVersion = String(rev);
          shared(p.object);
          // Encoded once, straight into its journal record (`encoded` is a view of it, for the change).
          const { encoded, record } = this.codec.encodeWithRecord(p.key, p.type, p.prev.rev, cause, p.object);
          // The cache keeps its own exact copy: `encoded` is a view into one of msgpackr's
          // buffers, shared with the records written around it, and one live view kept the whole
          // buffer alive (main held 380 MB of buffers for 100k pods' ~150 MB of objects).
          const entry = p.type === 'DELETED' ? undefined : entryFor(p.key, rev, ownCopy(encoded), p.object, p.kind, this.summarize, p.prev.live);
          staged.push({ rev, live: entry, key: p.key, type: p.type, encoded, object: p.object, entry, prevRev: p.prev.rev, kind: p.kind, cause });
          records.push(record);
          const r: WriteResult = { revision: rev, object: p.object };
          if (p.type === 'DELETED' || (p.type === 'MODIFIED' && p.object.metadata.deletionTimestamp)) r.removed = p.removed;
          results.push(r);
        }
      } catch (e) {
        // A transaction with an object that cannot be encoded writes nothing.
        this.nextRev = firstRev;
        const err = badRequest(`the object cannot be encoded: ${(e as Error)?.message ?? e}`);
        batch.replies.push({ ok: () => reject(err), fail: reject });
        this.scheduleFlush();
        return;
      }
      for (let i = 0; i < staged.length; i++) {
        const c = staged[i]!;
        // Into the batch's LevelDB batch now (level copies the record), so it is ready at flush.
        batch.log.putLog(c.rev, records[i]!);
        batch.changes.push(c);
        this.overlay.set(c.key, c);
      }
      batch.replies.push(new Answer(resolve, reject, single ? results[0]! : results));
      this.scheduleFlush();
    });
  }

  // ---------------------------------------------------------------- the writer

  private scheduleFlush(): void {
    if (this.flushQueued || this.writing) return;
    this.flushQueued = true;
    // A microtask, not a timer: writes issued in the same turn share the first batch.
    queueMicrotask(() => { this.flushQueued = false; void this.flush(); });
  }

  private compactionTarget(): number {
    let t = this.requestedCompaction;
    const p = this.policy;
    if (p.retainRevisions !== undefined || p.retainMs !== undefined) {
      let auto = this.committedRev;
      if (p.retainRevisions !== undefined) auto = Math.min(auto, this.committedRev - p.retainRevisions);
      if (p.retainMs !== undefined) {
        const horizon = Date.now() - p.retainMs;
        while (this.batchTimes.length && this.batchTimes[0]![1] <= horizon) this.ageCompactable = this.timelineAfter = this.batchTimes.shift()![0];
        auto = Math.min(auto, this.ageCompactable);
      }
      t = Math.max(t, auto);
    }
    t = Math.min(t, this.committedRev);
    for (const r of this.pins.keys()) t = Math.min(t, r);
    return t;
  }

  private async flush(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      for (;;) {
        const target = this.failure ? 0 : this.compactionTarget();
        let batch = this.queued.shift();
        if (!batch) {
          batch = this.forming;
          if (batch.changes.length === 0 && batch.replies.length === 0 && target <= this.visibleCompacted) break;
          this.forming = newBatch(this.journal);
        }
        if (this.failure) { this.failBatch(batch, this.failure); continue; }
        // The changes' records are in batch.log already; compaction and metadata join them.
        const log = batch.log;
        let compactTo = 0;
        if (target > this.visibleCompacted) {
          compactTo = Math.min(target, this.history.compacted + (this.policy.chunk ?? 2000));
          for (const r of this.history.planCompaction(compactTo)) log.delLog(r);
          log.add(metaOps.compacted(compactTo));
          this.visibleCompacted = compactTo;
        }
        if (log.size === 0) { for (const r of batch.replies) r.ok(); continue; }
        const structures = this.codec.takeStructuresIfChanged();
        if (structures) log.add(metaOps.structures(structures));
        if (batch.changes.length) log.add(metaOps.revision(batch.changes[batch.changes.length - 1]!.rev));
        const started = performance.now();
        try {
          await log.write();
          this.metrics.commitSeconds.observe((performance.now() - started) / 1000);
        } catch (e) {
          this.failure = e instanceof Error ? e : new Error(String(e));
          this.failBatch(batch, this.failure);
          continue;
        }
        this.commit(batch, compactTo);
      }
    } finally {
      this.writing = false;
      if (this.queued.length || this.forming.changes.length || this.forming.replies.length) this.scheduleFlush();
      else { const w = this.idleWaiters; this.idleWaiters = []; for (const f of w) f(); }
    }
  }

  private failBatch(batch: Batch, e: Error): void {
    batch.log.discard();
    const err = internal(`the journal failed: ${e.message}; reopen the store`);
    for (const r of batch.replies) r.fail(err);
  }

  /** The batch is on disk: make it visible, route it, tell watchers, then answer the writers. */
  private commit(batch: Batch, compactTo: number): void {
    // Routed changes only when someone subscribed; watchers' Changes only where a watcher is.
    const routable: RoutableChange[] | undefined = this.router.size > 0 ? [] : undefined;
    const prevs: (LiveEntry | undefined)[] = [];
    for (const c of batch.changes) {
      const prev = this.index.live.get(c.key);
      prevs.push(prev);
      this.history.record(c.rev, { key: c.key, prevRev: c.prevRev, prevDeleted: c.type === 'ADDED' && c.prevRev > 0, deleted: c.type === 'DELETED' });
      this.index.addKey(c.key);
      if (c.entry) { this.index.setLive(c.entry); this.recent.set(c.key, c.rev, c.object); } else { this.index.removeLive(c.key); this.recent.delete(c.key); }
      if (this.overlay.get(c.key)?.rev === c.rev) this.overlay.delete(c.key);
      this.committedRev = c.rev;
      if (!routable) continue;
      const rc: RoutableChange = { rev: c.rev, type: c.type, key: c.key, kind: c.kind, ownerUids: (c.entry ?? prev)?.ownerUids as string[] ?? [], encoded: c.encoded };
      const node = c.entry?.nodeName ?? (c.type === 'DELETED' ? prev?.nodeName : undefined);
      if (node) rc.nodeName = node;
      if (prev?.nodeName) rc.prevNodeName = prev.nodeName;
      if (c.cause !== undefined) rc.cause = c.cause;
      routable.push(rc);
    }
    if (batch.changes.length) {
      if (this.batchTimes.length === 0) this.timelineAfter = Math.max(this.timelineAfter, batch.changes[0]!.rev - 1);
      this.batchTimes.push([this.committedRev, Date.now()]);
    }
    if (compactTo > 0) {
      for (const key of this.history.applyCompaction(compactTo)) this.index.removeKey(key);
      const done = this.compactWaiters.filter((w) => w.rev <= compactTo);
      this.compactWaiters = this.compactWaiters.filter((w) => w.rev > compactTo);
      for (const w of done) w.resolve();
    }
    if (batch.changes.length) this.metrics.batchRecords.observe(batch.changes.length);
    if (routable?.length) {
      const visited = this.router.stats.visited;
      try { this.router.route(routable); } catch (e) { queueMicrotask(() => { throw e; }); }
      this.metrics.fanoutActors.observe(this.router.stats.visited - visited);
    }
    if (this.commitListeners.size && batch.changes.length) {
      const committed: CommittedChange[] = batch.changes.map((c) => ({ rev: c.rev, key: c.key, kind: c.kind, type: c.type, cause: c.cause }));
      for (const l of this.commitListeners) {
        try { l(committed); } catch { /* a listener never breaks a commit */ }
      }
    }
    if (this.watchers.size) {
      let offered = 0;
      const changes = batch.changes;
      for (let i = 0; i < changes.length; i++) {
        const c = changes[i]!;
        const scope = scopeOfKey(c.key);
        const ws = this.watchers.get(scope.prefix);
        if (!ws) continue;
        const prev = prevs[i];
        const labels = c.entry?.labels ?? prev?.labels;
        const change = new Change(c.rev, c.key, c.type, scope.namespace, c.encoded, prev?.encoded, this.codec,
          { now: c.type === 'DELETED' ? labels : c.entry!.labels, prev: prev?.labels }, c.object);
        for (const w of ws) w.offer(change);
        offered += ws.size;
      }
      if (changes.length) this.metrics.fanoutWatchers.observe(offered);
    }
    for (const r of batch.replies) r.ok();
  }

  // ---------------------------------------------------------------- watch

  /**
   * When revision `rev` was committed (ms since the epoch, the journal's clock), while its batch
   * is within the retained timeline; undefined otherwise. Server-side timestamps for benchmarks
   * and tools, beside what a client sees through a watch.
   */
  commitTimeOf(rev: number): number | undefined {
    const t = this.batchTimes;
    if (t.length === 0 || rev <= this.timelineAfter || rev > t[t.length - 1]![0]) return undefined;
    // The first batch ending at or after rev holds it.
    let lo = 0, hi = t.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (t[mid]![0] >= rev) hi = mid; else lo = mid + 1;
    }
    return t[lo]![1];
  }

  /**
   * Hears every commit batch, once it is on disk, as (revision, key, kind, type,
   * cause) — what happened and why, without the objects (the inspector's journal).
   */
  onCommit(listener: (changes: CommittedChange[]) => void): () => void {
    this.commitListeners.add(listener);
    return () => { this.commitListeners.delete(listener); };
  }

  /**
   * Every live object of a resource with its summary (JournalStoreOptions.summarize), as of the
   * committed revision returned, without decoding any: a watch from that revision continues it
   * with no gap and no repeat. Undefined when this store keeps no summaries.
   */
  summaries(res: ResourceRef): { revision: number; items: ObjectSummary[] } | undefined {
    if (!this.summarize) return undefined;
    const prefix = resourcePrefix(res);
    const items: ObjectSummary[] = [];
    for (const k of this.index.keysSorted(prefix)) {
      const e = this.index.live.get(k);
      if (!e) continue;
      // key = prefix [namespace '/'] name; names and namespaces hold no '/'.
      const rest = k.slice(prefix.length);
      const slash = rest.indexOf('/');
      const item: ObjectSummary = { name: rest.slice(slash + 1), namespace: slash < 0 ? undefined : rest.slice(0, slash), rev: e.rev, summary: e.summary };
      if (e.nodeName !== undefined) item.nodeName = e.nodeName;
      items.push(item);
    }
    return { revision: this.committedRev, items };
  }

  watch(res: ResourceRef, options: WatchOptions = {}): Watch {
    const from = options.fromRevision;
    if (from !== undefined) {
      if (!Number.isInteger(from) || from < 0) throw badRequest(`resourceVersion: Invalid value: "${from}"`);
      if (from < this.visibleCompacted) throw tooOldResourceVersion(from, this.visibleCompacted);
    }
    if (this.closing) throw internal('the store is closed');
    const m = matchers(res.kind, options);
    const filter: WatchFilter = { ...m };
    if (res.namespaced && options.namespace) filter.namespace = options.namespace;
    const prefix = resourcePrefix(res);
    const head = this.committedRev;
    const w = new StoreWatch(filter, res.kind, !!options.bookmarks, options.maxPending ?? 100_000, () => this.committedRev,
      (x) => { const s = this.watchers.get(prefix); s?.delete(x); if (s?.size === 0) this.watchers.delete(prefix); },
      from ?? head);
    let set = this.watchers.get(prefix);
    if (!set) this.watchers.set(prefix, (set = new Set()));
    set.add(w);
    if (from === undefined) {
      for (const k of this.index.keysSorted(prefix, filter.namespace)) {
        const e = this.index.live.get(k);
        if (!e || (m.label && !m.label(e.labels as Record<string, string> | undefined))) continue;
        const o = this.codec.decode<KObject>(e.encoded);
        if (m.field && !m.field(o)) continue;
        w.addInitial(o, e.rev);
      }
      if (options.bookmarks) w.bookmark();
    } else if (from < head) {
      w.startCatchUp();
      this.pin(from);
      this.replay(w, prefix, filter, from, head).then(
        () => w.finishCatchUp(),
        (e) => w.fail((e instanceof StoreError ? e : internal(`watch replay failed: ${(e as Error)?.message ?? e}`)).toStatus()),
      ).finally(() => this.unpin(from));
    } else if (options.bookmarks) w.bookmark();
    return w;
  }

  /** Feed `w` the journal's changes in (from, upTo] for `prefix`, with previous states for filters. */
  private async replay(w: StoreWatch, prefix: string, filter: WatchFilter, from: number, upTo: number): Promise<void> {
    const needPrev = !!(filter.label || filter.field);
    const lastSeen = new Map<string, Uint8Array | undefined>();
    for await (const [rev, value] of this.journal.range(from, upTo)) {
      if (w.stopped) return;
      const r = decodeRecord(value);
      if (!r.key.startsWith(prefix)) continue;
      let prev: Uint8Array | undefined;
      if (needPrev && r.type !== 'ADDED') {
        if (lastSeen.has(r.key)) prev = lastSeen.get(r.key);
        else if (r.prevRev > 0) {
          const [v] = await this.journal.getRecords([r.prevRev]);
          const pr = v && decodeRecord(v);
          prev = pr && pr.type !== 'DELETED' ? pr.object : undefined;
        }
      }
      if (needPrev) lastSeen.set(r.key, r.type === 'DELETED' ? undefined : r.object);
      w.replay(new Change(rev, r.key, r.type, scopeOfKey(r.key).namespace, r.object, prev, this.codec));
    }
  }

  // ---------------------------------------------------------------- compaction and lifecycle

  /** Compact to `revision` (etcd semantics); resolves once it is durable. */
  compact(revision: number): Promise<void> {
    if (!Number.isInteger(revision) || revision < 0) return Promise.reject(badRequest(`invalid compaction revision ${revision}`));
    if (revision > this.committedRev) return Promise.reject(badRequest(`required revision ${revision} is a future revision (current ${this.committedRev})`));
    if (revision <= this.history.compacted) return Promise.resolve();
    this.requestedCompaction = Math.max(this.requestedCompaction, revision);
    return new Promise<void>((resolve) => { this.compactWaiters.push({ rev: revision, resolve }); this.scheduleFlush(); });
  }

  /** Resolves when every write submitted so far has been answered. */
  settled(): Promise<void> {
    if (!this.writing && !this.flushQueued && !this.queued.length && this.forming.replies.length === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.settled();
      for (const set of [...this.watchers.values()]) for (const w of [...set]) w.stop();
      for (const w of this.compactWaiters) w.resolve();
      this.compactWaiters = [];
      await this.journal.close();
    })();
    return this.closing;
  }
}

export function openStore(options: JournalStoreOptions): Promise<JournalStore> {
  return JournalStore.open(options);
}
