// What controller and resource actors say to the store gateway (an actor on
// the main thread, where the journal lives), and what it says back.
import type { Address } from '../src/runtime/address.js';
import type { KObject, ResourceRef } from '../src/store/types.js';

/** The gateway's address: always on the main thread. */
export const STORE: Address = '0/store';

export type RouteBy = 'key' | 'owner' | 'node' | 'kind' | 'namespace';

export type WireOp =
  /**
   * `count` (default 1): create the object that many times (it needs metadata.generateName),
   * answered with one result per object created, in order: a controller's N pods from one
   * template cross the thread once.
   */
  | { op: 'create'; resource: ResourceRef; object: KObject; count?: number }
  | { op: 'update'; resource: ResourceRef; object: KObject; subresource?: 'status' }
  | { op: 'delete'; resource: ResourceRef; namespace?: string; name: string; uid?: string; gracePeriodSeconds?: number; propagationPolicy?: 'Background' | 'Foreground' | 'Orphan' }
  /** pods/binding: sets spec.nodeName and PodScheduled=True, if the pod is still unbound. */
  | { op: 'bind'; namespace: string; name: string; uid: string; node: string };

export type OpResult =
  | { ok: true; revision: number; object: KObject; removed?: boolean }
  | { ok: false; reason: string; message: string; code: number };

/**
 * `lean`: answer without the written objects (a writer that hears them routed anyway);
 * `'creates'`: only the creates so (a controller that hears its creations routed but uses what it updated).
 */
export interface StoreWrite { type: 'store.write'; ops: WireOp[]; lean?: boolean | 'creates' }
/** What a lean write answers: the objects left out (they would only cross the thread again); a create's name kept. */
export type LeanResult = { ok: true; revision: number; removed?: boolean; name?: string } | { ok: false; reason: string; message: string; code: number };

/** Most objects one create op may make (its `count`). */
export const MAX_CREATE_COUNT = 10_000;

/** A valid create count (a whole number from 1 to MAX_CREATE_COUNT); anything else is refused as one op. */
export const validCount = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= MAX_CREATE_COUNT;

/** The ops of a write as they are answered, one result each: a create with a valid count stands for that many. */
export function expandOps(ops: readonly WireOp[]): WireOp[] {
  const counted = (op: WireOp) => op.op === 'create' && op.count !== undefined && op.count !== 1 && validCount(op.count);
  if (!ops.some(counted)) return ops as WireOp[];
  return ops.flatMap((op) => (counted(op) ? Array.from({ length: (op as { count: number }).count }, () => op) : [op]));
}
export interface StoreWriteReply { results: OpResult[] }

export interface StoreSubscribe {
  type: 'store.subscribe';
  subs: { by: RouteBy; value: string }[];
  /** Objects to read once subscribed (changes from then on are routed). */
  read?: { resource: ResourceRef; namespace?: string; ownerUid?: string; labelSelector?: string; fieldSelector?: string }[];
}
export interface StoreSubscribeReply { revision: number; objects: KObject[][] }

/** What one read would return, as [namespace/name, resourceVersion] pairs: nothing decoded or sent but that. */
export interface StoreRevisions { type: 'store.revisions'; read: NonNullable<StoreSubscribe['read']>[number] }
/** `error`: the read could not be answered (a bad selector): the reader learns nothing from `items`. */
export interface StoreRevisionsReply { revision: number; items: [string, number][]; error?: string }

export interface StoreUnsubscribe { type: 'store.unsubscribe' }

export interface Change { type: 'ADDED' | 'MODIFIED' | 'DELETED'; rev: number; object: KObject }
/** Routed to subscribers: every change of one commit batch that matched them, in order. */
export interface StoreChanges { type: 'store.changes'; changes: Change[] }

export const refs = {
  pods: { group: '', resource: 'pods', kind: 'Pod', namespaced: true },
  nodes: { group: '', resource: 'nodes', kind: 'Node', namespaced: false },
  events: { group: '', resource: 'events', kind: 'Event', namespaced: true },
  leases: { group: 'coordination.k8s.io', resource: 'leases', kind: 'Lease', namespaced: true },
  secrets: { group: '', resource: 'secrets', kind: 'Secret', namespaced: true },
  configmaps: { group: '', resource: 'configmaps', kind: 'ConfigMap', namespaced: true },
  serviceaccounts: { group: '', resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  replicasets: { group: 'apps', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true },
  deployments: { group: 'apps', resource: 'deployments', kind: 'Deployment', namespaced: true },
  namespaces: { group: '', resource: 'namespaces', kind: 'Namespace', namespaced: false },
  services: { group: '', resource: 'services', kind: 'Service', namespaced: true },
  endpoints: { group: '', resource: 'endpoints', kind: 'Endpoints', namespaced: true },
  endpointslices: { group: 'discovery.k8s.io', resource: 'endpointslices', kind: 'EndpointSlice', namespaced: true },
} satisfies Record<string, ResourceRef>;

/** The store key of an object, as the router's 'key' subscriptions name it. */
export { objectKey as keyOf } from '../src/store/keys.js';
