// The logic module every thread of a cluster loads: controllers and resource
// actors, by the names the cluster spawns them under.
import { deploymentActor } from './deployment.js';
import { endpointSliceControllerActor } from './endpointslice-controller.js';
import { eventRecorderActor } from './event-recorder.js';
import { garbageCollectorActor } from './garbage-collector.js';
import { instanceController } from './instance-controller.js';
import { decodeChanges } from './journal-changes.js';
import { kubeletActor, MANAGED_ELSEWHERE_ANNOTATION } from './kubelet.js';
import { namespaceControllerActor } from './namespace-controller.js';
import { nodeLifecycleActor } from './node-lifecycle.js';
import { podActor } from './pod.js';
import { refs } from './protocol.js';
import { replicaSetActor } from './replicaset.js';
import { schedulerActor } from './scheduler.js';
import { storeGateway } from './store-gateway.js';

export const actors = {
  store: storeGateway,
  'deployment-controller': instanceController(refs.deployments, 'deployment'),
  deployment: deploymentActor,
  'replicaset-controller': instanceController(refs.replicasets, 'replicaset'),
  replicaset: replicaSetActor,
  scheduler: schedulerActor,
  'kubelet-controller': instanceController(refs.nodes, 'kubelet', { want: (n) => !n.metadata.annotations?.[MANAGED_ELSEWHERE_ANNOTATION] }),
  kubelet: kubeletActor,
  pod: podActor,
  'garbage-collector': garbageCollectorActor,
  'node-lifecycle-controller': nodeLifecycleActor,
  'namespace-controller': namespaceControllerActor,
  'endpointslice-controller': endpointSliceControllerActor,
  'event-recorder': eventRecorderActor,
};

/** Hot event shapes, for compact records on the wire. */
export const eventStructures = [
  ['type', 'changes'],
  ['type', 'rev', 'object'],
  ['type', 'ops'],
  ['results'],
  ['type', 'subs', 'read'],
  ['type', 'pod'],
  ['type', 'rev', 'encoded'],
];

/** Spawned by the thousand, and none uses systemId: they share their thread's XState system. */
export const sharedSystem = ['pod', 'kubelet', 'deployment', 'replicaset'];

/** `store.changes` items cross as the journal's bytes and are decoded once per thread. */
export const scatterDecoders = { 'store.changes': decodeChanges };
