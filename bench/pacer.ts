// A steady rate: how many operations are due by now, so a tick that came
// late catches up instead of drifting below the rate.

export class Pacer {
  private issued = 0;
  constructor(private readonly perSecond: number) {}

  /** Operations to issue now so that `issued ≈ rate × elapsed`. */
  due(elapsedMs: number): number {
    const n = Math.max(0, Math.floor((this.perSecond * elapsedMs) / 1000) - this.issued);
    this.issued += n;
    return n;
  }

  get total(): number { return this.issued; }
}

/** Runs at most `limit` of the tasks at once, in the order queued. */
export class Limiter {
  private running = 0;
  private readonly queue: (() => Promise<void>)[] = [];
  constructor(private readonly limit: number) {}

  /** Queued plus running. */
  get pending(): number { return this.queue.length + this.running; }

  push(task: () => Promise<void>, onError: (e: unknown) => void): void {
    this.queue.push(task);
    this.drain(onError);
  }

  private drain(onError: (e: unknown) => void): void {
    while (this.running < this.limit && this.queue.length) {
      const task = this.queue.shift()!;
      this.running++;
      void task().catch(onError).finally(() => { this.running--; this.drain(onError); });
    }
  }

  /** Resolves once nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.pending > 0) await new Promise((r) => setTimeout(r, 5));
  }
}
