// Kubernetes' deployment/rollback.go, for the deprecated.deployment.rollback.to annotation
// (what apps/v1 keeps of spec.rollbackTo), and the pure half of `kubectl rollout undo`, which
// patches the template back: the controller then finds the old ReplicaSet as the new one
// and raises its revision to max+1 (sync.ts, setNewReplicaSetAnnotations).
import { deepCopy } from '../../src/store/copy.js';
import type { KObject } from '../../src/store/types.js';
import { normal, warning, type Work } from './context.js';
import { getAllReplicaSetsAndSyncRevision } from './sync.js';
import { HASH_LABEL, ROLLBACK_TO, SKIPPED_ANNOTATIONS, equalIgnoreHash, lastRevision, revisionOf } from './util.js';

/** The revision asked for by the rollback annotation, or null. */
export function rollbackTo(d: KObject): number | null {
  const v = d.metadata.annotations?.[ROLLBACK_TO];
  if (v === undefined || v === '' || !/^\d+$/.test(v)) return null;
  return Number(v);
}

/** The ReplicaSet's template with the pod-template-hash label removed. */
export function templateOf(rs: KObject): any {
  const tpl = deepCopy(rs.spec?.template ?? {});
  if (tpl.metadata?.labels) {
    delete tpl.metadata.labels[HASH_LABEL];
  }
  return tpl;
}

/** SetDeploymentAnnotationsTo: the Deployment takes the ReplicaSet's annotations (skipped ones stay). */
function setAnnotationsTo(d: KObject, rs: KObject): void {
  const kept: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (SKIPPED_ANNOTATIONS.has(k)) kept[k] = v;
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!SKIPPED_ANNOTATIONS.has(k)) kept[k] = v;
  d.metadata.annotations = kept;
}

function clearRollbackTo(d: KObject): void {
  if (d.metadata.annotations) delete d.metadata.annotations[ROLLBACK_TO];
}

/** rollback: restore the template of the requested revision (0: the previous one), then drop the request. */
export function rollback(w: Work): void {
  const d = w.d;
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(w, true);
  const all = newRS ? [...oldRSs, newRS] : oldRSs;
  let revision = rollbackTo(d) ?? 0;
  if (revision === 0) {
    revision = lastRevision(all);
    if (revision === 0) {
      warning(w, 'DeploymentRollbackRevisionNotFound', 'Unable to find last revision.');
      return clearRollbackTo(d);
    }
  }
  const target = all.find((r) => revisionOf(r) === revision);
  if (!target) {
    warning(w, 'DeploymentRollbackRevisionNotFound', 'Unable to find the revision to rollback to.');
    return clearRollbackTo(d);
  }
  if (equalIgnoreHash(d.spec?.template, target.spec?.template)) {
    warning(w, 'DeploymentRollbackTemplateUnchanged', `The rollback revision contains the same template as current deployment "${d.metadata.name}"`);
  } else {
    d.spec.template = templateOf(target);
    setAnnotationsTo(d, target);
    normal(w, 'DeploymentRollback', `Rolled back deployment "${d.metadata.name}" to revision ${revision}`);
  }
  clearRollbackTo(d);
}

/**
 * What `kubectl rollout undo [--to-revision=N]` writes: the Deployment with the template of
 * revision N (0: the previous revision) and that ReplicaSet's annotations. Returns an error
 * message as kubectl words it when there is nothing to undo to.
 */
export function rolloutUndo(d: KObject, replicaSets: readonly KObject[], toRevision = 0): { deployment: KObject } | { error: string } {
  if (d.spec?.paused) {
    return { error: `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${d.metadata.name}' and try again` };
  }
  let revision = toRevision;
  if (revision === 0) revision = lastRevision(replicaSets);
  if (revision === 0) return { error: 'no rollout history found for deployment "' + d.metadata.name + '"' };
  const target = replicaSets.find((r) => revisionOf(r) === revision);
  if (!target) return { error: `unable to find specified revision ${revision} in history` };
  if (equalIgnoreHash(d.spec?.template, target.spec?.template)) {
    return { error: `skipped rollback (current template already matches revision ${revision})` };
  }
  const out = deepCopy(d);
  out.spec.template = templateOf(target);
  setAnnotationsTo(out, target);
  return { deployment: out };
}
