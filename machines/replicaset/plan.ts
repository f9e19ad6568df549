// The ReplicaSet controller's decision, as Kubernetes' pkg/controller/replicaset makes it in
// syncReplicaSet: claim pods (adopt orphans, release strays), manageReplicas (create up to
// burstReplicas, delete the lowest-ranked), calculateStatus. Pure and level-triggered: the
// caller applies the plan and keeps its own expectations for writes still in flight.
import type { KObject } from '../../src/store/types.js';
import { labelSelectorFromObject, type LabelMatcher } from '../../src/store/selectors.js';
import { deepEqual } from '../../src/store/deep-equal.js';
import { deepCopy } from '../../src/store/copy.js';
import {
  controllerRef, isPodActive, isPodAvailable, isPodReady, podAvailableAt, rankPodsForDeletion, rfc3339,
} from './pods.js';

export { isPodActive, isPodAvailable, isPodReady, rankPodsForDeletion } from './pods.js';

/** Kubernetes' burstReplicas: at most this many creates or deletes per sync. */
export const BURST_REPLICAS = 500;

export interface ReplicaSetPlan {
  /** Pods to create now (podFromTemplate each), at most BURST_REPLICAS. */
  create: number;
  /** Pods to delete, first to go first (Kubernetes' ranking), at most BURST_REPLICAS. */
  delete: KObject[];
  /** Orphans to adopt, as given (write them with `withControllerRef(pod, rs)`); counted as owned. */
  adopt: KObject[];
  /** Owned pods that no longer match the selector, as given (write `withoutOwnerRef(pod, rs uid)`). */
  release: KObject[];
  /** The new `.status`, or null when it equals rs.status. */
  status: Record<string, unknown> | null;
  /**
   * Re-plan after this many ms without any event: the earliest moment a ready pod becomes
   * available under minReadySeconds (Kubernetes requeues after minReadySeconds). Null: no need.
   */
  requeueAfterMs: number | null;
}

/** A failed create/delete from the caller's last attempt: sets the ReplicaFailure condition. */
export type ReplicaSetFailure = string | { reason?: string; message: string } | null | undefined;

/** The selector as a matcher; a missing or invalid selector matches nothing. */
export function selectorMatcher(selector: unknown): LabelMatcher {
  if (selector === null || typeof selector !== 'object') return () => false;
  try {
    return labelSelectorFromObject(selector as any);
  } catch {
    return () => false;
  }
}

/** A copy of the pod with `owner` as its controller ownerReference (unchanged if present). */
export function withControllerRef(pod: KObject, owner: KObject, kind = 'ReplicaSet', apiVersion = 'apps/v1'): KObject {
  const refs = pod.metadata.ownerReferences ?? [];
  if (refs.some((r) => r.uid === owner.metadata.uid && r.controller === true)) return pod;
  const ref = {
    apiVersion, kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true,
  };
  return {
    ...pod,
    metadata: { ...pod.metadata, ownerReferences: [...refs.filter((r) => r.uid !== owner.metadata.uid), ref] },
  };
}

/** A copy of the object without ownerReferences to `uid` (ownerReferences dropped when none are left). */
export function withoutOwnerRef(o: KObject, uid: string): KObject {
  const refs = (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
  const metadata = { ...o.metadata, ownerReferences: refs };
  if (refs.length === 0) delete (metadata as { ownerReferences?: unknown }).ownerReferences;
  return { ...o, metadata };
}

const clone = <T>(v: T): T => (v === undefined ? v : deepCopy(v));

/** A Pod for the ReplicaSet's template, as controller.GetPodFromTemplate builds it. */
export function podFromTemplate(rs: KObject): KObject {
  const tpl = rs.spec?.template ?? {};
  const tm = tpl.metadata ?? {};
  const metadata: KObject['metadata'] = {
    generateName: `${rs.metadata.name}-`,
    namespace: rs.metadata.namespace,
    labels: { ...(tm.labels ?? {}) },
  };
  if (tm.annotations && Object.keys(tm.annotations).length) metadata.annotations = { ...tm.annotations };
  if (Array.isArray(tm.finalizers) && tm.finalizers.length) metadata.finalizers = [...tm.finalizers];
  metadata.ownerReferences = [{
    apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name ?? '', uid: rs.metadata.uid ?? '',
    controller: true, blockOwnerDeletion: true,
  }];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: clone(tpl.spec ?? {}) };
}

/** Which of the given pods the ReplicaSet controls after ClaimPods, and what adoption/release that takes. */
export function claimPods(rs: KObject, pods: readonly KObject[]): { owned: KObject[]; adopt: KObject[]; release: KObject[] } {
  const match = selectorMatcher(rs.spec?.selector);
  const rsDeleting = !!rs.metadata.deletionTimestamp;
  const myUid = rs.metadata.uid;
  const owned: KObject[] = [], adopt: KObject[] = [], release: KObject[] = [];
  for (const p of pods) {
    // Kubernetes claims only active pods (FilterActivePods runs first).
    if (!isPodActive(p)) continue;
    const ref = controllerRef(p);
    if (ref) {
      if (ref.uid !== myUid) continue; // another controller's
      if (match(p.metadata.labels)) owned.push(p);
      else if (!rsDeleting) release.push(p);
      continue;
    }
    // An orphan: adopt when it matches, neither side is being deleted.
    if (rsDeleting || !match(p.metadata.labels) || p.metadata.deletionTimestamp) continue;
    adopt.push(p);
    owned.push(withControllerRef(p, rs));
  }
  return { owned, adopt, release };
}

function labelsInclude(labels: Record<string, string> | undefined, want: Record<string, string> | undefined): boolean {
  for (const [k, v] of Object.entries(want ?? {})) if (labels?.[k] !== v) return false;
  return true;
}

/** calculateStatus of the replicaset controller (zero fields omitted, as Go's omitempty does). */
export function replicaSetStatus(rs: KObject, owned: readonly KObject[], now: number, failure?: ReplicaSetFailure): Record<string, unknown> {
  const minReady = Number(rs.spec?.minReadySeconds) || 0;
  const tplLabels = rs.spec?.template?.metadata?.labels;
  let fullyLabeled = 0, ready = 0, available = 0;
  for (const p of owned) {
    if (labelsInclude(p.metadata.labels, tplLabels)) fullyLabeled++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, now)) available++;
    }
  }
  const status: Record<string, unknown> = { replicas: owned.length };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (rs.metadata.generation) status.observedGeneration = rs.metadata.generation;
  let conditions: any[] = Array.isArray(rs.status?.conditions) ? rs.status.conditions.map((c: any) => ({ ...c })) : [];
  const hasFailure = conditions.some((c) => c.type === 'ReplicaFailure');
  if (failure && !hasFailure) {
    const diff = owned.length - (Number(rs.spec?.replicas ?? 1) || 0);
    const message = typeof failure === 'string' ? failure : failure.message;
    const reason = typeof failure === 'object' && failure.reason ? failure.reason : diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    conditions.push({ type: 'ReplicaFailure', status: 'True', lastTransitionTime: rfc3339(now), reason, message });
  } else if (!failure && hasFailure) {
    conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
  }
  if (conditions.length) status.conditions = conditions;
  return status;
}

/**
 * What the ReplicaSet controller does now for `rs`, given the pods of its namespace that it
 * owns or that are orphans (others are ignored). `failure`: the caller's last create/delete
 * error, if any, reported as the ReplicaFailure condition until a sync succeeds.
 */
export function planReplicaSet(rs: KObject, pods: KObject[], now: number, failure?: ReplicaSetFailure): ReplicaSetPlan {
  const { owned, adopt, release } = claimPods(rs, pods);
  const plan: ReplicaSetPlan = { create: 0, delete: [], adopt, release, status: null, requeueAfterMs: null };
  const desired = Math.max(0, Number(rs.spec?.replicas ?? 1) || 0);
  if (!rs.metadata.deletionTimestamp) {
    const diff = owned.length - desired;
    if (diff < 0) plan.create = Math.min(-diff, BURST_REPLICAS);
    else if (diff > 0) plan.delete = rankPodsForDeletion(owned, now).slice(0, Math.min(diff, BURST_REPLICAS));
  }
  const status = replicaSetStatus(rs, owned, now, failure);
  if (!deepEqual(status, rs.status ?? {})) plan.status = status;

  // Ready pods waiting out minReadySeconds: re-check when the first of them becomes available.
  const minReady = Number(rs.spec?.minReadySeconds) || 0;
  if (minReady > 0) {
    let first = Infinity;
    for (const p of owned) {
      if (isPodAvailable(p, minReady, now)) continue;
      const at = podAvailableAt(p, minReady);
      if (at !== null && at < first) first = at;
    }
    if (first !== Infinity) plan.requeueAfterMs = Math.max(1, first - now);
  }
  return plan;
}
