// The scheduler: one actor. It hears every pod and node, keeps what each node
// has been given, and binds pending pods in batches (pods/binding). A pod that
// fits nowhere gets PodScheduled=False, reason Unschedulable, and is tried
// again when nodes change or its back-off ends.
import { fromCallback } from 'xstate';
import { addPod, nodeInfoOf, removePod, type NodeInfo } from '../machines/scheduler/node-info.js';
import { schedulePods, unschedulableBackoffMs } from '../machines/scheduler/cycle.js';
import { actorContext } from '../src/runtime/context.js';
import type { KObject } from '../src/store/types.js';
import { ObjectCache, Reconciler, reconcileMeter, StoreClient, failer, uidOf } from './client.js';
import { EventRecorder } from './event-client.js';
import { refs, type Change, type StoreChanges, type WireOp } from './protocol.js';
import { rfc3339 } from '../machines/time.js';

const SCHEDULER = 'default-scheduler';

function isPending(p: KObject): boolean {
  return !p.spec?.nodeName && !p.metadata.deletionTimestamp && (p.spec?.schedulerName ?? SCHEDULER) === SCHEDULER
    && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
}


export const schedulerActor = fromCallback(({ receive, self }) => {
  const ctx = actorContext(self);
  const client = new StoreClient(ctx);
  const nodes = new Map<string, NodeInfo>();
  const pods = new ObjectCache();
  /** Where we (or anyone) placed each bound pod, so deletions free the right node; and the reverse. */
  const placed = new Map<string, string>();
  const onNode = new Map<string, Set<string>>();
  const unplace = (uid: string, p: KObject) => {
    const was = placed.get(uid);
    if (!was) return;
    const info = nodes.get(was);
    if (info) removePod(info, p);
    placed.delete(uid);
    onNode.get(was)?.delete(uid);
  };
  const pending = new Map<string, KObject>();
  const attempts = new Map<string, number>();
  let ready = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  const events = new EventRecorder(ctx, SCHEDULER);

  const place = (p: KObject) => {
    const uid = uidOf(p);
    const node = p.spec?.nodeName as string | undefined;
    const was = placed.get(uid);
    if (was && (!node || was !== node || p.metadata.deletionTimestamp || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed')) unplace(uid, p);
    if (node && !placed.has(uid) && !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed') {
      const info = nodes.get(node);
      if (info) addPod(info, p);
      placed.set(uid, node);
      let set = onNode.get(node);
      if (!set) onNode.set(node, (set = new Set()));
      set.add(uid);
    }
  };

  const onPod = (c: Change) => {
    if (!pods.apply(c)) return false;
    const uid = uidOf(c.object);
    if (c.type === 'DELETED') {
      unplace(uid, c.object);
      pending.delete(uid);
      attempts.delete(uid);
      return true;
    }
    place(c.object);
    if (isPending(c.object)) pending.set(uid, c.object); else { pending.delete(uid); attempts.delete(uid); }
    return isPending(c.object);
  };

  const nodeChanged = (c: Change) => {
    const name = c.object.metadata.name!;
    if (c.type === 'DELETED') { nodes.delete(name); return true; }
    // The pods placed here, by the reverse index: no scan of every pod per node change.
    const podsOnNode = [...(onNode.get(name) ?? [])].map((uid) => pods.get(uid)).filter((p): p is KObject => p !== undefined);
    nodes.set(name, nodeInfoOf(c.object, podsOnNode));
    return true;
  };

  const reconciler = new Reconciler(async () => {
    if (!ready || pending.size === 0) return null;
    const batch = [...pending.values()];
    const result = schedulePods(batch, [...nodes.values()]);
    const ops: WireOp[] = [];
    for (const b of result.bindings) {
      ops.push({ op: 'bind', namespace: b.pod.metadata.namespace!, name: b.pod.metadata.name!, uid: uidOf(b.pod), node: b.node });
      pending.delete(uidOf(b.pod));
    }
    let retryIn: number | null = null;
    for (const u of result.unschedulable) {
      const uid = uidOf(u.pod);
      const n = (attempts.get(uid) ?? 0) + 1;
      attempts.set(uid, n);
      const backoff = unschedulableBackoffMs(n);
      retryIn = retryIn === null ? backoff : Math.min(retryIn, backoff);
      const cond = (u.pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled');
      if (cond?.status === 'False' && cond.message === u.message) continue; // already says so
      const conditions = (u.pod.status?.conditions ?? []).filter((c: { type: string }) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'False', reason: u.reason, message: u.message, lastProbeTime: null, lastTransitionTime: rfc3339(Date.now()) });
      ops.push({ op: 'update', resource: refs.pods, subresource: 'status', object: { ...u.pod, metadata: { ...u.pod.metadata, resourceVersion: undefined }, status: { ...u.pod.status, phase: 'Pending', conditions } } });
      events.record(u.pod, { type: 'Warning', reason: 'FailedScheduling', message: u.message });
      pending.delete(uid); // back in the queue when nodes change or the back-off ends
    }
    if (ops.length) {
      const results = await client.write(ops);
      results.forEach((r, i) => {
        const op = ops[i]!;
        if (op.op === 'bind' && r.ok) {
          pods.put(r.object); place(r.object);
          events.record(r.object, { type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${op.namespace}/${op.name} to ${op.node}` });
        }
      });
    }
    if (retryIn !== null && !retryTimer) {
      retryTimer = setTimeout(() => { retryTimer = null; self.send({ type: 'retry' }); }, retryIn);
    }
    return null;
  }, failer(self), reconcileMeter(ctx, 'scheduler'));

  /** Unschedulable pods wait for a node change or their back-off; then all of them are tried again. */
  const requeueUnschedulable = () => {
    for (const p of pods.values()) if (isPending(p)) pending.set(uidOf(p), p);
  };

  void client.subscribe([{ by: 'kind', value: 'Pod' }, { by: 'kind', value: 'Node' }], [{ resource: refs.nodes }, { resource: refs.pods }]).then((reply) => {
    for (const p of reply.objects[1] ?? []) onPod({ type: 'ADDED', rev: Number(p.metadata.resourceVersion), object: p });
    for (const n of reply.objects[0] ?? []) nodeChanged({ type: 'ADDED', rev: Number(n.metadata.resourceVersion), object: n });
    ready = true;
    reconciler.poke();
  });

  receive((event) => {
    if (event.type === 'actor.failed') throw new Error((event as { error?: string }).error);
    if (event.type === 'retry') { requeueUnschedulable(); reconciler.poke(); return; }
    if (event.type !== 'store.changes') return;
    let poke = false;
    for (const c of (event as StoreChanges).changes) {
      if (c.object.kind === 'Node') { if (nodeChanged(c)) { requeueUnschedulable(); poke = true; } }
      else if (onPod(c)) poke = true;
    }
    if (poke) reconciler.poke();
  });
  return () => { reconciler.stop(); if (retryTimer) clearTimeout(retryTimer); client.unsubscribe(); };
});
