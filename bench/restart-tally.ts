// Actor restarts during a run, by kind, with the first few distinct errors: a run that needed
// supervision to finish (or did not finish) says which actors failed and why.
import type { Runtime } from '../src/runtime/runtime.js';

const ERRORS_KEPT = 5;

export class RestartTally {
  private readonly counts = new Map<string, number>();
  private readonly errors = new Set<string>();
  private readonly off: () => void;

  constructor(runtime: Pick<Runtime, 'onLifecycle'>) {
    this.off = runtime.onLifecycle((r) => {
      if (r.type !== 'restarted' && r.type !== 'escalated') return;
      const key = `${r.kind ?? 'actor'}${r.type === 'escalated' ? ' (escalated)' : ''}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      if (r.error && this.errors.size < ERRORS_KEPT) this.errors.add(`${r.kind ?? 'actor'}: ${r.error.slice(0, 200)}`);
    });
  }

  byKind(): Record<string, number> { return Object.fromEntries(this.counts); }

  /** "ReplicaSet 12, Pod 3; errors: ..." or "none". */
  summary(): string {
    if (this.counts.size === 0) return 'none';
    const counts = [...this.counts].map(([k, n]) => `${k} ${n}`).join(', ');
    return this.errors.size ? `${counts}; errors: ${[...this.errors].join(' | ')}` : counts;
  }

  stop(): void { this.off(); }
}
