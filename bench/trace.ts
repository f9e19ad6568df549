// What a report draws, kept small whatever the scale: series thinned to at
// most ~1,000 points, the startup CDF to ~200, stage latencies as summaries.
import type { PodRecord, PodTracker } from './pod-tracker.js';
import { cdf, summarize, type Summary } from './stats.js';

export interface Series { name: string; points: [number, number][] }

export interface Trace {
  /** The run's parameters, shown as a table. */
  params: Record<string, string | number>;
  /** Over time (x in ms since the start): "pods Ready" first, then any the scenario adds. */
  series: Series[];
  /** Moments worth a vertical line (ms since the start). */
  marks: { t: number; label: string }[];
  /** Pod startup (first seen → Ready) as CDF points [ms, fraction]. */
  startupCdf: [number, number][];
  /** create → scheduled → running → Ready. */
  stages: Record<'scheduled' | 'running' | 'ready', Summary>;
}

/** At most `max` points: every k-th, and always the last. */
export function thin(points: readonly [number, number][], max = 1000): [number, number][] {
  if (points.length <= max) return [...points];
  const k = Math.ceil(points.length / max);
  const out = points.filter((_, i) => i % k === 0);
  if (out[out.length - 1] !== points[points.length - 1]) out.push(points[points.length - 1]!);
  return out;
}

export function traceOf(tracker: PodTracker, params: Record<string, string | number>, o: { which?: (r: PodRecord) => boolean; series?: Series[]; marks?: Trace['marks'] } = {}): Trace {
  const stages = tracker.stageLatencies(o.which);
  return {
    params,
    series: [{ name: 'pods Ready', points: thin(tracker.readySeries) }, ...(o.series ?? []).map((s) => ({ name: s.name, points: thin(s.points) }))],
    marks: o.marks ?? [],
    startupCdf: cdf(tracker.startupLatencies(o.which)).map(([x, y]) => [+x.toFixed(2), +y.toFixed(4)]),
    stages: { scheduled: summarize(stages.scheduled, 1), running: summarize(stages.running, 1), ready: summarize(stages.ready, 1) },
  };
}
