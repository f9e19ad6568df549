// Objects the store hands out without a copy: a write's result, a watch event's object, and the
// newest object of a recently written key, which the next write of that key starts from instead
// of decoding it again. They are shared, so nobody may change them. With
// CYBERNETES_FREEZE_SHARED=1 (the test suite sets it) each is frozen, so code that changes one
// fails where it does, instead of changing what others see.
import { envVar } from '../platform/cli-io.js';
import { dropOldest } from '../../machines/drop-oldest.js';
import type { KObject } from './types.js';

const freezing = envVar('CYBERNETES_FREEZE_SHARED') === '1';

function deepFreeze(v: unknown): void {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
  Object.freeze(v);
  if (ArrayBuffer.isView(v)) return;
  for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
}

/** `o`, frozen whole when CYBERNETES_FREEZE_SHARED=1. */
export function shared(o: KObject): KObject {
  if (freezing) deepFreeze(o);
  return o;
}

/**
 * The newest objects of the keys written last, at most `max`: what a write of a key written a
 * moment ago (a pod bound, then its status) starts from instead of decoding its bytes.
 */
export class RecentObjects {
  private readonly byKey = new Map<string, { rev: number; object: KObject }>();

  constructor(private readonly max: number) {}

  /** The object `key` had at revision `rev`, if it is one of those kept. */
  at(key: string, rev: number): KObject | undefined {
    const r = this.byKey.get(key);
    return r !== undefined && r.rev === rev ? r.object : undefined;
  }

  set(key: string, rev: number, object: KObject): void {
    // Deleted and set again: the newest write is the last to be dropped.
    this.byKey.delete(key);
    this.byKey.set(key, { rev, object });
    // An eighth at a time (see dropOldest: one iterator per trim, not per entry).
    if (this.byKey.size > this.max + (this.max >> 3)) dropOldest(this.byKey, this.max);
  }

  delete(key: string): void { this.byKey.delete(key); }
}
