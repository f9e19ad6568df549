// The working set of one planDeployment call. Kubernetes' controller writes as it goes
// (Update, UpdateStatus, Create) and later steps read what earlier ones wrote; here the
// writes land on working copies, and the plan is the difference at the end.
import type { KObject } from '../../src/store/types.js';
import { deepEqual } from '../../src/store/deep-equal.js';
import { deepCopy } from '../../src/store/copy.js';

export interface PlanEvent { type: 'Normal' | 'Warning'; reason: string; message: string }

export interface Work {
  now: number;
  /** The Deployment as the sync sees it (annotations, template and status change here). */
  d: KObject;
  /** Working copies of the owned ReplicaSets, plus any created by this plan. */
  rss: KObject[];
  /** ReplicaSets this plan creates (also in rss). */
  created: KObject[];
  /** ReplicaSets this plan deletes. */
  deleted: KObject[];
  events: PlanEvent[];
  /** Non-terminal pods of old ReplicaSets (Recreate waits for 0), when the caller knows them. */
  activePodsOfOldRS?: number;
  /** Re-plan soon (a hash collision bumped collisionCount). */
  requeueNow: boolean;
  readonly originals: Map<KObject, KObject>;
  readonly originalD: KObject;
}

export function newWork(d: KObject, rss: readonly KObject[], now: number, activePodsOfOldRS?: number): Work {
  const originals = new Map<KObject, KObject>();
  const copies = rss.map((r) => {
    const c = deepCopy(r);
    originals.set(c, r);
    return c;
  });
  const w: Work = {
    now, d: deepCopy(d), rss: copies, created: [], deleted: [], events: [], requeueNow: false, originals, originalD: d,
  };
  if (activePodsOfOldRS !== undefined) w.activePodsOfOldRS = activePodsOfOldRS;
  return w;
}

/** Working ReplicaSets that differ from what was passed in (created ones excluded). */
export function changedReplicaSets(w: Work): KObject[] {
  const out: KObject[] = [];
  for (const r of w.rss) {
    if (w.created.includes(r) || w.deleted.includes(r)) continue;
    const o = w.originals.get(r);
    if (o && !deepEqual(o, r)) out.push(r);
  }
  return out;
}

/** Whether the main resource (metadata or spec) of the Deployment changed. */
export function deploymentChanged(w: Work): boolean {
  const { status: _a, ...now } = w.d;
  const { status: _b, ...before } = w.originalD;
  return !deepEqual(now, before);
}

export function normal(w: Work, reason: string, message: string): void {
  w.events.push({ type: 'Normal', reason, message });
}
export function warning(w: Work, reason: string, message: string): void {
  w.events.push({ type: 'Warning', reason, message });
}
