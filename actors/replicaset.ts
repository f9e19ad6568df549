// The ReplicaSet actor: one per ReplicaSet. It hears its own object and the
// pods it owns, and keeps their number at spec.replicas: creating pods in one
// batch of writes (no one-at-a-time round trips), deleting the ones Kubernetes
// would delete first, and reporting status.
import { fromCallback } from 'xstate';
import { WriteExpectations } from '../machines/replicaset/expectations.js';
import { planReplicaSet, podFromTemplate } from '../machines/replicaset/plan.js';
import { replicaSetMachine } from '../machines/replicaset/machine.js';
import { actorContext } from '../src/runtime/context.js';
import { Reconciler, isAskTimeout, reconcileMeter, StoreClient, failer, uidOf } from './client.js';
import { EventRecorder } from './event-client.js';
import type { InstanceInput } from './instance-controller.js';
import { OwnedView } from './owned-view.js';
import { expandOps, refs, type LeanResult, type OpResult, type WireOp } from './protocol.js';

const replicaSetReconciler = fromCallback<{ type: string }, InstanceInput>(({ input, receive, self, sendBack }) => {
  const ctx = actorContext(self);
  const client = new StoreClient(ctx);
  const view = new OwnedView(client, refs.replicasets, input.object, refs.pods, () => reconciler.poke(),
    // The machine follows the object as this reconciler knows it (routed, read or written).
    (owner) => sendBack({ type: 'object.changed', object: owner }));
  const { uid, namespace: ns, owned: pods } = view;
  const events = new EventRecorder(ctx, 'replicaset-controller');
  /** Creates and deletes of a write the store did not answer in time, until they are seen. */
  const expectations = new WriteExpectations();

  const reconciler = new Reconciler(async () => {
    const rs = view.owner;
    if (!view.ready || rs.metadata.deletionTimestamp) return null;
    const now = Date.now();
    const current = [...pods.values()];
    const plan = planReplicaSet(rs, current, now);
    // As Kubernetes' syncReplicaSet: no creates or deletes while earlier ones may still land.
    const waiting = expectations.pending(current, now);
    const create = waiting ? 0 : plan.create;
    const remove = waiting ? [] : plan.delete;
    const requeue = waiting ? Math.min(plan.requeueAfterMs ?? Infinity, expectations.remainingMs(now)) : plan.requeueAfterMs ?? null;
    const ops: WireOp[] = [];
    // One template for all of them: it crosses to the store once, with a count.
    if (create > 0) ops.push({ op: 'create', resource: refs.pods, object: podFromTemplate(rs), count: create });
    for (const p of remove) ops.push({ op: 'delete', resource: refs.pods, namespace: ns, name: p.metadata.name!, uid: uidOf(p) });
    for (const p of plan.adopt) {
      const owners = [...(p.metadata.ownerReferences ?? []), { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name!, uid, controller: true, blockOwnerDeletion: true }];
      ops.push({ op: 'update', resource: refs.pods, object: { ...p, metadata: { ...p.metadata, ownerReferences: owners } } });
    }
    for (const p of plan.release) {
      const owners = (p.metadata.ownerReferences ?? []).filter((o: { uid: string }) => o.uid !== uid);
      ops.push({ op: 'update', resource: refs.pods, object: { ...p, metadata: { ...p.metadata, ownerReferences: owners } } });
    }
    if (plan.status) ops.push({ op: 'update', resource: refs.replicasets, subresource: 'status', object: { ...rs, metadata: { ...rs.metadata, resourceVersion: undefined }, status: plan.status } });
    if (ops.length === 0) return requeue;
    // One write (one crossing, one journal batch). Created pods are answered lean (name only): the
    // journal routes a commit before it answers its writers, so this view has already heard of them
    // (it follows the pods this ReplicaSet owns).
    let results: Awaited<ReturnType<typeof client.writeLeanCreates>>;
    try {
      results = await client.writeLeanCreates(ops);
    } catch (err) {
      // Not answered in time: the write may still land. The Reconciler runs again after a backoff.
      // Its creates are the pods beyond those it was planned from (some may have arrived meanwhile).
      // (Only a write with creates or deletes: one of only status must not clear what is still expected.)
      if (isAskTimeout(err) && (create > 0 || remove.length > 0)) expectations.expect(current, create, remove.map(uidOf), now);
      throw err;
    }
    const answered = expandOps(ops);
    results.forEach((result, i) => {
      const op = answered[i]!;
      if (op.op === 'create') {
        const r = result as LeanResult;
        if (r.ok) events.record(rs, { type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${r.name}` });
        else events.record(rs, { type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${r.message}` });
        return;
      }
      const r = result as OpResult;
      if (op.op === 'delete' && r.ok) events.record(rs, { type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${op.name}` });
      if (!r.ok) return;
      if (op.op === 'update' && op.resource === refs.pods) pods.put(r.object);
      else if (op.op === 'delete') { if (r.removed) pods.remove(r.object, r.revision); else pods.put(r.object); }
      else if (op.op === 'update' && op.resource === refs.replicasets) view.noteOwner(r.object);
    });
    return requeue;
  }, failer(self), reconcileMeter(ctx, 'replicaset'));

  view.start(input.resyncMs, failer(self));

  receive((event) => {
    if (event.type === 'actor.failed') throw new Error((event as { error?: string }).error); // supervised restart
    if (view.hear(event)) reconciler.poke();
  });
  return () => { reconciler.stop(); view.stop(); };
});

/** The replicaset actor: its statechart (replicaSetMachine), with the reconciler above as its invoked child. */
export const replicaSetActor = replicaSetMachine.provide({ actors: { reconciler: replicaSetReconciler } });
