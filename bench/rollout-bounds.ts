// A rolling update's guarantees, checked at every journal revision of a
// replay: the ReplicaSets' desired replicas never above replicas + maxSurge,
// and the Ready pods (not terminating) never below replicas − maxUnavailable.
// Pure: the scenario records the events, this replays them in revision order.

export interface Fenceposts { replicas: number; maxSurge: number; maxUnavailable: number }

const scaled = (v: number | string, total: number, up: boolean): number => {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) throw new Error(`"${v}" is neither a number nor a percentage`);
  const x = (Number(m[1]) * total) / 100;
  return up ? Math.ceil(x) : Math.floor(x);
};

/** Kubernetes' reading: surge rounds up, unavailable down; both 0 makes unavailable 1. */
export function fenceposts(replicas: number, maxSurge: number | string, maxUnavailable: number | string): Fenceposts {
  const surge = scaled(maxSurge, replicas, true);
  let unavailable = scaled(maxUnavailable, replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { replicas, maxSurge: surge, maxUnavailable: Math.min(unavailable, replicas) };
}

export type BoundsEvent =
  | { rev: number; kind: 'Pod'; uid: string; app: string; live: boolean; available: boolean }
  | { rev: number; kind: 'ReplicaSet'; uid: string; app: string; replicas: number; gone: boolean };

export interface BoundsReport {
  /** Revisions after `fromRev` at which a Deployment's pods or ReplicaSets changed. */
  checked: number;
  /** Revisions at which a bound was broken. */
  violations: { surge: number; unavailable: number };
  /** Most the ReplicaSets' desired replicas went above replicas, and most Ready pods went below it. */
  worst: { aboveReplicas: number; belowReplicas: number };
  /** Revisions at which live (not terminating) pods exceeded replicas + maxSurge: informational, Kubernetes bounds ReplicaSet specs, not pods in flight. */
  podsAboveSurge: number;
  first?: string;
}

interface AppState { rs: Map<string, number>; live: Set<string>; available: Set<string> }

export function checkBounds(events: readonly BoundsEvent[], bounds: ReadonlyMap<string, Fenceposts>, fromRev: number): BoundsReport {
  const state = new Map<string, AppState>();
  const out: BoundsReport = { checked: 0, violations: { surge: 0, unavailable: 0 }, worst: { aboveReplicas: 0, belowReplicas: 0 }, podsAboveSurge: 0 };
  const sorted = [...events].sort((a, b) => a.rev - b.rev);
  for (const e of sorted) {
    const b = bounds.get(e.app);
    if (!b) continue;
    let s = state.get(e.app);
    if (!s) state.set(e.app, s = { rs: new Map(), live: new Set(), available: new Set() });
    if (e.kind === 'ReplicaSet') {
      if (e.gone) s.rs.delete(e.uid); else s.rs.set(e.uid, e.replicas);
    } else {
      if (e.live) s.live.add(e.uid); else s.live.delete(e.uid);
      if (e.available) s.available.add(e.uid); else s.available.delete(e.uid);
    }
    if (e.rev <= fromRev) continue;
    out.checked++;
    let desired = 0;
    for (const n of s.rs.values()) desired += n;
    out.worst.aboveReplicas = Math.max(out.worst.aboveReplicas, desired - b.replicas);
    out.worst.belowReplicas = Math.max(out.worst.belowReplicas, b.replicas - s.available.size);
    if (desired > b.replicas + b.maxSurge) {
      out.violations.surge++;
      out.first ??= `revision ${e.rev} (${e.app}): ReplicaSets want ${desired} > ${b.replicas} + maxSurge ${b.maxSurge}`;
    }
    if (s.available.size < b.replicas - b.maxUnavailable) {
      out.violations.unavailable++;
      out.first ??= `revision ${e.rev} (${e.app}): ${s.available.size} Ready < ${b.replicas} − maxUnavailable ${b.maxUnavailable}`;
    }
    if (s.live.size > b.replicas + b.maxSurge) out.podsAboveSurge++;
  }
  return out;
}
