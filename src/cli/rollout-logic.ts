// What kubectl's rollout verbs decide, without the I/O: the status message of
// a Deployment (DeploymentStatusViewer), its revision history from the
// ReplicaSets it controls, and the patch that rolls it back to one of them.
import { CliError } from './errors.js';

export interface RolloutStatus { message: string; done: boolean; error?: string }

/** kubectl's messages, word for word, so scripts that grep them keep working. */
export function deploymentRolloutStatus(d: any): RolloutStatus {
  const name = d?.metadata?.name;
  const generation = d?.metadata?.generation ?? 0;
  const status = d?.status ?? {};
  if (generation > (status.observedGeneration ?? 0)) return { message: 'Waiting for deployment spec update to be observed...', done: false };
  const progressing = (status.conditions ?? []).find((c: any) => c?.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { message: '', done: false, error: `deployment "${name}" exceeded its progress deadline` };
  }
  const desired: number | undefined = d?.spec?.replicas;
  const updated = status.updatedReplicas ?? 0;
  const replicas = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  if (desired !== undefined && updated < desired) {
    return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${desired} new replicas have been updated...`, done: false };
  }
  if (replicas > updated) {
    return { message: `Waiting for deployment "${name}" rollout to finish: ${replicas - updated} old replicas are pending termination...`, done: false };
  }
  if (available < updated) {
    return { message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`, done: false };
  }
  return { message: `deployment "${name}" successfully rolled out`, done: true };
}

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
const HASH_LABEL = 'pod-template-hash';

/** The ReplicaSets whose controller is this Deployment (by uid, as the controller sets it). */
export function controlledBy(replicaSets: any[], owner: any): any[] {
  const uid = owner?.metadata?.uid;
  return replicaSets.filter((rs) => (rs?.metadata?.ownerReferences ?? []).some((r: any) => r?.controller && r?.uid === uid));
}

export function revisionOf(rs: any): number | undefined {
  const v = rs?.metadata?.annotations?.[REVISION_ANNOTATION];
  return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** `REVISION\tCHANGE-CAUSE` rows, oldest first, for the describe-style TabWriter. */
export function historyText(replicaSets: any[]): string {
  const byRevision = new Map<number, string>();
  for (const rs of replicaSets) {
    const v = revisionOf(rs);
    if (v !== undefined) byRevision.set(v, rs.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION] || '<none>');
  }
  const rows = [...byRevision.entries()].sort((a, b) => a[0] - b[0]).map(([v, cause]) => `${v}\t${cause}\n`);
  return `REVISION\tCHANGE-CAUSE\n${rows.join('')}`;
}

/** The ReplicaSet to roll back to: revision `to`, or (0) the one before the latest. */
export function rollbackTarget(replicaSets: any[], to: number, deploymentName: string): any {
  const withRevision = replicaSets.map((rs) => ({ rs, v: revisionOf(rs) })).filter((x): x is { rs: any; v: number } => x.v !== undefined);
  if (to > 0) {
    const found = withRevision.find((x) => x.v === to);
    if (!found) throw new CliError(`unable to find specified revision ${to} in history: see "cybernetes rollout history deployment/${deploymentName}"`);
    return found.rs;
  }
  const sorted = withRevision.sort((a, b) => b.v - a.v);
  if (sorted.length < 2) throw new CliError(`no rollout history found for deployment "${deploymentName}": there is no earlier revision to go back to`);
  return sorted[1]!.rs;
}

/** Annotations a rollback keeps from the Deployment rather than copying from the ReplicaSet (kubectl's list). */
const SKIPPED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

function withoutHash(template: any): any {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels[HASH_LABEL];
  return copy;
}

/** Key order does not matter when comparing templates. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as any)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

export type Rollback = { skip: true; revision: number } | { skip: false; patch: unknown[] };

/** kubectl's DeploymentRollbacker: a JSON patch replacing the template and the annotations. */
export function rollbackPatch(deployment: any, rs: any): Rollback {
  if (deployment?.spec?.paused) {
    throw new CliError(`you cannot roll back a paused deployment: resume it first (set spec.paused to false) and try again`);
  }
  const template = withoutHash(rs.spec?.template);
  if (canonical(template) === canonical(withoutHash(deployment.spec?.template))) return { skip: true, revision: revisionOf(rs) ?? 0 };
  const annotations: Record<string, string> = {};
  const current = deployment.metadata?.annotations ?? {};
  for (const k of SKIPPED_ANNOTATIONS) if (k in current) annotations[k] = current[k];
  for (const [k, v] of Object.entries<string>(rs.metadata?.annotations ?? {})) if (!SKIPPED_ANNOTATIONS.has(k)) annotations[k] = v;
  return {
    skip: false,
    patch: [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ],
  };
}
