// planDeployment: one pass of Kubernetes' syncDeployment (pkg/controller/deployment) as a
// pure function. The writes Kubernetes makes along the way (ReplicaSet creates and updates,
// Deployment status and annotation updates, deletions of old history) come back as a plan.
import type { KObject } from '../../src/store/types.js';
import { deepEqual } from '../../src/store/deep-equal.js';
import { changedReplicaSets, deploymentChanged, newWork, warning, type PlanEvent } from './context.js';
import { checkPausedConditions, requeueAfter } from './progress.js';
import { rolloutRecreate } from './recreate.js';
import { rollback, rollbackTo } from './rollback.js';
import { rolloutRolling } from './rolling.js';
import { isScalingEvent, sync, syncStatusOnly } from './sync.js';

export { podTemplateHash } from './util.js';
export type { PlanEvent } from './context.js';

export interface DeploymentPlan {
  /** New ReplicaSets (`${deployment}-${hash}`), with revision and replica annotations. */
  create: KObject[];
  /** ReplicaSets to write back whole (spec.replicas, annotations, minReadySeconds). */
  update: KObject[];
  /** Old ReplicaSets beyond revisionHistoryLimit (scaled to 0, nothing running). */
  delete: KObject[];
  /** Main-resource write of the Deployment (revision annotation, rollback's template). */
  deploymentUpdate: KObject | null;
  /** The new `.status`, or null when unchanged. */
  status: Record<string, unknown> | null;
  /** Re-plan after this long even without events (progress deadline checks). */
  requeueAfterMs: number | null;
  events: PlanEvent[];
}

/**
 * What the deployment controller does now for `d`, given the ReplicaSets it controls.
 * `activePodsOfOldRS`: for Recreate, the pods of old ReplicaSets still present (terminating
 * included); without it the old ReplicaSets' status.replicas decides.
 */
export function planDeployment(d: KObject, replicaSets: KObject[], now: number, activePodsOfOldRS?: number): DeploymentPlan {
  const w = newWork(d, replicaSets, now, activePodsOfOldRS);
  const sel = d.spec?.selector;
  if (!sel || deepEqual(sel, {})) {
    warning(w, 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) w.d.status = { ...(d.status ?? {}), observedGeneration: d.metadata.generation };
  } else if (d.metadata.deletionTimestamp) {
    syncStatusOnly(w);
  } else {
    checkPausedConditions(w);
    if (w.d.spec?.paused) sync(w, true, rollbackTo(w.d) !== null);
    else if (rollbackTo(w.d) !== null) rollback(w);
    else if (isScalingEvent(w)) sync(w, false, false);
    else if (w.d.spec?.strategy?.type === 'Recreate') rolloutRecreate(w);
    else rolloutRolling(w);
  }

  const status = deepEqual(w.d.status ?? {}, d.status ?? {}) ? null : (w.d.status as Record<string, unknown>);
  const requeueAfterMs = w.requeueNow ? 0 : requeueAfter(w.d, now);
  return {
    create: w.created,
    update: changedReplicaSets(w),
    delete: w.deleted,
    deploymentUpdate: deploymentChanged(w) ? stripStatus(w.d, d) : null,
    status,
    requeueAfterMs,
    events: w.events,
  };
}

/** The Deployment for a main-resource write: its new metadata and spec, the status it had. */
function stripStatus(next: KObject, prev: KObject): KObject {
  const out: KObject = { ...next };
  if (prev.status === undefined) delete out.status;
  else out.status = prev.status;
  return out;
}
