// What the pods of one thread found to exist (Secrets, ConfigMaps, ServiceAccounts), for a
// while: the kubelet's TTL-based object cache (configMapAndSecretChangeDetectionStrategy
// Cache), so a thousand pods of one ReplicaSet do not each ask the store whether their
// namespace's ServiceAccount is there. Only what was found is remembered; a missing object
// is asked for every time (a pod waits for it through a subscription).

import { dropOldest } from '../machines/drop-oldest.js';

/** How long a found object counts as there (the kubelet's default TTL is a minute). */
export const REFERENCE_TTL_MS = 5_000;

export class ReferenceCache {
  private readonly seen = new Map<string, number>();

  constructor(private readonly ttlMs = REFERENCE_TTL_MS, private readonly max = 10_000) {}

  private static key(namespace: string, kind: string, name: string): string {
    return `${kind}/${namespace}/${name}`;
  }

  /** Found at `now`. */
  found(namespace: string, kind: string, name: string, now: number): void {
    const k = ReferenceCache.key(namespace, kind, name);
    this.seen.delete(k);
    if (this.seen.size >= this.max) dropOldest(this.seen, this.max - 1);
    this.seen.set(k, now);
  }

  /** Found within the TTL before `now`. */
  has(namespace: string, kind: string, name: string, now: number): boolean {
    const at = this.seen.get(ReferenceCache.key(namespace, kind, name));
    return at !== undefined && now - at < this.ttlMs;
  }
}
