// Kubernetes' deployment/recreate.go: scale every old ReplicaSet to 0, wait until their pods
// are gone, then create (or reuse) the new ReplicaSet at full size.
import type { Work } from './context.js';
import { syncRolloutStatus } from './progress.js';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent } from './sync.js';
import { deploymentComplete, filterActive, specReplicas, sumStatus } from './util.js';

export function rolloutRecreate(w: Work): void {
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(w, false);
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) if (scaleReplicaSetAndRecordEvent(w, rs, 0)) scaledDown = true;
  if (scaledDown) return syncRolloutStatus(w, [...oldRSs, newRS], newRS);
  // oldPodsRunning: old ReplicaSets still report pods, or the caller still sees some
  // (terminating pods count: Recreate guarantees old and new never run together).
  if (sumStatus(oldRSs) > 0 || (w.activePodsOfOldRS ?? 0) > 0) return syncRolloutStatus(w, [...oldRSs, newRS], newRS);
  if (!newRS) ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(w, true));
  if (newRS) scaleReplicaSetAndRecordEvent(w, newRS, specReplicas(w.d));
  if (deploymentComplete(w.d, w.d.status)) cleanupDeployment(w, oldRSs);
  syncRolloutStatus(w, [...oldRSs, newRS], newRS);
}
