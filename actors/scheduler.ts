// The scheduler: one actor, running the scheduling cycle's statechart
// (machines/scheduler/machine.ts) with the I/O below. It hears every pod and
// node, keeps what each node has been given, and binds pending pods in batches
// (pods/binding). A pod that fits nowhere gets PodScheduled=False, reason
// Unschedulable, and is tried again when nodes change or its back-off ends. A pod
// whose binding is on its way is assumed on its node (machines/scheduler/assumed.ts)
// until the binding is heard, refused, or lost to a store that did not answer in time.
import type { AnyActorRef } from 'xstate';
import { schedulerMachine } from '../machines/scheduler/machine.js';
import { addPod, nodeInfoOf, removePod, updateNode, type NodeInfo } from '../machines/scheduler/node-info.js';
import { AssumedPods } from '../machines/scheduler/assumed.js';
import { schedulePods, unschedulableBackoffMs } from '../machines/scheduler/cycle.js';
import { actorContext } from '../src/runtime/context.js';
import type { KObject } from '../src/store/types.js';
import { ObjectCache, isAskTimeout, reconcileMeter, StoreClient, failer, uidOf, type ReconcileMeter } from './client.js';
import { EventRecorder, eventClock } from './event-client.js';
import { refs, type Change, type StoreChanges, type WireOp } from './protocol.js';
import { rfc3339 } from '../machines/time.js';

const SCHEDULER = 'default-scheduler';

function isPending(p: KObject): boolean {
  return !p.spec?.nodeName && !p.metadata.deletionTimestamp && (p.spec?.schedulerName ?? SCHEDULER) === SCHEDULER
    && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
}


/** The scheduler's state and I/O: caches of pods and nodes, the queue, the writes. */
class SchedulerIO {
  private readonly client: StoreClient;
  private readonly events: EventRecorder;
  private readonly meter: ReconcileMeter;
  private readonly fail: (err: unknown) => void;
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly pods = new ObjectCache();
  /** Where we (or anyone) placed each bound pod, so deletions free the right node; and the reverse. */
  private readonly placed = new Map<string, string>();
  private readonly onNode = new Map<string, Set<string>>();
  private readonly pending = new Map<string, KObject>();
  private readonly attempts = new Map<string, number>();
  /** Pods whose bindings are sent and not yet heard: counted on their nodes meanwhile. */
  private readonly assumed = new AssumedPods();
  /** Cycles in a row whose writes the store did not answer in time (their back-off grows with it, as a pod's does, to 10 s). */
  private timeouts = 0;
  /** When the oldest pod now queued joined (for the queue-wait metric); 0: none waiting. */
  private queuedAt = 0;

  constructor(private readonly self: AnyActorRef) {
    const ctx = actorContext(self);
    this.client = new StoreClient(ctx);
    this.events = new EventRecorder(ctx, SCHEDULER);
    this.meter = reconcileMeter(ctx, 'scheduler');
    this.fail = failer(self);
    self.subscribe({ complete: () => this.stop(), error: () => this.stop() });
  }

  sync(): void {
    void this.client.subscribe([{ by: 'kind', value: 'Pod' }, { by: 'kind', value: 'Node' }], [{ resource: refs.nodes }, { resource: refs.pods }]).then((reply) => {
      for (const p of reply.objects[1] ?? []) this.onPod({ type: 'ADDED', rev: Number(p.metadata.resourceVersion), object: p });
      for (const n of reply.objects[0] ?? []) this.nodeChanged({ type: 'ADDED', rev: Number(n.metadata.resourceVersion), object: n });
      this.self.send({ type: 'synced' });
    }, this.fail);
  }

  hear(changes: Change[]): void {
    let queued = false, nodesChanged = false;
    for (const c of changes) {
      if (c.object.kind === 'Node') nodesChanged = this.nodeChanged(c) || nodesChanged;
      else if (this.onPod(c)) queued = true;
    }
    this.meter.depth.value = this.pending.size;
    if (nodesChanged) this.self.send({ type: 'nodes.changed' });
    if (queued) this.self.send({ type: 'queue.changed' });
  }

  /**
   * Unschedulable pods wait for a node change or their back-off; then all of them are tried again,
   * with those whose bindings were not answered in time and are still not heard of as bound
   * (their assumptions are forgotten, as kube-scheduler forgets a pod whose binding failed).
   */
  requeueUnschedulable(): void {
    for (const [, a] of this.assumed.forgetUnanswered()) this.unassume(a.node, a.pod);
    for (const p of this.pods.values()) if (isPending(p) && !this.assumed.has(uidOf(p))) this.enqueue(p);
  }

  /** One cycle: the whole queue, filtered, scored and bound in one batch of writes; answered with 'cycle.done'. */
  runCycle(): void {
    const started = performance.now();
    if (this.queuedAt) { this.meter.wait.observe((started - this.queuedAt) / 1000); this.queuedAt = 0; }
    void this.cycle().then((backoffMs) => {
      this.meter.duration.observe((performance.now() - started) / 1000);
      this.self.send({ type: 'cycle.done', backoffMs });
    }, this.fail);
  }

  private async cycle(): Promise<number | null> {
    if (this.pending.size === 0) return null;
    const result = schedulePods([...this.pending.values()], [...this.nodes.values()]);
    const ops: WireOp[] = [];
    for (const b of result.bindings) {
      const uid = uidOf(b.pod);
      ops.push({ op: 'bind', namespace: b.pod.metadata.namespace!, name: b.pod.metadata.name!, uid, node: b.node });
      this.pending.delete(uid);
      // schedulePods has charged the node. (An assumed pod is never queued, so never assumed twice.)
      this.assumed.assume(uid, b.node, b.pod);
    }
    let backoff: number | null = null;
    for (const u of result.unschedulable) {
      const uid = uidOf(u.pod);
      const n = (this.attempts.get(uid) ?? 0) + 1;
      this.attempts.set(uid, n);
      backoff = Math.min(backoff ?? Infinity, unschedulableBackoffMs(n));
      this.pending.delete(uid); // back in the queue when nodes change or the back-off ends
      const cond = (u.pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled');
      if (cond?.status === 'False' && cond.message === u.message) continue; // already says so
      const conditions = (u.pod.status?.conditions ?? []).filter((c: { type: string }) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'False', reason: u.reason, message: u.message, lastProbeTime: null, lastTransitionTime: rfc3339(Date.now()) });
      ops.push({ op: 'update', resource: refs.pods, subresource: 'status', object: { ...u.pod, metadata: { ...u.pod.metadata, resourceVersion: undefined }, status: { ...u.pod.status, phase: 'Pending', conditions } } });
      this.events.record(u.pod, { type: 'Warning', reason: 'FailedScheduling', message: u.message });
    }
    if (ops.length) {
      // Lean: every pod's change reaches this actor routed (it subscribes to the kind), and
      // the journal routes a commit before it answers its writers, so the bound pods are
      // already in the cache when the answer comes.
      const bound = new Map(result.bindings.map((b) => [uidOf(b.pod), b.pod]));
      // The Events' time is the binding's: the kubelet hears of a bound pod (routed) before this
      // answer comes, and its pod's Pulled..Started must not come before Scheduled.
      const boundAt = eventClock();
      let results;
      try {
        results = await this.client.writeLean(ops);
      } catch (err) {
        if (!isAskTimeout(err)) throw err;
        // The store did not answer in time (overloaded); the bindings may still land, so their
        // pods stay counted on their nodes. Those not heard of as bound when the back-off ends
        // are queued again then (requeueUnschedulable), as kube-scheduler requeues a pod whose
        // binding failed: no restart, no re-read of all. The back-off is a pod's: 1 s doubling to 10 s.
        this.assumed.unanswered(bound.keys());
        return Math.min(backoff ?? Infinity, unschedulableBackoffMs(++this.timeouts));
      }
      this.timeouts = 0;
      results.forEach((r, i) => {
        const op = ops[i]!;
        if (op.op !== 'bind') return;
        const pod = bound.get(op.uid)!;
        if (r.ok) {
          this.events.record(pod, { type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${op.namespace}/${op.name} to ${op.node}` }, boundAt);
          return;
        }
        // Refused (the pod is gone, or bound already): its node is not charged for it. Still
        // pending in the cache (it was not bound elsewhere): tried again after its back-off.
        const a = this.assumed.take(op.uid);
        if (a) this.unassume(a.node, a.pod);
        const cached = this.pods.get(op.uid);
        if (cached && isPending(cached)) {
          const n = (this.attempts.get(op.uid) ?? 0) + 1;
          this.attempts.set(op.uid, n);
          backoff = Math.min(backoff ?? Infinity, unschedulableBackoffMs(n));
        }
      });
    }
    this.meter.depth.value = this.pending.size;
    return backoff;
  }

  private enqueue(p: KObject): void {
    if (!this.queuedAt) this.queuedAt = performance.now();
    this.pending.set(uidOf(p), p);
  }

  /** Release what an assumption charged its node (the pod is not, or no longer, bound there). */
  private unassume(node: string, pod: KObject): void {
    const info = this.nodes.get(node);
    if (info) removePod(info, pod);
  }

  private unplace(uid: string, p: KObject): void {
    const was = this.placed.get(uid);
    if (!was) return;
    const info = this.nodes.get(was);
    if (info) removePod(info, p);
    this.placed.delete(uid);
    this.onNode.get(was)?.delete(uid);
  }

  private place(p: KObject): void {
    const uid = uidOf(p);
    const node = p.spec?.nodeName as string | undefined;
    const was = this.placed.get(uid);
    const done = p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
    // Heard bound (by our binding or anyone's): no longer an assumption. A node's charge for a pod
    // is one entry (by uid): kept where the pod is placed or is about to be (addPod below is then a
    // no-op), released anywhere else.
    if (node) {
      const a = this.assumed.take(uid);
      const placing = was === undefined && !p.metadata.deletionTimestamp && !done;
      if (a && a.node !== was && !(placing && a.node === node)) this.unassume(a.node, a.pod);
    }
    if (was && (!node || was !== node || p.metadata.deletionTimestamp || done)) this.unplace(uid, p);
    if (node && !this.placed.has(uid) && !p.metadata.deletionTimestamp && !done) {
      const info = this.nodes.get(node);
      if (info) addPod(info, p);
      this.placed.set(uid, node);
      let set = this.onNode.get(node);
      if (!set) this.onNode.set(node, (set = new Set()));
      set.add(uid);
    }
  }

  /** True when the pod is (now) waiting to be scheduled. */
  private onPod(c: Change): boolean {
    if (!this.pods.apply(c)) return false;
    const uid = uidOf(c.object);
    if (c.type === 'DELETED') {
      this.unplace(uid, c.object);
      const a = this.assumed.take(uid);
      if (a) this.unassume(a.node, a.pod);
      this.pending.delete(uid);
      this.attempts.delete(uid);
      return false;
    }
    this.place(c.object);
    // (a pending pod whose binding is on its way is not scheduled twice)
    if (isPending(c.object) && !this.assumed.has(uid)) { this.enqueue(c.object); return true; }
    this.pending.delete(uid);
    this.attempts.delete(uid);
    return false;
  }

  private nodeChanged(c: Change): boolean {
    const name = c.object.metadata.name!;
    if (c.type === 'DELETED') { this.nodes.delete(name); return true; }
    const known = this.nodes.get(name);
    // A node that changed keeps what it is charged with (pods bound and assumed); a new one is
    // charged with the pods placed there, by the reverse index (no scan of every pod), and assumed.
    if (known) { updateNode(known, c.object); return true; }
    const podsOnNode = [...(this.onNode.get(name) ?? [])].map((uid) => this.pods.get(uid)).filter((p): p is KObject => p !== undefined);
    this.nodes.set(name, nodeInfoOf(c.object, [...podsOnNode, ...this.assumed.onNode(name)]));
    return true;
  }

  private stop(): void {
    try { this.client.unsubscribe(); } catch { /* the runtime is closing */ }
  }
}

const ios = new WeakMap<AnyActorRef, SchedulerIO>();
function io(self: AnyActorRef): SchedulerIO {
  let x = ios.get(self);
  if (!x) ios.set(self, (x = new SchedulerIO(self)));
  return x;
}

export const schedulerActor = schedulerMachine.provide({
  actions: {
    sync: ({ self }) => io(self).sync(),
    hear: ({ self, event }) => { if (event.type === 'store.changes') io(self).hear((event as StoreChanges).changes); },
    runCycle: ({ self }) => io(self).runCycle(),
    requeueUnschedulable: ({ self }) => io(self).requeueUnschedulable(),
  },
});
