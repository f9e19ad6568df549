// The children kubelets and instance controllers keep, one actor per object, by the uid of the
// object it runs for: finding the one a runtime event is about (one that gave up is brought back
// through a RetryBackoff).
import type { Address } from '../src/runtime/address.js';

/**
 * For a `runtime.child.lost`, `runtime.child.escalated` or `runtime.child.done` event: removes
 * that child from `children` and returns the uid it ran for, so its parent can spawn it again if
 * still wanted; undefined when no child there has that address. Found by address: a new actor
 * for the same object gets the same one.
 */
export function takeChild(children: Map<string, Address>, event: { type: string }): string | undefined {
  const e = event as { type: string; child?: Address; id?: Address };
  const gone = e.child ?? e.id;
  for (const [uid, address] of children) {
    if (address !== gone) continue;
    children.delete(uid);
    return uid;
  }
  return undefined;
}
