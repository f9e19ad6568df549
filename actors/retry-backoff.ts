// Work on one key (an object's uid, an actor's address) that failed, done again after a delay
// that doubles per key, 1 s up to 5 min, as a Kubernetes controller requeues a key that keeps
// failing: rate-limited, and never given up for good. Children that escalated are spawned again
// this way (a ReplicaSet whose actor gave up would otherwise never be reconciled again), and a
// garbage collection that failed is tried again.

export const RETRY_BASE_MS = 1000;
export const RETRY_MAX_MS = 300_000;
/** A key that has not failed for this long starts again from the base delay. */
export const RETRY_FORGET_MS = 2 * RETRY_MAX_MS;

/** The wait before the nth retry (n ≥ 1): 1 s, 2 s, 4 s, … up to 5 min. */
export function retryDelayMs(n: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(Math.max(0, n - 1), 30));
}

/** Failures in a row of one piece of work, and how long to wait before trying it again. */
export class FailureStreak {
  private n = 0;
  /** It failed (again): the wait before the next try (retryDelayMs of the streak). */
  failed(): number {
    return retryDelayMs(++this.n);
  }
  /** It worked: the next failure waits the base delay again. */
  succeeded(): void {
    this.n = 0;
  }
}

export class RetryBackoff {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly failures = new Map<string, { n: number; last: number }>();

  /** `work(key)`: done again once the delay is over (the caller checks it is still wanted). */
  constructor(private readonly work: (key: string) => void, private readonly now: () => number = Date.now) {}

  /** The work for `key` failed: schedules it again; returns the delay. */
  retry(key: string): number {
    const now = this.now();
    const prev = this.failures.get(key);
    const n = prev && now - prev.last < RETRY_FORGET_MS ? prev.n + 1 : 1;
    this.failures.set(key, { n, last: now });
    const delay = retryDelayMs(n);
    const old = this.timers.get(key);
    if (old) clearTimeout(old);
    this.timers.set(key, setTimeout(() => { this.timers.delete(key); this.work(key); }, delay));
    return delay;
  }

  /** The key is gone (its object deleted): nothing to do again. */
  forget(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
    this.failures.delete(key);
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
