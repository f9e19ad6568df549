// Graceful deletion's deadline: a pod marked with deletionTimestamp goes when
// its kubelet confirms (a delete with grace 0) or, failing that, when the
// grace runs out. One timer per terminating pod, set from the pods watch.
import { StoreError } from '../store/errors.js';
import type { KObject, ObjectStore, ResourceRef, Watch } from '../store/types.js';

const PODS: ResourceRef = { group: '', resource: 'pods', kind: 'Pod', namespaced: true };

export class PodTerminationTimer {
  private watch: Watch | null = null;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly store: ObjectStore, private readonly now: () => number = Date.now) {}

  start(): void {
    this.watch = this.store.watch(PODS, {});
    void (async () => {
      for await (const ev of this.watch!) {
        const pod = ev.object as KObject;
        const uid = pod?.metadata?.uid;
        if (!uid) continue;
        if (ev.type === 'DELETED') this.clear(uid);
        else if (pod.metadata.deletionTimestamp && !this.timers.has(uid)) this.schedule(pod);
      }
    })().catch(() => { /* watch ended: closing */ });
  }

  private schedule(pod: KObject): void {
    const uid = pod.metadata.uid!;
    const due = Date.parse(pod.metadata.deletionTimestamp!) - this.now();
    const timer = setTimeout(() => {
      this.timers.delete(uid);
      void this.store.delete(PODS, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid }, cause: 'grace-expired' })
        .catch((err) => { if (!(err instanceof StoreError)) throw err; });
    }, Math.max(0, due));
    this.timers.set(uid, timer);
  }

  private clear(uid: string): void {
    const t = this.timers.get(uid);
    if (t) clearTimeout(t);
    this.timers.delete(uid);
  }

  stop(): void {
    this.watch?.stop();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
