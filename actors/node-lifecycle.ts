// The node lifecycle controller (kube-controller-manager's nodelifecycle,
// taint-eviction and pod GC's orphan sweep), as one actor. It hears every Node
// and every Lease (the kubelets' heartbeats in kube-node-lease) and runs one
// node machine (machines/node) per Node:
//
// - a Lease not renewed within nodeMonitorGracePeriod (default 40 s) → the
//   node's conditions go Unknown ("Kubelet stopped posting node status."), it
//   gets the node.kubernetes.io/unreachable taints (NoSchedule, and NoExecute
//   with timeAdded; not-ready for Ready=False), its pods are marked not Ready
//   (MarkPodsNotReady) and, once their toleration of the NoExecute taint runs
//   out (admission gives 300 s), evicted: deleted gracefully, as Kubernetes'
//   taint-eviction controller does (the kubelet being gone, the API server's
//   pod-termination deadline removes them);
// - heartbeats again → Ready=True, taints removed;
// - a Node deleted → its pods are deleted at once with grace 0 (pod GC of
//   orphaned pods; Kubernetes waits a 40 s quarantine first), and the same
//   sweep runs once at start for pods bound to nodes that do not exist.
// The ReplicaSets then replace the lost pods on healthy nodes.
//
// Timers are the node machines' grace deadlines and the eviction deadlines;
// nothing polls the store.
import { createActor, fromCallback, type Actor } from 'xstate';
import {
  evictionDueAt, mergeNodeTaints, nodeConditionsFor, nodeMachine, NODE_MONITOR_GRACE_PERIOD_MS, type NodeHealth,
} from '../machines/node/machine.js';
import { notReadyStatus } from '../machines/pod/status.js';
import { TAINT_NOT_READY, TAINT_UNREACHABLE, nodeReadyStatus, type Taint } from '../machines/scheduler/filter.js';
import { actorContext } from '../src/runtime/context.js';
import type { KObject } from '../src/store/types.js';
import { Reconciler, reconcileMeter, StoreClient, changesOf, failer, revisionOf, uidOf } from './client.js';
import { EventRecorder } from './event-client.js';
import { refs, type WireOp } from './protocol.js';

export interface NodeLifecycleInput {
  /** nodeMonitorGracePeriod in ms (Kubernetes' default 40 s). */
  nodeMonitorGracePeriodMs?: number;
}

const COMPONENT = 'node-controller';
const LEASE_NAMESPACE = 'kube-node-lease';

interface Tracked {
  node: KObject;
  machine: Actor<typeof nodeMachine>;
  /** What the node machine says the node's health is. */
  health: NodeHealth;
  /** What we last announced with an event (NodeReady / NodeNotReady). */
  announced: NodeHealth | null;
  reconciler: Reconciler;
}

const readyStatusOf: Record<NodeHealth, string> = { Ready: 'True', NotReady: 'False', Unknown: 'Unknown' };

function healthTaintsOf(node: KObject): Taint[] {
  const t = Array.isArray(node.spec?.taints) ? node.spec.taints as Taint[] : [];
  return t.filter((x) => x.key === TAINT_UNREACHABLE || x.key === TAINT_NOT_READY);
}

const taintSet = (taints: Taint[]) => taints.map((t) => `${t.key}:${t.effect}`).sort().join(',');

function isReady(p: KObject): boolean {
  return (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
}

export const nodeLifecycleActor = fromCallback<{ type: string }, NodeLifecycleInput>(({ input, receive, self }) => {
  const ctx = actorContext(self);
  const client = new StoreClient(ctx);
  const events = new EventRecorder(ctx, COMPONENT);
  const meter = reconcileMeter(ctx, 'node-lifecycle');
  const graceMs = input?.nodeMonitorGracePeriodMs ?? NODE_MONITOR_GRACE_PERIOD_MS;
  const onError = failer(self);
  const nodes = new Map<string, Tracked>();
  /** The last renewTime seen on each node's Lease, by node name. */
  const renewed = new Map<string, string>();
  let stopped = false;

  const podsOn = async (name: string): Promise<KObject[]> => {
    const reply = await client.subscribe([], [{ resource: refs.pods, fieldSelector: `spec.nodeName=${name}` }]);
    return reply.objects[0] ?? [];
  };

  /** Level-triggered work for one node: conditions, taints, pods marked not ready, evictions. */
  const reconcileNode = async (name: string): Promise<number | null> => {
    const t = nodes.get(name);
    if (!t || stopped) return null;
    const now = Date.now();
    const node = t.node;
    const ops: WireOp[] = [];
    const taints = mergeNodeTaints(node.spec?.taints, t.health, now);
    if (taintSet(healthTaintsOf(node)) !== taintSet(healthTaintsOf({ ...node, spec: { taints } }))) {
      // Guarded by the version we know: a newer Node arrives as a change and we look again.
      ops.push({ op: 'update', resource: refs.nodes, object: { ...node, spec: { ...node.spec, taints } } });
    }
    if (nodeReadyStatus(node) !== readyStatusOf[t.health]) {
      // Status has one writer, this controller (the sim kubelets post Leases only): no precondition.
      const lastBeat = renewed.has(name) ? Date.parse(renewed.get(name)!) : undefined;
      const conditions = nodeConditionsFor(t.health, now, Number.isFinite(lastBeat) ? lastBeat : undefined, node.status?.conditions);
      ops.push({ op: 'update', resource: refs.nodes, subresource: 'status', object: { ...node, metadata: { ...node.metadata, resourceVersion: undefined }, status: { ...node.status, conditions } } });
    }
    if (t.announced !== t.health && (t.announced !== null || t.health !== 'Ready')) {
      const status = t.health === 'Ready' ? 'NodeReady' : 'NodeNotReady';
      events.record(node, { type: 'Normal', reason: status, message: `Node ${name} status is now: ${status}` }, now);
    }
    t.announced = t.health;
    if (ops.length) {
      const results = await client.write(ops);
      for (const r of results) if (r.ok && revisionOf(r.object) > revisionOf(t.node)) t.node = r.object;
    }
    // Pods: only once the store says the node is not ready / tainted (what others see too).
    const stored = t.node;
    const noExecute = healthTaintsOf(stored).find((x) => x.effect === 'NoExecute');
    if (nodeReadyStatus(stored) === 'True' && !noExecute) return null;
    const pods = await podsOn(name);
    const podOps: WireOp[] = [];
    let next: number | null = null;
    for (const p of pods) {
      if (p.metadata.deletionTimestamp) continue;
      if (nodeReadyStatus(stored) !== 'True' && isReady(p)) {
        podOps.push({ op: 'update', resource: refs.pods, subresource: 'status', object: { ...p, metadata: { ...p.metadata, resourceVersion: undefined }, status: notReadyStatus(p, now) } });
        events.record(p, { type: 'Warning', reason: 'NodeNotReady', message: 'Node is not ready' }, now);
      }
      if (!noExecute) continue;
      const added = noExecute.timeAdded ? Date.parse(noExecute.timeAdded) : now;
      const due = evictionDueAt(p, Number.isFinite(added) ? added : now, noExecute);
      if (due === null) continue;
      if (due <= now) {
        podOps.push({ op: 'delete', resource: refs.pods, namespace: p.metadata.namespace, name: p.metadata.name!, uid: uidOf(p) });
        events.record(p, { type: 'Normal', reason: 'TaintManagerEviction', message: `Marking for deletion Pod ${p.metadata.namespace}/${p.metadata.name}` }, now);
      } else {
        next = next === null ? due - now : Math.min(next, due - now);
      }
    }
    if (podOps.length) await client.write(podOps);
    return next;
  };

  /** Pod GC: pods bound to a node that does not exist go at once (grace 0). */
  const collectOrphans = async (pods: KObject[]) => {
    const ops: WireOp[] = pods.filter((p) => !nodes.has(p.spec?.nodeName)).map((p) => ({
      op: 'delete', resource: refs.pods, namespace: p.metadata.namespace, name: p.metadata.name!, uid: uidOf(p), gracePeriodSeconds: 0,
    }));
    if (ops.length) await client.write(ops);
  };

  const track = (node: KObject) => {
    const name = node.metadata.name!;
    const known = nodes.get(name);
    if (known) {
      if (uidOf(known.node) !== uidOf(node)) { forget(name); return track(node); }
      if (revisionOf(node) <= revisionOf(known.node)) return;
      known.node = node;
      known.machine.send({ type: 'node.updated', node });
      known.reconciler.poke();
      return;
    }
    const reconciler = new Reconciler(() => reconcileNode(name), onError, meter);
    const machine = createActor(nodeMachine.provide({
      actions: {
        writeConditions: (_, params: { conditions: Record<string, any>[] }) => {
          const ready = params.conditions.find((c) => c.type === 'Ready')?.status;
          const t = nodes.get(name);
          if (!t) return;
          t.health = ready === 'True' ? 'Ready' : ready === 'False' ? 'NotReady' : 'Unknown';
          t.reconciler.poke();
        },
        // The taints follow the health, merged into the newest Node at write time (reconcileNode).
        writeTaints: () => {},
      },
    }), { input: { node, gracePeriodMs: graceMs } });
    const readyNow = nodeReadyStatus(node);
    const t: Tracked = { node, machine, health: readyNow === 'True' ? 'Ready' : readyNow === 'False' ? 'NotReady' : 'Unknown', announced: null, reconciler };
    nodes.set(name, t);
    machine.start();
    reconciler.poke();
  };

  const forget = (name: string) => {
    const t = nodes.get(name);
    if (!t) return;
    t.reconciler.stop();
    t.machine.stop();
    nodes.delete(name);
  };

  const onLease = (lease: KObject) => {
    if (lease.metadata.namespace !== LEASE_NAMESPACE) return;
    const name = lease.metadata.name!;
    const renewTime = lease.spec?.renewTime as string | undefined;
    if (!renewTime || renewed.get(name) === renewTime) return;
    renewed.set(name, renewTime);
    // The probe time is when we saw the renewal (Kubernetes does the same: clocks may differ).
    nodes.get(name)?.machine.send({ type: 'heartbeat', at: Date.now() });
  };

  void client.subscribe(
    [{ by: 'kind', value: 'Node' }, { by: 'kind', value: 'Lease' }],
    [{ resource: refs.nodes }, { resource: refs.leases, namespace: LEASE_NAMESPACE }],
  ).then(async (reply) => {
    // Leases first, without heartbeats: every node's grace period starts now.
    for (const l of reply.objects[1] ?? []) if (l.spec?.renewTime) renewed.set(l.metadata.name!, l.spec.renewTime);
    for (const n of reply.objects[0] ?? []) track(n);
    const bound = await client.subscribe([], [{ resource: refs.pods, fieldSelector: 'spec.nodeName!=' }]);
    const orphans = (bound.objects[0] ?? []).filter((p) => !nodes.has(p.spec?.nodeName));
    if (orphans.length === 0) return;
    // Check against the nodes as they are now, not as they were at the first read.
    const now = await client.subscribe([], [{ resource: refs.nodes }]);
    for (const n of now.objects[0] ?? []) if (!nodes.has(n.metadata.name!)) track(n);
    await collectOrphans(orphans);
  }).catch(onError);

  receive((event) => {
    if (event.type === 'actor.failed') throw new Error((event as { error?: string }).error); // supervised restart
    if (event.type !== 'store.changes') return;
    for (const c of changesOf(event)) {
      const o = c.object;
      if (o.kind === 'Lease') { if (c.type !== 'DELETED') onLease(o); continue; }
      if (o.kind !== 'Node') continue;
      const name = o.metadata.name!;
      if (c.type === 'DELETED') {
        if (nodes.get(name) && uidOf(nodes.get(name)!.node) !== uidOf(o)) continue;
        forget(name);
        renewed.delete(name);
        void podsOn(name).then((pods) => collectOrphans(pods)).catch(onError);
        continue;
      }
      track(o);
    }
  });
  return () => {
    stopped = true;
    for (const name of [...nodes.keys()]) forget(name);
    client.unsubscribe();
  };
});
