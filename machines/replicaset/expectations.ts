// Kubernetes' ControllerExpectations, for the creates and deletes of a ReplicaSet's sync that
// the store did not answer in time. An overloaded journal answers late, not never: those writes
// may still land. Until the pods they create have shown up and the pods they delete are gone
// (or marked), or five minutes have passed (Kubernetes' ExpectationsTimeout), the controller
// neither creates nor deletes again. Without this, a sync repeated after a timeout created its
// pods a second time (pods are created by generateName), and then deleted the surplus.
import type { KObject } from '../../src/store/types.js';

/** Kubernetes' ExpectationsTimeout: past it, writes still unseen are taken as lost. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

export class WriteExpectations {
  private creates = 0;
  /** The pods the ReplicaSet had when it wrote: the ones its creates make are the others. */
  private before = new Set<string>();
  /** Pods seen since that were not there before. */
  private seen = new Set<string>();
  private deletes = new Set<string>();
  private at = -1;

  /** A write of `creates` new pods and of deletions of `deletes` (uids) timed out at `now`; `pods`: those it was planned from. */
  expect(pods: Iterable<KObject>, creates: number, deletes: Iterable<string>, now: number): void {
    this.creates = creates;
    this.before = new Set(uids(pods));
    this.seen = new Set();
    this.deletes = new Set(deletes);
    this.at = now;
    if (creates <= 0 && this.deletes.size === 0) this.clear();
  }

  /** True while those writes may still land unseen; `pods`: what the ReplicaSet sees now. */
  pending(pods: Iterable<KObject>, now: number): boolean {
    if (this.at < 0) return false;
    if (now - this.at >= EXPECTATIONS_TIMEOUT_MS) { this.clear(); return false; }
    const present = new Set<string>();
    for (const p of pods) {
      const uid = p.metadata.uid;
      if (uid === undefined) continue;
      if (!p.metadata.deletionTimestamp) present.add(uid);
      if (!this.before.has(uid)) this.seen.add(uid);
    }
    for (const uid of this.deletes) if (!present.has(uid)) this.deletes.delete(uid);
    if (this.seen.size >= this.creates && this.deletes.size === 0) { this.clear(); return false; }
    return true;
  }

  /** ms until the expectations expire (0 when there are none). */
  remainingMs(now: number): number {
    return this.at < 0 ? 0 : Math.max(0, this.at + EXPECTATIONS_TIMEOUT_MS - now);
  }

  private clear(): void {
    this.at = -1;
    this.creates = 0;
    this.before = new Set();
    this.seen = new Set();
    this.deletes = new Set();
  }
}

function* uids(pods: Iterable<KObject>): Iterable<string> {
  for (const p of pods) if (p.metadata.uid !== undefined) yield p.metadata.uid;
}
