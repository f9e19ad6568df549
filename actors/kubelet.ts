// The kubelet of one simulated node (kwok-like): it hears the pods bound to
// its node, gives each a Pod actor that runs it through the sim container
// runtime, and renews its node's Lease as a heartbeat.
import { fromCallback } from 'xstate';
import { startLatencySampler } from '../machines/pod/start-latency.js';
import { actorContext } from '../src/runtime/context.js';
import type { Address } from '../src/runtime/address.js';
import { takeChild } from './children.js';
import { RetryBackoff } from './retry-backoff.js';
import type { KObject } from '../src/store/types.js';
import { ObjectCache, StoreClient, failer, isAskTimeout, readUntilAnswered, uidOf } from './client.js';
import type { InstanceInput } from './instance-controller.js';
import type { PodInput } from './pod.js';
import { keyOf, refs, type StoreChanges } from './protocol.js';

/** Node annotation: the sim runtime's container start latency for this node, in ms (default 0). */
export const START_LATENCY_ANNOTATION = 'cybernetes.io/sim-start-latency-ms';
/** Node annotation: this node's pods are run by something else (a real kubelet); no sim kubelet. */
export const MANAGED_ELSEWHERE_ANNOTATION = 'cybernetes.io/managed-elsewhere';
/**
 * Node annotation: "stopped" makes this node's sim kubelet act as if it were cut off (crashed,
 * partitioned): it stops renewing its Lease and stops acting on its pods (no starts, no
 * confirmed deletions), so the node lifecycle controller sees the node go Unknown and evicts.
 * Any other value (or none) resumes it: Lease renewed at once, pods caught up.
 */
export const SIM_HEARTBEAT_ANNOTATION = 'cybernetes.io/sim-heartbeat';
const LEASE_DURATION_SECONDS = 40;
const RENEW_EVERY_MS = 10_000;

export interface KubeletInput extends InstanceInput {
  /** Lease renewal interval (default 10 s; the cluster makes it a quarter of nodeMonitorGracePeriod when that is shorter). */
  heartbeatIntervalMs?: number;
  /** The sim runtime's container start latency when the Node has no annotation: `fixed:5`, `uniform:1-10`, `exp:5` (default fixed:0). */
  startLatency?: string;
  /** Seed of the start-latency draws (each node's stream mixes it with the node's name; default 0). */
  seed?: number;
}

function microTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

export const kubeletActor = fromCallback<{ type: string }, KubeletInput>(({ input, receive, self }) => {
  const ctx = actorContext(self);
  const client = new StoreClient(ctx);
  let node = input.object;
  const name = node.metadata.name!;
  const pods = new ObjectCache();
  const workers = new Map<string, Address>();
  /** Pods whose actor finished (its removal answered) and that the store has not yet said are gone. */
  const finished = new Set<string>();
  const respawner = new RetryBackoff((uid) => { const p = pods.get(uid); if (p && !partitioned) follow(p, false); else if (!p) respawner.forget(uid); });
  let stopped = false;
  const cutOff = (n: KObject) => n.metadata.annotations?.[SIM_HEARTBEAT_ANNOTATION] === 'stopped';
  let partitioned = cutOff(node);

  const hostIP = () => (node.status?.addresses ?? []).find((a: { type: string }) => a.type === 'InternalIP')?.address ?? '127.0.0.1';
  const draw = startLatencySampler(input.startLatency, input.seed ?? 0, name);
  const startLatency = () => {
    const annotated = node.metadata.annotations?.[START_LATENCY_ANNOTATION];
    return annotated === undefined ? draw() : Math.max(0, Number(annotated) || 0);
  };

  const follow = (p: KObject, gone: boolean) => {
    const uid = uidOf(p);
    const worker = workers.get(uid);
    if (gone || p.spec?.nodeName !== name) {
      if (worker) { ctx.stop(worker); workers.delete(uid); }
      finished.delete(uid);
      respawner.forget(uid);
      return;
    }
    // Its actor finished: its removal was answered, and the change that says so is on its way.
    if (!worker && finished.has(uid)) return;
    if (!worker) {
      // The input names the pod and the pod follows as its first event: the runtime keeps every
      // actor's input (for restarts, and on main for a worker's death), and a copy of each pod as
      // bound, 10,000 of them, would be kept for nothing. tellRestored: restarted or restored, a
      // pod actor re-reads its pod.
      const m = p.metadata;
      const podInput: PodInput = {
        pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: m.name, namespace: m.namespace, uid: m.uid } },
        node: name, hostIP: hostIP(), startLatencyMs: -1, simStartLatencyMs: startLatency(),
      };
      const address = ctx.spawn('pod', { id: `Pod/${m.namespace}/${m.name}`, input: podInput, kind: 'Pod', restart: 'transient', tellRestored: true, plainInput: true });
      workers.set(uid, address);
      // The pod was just decoded from the journal: plain data, not walked again.
      ctx.send(address, { type: 'pod.updated', pod: p }, { plain: true });
    } else {
      ctx.send(worker, { type: 'pod.updated', pod: p }, { plain: true });
    }
  };

  const stopReading = readUntilAnswered(() => client.subscribe(
    [{ by: 'node', value: name }, { by: 'key', value: keyOf(refs.nodes, undefined, name) }],
    [{ resource: refs.pods, fieldSelector: `spec.nodeName=${name}` }],
  ), (reply) => {
    for (const p of reply.objects[0] ?? []) if (pods.put(p) && !partitioned) follow(p, false);
  }, failer(self));

  // Heartbeat: the node's Lease in kube-node-lease, renewed every 10 s. Once the Lease is known
  // to exist, a renewal is one update, as Kubernetes' lease controller updates the Lease it has
  // and creates it only when it is missing: a create first each time doubled the renewals, and
  // a create that timed out (the store overloaded) left that round without its update.
  let leaseExists = false;
  const renew = async () => {
    if (stopped || partitioned) return;
    const now = Date.now();
    const lease: KObject = {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name, namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: uidOf(node) }] },
      spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime(now) },
    };
    // Lean: the kubelet needs only each renewal's outcome, not the Lease written back.
    if (leaseExists) {
      const [updated] = await client.writeLean([{ op: 'update', resource: refs.leases, object: lease }]);
      if (!updated || updated.ok || updated.reason !== 'NotFound') return;
      leaseExists = false; // deleted meanwhile: made again below
    }
    let created;
    try {
      [created] = await client.writeLean([{ op: 'create', resource: refs.leases, object: lease }]);
    } catch (err) {
      // Not answered in time: it may have landed. The next round updates, and creates only if the
      // update finds no Lease (creating each round, refused AlreadyExists, would never renew it).
      if (isAskTimeout(err)) leaseExists = true;
      throw err;
    }
    if (created?.ok) { leaseExists = true; return; }
    if (created && created.reason === 'AlreadyExists') {
      leaseExists = true;
      await client.writeLean([{ op: 'update', resource: refs.leases, object: lease }]);
    }
  };
  void renew().catch(() => { /* the next renewal tries again */ });
  const heartbeat = setInterval(() => void renew().catch(() => {}), input.heartbeatIntervalMs ?? RENEW_EVERY_MS);

  receive((event) => {
    if (event.type === 'actor.failed') throw new Error((event as { error?: string }).error); // supervised restart
    if (event.type === 'runtime.child.lost') {
      // Its spawn went down with a worker: give the pod a new actor (cut off, the catch-up on return does).
      const uid = takeChild(workers, event);
      const p = uid === undefined ? undefined : pods.get(uid);
      if (p && !partitioned) follow(p, false);
      return;
    }
    if (event.type === 'runtime.child.done') {
      // The pod's actor finished once its removal was answered (it makes a refused one again
      // itself). Until the DELETED change comes, the pod's changes spawn no new actor.
      const uid = takeChild(workers, event);
      if (uid !== undefined && pods.get(uid)) finished.add(uid);
      return;
    }
    if (event.type === 'runtime.child.escalated') {
      // The pod's actor failed past its restart budget and was stopped: a new one after a backoff.
      const uid = takeChild(workers, event);
      if (uid !== undefined) respawner.retry(uid);
      return;
    }
    if (event.type !== 'store.changes') return;
    for (const c of (event as StoreChanges).changes) {
      if (c.object.kind === 'Node') {
        if (c.type === 'DELETED') continue;
        node = c.object;
        if (partitioned && !cutOff(node)) {
          // Back: heartbeat now, and catch up with what happened to our pods meanwhile.
          partitioned = false;
          void renew().catch(() => {});
          for (const uid of [...workers.keys()]) if (!pods.get(uid)) follow({ metadata: { uid } } as KObject, true);
          // Finished pods whose deletion came while cut off: nothing more will come for them.
          for (const uid of finished) if (!pods.get(uid)) finished.delete(uid);
          for (const p of pods.values()) follow(p, false);
        } else if (cutOff(node)) partitioned = true;
        continue;
      }
      if (pods.apply(c) && !partitioned) follow(c.object, c.type === 'DELETED');
    }
  });
  return () => {
    stopped = true;
    stopReading();
    respawner.stop();
    clearInterval(heartbeat);
    client.unsubscribe();
  };
});
