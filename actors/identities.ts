// Who each actor is when it writes through the store gateway: derived from
// what it was spawned as (its logic and input, from the runtime's spawn
// records), never from anything the actor says about itself.
import { CONTROLLER_ACCOUNTS, SCHEDULER_USER, controllerUser, nodeUser } from '../src/api/auth/bootstrap-policy.js';
import { AUTHENTICATED_GROUP, type UserInfo } from '../src/api/auth/user.js';

export function identityOf(logic: string, input: unknown): UserInfo | null {
  const i = (input ?? {}) as { node?: unknown; object?: { metadata?: { name?: unknown } } };
  switch (logic) {
    case 'deployment-controller': case 'deployment': return controllerUser(CONTROLLER_ACCOUNTS.deployment);
    case 'replicaset-controller': case 'replicaset': return controllerUser(CONTROLLER_ACCOUNTS.replicaset);
    case 'garbage-collector': return controllerUser(CONTROLLER_ACCOUNTS.garbageCollector);
    case 'node-lifecycle-controller': return controllerUser(CONTROLLER_ACCOUNTS.nodeLifecycle);
    case 'event-recorder': return controllerUser(CONTROLLER_ACCOUNTS.events);
    case 'namespace-controller': return controllerUser(CONTROLLER_ACCOUNTS.namespace);
    case 'endpointslice-controller': return controllerUser(CONTROLLER_ACCOUNTS.endpointSlice);
    case 'scheduler': return { name: SCHEDULER_USER, groups: [AUTHENTICATED_GROUP] };
    // A kubelet is spawned for its Node; each pod worker it spawns is told its node.
    case 'kubelet': return typeof i.object?.metadata?.name === 'string' ? nodeUser(i.object.metadata.name) : null;
    case 'pod': return typeof i.node === 'string' ? nodeUser(i.node) : null;
    // The kubelet controller only spawns kubelets: an identity with no rights.
    case 'kubelet-controller': return controllerUser('kubelet-controller');
  }
  return null;
}
