// Fixed-bucket histograms and gauges for the hot path: observe() is a few
// comparisons and three stores into preallocated memory (no allocation, no
// clock, no I/O). Each thread keeps its own (ThreadMetrics); a scrape takes
// plain-data snapshots of them (over the runtime's existing stats call for the
// workers) and merges them, so measuring never sends a message of its own.
// Pure and web-standard: the Prometheus text is written elsewhere.

/** Upper bounds (seconds) for latencies from 100 µs to 10 s, Prometheus' usual 1-2.5-5 steps. */
export const SECONDS_BUCKETS: readonly number[] = Object.freeze([
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/** Upper bounds for counts (records per batch, targets per commit): powers of two up to 16k. */
export const COUNT_BUCKETS: readonly number[] = Object.freeze([
  1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384,
]);

/**
 * The index of the bucket `value` falls in: the first bound ≥ value, or
 * `bounds.length` (the +Inf bucket) past the last. NaN counts as +Inf.
 * Binary search: ≤ 5 comparisons for the bounds above.
 */
export function bucketIndex(bounds: readonly number[], value: number): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value <= bounds[mid]!) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** A histogram as plain data: per-bucket (not cumulative) counts, the last one +Inf. */
export interface HistogramSnapshot {
  bounds: number[];
  counts: number[];
  sum: number;
  count: number;
}

export class FixedHistogram {
  /** Per bucket, not cumulative; counts[bounds.length] is +Inf. */
  private readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[] = SECONDS_BUCKETS) {
    for (let i = 1; i < bounds.length; i++) {
      if (!(bounds[i]! > bounds[i - 1]!)) throw new RangeError(`histogram bounds must increase, got ${bounds[i - 1]} then ${bounds[i]}`);
    }
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    this.counts[bucketIndex(this.bounds, value)]!++;
    this.sum += value;
    this.count++;
  }

  snapshot(): HistogramSnapshot {
    return { bounds: this.bounds.slice(), counts: Array.from(this.counts), sum: this.sum, count: this.count };
  }
}

/** Sums snapshots of one metric from several threads (same bounds; a mismatch is an error). */
export function mergeHistograms(parts: readonly HistogramSnapshot[]): HistogramSnapshot | undefined {
  if (parts.length === 0) return undefined;
  const first = parts[0]!;
  const out: HistogramSnapshot = { bounds: first.bounds.slice(), counts: first.counts.slice(), sum: first.sum, count: first.count };
  for (let p = 1; p < parts.length; p++) {
    const s = parts[p]!;
    if (s.bounds.length !== out.bounds.length || s.bounds.some((b, i) => b !== out.bounds[i])) {
      throw new RangeError('cannot merge histograms with different buckets');
    }
    for (let i = 0; i < s.counts.length; i++) out.counts[i]! += s.counts[i]!;
    out.sum += s.sum;
    out.count += s.count;
  }
  return out;
}

/** Prometheus' `le` buckets: cumulative counts per upper bound, ending with +Inf (= count). */
export function cumulativeBuckets(s: HistogramSnapshot): { le: number; count: number }[] {
  const out: { le: number; count: number }[] = [];
  let acc = 0;
  for (let i = 0; i < s.counts.length; i++) {
    acc += s.counts[i]!;
    out.push({ le: i < s.bounds.length ? s.bounds[i]! : Infinity, count: acc });
  }
  return out;
}

/** A thread's metrics as plain data (crosses threads through structured clone). */
export interface ThreadMetricsSnapshot {
  histograms: { name: string; label: string; histogram: HistogramSnapshot }[];
  gauges: { name: string; label: string; value: number }[];
}

/** A settable number, kept where it is changed (an object, so holders keep a reference, not a lookup). */
export class Gauge {
  value = 0;
}

/**
 * One thread's histograms and gauges, each named by (metric name, one label value).
 * Look one up once (at actor start) and keep it: the lookup builds a key string,
 * observing does not.
 */
export class ThreadMetrics {
  private readonly histograms = new Map<string, { name: string; label: string; h: FixedHistogram }>();
  private readonly gauges = new Map<string, { name: string; label: string; g: Gauge }>();

  histogram(name: string, label: string, bounds: readonly number[] = SECONDS_BUCKETS): FixedHistogram {
    const key = `${name}\u0000${label}`;
    let e = this.histograms.get(key);
    if (!e) this.histograms.set(key, (e = { name, label, h: new FixedHistogram(bounds) }));
    return e.h;
  }

  gauge(name: string, label: string): Gauge {
    const key = `${name}\u0000${label}`;
    let e = this.gauges.get(key);
    if (!e) this.gauges.set(key, (e = { name, label, g: new Gauge() }));
    return e.g;
  }

  snapshot(): ThreadMetricsSnapshot {
    return {
      histograms: [...this.histograms.values()].map((e) => ({ name: e.name, label: e.label, histogram: e.h.snapshot() })),
      gauges: [...this.gauges.values()].map((e) => ({ name: e.name, label: e.label, value: e.g.value })),
    };
  }
}
