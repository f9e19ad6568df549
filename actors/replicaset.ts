// The ReplicaSet actor: one per ReplicaSet. It hears its own object and the
// pods it owns, and keeps their number at spec.replicas: creating pods in one
// batch of writes (no one-at-a-time round trips), deleting the ones Kubernetes
// would delete first, and reporting status.
import { fromCallback } from 'xstate';
import { planReplicaSet, podFromTemplate } from '../machines/replicaset/plan.js';
import { actorContext } from '../src/runtime/context.js';
import type { KObject } from '../src/store/types.js';
import { ObjectCache, Reconciler, StoreClient, failer, resyncEvery, revisionOf, uidOf } from './client.js';
import { EventRecorder } from './event-client.js';
import type { InstanceInput } from './instance-controller.js';
import { keyOf, refs, type StoreChanges, type WireOp } from './protocol.js';

export const replicaSetActor = fromCallback<{ type: string }, InstanceInput>(({ input, receive, self }) => {
  const ctx = actorContext(self);
  const client = new StoreClient(ctx);
  let rs: KObject = input.object;
  const uid = uidOf(rs);
  const ns = rs.metadata.namespace!;
  const pods = new ObjectCache();
  let ready = false;
  const events = new EventRecorder(ctx, 'replicaset-controller');

  const reconciler = new Reconciler(async () => {
    if (!ready || rs.metadata.deletionTimestamp) return null;
    const plan = planReplicaSet(rs, [...pods.values()], Date.now());
    const ops: WireOp[] = [];
    for (let i = 0; i < plan.create; i++) ops.push({ op: 'create', resource: refs.pods, object: podFromTemplate(rs) });
    for (const p of plan.delete) ops.push({ op: 'delete', resource: refs.pods, namespace: ns, name: p.metadata.name!, uid: uidOf(p) });
    for (const p of plan.adopt) {
      const owners = [...(p.metadata.ownerReferences ?? []), { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name!, uid, controller: true, blockOwnerDeletion: true }];
      ops.push({ op: 'update', resource: refs.pods, object: { ...p, metadata: { ...p.metadata, ownerReferences: owners } } });
    }
    for (const p of plan.release) {
      const owners = (p.metadata.ownerReferences ?? []).filter((o: { uid: string }) => o.uid !== uid);
      ops.push({ op: 'update', resource: refs.pods, object: { ...p, metadata: { ...p.metadata, ownerReferences: owners } } });
    }
    if (plan.status) ops.push({ op: 'update', resource: refs.replicasets, subresource: 'status', object: { ...rs, metadata: { ...rs.metadata, resourceVersion: undefined }, status: plan.status } });
    if (ops.length === 0) return plan.requeueAfterMs ?? null;
    const results = await client.write(ops);
    results.forEach((r, i) => {
      const op = ops[i]!;
      if (op.op === 'create') {
        if (r.ok) events.record(rs, { type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${r.object.metadata.name}` });
        else events.record(rs, { type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${r.message}` });
      } else if (op.op === 'delete' && r.ok) events.record(rs, { type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${op.name}` });
      if (!r.ok) return;
      if (op.op === 'create' || (op.op === 'update' && op.resource === refs.pods)) pods.put(r.object);
      else if (op.op === 'delete') { if (r.removed) pods.remove(r.object, r.revision); else pods.put(r.object); }
      else if (op.op === 'update' && op.resource === refs.replicasets && revisionOf(r.object) > revisionOf(rs)) rs = r.object;
    });
    return plan.requeueAfterMs ?? null;
  }, failer(self));

  void client.subscribe(
    [{ by: 'key', value: keyOf(refs.replicasets, ns, rs.metadata.name!) }, { by: 'owner', value: uid }],
    [{ resource: refs.pods, namespace: ns, ownerUid: uid }],
  ).then((reply) => {
    for (const p of reply.objects[0] ?? []) pods.put(p);
    ready = true;
    reconciler.poke();
  });

  const stopResync = resyncEvery((input as { resyncMs?: number }).resyncMs, async () => {
    const reply = await client.subscribe([], [
      { resource: refs.replicasets, namespace: ns, fieldSelector: `metadata.name=${rs.metadata.name}` },
      { resource: refs.pods, namespace: ns, ownerUid: uid },
    ]);
    const fresh = reply.objects[0]?.[0];
    let changed = false;
    if (fresh && uidOf(fresh) === uid && revisionOf(fresh) > revisionOf(rs)) { rs = fresh; changed = true; }
    if (pods.resync(reply.objects[1] ?? [], reply.revision)) changed = true;
    if (changed) reconciler.poke();
  });

  receive((event) => {
    if (event.type === 'actor.failed') throw new Error((event as { error?: string }).error); // supervised restart
    if (event.type !== 'store.changes') return;
    let changed = false;
    for (const c of (event as StoreChanges).changes) {
      if (c.object.kind === 'ReplicaSet' || c.object.metadata.uid === uid) {
        if (c.type !== 'DELETED' && c.rev > revisionOf(rs)) { rs = c.object; changed = true; }
      } else if (pods.apply(c)) changed = true;
    }
    if (changed) reconciler.poke();
  });
  return () => { stopResync(); reconciler.stop(); client.unsubscribe(); };
});
