// The children kubelets and instance controllers keep, one actor per object, by the uid of the
// object it runs for: finding the one a runtime event is about, and bringing back one that gave up.
import type { Address } from '../src/runtime/address.js';

/**
 * For a `runtime.child.lost` or `runtime.child.escalated` event: removes that child from
 * `children` and returns the uid it ran for, so its parent can spawn it again if still wanted;
 * undefined when no child there has that address. Found by address: a new actor for the same
 * object gets the same one.
 */
export function takeChild(children: Map<string, Address>, event: { type: string }): string | undefined {
  const gone = (event as { type: string; child?: Address }).child;
  for (const [uid, address] of children) {
    if (address !== gone) continue;
    children.delete(uid);
    return uid;
  }
  return undefined;
}

export const RESPAWN_BASE_MS = 1000;
export const RESPAWN_MAX_MS = 300_000;
/** A child that has not escalated for this long starts again from the base delay. */
export const RESPAWN_FORGET_MS = 2 * RESPAWN_MAX_MS;

/** The wait before the nth spawn again (n ≥ 1) of a child that escalated: 1 s, 2 s, 4 s, … up to 5 min. */
export function respawnDelayMs(n: number): number {
  return Math.min(RESPAWN_MAX_MS, RESPAWN_BASE_MS * 2 ** Math.min(Math.max(0, n - 1), 30));
}

/**
 * Children that escalated (failed more often than their restart budget allows, so the runtime
 * stopped them and told the parent) are spawned again after a delay that doubles per object, as
 * a Kubernetes controller requeues a key that keeps failing, rate-limited and never for good:
 * an object whose actor gave up would otherwise never be reconciled again.
 */
export class Respawner {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly escalations = new Map<string, { n: number; last: number }>();

  /** `respawn(uid)`: spawn the child again if its object is still wanted (the caller checks). */
  constructor(private readonly respawn: (uid: string) => void, private readonly now: () => number = Date.now) {}

  /** The child for `uid` escalated: schedules its spawn again; returns the delay. */
  escalated(uid: string): number {
    const now = this.now();
    const prev = this.escalations.get(uid);
    const n = prev && now - prev.last < RESPAWN_FORGET_MS ? prev.n + 1 : 1;
    this.escalations.set(uid, { n, last: now });
    const delay = respawnDelayMs(n);
    const old = this.timers.get(uid);
    if (old) clearTimeout(old);
    this.timers.set(uid, setTimeout(() => { this.timers.delete(uid); this.respawn(uid); }, delay));
    return delay;
  }

  /** The object is gone: nothing to bring back. */
  forget(uid: string): void {
    const timer = this.timers.get(uid);
    if (timer) clearTimeout(timer);
    this.timers.delete(uid);
    this.escalations.delete(uid);
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
