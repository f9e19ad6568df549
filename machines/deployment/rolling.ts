// Kubernetes' deployment/rolling.go: grow the new ReplicaSet within maxSurge, shrink the old
// ones within maxUnavailable (unhealthy replicas first), clean up when complete.
import type { KObject } from '../../src/store/types.js';
import type { Work } from './context.js';
import { syncRolloutStatus } from './progress.js';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, newRSNewReplicas, scaleReplicaSetAndRecordEvent } from './sync.js';
import { byCreation, deploymentComplete, filterActive, maxUnavailable, rsAvailable, specReplicas, sumSpec } from './util.js';

// Where this file departs from rolling.go: a ReplicaSet's available replicas count no more
// than its spec. Right after this controller shrinks a ReplicaSet, its status still reports
// the pods it had; a sync in that window (another object's change woke it) would count them
// and shrink the old ReplicaSets again, below replicas − maxUnavailable.
const availableAtMost = (rs: KObject): number => Math.min(rsAvailable(rs), specReplicas(rs));

export function rolloutRolling(w: Work): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(w, true);
  const all = [...oldRSs, newRS];
  if (newRS && reconcileNewReplicaSet(w, all.filter((r): r is KObject => !!r), newRS)) return syncRolloutStatus(w, all, newRS);
  if (newRS && reconcileOldReplicaSets(w, all.filter((r): r is KObject => !!r), filterActive(oldRSs), newRS)) {
    return syncRolloutStatus(w, all, newRS);
  }
  if (deploymentComplete(w.d, w.d.status)) cleanupDeployment(w, oldRSs);
  syncRolloutStatus(w, all, newRS);
}

/** reconcileNewReplicaSet: scale the new ReplicaSet toward spec.replicas, within maxSurge. */
export function reconcileNewReplicaSet(w: Work, allRSs: readonly KObject[], newRS: KObject): boolean {
  const want = specReplicas(w.d);
  if (specReplicas(newRS) === want) return false;
  if (specReplicas(newRS) > want) return scaleReplicaSetAndRecordEvent(w, newRS, want);
  return scaleReplicaSetAndRecordEvent(w, newRS, newRSNewReplicas(w.d, allRSs, newRS));
}

/** reconcileOldReplicaSets: scale old ReplicaSets down as far as maxUnavailable allows. */
export function reconcileOldReplicaSets(w: Work, allRSs: readonly KObject[], oldRSs: KObject[], newRS: KObject): boolean {
  if (sumSpec(oldRSs) === 0) return false;
  const allPods = sumSpec(allRSs);
  const minAvailable = specReplicas(w.d) - maxUnavailable(w.d);
  const newUnavailable = specReplicas(newRS) - availableAtMost(newRS);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(w, oldRSs, maxScaledDown);
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(w, [...oldRSs, newRS], oldRSs);
  return cleaned + scaledDown > 0;
}

/** cleanupUnhealthyReplicas: first remove old replicas that are not available anyway. */
export function cleanupUnhealthyReplicas(w: Work, oldRSs: KObject[], maxCleanup: number): number {
  oldRSs.sort(byCreation);
  let total = 0;
  for (const rs of oldRSs) {
    if (total >= maxCleanup) break;
    const size = specReplicas(rs);
    if (size === 0 || size === rsAvailable(rs)) continue;
    const down = Math.min(maxCleanup - total, size - rsAvailable(rs));
    if (down <= 0) continue;
    scaleReplicaSetAndRecordEvent(w, rs, size - down);
    total += down;
  }
  return total;
}

/** scaleDownOldReplicaSetsForRollingUpdate: shrink old ReplicaSets while availability stays above the floor. */
export function scaleDownOldReplicaSetsForRollingUpdate(w: Work, allRSs: readonly KObject[], oldRSs: KObject[]): number {
  const minAvailable = specReplicas(w.d) - maxUnavailable(w.d);
  const available = allRSs.reduce((n, rs) => n + availableAtMost(rs), 0);
  if (available <= minAvailable) return 0;
  oldRSs.sort(byCreation);
  const target = available - minAvailable;
  let total = 0;
  for (const rs of oldRSs) {
    if (total >= target) break;
    const size = specReplicas(rs);
    if (size === 0) continue;
    const down = Math.min(size, target - total);
    scaleReplicaSetAndRecordEvent(w, rs, size - down);
    total += down;
  }
  return total;
}
