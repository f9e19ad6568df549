// The resource kinds the inspector follows: each with its machine (for the
// chart), its stateOf (for live states and time travel, both from objects) and
// its store resource.
import { deploymentMachine } from '../../machines/deployment/machine.js';
import { nodeMachine } from '../../machines/node/machine.js';
import { podMachine } from '../../machines/pod/machine.js';
import { replicaSetMachine } from '../../machines/replicaset/machine.js';
import { schedulerMachine } from '../../machines/scheduler/machine.js';
import { stateOf } from '../../machines/state-of-apps.js';
import { stateOfCore } from '../../machines/state-of-core.js';
import { objectKey } from '../store/keys.js';
import type { KObject, ResourceRef } from '../store/types.js';

export type ResourceKind = 'Deployment' | 'ReplicaSet' | 'Pod' | 'Node';

export interface KindInfo {
  kind: ResourceKind;
  ref: ResourceRef;
  machine: { root: unknown };
  stateOf(object: KObject): string;
}

export const KINDS: Record<ResourceKind, KindInfo> = {
  Deployment: {
    kind: 'Deployment', machine: deploymentMachine, stateOf: (o) => stateOf('Deployment', o),
    ref: { group: 'apps', resource: 'deployments', kind: 'Deployment', namespaced: true },
  },
  ReplicaSet: {
    kind: 'ReplicaSet', machine: replicaSetMachine, stateOf: (o) => stateOf('ReplicaSet', o),
    ref: { group: 'apps', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true },
  },
  Pod: {
    kind: 'Pod', machine: podMachine, stateOf: (o) => stateOfCore('Pod', o),
    ref: { group: '', resource: 'pods', kind: 'Pod', namespaced: true },
  },
  Node: {
    kind: 'Node', machine: nodeMachine, stateOf: (o) => stateOfCore('Node', o),
    ref: { group: '', resource: 'nodes', kind: 'Node', namespaced: false },
  },
};

export const RESOURCE_KINDS = Object.keys(KINDS) as ResourceKind[];

/** An object's statechart state, for the kinds the inspector follows (the store keeps it per object: JournalStoreOptions.summarize). */
export function stateSummary(kind: string, object: KObject): string | undefined {
  return isResourceKind(kind) ? KINDS[kind].stateOf(object) : undefined;
}

export function isResourceKind(kind: string): kind is ResourceKind {
  return Object.hasOwn(KINDS, kind);
}

/** Actors that stand for no object but run a statechart worth drawing (the scheduler's is parallel), by actor kind. */
export const ACTOR_CHARTS: Record<string, { root: unknown }> = { scheduler: schedulerMachine };

/** Every kind with a chart: the resource kinds, then those actors. */
export const CHART_KINDS: string[] = [...RESOURCE_KINDS, ...Object.keys(ACTOR_CHARTS)];

/** The machine drawn for a kind's chart, if it has one. */
export function machineOf(kind: string): { root: unknown } | undefined {
  return isResourceKind(kind) ? KINDS[kind].machine : Object.hasOwn(ACTOR_CHARTS, kind) ? ACTOR_CHARTS[kind] : undefined;
}

/** The instance actor's id for an object, as the controllers and kubelets spawn it. */
export function actorIdOf(kind: ResourceKind, namespace: string | undefined, name: string): string {
  return namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
}

/** The object's store key ("/apps/deployments/ns/name"), as journal entries name it. */
export function keyOf(kind: ResourceKind, namespace: string | undefined, name: string): string {
  return objectKey(KINDS[kind].ref, namespace, name);
}
