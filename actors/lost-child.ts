// A child whose spawn went down with a worker (runtime.child.lost), as kubelets and instance
// controllers keep their children: by the uid of the object each runs for.
import type { Address } from '../src/runtime/address.js';

/**
 * For a `runtime.child.lost` event: removes the lost child from `children` and returns the uid
 * it ran for, so its parent can spawn it again if still wanted; undefined when no child there
 * has that address. Found by address: the new actor will have the same one.
 */
export function takeLostChild(children: Map<string, Address>, event: { type: string }): string | undefined {
  const lost = (event as { type: string; child?: Address }).child;
  for (const [uid, address] of children) {
    if (address !== lost) continue;
    children.delete(uid);
    return uid;
  }
  return undefined;
}
