// Helpers of Kubernetes' pkg/controller/deployment/util (deployment_util.go) and the
// ReplicaSet sort orders of pkg/controller: fenceposts, revisions, the template hash,
// the new/old ReplicaSet split, counts and conditions. Pure.
import type { KObject } from '../../src/store/types.js';
import { deepEqual } from '../../src/store/deep-equal.js';
import { rfc3339, timeMs } from '../replicaset/pods.js';

export { rfc3339, timeMs };

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const ROLLBACK_TO = 'deprecated.deployment.rollback.to';
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const HASH_LABEL = 'pod-template-hash';
/** Longest revision-history annotation kept (maxRevHistoryLengthInChars). */
export const MAX_REV_HISTORY_CHARS = 2000;
const MAX_INT32 = 2147483647;

/** Annotations the controller never copies between a Deployment and its ReplicaSets. */
export const SKIPPED_ANNOTATIONS: ReadonlySet<string> = new Set([
  LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO,
]);

// ---- numbers -------------------------------------------------------------------------

/** .spec.replicas (default 1), as an integer ≥ 0. */
export function specReplicas(o: KObject): number {
  const n = o.spec?.replicas;
  return typeof n === 'number' && Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : 1;
}

const statusInt = (o: KObject | null | undefined, f: string): number => {
  const v = o?.status?.[f];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
};

/**
 * intstr.GetScaledValueFromIntOrPercent: an int is itself; "N%" is N% of total, rounded up
 * or down. Anything else (validation rejects it) counts as 0.
 */
export function scaledValue(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string') {
    const m = /^(\d+)%$/.exec(v);
    if (m) {
      const x = (Number(m[1]) * total) / 100;
      return roundUp ? Math.ceil(x) : Math.floor(x);
    }
  }
  return 0;
}

/** ResolveFenceposts: surge rounds up, unavailable down; both 0 → unavailable 1. */
export function resolveFenceposts(maxSurge: unknown, maxUnavailable: unknown, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export const isRollingUpdate = (d: KObject): boolean => (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

/** MaxSurge of a Deployment (0 unless RollingUpdate). */
export function maxSurge(d: KObject): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, specReplicas(d)).surge;
}

/** MaxUnavailable of a Deployment (0 unless RollingUpdate with replicas; at most replicas). */
export function maxUnavailable(d: KObject): number {
  const replicas = specReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  return Math.min(replicas, resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicas).unavailable);
}

/** Go's math.Round on the way to int32: half away from zero. */
export const roundHalfAway = (x: number): number => (x < 0 ? -Math.round(-x) : Math.round(x));

export const sumSpec = (rss: readonly (KObject | null)[]): number => rss.reduce((n, r) => n + (r ? specReplicas(r) : 0), 0);
export const sumStatus = (rss: readonly (KObject | null)[], f = 'replicas'): number => rss.reduce((n, r) => n + statusInt(r, f), 0);
export const rsAvailable = (r: KObject | null | undefined): number => statusInt(r, 'availableReplicas');

/** ReplicaSets with spec.replicas > 0. */
export const filterActive = (rss: readonly (KObject | null)[]): KObject[] => rss.filter((r): r is KObject => !!r && specReplicas(r) > 0);

// ---- revisions and annotations ------------------------------------------------------------

/** The revision annotation as a number; 0 when absent, NaN when not an integer. */
export function revisionOf(o: KObject): number {
  const v = o.metadata.annotations?.[REVISION];
  if (v === undefined || v === '') return 0;
  return /^\d+$/.test(v) ? Number(v) : NaN;
}

export function maxRevision(rss: readonly KObject[]): number {
  let max = 0;
  for (const r of rss) {
    const v = revisionOf(r);
    if (Number.isFinite(v) && v > max) max = v;
  }
  return max;
}

/** LastRevision: the second-highest revision (what `rollout undo` goes back to). */
export function lastRevision(rss: readonly KObject[]): number {
  let max = 0, second = 0;
  for (const r of rss) {
    const v = revisionOf(r);
    if (!Number.isFinite(v)) continue;
    if (v >= max) { second = max; max = v; } else if (v > second) second = v;
  }
  return second;
}

/** Integer value of an annotation, or undefined. */
export function intAnnotation(o: KObject, key: string): number | undefined {
  const v = o.metadata.annotations?.[key];
  return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined;
}

// ---- the template hash ------------------------------------------------------------------

/**
 * JSON with object keys sorted and undefined or null members dropped: a stable rendering to
 * hash, the same for a template whatever its null members (absent in Kubernetes' typed structs).
 */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  const o = v as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(o).sort()) if (o[k] !== undefined && o[k] !== null) parts.push(`${JSON.stringify(k)}:${canonicalJson(o[k])}`);
  return `{${parts.join(',')}}`;
}

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const encoder = new TextEncoder();

/**
 * controller.ComputeHash: FNV-1a (32 bit) of the template, then of collisionCount (uint32,
 * little-endian) when set; the decimal digits are rendered through rand.SafeEncodeString's
 * alphabet (no vowels, no look-alikes), 1–10 characters.
 */
export function podTemplateHash(template: unknown, collisionCount?: number | null): string {
  let h = 0x811c9dc5;
  const feed = (bytes: Uint8Array): void => {
    for (const b of bytes) { h ^= b; h = Math.imul(h, 0x01000193) >>> 0; }
  };
  feed(encoder.encode(canonicalJson(template)));
  if (typeof collisionCount === 'number') {
    const c = collisionCount >>> 0;
    feed(new Uint8Array([c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, (c >>> 24) & 0xff]));
  }
  let out = '';
  for (const ch of String(h >>> 0)) out += SAFE_ALPHABET[ch.charCodeAt(0) % SAFE_ALPHABET.length];
  return out;
}

/** The template without the pod-template-hash label. */
function withoutHash(tpl: any): any {
  if (!tpl || typeof tpl !== 'object') return tpl;
  const labels = tpl.metadata?.labels;
  if (!labels || !(HASH_LABEL in labels)) return tpl;
  const { [HASH_LABEL]: _drop, ...rest } = labels;
  return { ...tpl, metadata: { ...tpl.metadata, labels: rest } };
}

/** EqualIgnoreHash: templates equal apart from the pod-template-hash label. */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  return deepEqual(withoutHash(a), withoutHash(b));
}

// ---- ReplicaSet orders ----------------------------------------------------------------------

/** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function byCreation(a: KObject, b: KObject): number {
  const ta = timeMs(a.metadata.creationTimestamp), tb = timeMs(b.metadata.creationTimestamp);
  if (ta !== tb) return ta - tb;
  const na = a.metadata.name ?? '', nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}
/** ReplicaSetsBySizeNewer: larger first; equal sizes newer first. */
export const bySizeNewer = (a: KObject, b: KObject): number => specReplicas(b) - specReplicas(a) || byCreation(b, a);
/** ReplicaSetsBySizeOlder: larger first; equal sizes older first. */
export const bySizeOlder = (a: KObject, b: KObject): number => specReplicas(b) - specReplicas(a) || byCreation(a, b);
/** ReplicaSetsByRevision: lower revision first, then by creation. */
export const byRevision = (a: KObject, b: KObject): number => {
  const ra = revisionOf(a), rb = revisionOf(b);
  const x = Number.isFinite(ra) ? ra : 0, y = Number.isFinite(rb) ? rb : 0;
  return x - y || byCreation(a, b);
};

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's (ignoring the hash). */
export function findNewReplicaSet(d: KObject, rss: readonly KObject[]): KObject | null {
  const sorted = [...rss].sort(byCreation);
  return sorted.find((r) => equalIgnoreHash(r.spec?.template, d.spec?.template)) ?? null;
}

/** FindOldReplicaSets (all of them, active or not): every ReplicaSet but the new one. */
export function findOldReplicaSets(d: KObject, rss: readonly KObject[]): KObject[] {
  const n = findNewReplicaSet(d, rss);
  return rss.filter((r) => r !== n);
}

// ---- conditions ----------------------------------------------------------------------------

export interface DeploymentCondition {
  type: string; status: 'True' | 'False' | 'Unknown'; lastUpdateTime: string; lastTransitionTime: string; reason: string; message: string;
}

export function newCondition(type: string, status: DeploymentCondition['status'], reason: string, message: string, now: number): DeploymentCondition {
  const t = rfc3339(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export function getCondition(status: any, type: string): DeploymentCondition | undefined {
  return Array.isArray(status?.conditions) ? status.conditions.find((c: any) => c?.type === type) : undefined;
}

/** SetDeploymentCondition: same status and reason → unchanged; same status → keeps lastTransitionTime. */
export function setCondition(status: any, cond: DeploymentCondition): void {
  const cur = getCondition(status, cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  const next = { ...cond };
  if (cur && cur.status === cond.status) next.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c: any) => c?.type !== cond.type), next];
}

export function removeCondition(status: any, type: string): void {
  if (!Array.isArray(status?.conditions)) return;
  status.conditions = status.conditions.filter((c: any) => c?.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}

export const hasProgressDeadline = (d: KObject): boolean => {
  const p = d.spec?.progressDeadlineSeconds;
  return typeof p === 'number' && p !== MAX_INT32;
};

export const hasRevisionHistoryLimit = (d: KObject): boolean => {
  const l = d.spec?.revisionHistoryLimit;
  return typeof l === 'number' && l !== MAX_INT32;
};

// ---- rollout predicates ------------------------------------------------------------------

/** DeploymentComplete: every replica updated and available, and the latest generation observed. */
export function deploymentComplete(d: KObject, s: any): boolean {
  const r = specReplicas(d);
  return (s?.updatedReplicas ?? 0) === r && (s?.replicas ?? 0) === r && (s?.availableReplicas ?? 0) === r
    && (s?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available than before. */
export function deploymentProgressing(d: KObject, s: any): boolean {
  const o = d.status ?? {};
  const oldOld = (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) || newOld < oldOld
    || (s.readyReplicas ?? 0) > (o.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (o.availableReplicas ?? 0);
}

/** DeploymentTimedOut: the Progressing condition was last updated more than the deadline ago. */
export function deploymentTimedOut(d: KObject, s: any, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (!c || c.reason === 'NewReplicaSetAvailable') return false;
  if (c.reason === 'ProgressDeadlineExceeded') return true;
  return timeMs(c.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 < now;
}

/** IsSaturated: the new ReplicaSet has all the replicas, recorded, and all available. */
export function isSaturated(d: KObject, rs: KObject | null): boolean {
  if (!rs) return false;
  const r = specReplicas(d);
  return specReplicas(rs) === r && intAnnotation(rs, DESIRED_REPLICAS) === r && rsAvailable(rs) === r;
}
