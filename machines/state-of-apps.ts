// stateOf for apps/v1 objects: the statechart state of a Deployment or ReplicaSet derived
// from the object alone, so the live inspector and the time scrubber agree with the
// machines (machines/deployment/machine.ts, machines/replicaset/machine.ts).
import type { KObject } from '../src/store/types.js';

export type DeploymentState = 'Deleting' | 'Paused' | 'ProgressDeadlineExceeded' | 'Progressing' | 'Available' | 'Complete';
export type ReplicaSetState = 'Deleting' | 'Scaling' | 'Ready';

const num = (v: unknown, d = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);

/**
 * Deleting: deletionTimestamp set. Paused: spec.paused. ProgressDeadlineExceeded: the
 * Progressing condition says so. Complete: `kubectl rollout status` would say done (latest
 * generation observed, every replica updated and available, no old replicas left).
 * Available: rolling out or scaling, with minimum availability (Available=True).
 * Progressing: everything else (rolling out below minimum availability, or not yet observed).
 */
export function deploymentState(d: KObject): DeploymentState {
  if (d.metadata.deletionTimestamp) return 'Deleting';
  if (d.spec?.paused) return 'Paused';
  const s = d.status ?? {};
  const conds: any[] = Array.isArray(s.conditions) ? s.conditions : [];
  if (conds.some((c) => c?.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')) return 'ProgressDeadlineExceeded';
  const r = num(d.spec?.replicas, 1);
  const observed = num(s.observedGeneration) >= num(d.metadata.generation);
  const updated = num(s.updatedReplicas), total = num(s.replicas), available = num(s.availableReplicas);
  if (observed && updated >= r && total <= updated && available >= updated) return 'Complete';
  if (conds.some((c) => c?.type === 'Available' && c.status === 'True')) return 'Available';
  return 'Progressing';
}

/** Deleting; Ready: observed, exactly spec.replicas pods, all available; else Scaling. */
export function replicaSetState(rs: KObject): ReplicaSetState {
  if (rs.metadata.deletionTimestamp) return 'Deleting';
  const s = rs.status ?? {};
  const r = num(rs.spec?.replicas, 1);
  const observed = num(s.observedGeneration) >= num(rs.metadata.generation);
  if (observed && num(s.replicas) === r && num(s.availableReplicas) === r) return 'Ready';
  return 'Scaling';
}

export function stateOf(kind: 'Deployment' | 'ReplicaSet', object: KObject): string {
  return kind === 'Deployment' ? deploymentState(object) : replicaSetState(object);
}
