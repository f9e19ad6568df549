// Waiting for a condition over what the watches have seen: each check is run
// again whenever a watch brings news (poke), never on a timer.

interface Waiter { what: string; check: () => boolean; resolve(at: number): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> }

export class Waiters {
  private readonly waiting = new Set<Waiter>();

  constructor(private readonly clock: () => number) {}

  /**
   * Resolves with the clock's time at which `check` first held (at once if it holds now).
   * `detail` says, when the time runs out, how far things got (what a stuck run needs told).
   */
  until(what: string, check: () => boolean, timeoutMs: number, detail?: () => string | Promise<string>): Promise<number> {
    if (check()) return Promise.resolve(this.clock());
    const p = new Promise<number>((resolve, reject) => {
      const w: Waiter = {
        what, check, resolve, reject,
        timer: setTimeout(() => {
          this.waiting.delete(w);
          const fail = (told: string) => reject(new Error(`${what}: not within ${timeoutMs} ms${told ? ` (${told})` : ''}`));
          if (!detail) return fail('');
          Promise.resolve().then(detail).then(fail, (e: Error) => fail(`and telling how far it got failed: ${e.message}`));
        }, timeoutMs),
      };
      this.waiting.add(w);
    });
    // A wait set up before the step it waits on may be cancelled when that step fails: the
    // step's own error is the one to report, not an unhandled rejection of this one.
    p.catch(() => {});
    return p;
  }

  /** Re-runs every pending check. */
  poke(): void {
    if (this.waiting.size === 0) return;
    const now = this.clock();
    for (const w of [...this.waiting]) {
      if (!w.check()) continue;
      clearTimeout(w.timer);
      this.waiting.delete(w);
      w.resolve(now);
    }
  }

  /** Rejects everything still waiting (the run failed elsewhere). */
  cancel(reason: string): void {
    for (const w of this.waiting) { clearTimeout(w.timer); w.reject(new Error(`${w.what}: ${reason}`)); }
    this.waiting.clear();
  }
}
