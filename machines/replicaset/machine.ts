// The ReplicaSet's statechart, for the inspector and stateOf: Scaling until exactly
// spec.replicas pods are available, then Ready; Deleting once marked. The state follows the
// object (`object.changed`); while Scaling with minReadySeconds, the machine emits
// `availability.check` after minReadySeconds without a change (Kubernetes requeues then).
import { assign, emit, fromCallback, sendTo, setup } from 'xstate';
import type { KObject } from '../../src/store/types.js';
import { replicaSetState } from '../state-of-apps.js';

export interface ReplicaSetMachineContext { object: KObject; resyncMs?: number }
export type ReplicaSetMachineEvent =
  | { type: 'object.changed'; object: KObject }
  | { type: 'object.deleted' }
  /** routed journal changes: passed on to the reconciler */
  | { type: 'store.changes'; changes: unknown[] };

/** What the machine's reconciler is given: its object, and how often to re-read what it owns. */
export interface ReconcilerInput { object: KObject; resyncMs?: number }
export type ReplicaSetMachineEmitted = { type: 'availability.check'; name: string | undefined };

const minReady = (o: KObject): number => {
  const m = o.spec?.minReadySeconds;
  return typeof m === 'number' && m > 0 ? m : 0;
};

export const replicaSetMachine = setup({
  types: {
    context: {} as ReplicaSetMachineContext,
    events: {} as ReplicaSetMachineEvent,
    input: {} as ReconcilerInput,
    emitted: {} as ReplicaSetMachineEmitted,
  },
  actors: {
    // None by default: the machine alone follows its object (tests, charts). The ReplicaSet
    // actor (actors/) provides the one that reads what it owns, plans and writes; it tells
    // the machine of its object's changes with \`object.changed\`.
    reconciler: fromCallback<{ type: string }, ReconcilerInput>(() => {}),
  },
  delays: {
    minReady: ({ context }) => minReady(context.object) * 1000,
  },
  guards: {
    isDeleting: ({ context }) => replicaSetState(context.object) === 'Deleting',
    isReady: ({ context }) => replicaSetState(context.object) === 'Ready',
    hasMinReady: ({ context }) => minReady(context.object) > 0,
  },
}).createMachine({
  id: 'replicaset',
  context: ({ input }) => ({ object: input.object, ...(input.resyncMs !== undefined ? { resyncMs: input.resyncMs } : {}) }),
  initial: 'route',
  invoke: { id: 'reconciler', src: 'reconciler', input: ({ context }) => ({ object: context.object, resyncMs: context.resyncMs }) },
  on: {
    'store.changes': { actions: sendTo('reconciler', ({ event }) => event) },
    'object.changed': { target: '.route', actions: assign({ object: ({ event }) => event.object }) },
    'object.deleted': { target: '.Deleted' },
  },
  states: {
    route: {
      always: [
        { guard: 'isDeleting', target: 'Deleting' },
        { guard: 'isReady', target: 'Ready' },
        { target: 'Scaling' },
      ],
    },
    Scaling: {
      after: { minReady: { guard: 'hasMinReady', actions: emit(({ context }) => ({ type: 'availability.check' as const, name: context.object.metadata.name })) } },
    },
    Ready: {},
    Deleting: {},
    Deleted: { type: 'final' },
  },
});
