// The sim container runtime's start latency as a seeded distribution, written as
// `fixed:5`, `uniform:1-10` or `exp:5` (milliseconds; exp is exponential with
// that mean). Each simulated kubelet draws from its own stream, seeded by the
// cluster's seed and its node's name, so a run is repeatable node by node.
import { seededRandom } from '../random.js';
import { hash32 } from '../scheduler/score.js';

export { seededRandom };

export type StartLatency =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'exp'; mean: number };

export class StartLatencyError extends Error {
  constructor(spec: string, why: string) {
    super(`start latency "${spec}": ${why} (use fixed:MS, uniform:MIN-MAX or exp:MEAN, in ms)`);
    this.name = 'StartLatencyError';
  }
}

const ms = (s: string | undefined): number => (s !== undefined && /^\d+(\.\d+)?$/.test(s) ? Number(s) : NaN);

/** Parses `fixed:5`, `uniform:1-10`, `exp:5`; a bare number means fixed. */
export function parseStartLatency(spec: string): StartLatency {
  const [kind, arg] = spec.includes(':') ? spec.split(':', 2) as [string, string] : ['fixed', spec];
  if (kind === 'fixed') {
    const v = ms(arg);
    if (Number.isNaN(v)) throw new StartLatencyError(spec, 'not a number of ms');
    return { kind, ms: v };
  }
  if (kind === 'uniform') {
    const [a, b] = (arg ?? '').split('-');
    const min = ms(a), max = ms(b);
    if (Number.isNaN(min) || Number.isNaN(max)) throw new StartLatencyError(spec, 'expected MIN-MAX');
    if (min > max) throw new StartLatencyError(spec, 'MIN is above MAX');
    return { kind, min, max };
  }
  if (kind === 'exp') {
    const mean = ms(arg);
    if (Number.isNaN(mean)) throw new StartLatencyError(spec, 'not a mean in ms');
    return { kind, mean };
  }
  throw new StartLatencyError(spec, `unknown distribution "${kind}"`);
}

export function formatStartLatency(d: StartLatency): string {
  return d.kind === 'fixed' ? `fixed:${d.ms}` : d.kind === 'uniform' ? `uniform:${d.min}-${d.max}` : `exp:${d.mean}`;
}


/** One draw, in whole-or-fractional ms, never negative. */
export function sampleStartLatency(d: StartLatency, random: () => number): number {
  switch (d.kind) {
    case 'fixed': return d.ms;
    case 'uniform': return d.min + random() * (d.max - d.min);
    case 'exp': return d.mean === 0 ? 0 : -d.mean * Math.log(1 - random());
  }
}

/** A node's stream of start latencies: the cluster's seed mixed with the node's name. */
export function startLatencySampler(spec: string | undefined, seed: number, node: string): () => number {
  const d = parseStartLatency(spec ?? 'fixed:0');
  const random = seededRandom(hash32(node, seed));
  return () => sampleStartLatency(d, random);
}
