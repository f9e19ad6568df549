// The Deployment actor: one per Deployment. It hears its own object and the
// ReplicaSets it owns, and follows Kubernetes' deployment controller (the pure
// planDeployment): new ReplicaSet per template, rolling or recreate steps,
// history cleanup, status and conditions, events.
import { fromCallback } from 'xstate';
import { planDeployment } from '../machines/deployment/plan.js';
import { deploymentMachine } from '../machines/deployment/machine.js';
import { actorContext } from '../src/runtime/context.js';
import { Reconciler, reconcileMeter, StoreClient, failer, uidOf } from './client.js';
import { EventRecorder } from './event-client.js';
import { FailureStreak } from './retry-backoff.js';
import type { InstanceInput } from './instance-controller.js';
import { OwnedView } from './owned-view.js';
import { refs, type WireOp } from './protocol.js';

const deploymentReconciler = fromCallback<{ type: string }, InstanceInput>(({ input, receive, self, sendBack }) => {
  const ctx = actorContext(self);
  const client = new StoreClient(ctx);
  const view = new OwnedView(client, refs.deployments, input.object, refs.replicasets, () => reconciler.poke(),
    // The machine follows the object as this reconciler knows it (routed, read or written).
    (owner) => sendBack({ type: 'object.changed', object: owner }));
  const { namespace: ns, owned: replicaSets } = view;
  const events = new EventRecorder(ctx, 'deployment-controller');

  /** Reconciles in a row with a write refused. */
  const refusals = new FailureStreak();
  const reconciler = new Reconciler(async () => {
    const deployment = view.owner;
    if (!view.ready || deployment.metadata.deletionTimestamp) return null;
    const plan = planDeployment(deployment, [...replicaSets.values()], Date.now());
    const ops: WireOp[] = [];
    for (const r of plan.create) ops.push({ op: 'create', resource: refs.replicasets, object: r });
    for (const r of plan.update) ops.push({ op: 'update', resource: refs.replicasets, object: r });
    for (const r of plan.delete) ops.push({ op: 'delete', resource: refs.replicasets, namespace: ns, name: r.metadata.name!, uid: uidOf(r) });
    if (plan.deploymentUpdate) ops.push({ op: 'update', resource: refs.deployments, object: plan.deploymentUpdate });
    for (const e of plan.events) events.record(deployment, e);
    // The status says what these writes make true (observedGeneration, replicas): it is written
    // only once they all landed, as Kubernetes' sync returns before its status update when a
    // scale fails. A ReplicaSet update refused as stale (its controller wrote its status
    // meanwhile) is planned again when the newer one is routed here; any refusal also
    // requeues after a backoff, as Kubernetes requeues the key rate-limited.
    if (ops.length) {
      const results = await client.write(ops);
      let failed = false;
      results.forEach((r, i) => {
        const op = ops[i]!;
        if (!r.ok) { failed = true; return; }
        if ('resource' in op && op.resource === refs.replicasets) {
          if (op.op === 'delete' && r.removed) replicaSets.remove(r.object, r.revision);
          else replicaSets.put(r.object);
        } else if ('resource' in op && op.resource === refs.deployments) view.noteOwner(r.object);
      });
      if (failed) return Math.min(plan.requeueAfterMs ?? Infinity, refusals.failed());
      refusals.succeeded();
    }
    if (plan.status) {
      // This actor is status's only writer: no version precondition (the main-resource write above may move it).
      const [r] = await client.write([{ op: 'update', resource: refs.deployments, subresource: 'status', object: { ...deployment, metadata: { ...deployment.metadata, resourceVersion: undefined }, status: plan.status } }]);
      if (r?.ok) view.noteOwner(r.object);
    }
    return plan.requeueAfterMs;
  }, failer(self), reconcileMeter(ctx, 'deployment'));

  view.start(input.resyncMs, failer(self));

  receive((event) => {
    if (event.type === 'actor.failed') throw new Error((event as { error?: string }).error); // supervised restart
    if (view.hear(event)) reconciler.poke();
  });
  return () => { reconciler.stop(); view.stop(); };
});

/** The deployment actor: its statechart (deploymentMachine), with the reconciler above as its invoked child. */
export const deploymentActor = deploymentMachine.provide({ actors: { reconciler: deploymentReconciler } });
