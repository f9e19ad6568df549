// The Deployment's statechart, for the inspector and stateOf. Its state follows the object:
// every change arrives as `object.changed` and routes to stateOf's answer. While a rollout
// is under way it keeps the progress deadline as an XState delay and emits
// `progress.check` when it passes without any change, so the owner can re-plan
// (the machine itself never decides a timeout: the Progressing condition does).
import { assign, emit, fromCallback, sendTo, setup } from 'xstate';
import type { KObject } from '../../src/store/types.js';
import { deploymentState } from '../state-of-apps.js';

export interface DeploymentMachineContext { object: KObject; resyncMs?: number }
export type DeploymentMachineEvent =
  | { type: 'object.changed'; object: KObject }
  | { type: 'object.deleted' }
  /** routed journal changes: passed on to the reconciler */
  | { type: 'store.changes'; changes: unknown[] };

/** What the machine's reconciler is given: its object, and how often to re-read what it owns. */
export interface ReconcilerInput { object: KObject; resyncMs?: number }
export type DeploymentMachineEmitted = { type: 'progress.check'; name: string | undefined };

const is = (state: string) => ({ context }: { context: DeploymentMachineContext }) => deploymentState(context.object) === state;

export const deploymentMachine = setup({
  types: {
    context: {} as DeploymentMachineContext,
    events: {} as DeploymentMachineEvent,
    input: {} as ReconcilerInput,
    emitted: {} as DeploymentMachineEmitted,
  },
  actors: {
    // None by default: the machine alone follows its object (tests, charts). The Deployment
    // actor (actors/) provides the one that reads what it owns, plans and writes; it tells
    // the machine of its object's changes with \`object.changed\`.
    reconciler: fromCallback<{ type: string }, ReconcilerInput>(() => {}),
  },
  delays: {
    // progressDeadlineSeconds after the last change (600 s by default).
    progressDeadline: ({ context }) => {
      const p = context.object.spec?.progressDeadlineSeconds;
      return (typeof p === 'number' && p > 0 && p < 2147483647 ? p : 600) * 1000;
    },
  },
  guards: {
    isDeleting: is('Deleting'),
    isPaused: is('Paused'),
    isTimedOut: is('ProgressDeadlineExceeded'),
    isComplete: is('Complete'),
    isAvailable: is('Available'),
    hasDeadline: ({ context }) => {
      const p = context.object.spec?.progressDeadlineSeconds;
      return typeof p === 'number' && p < 2147483647;
    },
  },
}).createMachine({
  id: 'deployment',
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
        { guard: 'isPaused', target: 'Paused' },
        { guard: 'isTimedOut', target: 'ProgressDeadlineExceeded' },
        { guard: 'isComplete', target: 'Complete' },
        { guard: 'isAvailable', target: 'Available' },
        { target: 'Progressing' },
      ],
    },
    Progressing: {
      after: { progressDeadline: { guard: 'hasDeadline', actions: emit(({ context }) => ({ type: 'progress.check' as const, name: context.object.metadata.name })) } },
    },
    Available: {
      after: { progressDeadline: { guard: 'hasDeadline', actions: emit(({ context }) => ({ type: 'progress.check' as const, name: context.object.metadata.name })) } },
    },
    Complete: {},
    Paused: {},
    ProgressDeadlineExceeded: {},
    Deleting: {},
    Deleted: { type: 'final' },
  },
});
