// How many requests may be in flight at once, per class, as the apiserver's
// --max-requests-inflight / --max-mutating-requests-inflight: past a budget a
// request is refused at once (429) rather than queued, so a flood cannot pile
// up work and memory. Long-running requests (watches, streams) have a budget of
// their own: they last minutes, so counting them against the others would let
// a few hundred watches starve every short request. Pure: no I/O, no clock.

import { parseApiPath } from '../request-path.js';

/** exempt: health checks, never refused (a probe must see a busy server as alive). */
export type RequestClass = 'readonly' | 'mutating' | 'long-running' | 'exempt';

export type BudgetClass = Exclude<RequestClass, 'exempt'>;

/** Per class, the most requests in flight; 0 means no limit (as Kubernetes' flags). */
export type InflightLimits = Record<BudgetClass, number>;

/** Kubernetes' defaults for the first two; watches are not limited there, 1000 is ours. */
export const DEFAULT_LIMITS: InflightLimits = { readonly: 400, mutating: 200, 'long-running': 1000 };

const EXEMPT_PATHS = new Set(['/healthz', '/readyz', '/livez']);

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Subresources that stream for as long as the client stays (Kubernetes' long-running check). */
const STREAMING_SUBRESOURCES = new Set(['log', 'exec', 'attach', 'portforward', 'proxy']);

/** The class of a request, from its method and URL alone (before any routing). */
export function classify(method: string, url: URL): RequestClass {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (EXEMPT_PATHS.has(path) || path.startsWith('/healthz/') || path.startsWith('/readyz/') || path.startsWith('/livez/')) return 'exempt';
  const m = method.toUpperCase();
  const reads = m === 'GET' || m === 'HEAD';
  if (reads && path === '/inspector/events') return 'long-running';
  const parts = path.split('/').filter((p) => p.length > 0);
  if (parts[0] === 'api' || parts[0] === 'apis') {
    if (reads) {
      // The spellings the watch handler takes as true (boolParam): `watch`, `watch=`, `=true`, `=1`.
      const w = url.searchParams.get('watch');
      if (w === '' || w === 'true' || w === '1') return 'long-running';
      // The old /api/v1/watch/... and /apis/<g>/<v>/watch/... spellings.
      if (parts[parts[0] === 'api' ? 2 : 3] === 'watch') return 'long-running';
    }
    // Whatever the verb (exec and attach are POSTs), as Kubernetes' long-running check.
    const p = parseApiPath(path);
    if (p.type === 'resource' && p.subresource !== undefined && STREAMING_SUBRESOURCES.has(p.subresource)) return 'long-running';
  }
  return MUTATING.has(m) ? 'mutating' : 'readonly';
}

export interface InflightStats {
  /** Requests in flight now, per class. */
  inflight: Record<BudgetClass, number>;
  /** Requests refused with 429 since start, per class. */
  rejected: Record<BudgetClass, number>;
  limits: InflightLimits;
}

/** Counters per class; `tryAcquire` is all-or-nothing and each success needs exactly one `release`. */
export class InflightBudgets {
  private readonly inflight: Record<BudgetClass, number> = { readonly: 0, mutating: 0, 'long-running': 0 };
  private readonly rejected: Record<BudgetClass, number> = { readonly: 0, mutating: 0, 'long-running': 0 };
  readonly limits: InflightLimits;

  /** Unset (or undefined) classes get DEFAULT_LIMITS. */
  constructor(limits: Partial<Record<BudgetClass, number | undefined>> = {}) {
    this.limits = { ...DEFAULT_LIMITS };
    for (const k of Object.keys(DEFAULT_LIMITS) as BudgetClass[]) {
      const v = limits[k];
      if (v !== undefined) this.limits[k] = v;
    }
    for (const [k, v] of Object.entries(this.limits)) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`in-flight limit for ${k} must be a whole number ≥ 0, got ${v}`);
    }
  }

  tryAcquire(c: BudgetClass): boolean {
    const limit = this.limits[c];
    if (limit > 0 && this.inflight[c] >= limit) { this.rejected[c]++; return false; }
    this.inflight[c]++;
    return true;
  }

  release(c: BudgetClass): void {
    // Below zero would mean a double release: a bug that would otherwise raise the budget silently.
    if (this.inflight[c] === 0) throw new Error(`in-flight ${c} released more often than acquired`);
    this.inflight[c]--;
  }

  stats(): InflightStats {
    return { inflight: { ...this.inflight }, rejected: { ...this.rejected }, limits: { ...this.limits } };
  }
}
