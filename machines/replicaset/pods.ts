// Pod predicates and the deletion ranking of Kubernetes' controller utilities
// (pkg/controller/controller_utils.go: IsPodActive, ActivePodsWithRanks, and
// pkg/api/v1/pod: IsPodReady / IsPodAvailable). Pure: time comes in as `now` (ms).
import type { KObject } from '../../src/store/types.js';

type OwnerRef = NonNullable<KObject['metadata']['ownerReferences']>[number];

/** Milliseconds of an RFC3339 timestamp; 0 for absent or unparsable (Go's zero time). */
export function timeMs(ts: unknown): number {
  if (typeof ts !== 'string' || ts === '') return 0;
  const ms = Date.parse(ts);
  return Number.isFinite(ms) ? ms : 0;
}

export { rfc3339 } from '../time.js';

/** The controller ownerReference (controller: true), if any. */
export function controllerRef(o: KObject): OwnerRef | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** Not Succeeded, not Failed, not being deleted. */
export function isPodActive(p: KObject): boolean {
  const phase = p.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !p.metadata.deletionTimestamp;
}

function readyCondition(p: KObject): { status?: string; lastTransitionTime?: string } | undefined {
  const conds = p.status?.conditions;
  if (!Array.isArray(conds)) return undefined;
  return conds.find((c: any) => c && c.type === 'Ready');
}

/** The Ready condition is True. */
export function isPodReady(p: KObject): boolean {
  return readyCondition(p)?.status === 'True';
}

/**
 * Ready for at least minReadySeconds: as podutil.IsPodAvailable, the Ready condition's
 * lastTransitionTime + minReadySeconds must be strictly before now.
 */
export function isPodAvailable(p: KObject, minReadySeconds: number, now: number): boolean {
  const c = readyCondition(p);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds || minReadySeconds <= 0) return true;
  const since = timeMs(c.lastTransitionTime);
  return since !== 0 && since + minReadySeconds * 1000 < now;
}

/** When a ready pod becomes available (ms), or null if it is not ready or has no transition time. */
export function podAvailableAt(p: KObject, minReadySeconds: number): number | null {
  const c = readyCondition(p);
  if (c?.status !== 'True') return null;
  if (!minReadySeconds || minReadySeconds <= 0) return null;
  const since = timeMs(c.lastTransitionTime);
  return since === 0 ? null : since + minReadySeconds * 1000 + 1;
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const phaseOrdinal = (p: KObject): number => PHASE_ORDINAL[p.status?.phase as string] ?? 0;

const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';
/** controller.kubernetes.io/pod-deletion-cost as an int32; 0 when absent or invalid. */
export function deletionCost(p: KObject): number {
  const v = p.metadata.annotations?.[DELETION_COST];
  if (v === undefined || !/^[+-]?\d+$/.test(v.trim())) return 0;
  const n = Number(v.trim());
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

function readyTime(p: KObject): number {
  return isPodReady(p) ? timeMs(readyCondition(p)?.lastTransitionTime) : 0;
}

/** [max restarts of regular containers, max restarts of restartable (sidecar) init containers]. */
function maxRestarts(p: KObject): [number, number] {
  let regular = 0;
  for (const s of Array.isArray(p.status?.containerStatuses) ? p.status.containerStatuses : []) {
    regular = Math.max(regular, Number(s?.restartCount) || 0);
  }
  const sidecars = new Set<string>();
  for (const c of Array.isArray(p.spec?.initContainers) ? p.spec.initContainers : []) {
    if (c?.restartPolicy === 'Always') sidecars.add(c.name);
  }
  let sidecar = 0;
  for (const s of Array.isArray(p.status?.initContainerStatuses) ? p.status.initContainerStatuses : []) {
    if (sidecars.has(s?.name)) sidecar = Math.max(sidecar, Number(s?.restartCount) || 0);
  }
  return [regular, sidecar];
}

/** afterOrZero: zero times sort first, then the later time first. */
const afterOrZero = (t1: number, t2: number): boolean => (t1 === 0 || t2 === 0 ? t1 === 0 : t1 > t2);

/** floor(log2(age in ns)), -1 for a non-positive age: LogarithmicScaleDown's buckets. */
function logRank(t: number, now: number): number {
  const d = now - t;
  return d > 0 ? Math.floor(Math.log2(d * 1e6)) : -1;
}

const uid = (p: KObject): string => p.metadata.uid ?? '';

/** A pod with its rank: how many related active pods share its node (doubled-up pods go first). */
export interface RankedPod {
  pod: KObject;
  rank: number;
}

/**
 * ActivePodsWithRanks.Less, with LogarithmicScaleDown and PodDeletionCost on (their
 * defaults): true when `a` should be deleted before `b`.
 */
export function deleteBefore(a: RankedPod, b: RankedPod, now: number): boolean {
  const pa = a.pod, pb = b.pod;
  // 1. Unassigned < assigned.
  const na = pa.spec?.nodeName ?? '', nb = pb.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  // 2. Pending < Unknown < Running.
  if (phaseOrdinal(pa) !== phaseOrdinal(pb)) return phaseOrdinal(pa) < phaseOrdinal(pb);
  // 3. Not ready < ready.
  const ra = isPodReady(pa), rb = isPodReady(pb);
  if (ra !== rb) return !ra;
  // 4. Lower deletion cost first.
  const ca = deletionCost(pa), cb = deletionCost(pb);
  if (ca !== cb) return ca < cb;
  // 5. Doubled up (more related pods on the node) first.
  if (a.rank !== b.rank) return a.rank > b.rank;
  // 6. Ready for less time first (logarithmic buckets; same bucket: by uid).
  if (ra && rb) {
    const ta = readyTime(pa), tb = readyTime(pb);
    if (ta !== tb) {
      if (now === 0 || ta === 0 || tb === 0) return afterOrZero(ta, tb);
      const diff = logRank(ta, now) - logRank(tb, now);
      if (diff === 0) return uid(pa) < uid(pb);
      return diff < 0;
    }
  }
  // 7. More restarts first (regular containers, then sidecars).
  const [xa, sa] = maxRestarts(pa), [xb, sb] = maxRestarts(pb);
  if (xa !== xb) return xa > xb;
  if (sa !== sb) return sa > sb;
  // 8. Empty creation time < newer < older (logarithmic buckets; same bucket: by uid).
  const ka = timeMs(pa.metadata.creationTimestamp), kb = timeMs(pb.metadata.creationTimestamp);
  if (ka !== kb) {
    if (now === 0 || ka === 0 || kb === 0) return afterOrZero(ka, kb);
    const diff = logRank(ka, now) - logRank(kb, now);
    if (diff === 0) return uid(pa) < uid(pb);
    return diff < 0;
  }
  return false;
}

/**
 * Pods in deletion order (first = deleted first). Ranks count the active pods of
 * `related` (defaults to `pods`) on each pod's node, as getPodsRankedByRelatedPodsOnSameNode.
 */
export function rankPodsForDeletion(pods: readonly KObject[], now: number, related: readonly KObject[] = pods): KObject[] {
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const n = p.spec?.nodeName ?? '';
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  const ranked: RankedPod[] = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((a, b) => (deleteBefore(a, b, now) ? -1 : deleteBefore(b, a, now) ? 1 : 0));
  return ranked.map((r) => r.pod);
}
