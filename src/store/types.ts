// The store's public contract. The embedded LevelDB journal implements it; a later etcd
// backend can implement the same interface. Objects are plain Kubernetes-shaped JSON values.
import type { StoreError } from './errors.js';

/** What the caller tells the store about a resource type (the store keeps no registry of kinds). */
export interface ResourceRef {
  /** API group; '' for the core group. */
  group: string;
  /** Plural lower-case resource name, as in REST paths: 'pods', 'deployments'. */
  resource: string;
  /** Kind, as in objects: 'Pod', 'Deployment'. Used for field selectors and routing. */
  kind: string;
  namespaced: boolean;
}

export interface ObjectMeta {
  name?: string; generateName?: string; namespace?: string; uid?: string; resourceVersion?: string;
  generation?: number; creationTimestamp?: string; deletionTimestamp?: string; deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[];
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
  [field: string]: unknown;
}

export interface KObject { apiVersion?: string; kind?: string; metadata: ObjectMeta; spec?: any; status?: any; [field: string]: any }

export interface WriteOptions {
  /** What led to this write (a revision, a message id); kept in the journal and passed to routing. */
  cause?: string;
}

export interface UpdateOptions extends WriteOptions {
  /** 'status': only `.status` of the given object is taken; everything else stays as stored. */
  subresource?: 'status';
}

export interface Preconditions { uid?: string; resourceVersion?: string }

export interface DeleteOptions extends WriteOptions {
  preconditions?: Preconditions;
  /** Finalizers to add as the object is marked (propagation: 'orphan', 'foregroundDeletion'). */
  addFinalizers?: string[];
  /**
   * Graceful deletion (pods): with a grace > 0 the object is marked, not removed, with
   * deletionTimestamp = now + grace; a later delete with a shorter grace brings it forward,
   * and one with grace 0 removes it (once no finalizers are left).
   */
  gracePeriodSeconds?: number;
  /** Mark even without finalizers or grace (namespaces: their content goes first). */
  keep?: boolean;
}

export interface WriteResult {
  revision: number;
  /** The object as stored (after the write); for a removal, its last state. */
  object: KObject;
  /** For deletes: true when the object is gone, false when it was only marked (finalizers pending). */
  removed?: boolean;
}

export type WriteOp =
  | { op: 'create'; resource: ResourceRef; object: KObject }
  | { op: 'update'; resource: ResourceRef; object: KObject; subresource?: 'status' }
  /**
   * Read-modify-write of the stored object in one step (Kubernetes' storage GuaranteedUpdate):
   * `change` gets the current object, which it must not mutate, and returns the object to
   * store (sharing what it keeps), applied by the update rules; what it throws rejects the
   * write.
   */
  | { op: 'modify'; resource: ResourceRef; namespace?: string; name: string; change: (current: KObject) => KObject; subresource?: 'status' }
  | { op: 'delete'; resource: ResourceRef; namespace?: string; name: string; preconditions?: Preconditions; addFinalizers?: string[]; gracePeriodSeconds?: number; keep?: boolean };

/** resourceVersionMatch of Kubernetes lists. */
export type ResourceVersionMatch = 'NotOlderThan' | 'Exact';

export interface ListOptions {
  /** Omit for all namespaces (or for cluster-scoped resources). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** '' or undefined: newest; '0': any; 'N': NotOlderThan N unless resourceVersionMatch says Exact. */
  resourceVersion?: string;
  resourceVersionMatch?: ResourceVersionMatch;
  limit?: number;
  continue?: string;
}

export interface ObjectList {
  items: KObject[];
  /** The revision the list was read at, as a string. */
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface GetOptions { resourceVersion?: string }

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /**
   * Deliver changes after this revision. Omit to first receive every current matching object as
   * ADDED (Kubernetes' "get state and start at most recent"), then the changes after it.
   */
  fromRevision?: number;
  /** Send a BOOKMARK once caught up, and whenever `bookmark()` is called. */
  bookmarks?: boolean;
  /** Events a slow consumer may have outstanding before the watch ends with an ERROR (default 100k). */
  maxPending?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  revision: number;
  /** Shared between watchers: treat as read-only. BOOKMARK: only metadata.resourceVersion. ERROR: a Status. */
  object: any;
}

export interface Watch extends AsyncIterable<WatchEvent> {
  /** Next event, or undefined once the watch has ended. */
  next(): Promise<WatchEvent | undefined>;
  /** Ask for a BOOKMARK carrying the newest revision this watch is complete up to. */
  bookmark(): void;
  stop(): void;
  readonly stopped: boolean;
}

/**
 * Objects a write answers with, and those its watch events carry, are shared with the store (the
 * next write of the key starts from them) and with every watcher: read-only. A `modify` change
 * gets the current object the same way and returns a new one. CYBERNETES_FREEZE_SHARED=1
 * freezes them, so code that changes one fails (the test suite runs so).
 */
export interface ObjectStore {
  /** Newest committed revision. */
  readonly revision: number;
  /** A write failed to reach the disk and the store takes no more (reopen it); absent: it cannot fail so. */
  readonly failed?: boolean;
  /** Revisions at or below this may be gone; reads there get Expired. */
  readonly compactedRevision: number;
  get(resource: ResourceRef, namespace: string | undefined, name: string, options?: GetOptions): Promise<KObject>;
  list(resource: ResourceRef, options?: ListOptions): Promise<ObjectList>;
  create(resource: ResourceRef, object: KObject, options?: WriteOptions): Promise<WriteResult>;
  update(resource: ResourceRef, object: KObject, options?: UpdateOptions): Promise<WriteResult>;
  /** Read-modify-write (see WriteOp 'modify'). */
  modify(resource: ResourceRef, namespace: string | undefined, name: string, change: (current: KObject) => KObject, options?: UpdateOptions): Promise<WriteResult>;
  delete(resource: ResourceRef, namespace: string | undefined, name: string, options?: DeleteOptions): Promise<WriteResult>;
  /** All or nothing: every op lands in one durable batch, or the whole transaction is rejected. */
  transaction(ops: WriteOp[], options?: WriteOptions): Promise<WriteResult[]>;
  /** Throws Expired (410) when fromRevision is below the compaction point. */
  watch(resource: ResourceRef, options?: WatchOptions): Watch;
  compact(revision: number): Promise<void>;
  close(): Promise<void>;
}

export type { StoreError };
