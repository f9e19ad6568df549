// Percentiles and summaries of latency samples (ms).

/** Percentile of an ascending-sorted array (nearest rank). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface Summary { count: number; p50: number; p90: number; p99: number; max: number }

/** p50/p90/p99/max of the samples (any order), rounded to `digits` decimals; NaN fields (null in JSON) when empty. */
export function summarize(samples: readonly number[], digits = 0): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const r = (v: number) => (Number.isNaN(v) ? NaN : +v.toFixed(digits));
  return { count: sorted.length, p50: r(percentile(sorted, 50)), p90: r(percentile(sorted, 90)), p99: r(percentile(sorted, 99)), max: r(sorted[sorted.length - 1] ?? NaN) };
}

/** Points (x, fraction ≤ x) of the empirical CDF, at most `points` of them (evenly spaced ranks, always the last). */
export function cdf(samples: readonly number[], points = 200): [number, number][] {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return [];
  const step = Math.max(1, Math.floor(n / points));
  const out: [number, number][] = [];
  for (let i = step - 1; i < n; i += step) out.push([sorted[i]!, (i + 1) / n]);
  if (out[out.length - 1]![1] !== 1) out.push([sorted[n - 1]!, 1]);
  return out;
}
