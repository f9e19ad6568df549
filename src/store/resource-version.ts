// Which revision a read is served at, per Kubernetes' resourceVersion rules. Pure.
import { badRequest, expired, tooLargeResourceVersion, tooOldResourceVersion } from './errors.js';
import { decodeContinue } from './continue-token.js';
import type { ListOptions } from './types.js';

export interface ReadPlan {
  /** The revision to read at. */
  rev: number;
  /** Start after this key (continue token). */
  after?: string;
}

export function parseResourceVersion(rv: string): number {
  if (!/^\d+$/.test(rv)) throw badRequest(`resourceVersion: Invalid value: "${rv}": must be a non-negative integer`);
  return Number(rv);
}

/** `head`: newest committed revision; `compacted`: reads strictly below are Expired. */
export function planRead(o: Pick<ListOptions, 'resourceVersion' | 'resourceVersionMatch' | 'continue'>, head: number, compacted: number): ReadPlan {
  const rv = o.resourceVersion ?? '';
  if (o.continue) {
    if (rv !== '' && rv !== '0') throw badRequest('specifying resource version is not allowed when using continue');
    const c = decodeContinue(o.continue);
    if (c.rev < compacted)
      throw expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
    if (c.rev > head) throw tooLargeResourceVersion(c.rev, head);
    return { rev: c.rev, after: c.after };
  }
  if (rv === '') {
    if (o.resourceVersionMatch) throw badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
    return { rev: head };
  }
  const n = parseResourceVersion(rv);
  if (o.resourceVersionMatch === 'Exact') {
    if (n === 0) throw badRequest('resourceVersionMatch "Exact" is forbidden for resourceVersion "0"');
    if (n < compacted) throw tooOldResourceVersion(n, compacted);
    if (n > head) throw tooLargeResourceVersion(n, head);
    return { rev: n };
  }
  if (o.resourceVersionMatch !== undefined && o.resourceVersionMatch !== 'NotOlderThan')
    throw badRequest(`resourceVersionMatch: Unsupported value: "${String(o.resourceVersionMatch)}"`);
  // "0" is "any"; "N" is "not older than N". The newest is both, and this store is never behind.
  if (n > head) throw tooLargeResourceVersion(n, head);
  return { rev: head };
}
