// Kubernetes' deployment/progress.go: the Progressing condition (progress, completion,
// ProgressDeadlineExceeded), ReplicaFailure carried up from ReplicaSets, when to re-check
// a stuck rollout, and the Paused/Resumed bookkeeping of checkPausedConditions.
import type { KObject } from '../../src/store/types.js';
import type { Work } from './context.js';
import { calculateStatus } from './sync.js';
import {
  deploymentComplete, deploymentProgressing, deploymentTimedOut, getCondition, hasProgressDeadline, newCondition,
  removeCondition, setCondition, timeMs, type DeploymentCondition,
} from './util.js';

/** syncRolloutStatus: the status of a Deployment that is rolling out. */
export function syncRolloutStatus(w: Work, allRSs: readonly (KObject | null)[], newRS: KObject | null): void {
  const d = w.d;
  const s = calculateStatus(d, allRSs, newRS, w.now);
  if (!hasProgressDeadline(d)) removeCondition(s, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const isComplete = (s.replicas ?? 0) === (s.updatedReplicas ?? 0) && current?.reason === 'NewReplicaSetAvailable';
  if (hasProgressDeadline(d) && !isComplete) {
    const name = newRS?.metadata.name;
    if (deploymentComplete(d, s)) {
      const msg = name ? `ReplicaSet "${name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
      setCondition(s, newCondition('Progressing', 'True', 'NewReplicaSetAvailable', msg, w.now));
    } else if (deploymentProgressing(d, s)) {
      const msg = name ? `ReplicaSet "${name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
      const cond = newCondition('Progressing', 'True', 'ReplicaSetUpdated', msg, w.now);
      // Progress refreshes lastUpdateTime even when the reason stays the same.
      if (current) {
        if (current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
        removeCondition(s, 'Progressing');
      }
      setCondition(s, cond);
    } else if (deploymentTimedOut(d, s, w.now)) {
      const msg = name ? `ReplicaSet "${name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setCondition(s, newCondition('Progressing', 'False', 'ProgressDeadlineExceeded', msg, w.now));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setCondition(s, failure);
  else removeCondition(s, 'ReplicaFailure');
  w.d.status = s;
}

/** getReplicaFailures: the new ReplicaSet's ReplicaFailure condition first, else an old one's. */
function replicaFailure(allRSs: readonly (KObject | null)[], newRS: KObject | null): DeploymentCondition | null {
  const fromRS = (rs: KObject | null): DeploymentCondition | null => {
    const c = Array.isArray(rs?.status?.conditions) ? rs!.status.conditions.find((x: any) => x?.type === 'ReplicaFailure') : undefined;
    if (!c) return null;
    // ReplicaSetToDeploymentCondition: lastUpdateTime follows lastTransitionTime.
    return {
      type: 'ReplicaFailure', status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime,
      reason: c.reason ?? '', message: c.message ?? '',
    };
  };
  const n = fromRS(newRS);
  if (n) return n;
  for (const rs of allRSs) {
    if (rs === newRS) continue;
    const o = fromRS(rs);
    if (o) return o;
  }
  return null;
}

/**
 * requeueStuckDeployment: when to look again if nothing happens, so that a stalled rollout
 * turns ProgressDeadlineExceeded on time (deadline after the last progress, plus a second).
 */
export function requeueAfter(d: KObject, now: number): number | null {
  if (!hasProgressDeadline(d) || d.spec?.paused) return null;
  const cond = getCondition(d.status, 'Progressing');
  if (!cond) return null;
  if (deploymentComplete(d, d.status) || cond.reason === 'ProgressDeadlineExceeded') return null;
  const after = timeMs(cond.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 - now;
  return after < 1000 ? 1000 : after + 1000;
}

/** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed. */
export function checkPausedConditions(w: Work): void {
  const d = w.d;
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === 'ProgressDeadlineExceeded') return; // a timed-out rollout stays timed out
  const paused = !!d.spec?.paused;
  if (paused && cond?.reason !== 'DeploymentPaused') {
    d.status ??= {};
    setCondition(d.status, newCondition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', w.now));
  } else if (!paused && cond?.reason === 'DeploymentPaused') {
    d.status ??= {};
    setCondition(d.status, newCondition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', w.now));
  }
}
