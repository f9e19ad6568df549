// Kubernetes' deployment/sync.go: the new ReplicaSet and revisions, scaling (with
// proportional scaling during a rollout), history cleanup and the status calculation.
import { deepCopy } from '../../src/store/copy.js';
import type { KObject } from '../../src/store/types.js';
import { deepEqual } from '../../src/store/deep-equal.js';
import { normal, type Work } from './context.js';
import {
  DESIRED_REPLICAS, HASH_LABEL, MAX_REPLICAS, MAX_REV_HISTORY_CHARS, REVISION, REVISION_HISTORY, SKIPPED_ANNOTATIONS,
  byCreation, byRevision, bySizeNewer, bySizeOlder, filterActive, findNewReplicaSet, getCondition, hasProgressDeadline,
  hasRevisionHistoryLimit, intAnnotation, isRollingUpdate, isSaturated, maxRevision, maxSurge, maxUnavailable, newCondition,
  podTemplateHash, resolveFenceposts, roundHalfAway, setCondition, specReplicas, sumSpec, sumStatus,
} from './util.js';

const annotations = (o: KObject): Record<string, string> => (o.metadata.annotations ??= {});

/** SetReplicasAnnotations: desired-replicas and max-replicas; true when something changed. */
export function setReplicasAnnotations(rs: KObject, desired: number, max: number): boolean {
  const a = annotations(rs);
  let changed = false;
  if (a[DESIRED_REPLICAS] !== String(desired)) { a[DESIRED_REPLICAS] = String(desired); changed = true; }
  if (a[MAX_REPLICAS] !== String(max)) { a[MAX_REPLICAS] = String(max); changed = true; }
  return changed;
}

/** ReplicasAnnotationsNeedUpdate. */
export function replicasAnnotationsNeedUpdate(rs: KObject, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max);
}

/** copyDeploymentAnnotationsToReplicaSet: every annotation but the skipped ones. */
function copyDeploymentAnnotations(d: KObject, rs: KObject): boolean {
  const a = annotations(rs);
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIPPED_ANNOTATIONS.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  return changed;
}

/**
 * SetNewReplicaSetAnnotations: copy the Deployment's annotations, raise the revision to
 * newRevision (never lower it), keep the replaced revision in revision-history when the
 * ReplicaSet comes back (a rollback), and for a new ReplicaSet record the replica annotations.
 */
export function setNewReplicaSetAnnotations(d: KObject, rs: KObject, newRevision: number, exists: boolean): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const a = annotations(rs);
  const had = Object.hasOwn(a, REVISION);
  const oldRevisionText = a[REVISION] ?? '';
  let oldRevision = 0;
  if (oldRevisionText !== '') {
    if (!/^\d+$/.test(oldRevisionText)) return false;
    oldRevision = Number(oldRevisionText);
  }
  if (oldRevision < newRevision) {
    a[REVISION] = String(newRevision);
    changed = true;
    if (had) {
      const history = a[REVISION_HISTORY] ?? '';
      if (history === '') a[REVISION_HISTORY] = oldRevisionText;
      else {
        const olds = history.split(',');
        let total = history.length + oldRevisionText.length + 1;
        let start = 0;
        while (total > MAX_REV_HISTORY_CHARS && start < olds.length) { total -= olds[start]!.length + 1; start++; }
        if (total <= MAX_REV_HISTORY_CHARS) a[REVISION_HISTORY] = [...olds.slice(start), oldRevisionText].join(',');
      }
    }
  }
  if (!exists && setReplicasAnnotations(rs, specReplicas(d), specReplicas(d) + maxSurge(d))) changed = true;
  return changed;
}

/** SetDeploymentRevision: the Deployment's revision annotation follows its new ReplicaSet. */
function setDeploymentRevision(d: KObject, revision: string | undefined): boolean {
  if (revision === undefined) return false;
  const a = annotations(d);
  if (a[REVISION] === revision) return false;
  a[REVISION] = revision;
  return true;
}

/** NewRSNewReplicas: how far the new ReplicaSet may grow now. */
export function newRSNewReplicas(d: KObject, allRSs: readonly KObject[], newRS: KObject): number {
  if (!isRollingUpdate(d)) return specReplicas(d);
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const surge = resolveFenceposts(ru.maxSurge, ru.maxUnavailable, specReplicas(d)).surge;
  const current = sumSpec(allRSs);
  const maxTotal = specReplicas(d) + surge;
  if (current >= maxTotal) return specReplicas(newRS);
  const up = Math.min(maxTotal - current, specReplicas(d) - specReplicas(newRS));
  return specReplicas(newRS) + up;
}

/** The ReplicaSet the Deployment's current template would create (not yet in the world). */
export function newReplicaSetFor(d: KObject, hash: string): KObject {
  const tpl = deepCopy(d.spec?.template ?? {});
  tpl.metadata ??= {};
  tpl.metadata.labels = { ...(tpl.metadata.labels ?? {}), [HASH_LABEL]: hash };
  const sel = deepCopy(d.spec?.selector ?? {});
  sel.matchLabels = { ...(sel.matchLabels ?? {}), [HASH_LABEL]: hash };
  const spec: Record<string, unknown> = { replicas: 0, selector: sel, template: tpl };
  if (d.spec?.minReadySeconds) spec.minReadySeconds = d.spec.minReadySeconds;
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels: { ...tpl.metadata.labels },
      ownerReferences: [{
        apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name ?? '', uid: d.metadata.uid ?? '', controller: true, blockOwnerDeletion: true,
      }],
    },
    spec,
  };
}

/**
 * getNewReplicaSet: sync the existing new ReplicaSet's annotations (revision max+1 when it
 * comes back: a rollback) and minReadySeconds, or create it when asked.
 */
export function getNewReplicaSet(w: Work, oldRSs: readonly KObject[], createIfNotExisted: boolean): KObject | null {
  const d = w.d;
  const existing = findNewReplicaSet(d, w.rss.filter((r) => !w.deleted.includes(r)));
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing) {
    setNewReplicaSetAnnotations(d, existing, newRevision, true);
    if ((existing.spec.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0)) {
      if (d.spec?.minReadySeconds) existing.spec.minReadySeconds = d.spec.minReadySeconds;
      else delete existing.spec.minReadySeconds;
    }
    setDeploymentRevision(d, existing.metadata.annotations?.[REVISION]);
    if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
      d.status ??= {};
      setCondition(d.status, newCondition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${existing.metadata.name}"`, w.now));
    }
    return existing;
  }
  if (!createIfNotExisted) return null;

  const collisionCount = typeof d.status?.collisionCount === 'number' ? d.status.collisionCount : undefined;
  const hash = podTemplateHash(d.spec?.template, collisionCount);
  const rs = newReplicaSetFor(d, hash);
  // A ReplicaSet of ours already has that name with another template: a hash collision.
  if (w.rss.some((r) => r.metadata.name === rs.metadata.name)) {
    d.status ??= {};
    d.status.collisionCount = (collisionCount ?? 0) + 1;
    w.requeueNow = true;
    return null;
  }
  const count = newRSNewReplicas(d, [...oldRSs, rs], rs);
  rs.spec.replicas = count;
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  w.rss.push(rs);
  w.created.push(rs);
  if (count > 0) normal(w, 'ScalingReplicaSet', `Scaled up replica set ${rs.metadata.name} to ${count}`);
  setDeploymentRevision(d, String(newRevision));
  if (hasProgressDeadline(d)) {
    d.status ??= {};
    setCondition(d.status, newCondition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${rs.metadata.name}"`, w.now));
  }
  return rs;
}

/** getAllReplicaSetsAndSyncRevision: [new (or null), all old]. */
export function getAllReplicaSetsAndSyncRevision(w: Work, createIfNotExisted: boolean): { newRS: KObject | null; oldRSs: KObject[] } {
  const live = w.rss.filter((r) => !w.deleted.includes(r));
  const current = findNewReplicaSet(w.d, live);
  const oldRSs = live.filter((r) => r !== current);
  const newRS = getNewReplicaSet(w, oldRSs, createIfNotExisted);
  return { newRS, oldRSs };
}

/** scaleReplicaSet: size and replica annotations; an event when the size changes. */
export function scaleReplicaSet(w: Work, rs: KObject, newScale: number, operation: string): boolean {
  const d = w.d;
  const desired = specReplicas(d), max = desired + maxSurge(d);
  const sizeNeedsUpdate = specReplicas(rs) !== newScale;
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return false;
  const old = specReplicas(rs);
  rs.spec.replicas = newScale;
  setReplicasAnnotations(rs, desired, max);
  if (sizeNeedsUpdate) normal(w, 'ScalingReplicaSet', `Scaled ${operation} replica set ${rs.metadata.name} to ${newScale} from ${old}`);
  return sizeNeedsUpdate;
}

export function scaleReplicaSetAndRecordEvent(w: Work, rs: KObject, newScale: number): boolean {
  if (specReplicas(rs) === newScale) return false;
  return scaleReplicaSet(w, rs, newScale, specReplicas(rs) < newScale ? 'up' : 'down');
}

/** FindActiveOrLatest: the only active ReplicaSet, or the newest when none is active. */
export function findActiveOrLatest(newRS: KObject | null, oldRSs: readonly KObject[]): KObject | null {
  if (!newRS && oldRSs.length === 0) return null;
  const olds = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = filterActive([...olds, newRS]);
  if (active.length === 0) return newRS ?? olds[0] ?? null;
  if (active.length === 1) return active[0]!;
  return null;
}

/** getReplicaSetFraction: the change in size proportional to the max-replicas it was sized for. */
function replicaSetFraction(rs: KObject, d: KObject): number {
  if (specReplicas(d) === 0) return -specReplicas(rs);
  const deploymentMax = specReplicas(d) + maxSurge(d);
  let before = intAnnotation(rs, MAX_REPLICAS);
  if (before === undefined || before === 0) before = typeof d.status?.replicas === 'number' ? d.status.replicas : 0;
  if (!before) return 0;
  return roundHalfAway((specReplicas(rs) * deploymentMax) / before) - specReplicas(rs);
}

/** GetReplicaSetProportion. */
function replicaSetProportion(rs: KObject, d: KObject, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** scale: follow a change of spec.replicas (proportionally across active ReplicaSets mid-rollout). */
export function scale(w: Work, newRS: KObject | null, oldRSs: readonly KObject[]): void {
  const d = w.d;
  const one = findActiveOrLatest(newRS, oldRSs);
  if (one) {
    if (specReplicas(one) !== specReplicas(d)) scaleReplicaSetAndRecordEvent(w, one, specReplicas(d));
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) scaleReplicaSetAndRecordEvent(w, old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = filterActive([...oldRSs, newRS]);
  const allReplicas = sumSpec(all);
  const allowed = specReplicas(d) > 0 ? specReplicas(d) + maxSurge(d) : 0;
  const toAdd = allowed - allReplicas;
  let operation = '';
  if (toAdd > 0) { all.sort(bySizeNewer); operation = 'up'; }
  else if (toAdd < 0) { all.sort(bySizeOlder); operation = 'down'; }
  let added = 0;
  const sizes = new Map<KObject, number>();
  for (const rs of all) {
    if (toAdd !== 0) {
      const p = replicaSetProportion(rs, d, toAdd, added);
      sizes.set(rs, specReplicas(rs) + p);
      added += p;
    } else sizes.set(rs, specReplicas(rs));
  }
  all.forEach((rs, i) => {
    if (i === 0 && toAdd !== 0) sizes.set(rs, Math.max(0, sizes.get(rs)! + toAdd - added));
    scaleReplicaSet(w, rs, sizes.get(rs)!, operation);
  });
}

/** cleanupDeployment: delete the oldest scaled-down ReplicaSets beyond revisionHistoryLimit. */
export function cleanupDeployment(w: Work, oldRSs: readonly KObject[]): void {
  const d = w.d;
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((r) => !r.metadata.deletionTimestamp && !w.deleted.includes(r));
  const diff = cleanable.length - d.spec.revisionHistoryLimit;
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i]!;
    if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0) continue;
    if ((rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    w.deleted.push(rs);
  }
}

/** calculateStatus: counts from the ReplicaSets, conditions carried over, Available recomputed. */
export function calculateStatus(d: KObject, allRSs: readonly (KObject | null)[], newRS: KObject | null, now: number): Record<string, any> {
  const rss = allRSs.filter((r): r is KObject => !!r);
  const available = sumStatus(rss, 'availableReplicas');
  const unavailable = Math.max(0, sumSpec(rss) - available);
  const s: Record<string, any> = {};
  if (d.metadata.generation) s.observedGeneration = d.metadata.generation;
  const put = (k: string, v: number): void => { if (v) s[k] = v; };
  put('replicas', sumStatus(rss));
  put('updatedReplicas', newRS ? sumStatus([newRS]) : 0);
  put('readyReplicas', sumStatus(rss, 'readyReplicas'));
  put('availableReplicas', available);
  put('unavailableReplicas', unavailable);
  if (Array.isArray(d.status?.conditions) && d.status.conditions.length) s.conditions = d.status.conditions.map((c: any) => ({ ...c }));
  if (typeof d.status?.collisionCount === 'number') s.collisionCount = d.status.collisionCount;
  if (available >= specReplicas(d) - maxUnavailable(d)) {
    setCondition(s, newCondition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now));
  } else {
    setCondition(s, newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now));
  }
  return s;
}

/** syncDeploymentStatus: the calculated status becomes the Deployment's. */
export function syncDeploymentStatus(w: Work, allRSs: readonly (KObject | null)[], newRS: KObject | null): void {
  const s = calculateStatus(w.d, allRSs, newRS, w.now);
  if (!deepEqual(s, w.d.status ?? {})) w.d.status = s;
}

/** isScalingEvent: an active ReplicaSet was sized for another spec.replicas. */
export function isScalingEvent(w: Work): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(w, false);
  for (const rs of filterActive([...oldRSs, newRS])) {
    const desired = intAnnotation(rs, DESIRED_REPLICAS);
    if (desired !== undefined && desired !== specReplicas(w.d)) return true;
  }
  return false;
}

/** sync: scaling events and paused Deployments (no rollout progress). */
export function sync(w: Work, paused: boolean, rollbackPending: boolean): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(w, false);
  scale(w, newRS, oldRSs);
  if (paused && !rollbackPending) cleanupDeployment(w, oldRSs);
  syncDeploymentStatus(w, [...oldRSs, newRS], newRS);
}

/** syncStatusOnly: a Deployment being deleted only reports status. */
export function syncStatusOnly(w: Work): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(w, false);
  syncDeploymentStatus(w, [...oldRSs, newRS], newRS);
}
