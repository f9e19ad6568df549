// Deployments as seen through a watch: which are complete (Kubernetes'
// DeploymentComplete: the newest generation observed, every replica updated,
// no extra, all available), and when each last became so.
import type { JournalStore } from '../src/store/index.js';
import { deploymentComplete } from '../machines/deployment/util.js';
import type { KObject } from '../src/store/types.js';
import { watchKind } from './watch-kind.js';

/** Kubernetes' DeploymentComplete, as the Deployment controller decides it, over the status a watch shows. */
export const rolloutComplete = (d: KObject): boolean => deploymentComplete(d, d.status);

export class DeploymentTracker {
  readonly latest = new Map<string, KObject>();
  /** ms since `t0` at which each Deployment last became complete. */
  readonly completedAt = new Map<string, number>();
  private readonly done = new Set<string>();
  private readonly stopWatch: () => void;

  constructor(store: JournalStore, private readonly t0: number, onChange: () => void) {
    this.stopWatch = watchKind(store, 'Deployment', (ev) => {
      const d = ev.object as KObject;
      const name = d.metadata.name!;
      if (ev.type === 'DELETED') { this.latest.delete(name); this.done.delete(name); }
      else {
        this.latest.set(name, d);
        const was = this.done.has(name);
        if (rolloutComplete(d)) { this.done.add(name); if (!was) this.completedAt.set(name, performance.now() - this.t0); }
        else this.done.delete(name);
      }
      onChange();
    });
  }

  /** Deployments complete now. */
  get complete(): number { return this.done.size; }

  /** Complete now, and at a generation of at least `generation[name]`. */
  completeAtGeneration(generations: Map<string, number>): number {
    let n = 0;
    for (const [name, g] of generations) {
      const d = this.latest.get(name);
      if (d && this.done.has(name) && (d.metadata.generation ?? 0) >= g) n++;
    }
    return n;
  }

  /** The first `limit` Deployments not complete, each with what its status says. */
  incomplete(limit = 5): string[] {
    const out: string[] = [];
    for (const [name, d] of this.latest) {
      if (this.done.has(name)) continue;
      if (out.length === limit) break;
      const s = d.status ?? {};
      out.push(`${name}: generation ${d.metadata.generation ?? 0} observed ${s.observedGeneration ?? 0}, ` +
        `replicas ${s.replicas ?? 0}/${d.spec?.replicas ?? 1} updated ${s.updatedReplicas ?? 0} ready ${s.readyReplicas ?? 0} available ${s.availableReplicas ?? 0}`);
    }
    return out;
  }

  stop(): void { this.stopWatch(); }
}
