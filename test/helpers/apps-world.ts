// An in-memory world for the Deployment and ReplicaSet plans: it applies plans the way
// the actors would (creates get names, uids, timestamps; spec changes bump generation) and
// runs pods through Pending → Running → Ready after seeded random delays.
import type { KObject } from '../../src/store/types.js';
import { planDeployment, type DeploymentPlan } from '../../machines/deployment/plan.js';
import { planReplicaSet, podFromTemplate } from '../../machines/replicaset/plan.js';

export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** mulberry32, seeded: randomised tests replay from their seed. */
export { seededRandom as prng } from '../../machines/random.js';

export class AppsWorld {
  now: number;
  d: KObject;
  rss = new Map<string, KObject>();
  pods = new Map<string, KObject>();
  readyAt = new Map<string, number>();
  private seq = 0;
  events: DeploymentPlan['events'] = [];

  constructor(d: KObject, now: number, private readonly rand: () => number, private readonly maxReadyDelayMs = 5000) {
    this.now = now;
    this.d = { ...structuredClone(d), metadata: { uid: 'd-uid', generation: 1, creationTimestamp: iso(now), ...structuredClone(d.metadata) } };
  }

  /** A user edit of the Deployment's spec (generation bumps). */
  editSpec(f: (spec: any) => void): void {
    f(this.d.spec);
    this.d.metadata.generation = (this.d.metadata.generation ?? 0) + 1;
  }

  advance(ms: number): void {
    this.now += ms;
    for (const [name, at] of this.readyAt) {
      if (at > this.now) continue;
      const p = this.pods.get(name);
      this.readyAt.delete(name);
      if (!p) continue;
      p.spec.nodeName = 'node-1';
      p.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: iso(at) }] };
    }
  }

  syncReplicaSets(): void {
    for (const rs of [...this.rss.values()].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))) {
      const owned = [...this.pods.values()].filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === rs.metadata.uid));
      const plan = planReplicaSet(rs, owned, this.now);
      for (const p of plan.delete) { this.pods.delete(p.metadata.name!); this.readyAt.delete(p.metadata.name!); }
      for (let i = 0; i < plan.create; i++) {
        const p = podFromTemplate(rs);
        const name = `${p.metadata.generateName}${(++this.seq).toString(36)}`;
        p.metadata = { ...p.metadata, name, uid: `pod-${this.seq}`, creationTimestamp: iso(this.now) };
        p.status = { phase: 'Pending' };
        this.pods.set(name, p);
        this.readyAt.set(name, this.now + 1 + Math.floor(this.rand() * this.maxReadyDelayMs));
      }
      // Status reflects the pods after this sync's writes (the next sync would report it).
      const after = [...this.pods.values()].filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === rs.metadata.uid));
      const again = planReplicaSet(rs, after, this.now);
      if (again.status) rs.status = again.status;
    }
  }

  syncDeployment(activePodsOfOldRS?: number): DeploymentPlan {
    const plan = planDeployment(this.d, [...this.rss.values()].map((r) => structuredClone(r)), this.now, activePodsOfOldRS);
    this.apply(plan);
    return plan;
  }

  apply(plan: DeploymentPlan): void {
    for (const rs of plan.create) {
      if (this.rss.has(rs.metadata.name!)) throw new Error(`AlreadyExists: ${rs.metadata.name}`);
      const o = structuredClone(rs);
      o.metadata = { ...o.metadata, uid: `rs-${++this.seq}`, generation: 1, creationTimestamp: iso(this.now) };
      this.rss.set(o.metadata.name!, o);
    }
    for (const rs of plan.update) {
      const cur = this.rss.get(rs.metadata.name!);
      if (!cur) throw new Error(`NotFound: ${rs.metadata.name}`);
      const specChanged = JSON.stringify(cur.spec) !== JSON.stringify(rs.spec);
      this.rss.set(rs.metadata.name!, {
        ...structuredClone(rs), status: cur.status,
        metadata: { ...structuredClone(rs.metadata), generation: (cur.metadata.generation ?? 1) + (specChanged ? 1 : 0) },
      });
    }
    for (const rs of plan.delete) {
      this.rss.delete(rs.metadata.name!);
      for (const [n, p] of this.pods) if (p.metadata.ownerReferences?.some((r) => r.uid === rs.metadata.uid)) this.pods.delete(n);
    }
    if (plan.deploymentUpdate) {
      const specChanged = JSON.stringify(this.d.spec) !== JSON.stringify(plan.deploymentUpdate.spec);
      this.d = {
        ...structuredClone(plan.deploymentUpdate), status: this.d.status,
        metadata: { ...structuredClone(plan.deploymentUpdate.metadata), generation: (this.d.metadata.generation ?? 1) + (specChanged ? 1 : 0) },
      };
    }
    if (plan.status) this.d.status = structuredClone(plan.status);
    this.events.push(...plan.events);
  }

  /** One controller round: ReplicaSets report, the Deployment plans, ReplicaSets act. */
  step(activePodsOfOldRS?: number): DeploymentPlan {
    this.syncReplicaSets();
    const plan = this.syncDeployment(activePodsOfOldRS);
    this.syncReplicaSets();
    return plan;
  }

  activePods(): KObject[] {
    return [...this.pods.values()];
  }
  readyPods(): number {
    return this.activePods().filter((p) => p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')).length;
  }
}
