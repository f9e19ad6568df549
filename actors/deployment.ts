// The Deployment actor: one per Deployment. It hears its own object and the
// ReplicaSets it owns, and follows Kubernetes' deployment controller (the pure
// planDeployment): new ReplicaSet per template, rolling or recreate steps,
// history cleanup, status and conditions, events.
import { fromCallback } from 'xstate';
import { planDeployment } from '../machines/deployment/plan.js';
import { actorContext } from '../src/runtime/context.js';
import type { KObject } from '../src/store/types.js';
import { ObjectCache, Reconciler, StoreClient, failer, resyncEvery, revisionOf, uidOf } from './client.js';
import { EventRecorder } from './event-client.js';
import type { InstanceInput } from './instance-controller.js';
import { keyOf, refs, type StoreChanges, type WireOp } from './protocol.js';

export const deploymentActor = fromCallback<{ type: string }, InstanceInput>(({ input, receive, self }) => {
  const ctx = actorContext(self);
  const client = new StoreClient(ctx);
  let deployment: KObject = input.object;
  const uid = uidOf(deployment);
  const ns = deployment.metadata.namespace!;
  const replicaSets = new ObjectCache();
  let ready = false;
  const events = new EventRecorder(ctx, 'deployment-controller');

  const reconciler = new Reconciler(async () => {
    if (!ready || deployment.metadata.deletionTimestamp) return null;
    const plan = planDeployment(deployment, [...replicaSets.values()], Date.now());
    const ops: WireOp[] = [];
    for (const r of plan.create) ops.push({ op: 'create', resource: refs.replicasets, object: r });
    for (const r of plan.update) ops.push({ op: 'update', resource: refs.replicasets, object: r });
    for (const r of plan.delete) ops.push({ op: 'delete', resource: refs.replicasets, namespace: ns, name: r.metadata.name!, uid: uidOf(r) });
    if (plan.deploymentUpdate) ops.push({ op: 'update', resource: refs.deployments, object: plan.deploymentUpdate });
    // This actor is status's only writer: no version precondition (the main-resource write above may move it).
    if (plan.status) ops.push({ op: 'update', resource: refs.deployments, subresource: 'status', object: { ...deployment, metadata: { ...deployment.metadata, resourceVersion: undefined }, status: plan.status } });
    for (const e of plan.events) events.record(deployment, e);
    if (ops.length) {
      const results = await client.write(ops);
      results.forEach((r, i) => {
        const op = ops[i]!;
        if (!r.ok) return;
        if ('resource' in op && op.resource === refs.replicasets) {
          if (op.op === 'delete' && r.removed) replicaSets.remove(r.object, r.revision);
          else replicaSets.put(r.object);
        } else if ('resource' in op && op.resource === refs.deployments && revisionOf(r.object) > revisionOf(deployment)) deployment = r.object;
      });
    }
    return plan.requeueAfterMs;
  }, failer(self));

  void client.subscribe(
    [{ by: 'key', value: keyOf(refs.deployments, ns, deployment.metadata.name!) }, { by: 'owner', value: uid }],
    [{ resource: refs.replicasets, namespace: ns, ownerUid: uid }],
  ).then((reply) => {
    for (const r of reply.objects[0] ?? []) replicaSets.put(r);
    ready = true;
    reconciler.poke();
  });

  const stopResync = resyncEvery((input as { resyncMs?: number }).resyncMs, async () => {
    const reply = await client.subscribe([], [
      { resource: refs.deployments, namespace: ns, fieldSelector: `metadata.name=${deployment.metadata.name}` },
      { resource: refs.replicasets, namespace: ns, ownerUid: uid },
    ]);
    const fresh = reply.objects[0]?.[0];
    let changed = false;
    if (fresh && uidOf(fresh) === uid && revisionOf(fresh) > revisionOf(deployment)) { deployment = fresh; changed = true; }
    if (replicaSets.resync(reply.objects[1] ?? [], reply.revision)) changed = true;
    if (changed) reconciler.poke();
  });

  receive((event) => {
    if (event.type === 'actor.failed') throw new Error((event as { error?: string }).error); // supervised restart
    if (event.type !== 'store.changes') return;
    let changed = false;
    for (const c of (event as StoreChanges).changes) {
      if (c.object.metadata.uid === uid) {
        if (c.type !== 'DELETED' && c.rev > revisionOf(deployment)) { deployment = c.object; changed = true; }
      } else if (c.object.kind === 'ReplicaSet' && replicaSets.apply(c)) changed = true;
    }
    if (changed) reconciler.poke();
  });
  return () => { stopResync(); reconciler.stop(); client.unsubscribe(); };
});
