// churn at several rates in a row (`churn --rates 100,300,1000`): pod startup latency against
// load, and the highest rate that kept startup p99 within the target. Pure: the rates' parsing
// and the summary of the runs.

/** Kubernetes' own SLO is p99 ≤ 5 s; the benchmark issue asks p99 ≤ 50 ms at 1,000 pods/s. */
export const SWEEP_P99_TARGET_MS = 50;

/** A run counts as keeping up when the API answered creations at this share of the rate asked. */
const KEPT_UP = 0.95;

export interface SweepPoint {
  rate: number;
  /** Creations answered per second (below `rate` when the API fell behind). */
  achievedRate: number;
  startupP50Ms: number;
  startupP99Ms: number;
  /** CPU of every thread of the process, per pod created. */
  cpuMsPerPod: number;
  mainThreadBusyMsPerPod: number;
  contextSwitchesPerPod: number;
  /** Journal writes per fsynced batch. */
  journalWritesPerCommit: number;
}

/** "100,300,1000" → [100, 300, 1000]: positive, ascending, no repeats. */
export function parseRates(value: string): number[] {
  const rates = value.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (rates.length === 0 || rates.some((r) => !(r > 0) || !Number.isFinite(r))) throw new Error(`--rates must list positive pods/s, e.g. 100,300,1000; got "${value}"`);
  for (let i = 1; i < rates.length; i++) if (rates[i]! <= rates[i - 1]!) throw new Error(`--rates must go up: ${rates[i]} after ${rates[i - 1]}`);
  return rates;
}

/** One churn run's figures as a point of the sweep. */
export function sweepPoint(run: Record<string, any>): SweepPoint {
  const pods = Math.max(1, Number(run.podsCreated) || 0);
  const per = (n: number, d = 2) => Number((n / pods).toFixed(d));
  const cs = run.contextSwitches ?? { voluntary: 0, involuntary: 0 };
  return {
    rate: run.rate,
    achievedRate: run.achievedRate,
    startupP50Ms: run.podStartupMs?.p50,
    startupP99Ms: run.podStartupMs?.p99,
    cpuMsPerPod: per(run.cpuMs ?? 0),
    mainThreadBusyMsPerPod: per(run.mainThreadBusyMs ?? 0),
    contextSwitchesPerPod: per(cs.voluntary + cs.involuntary, 1),
    journalWritesPerCommit: run.journalWritesPerCommit,
  };
}

/** The highest rate that kept up and kept startup p99 within `targetMs` (null: none did). */
export function highestRateWithin(points: readonly SweepPoint[], targetMs = SWEEP_P99_TARGET_MS): number | null {
  let best: number | null = null;
  for (const p of points) {
    if (p.startupP99Ms <= targetMs && p.achievedRate >= KEPT_UP * p.rate && (best === null || p.rate > best)) best = p.rate;
  }
  return best;
}
