// The scheduler's cycle as a statechart. Two regions:
//   cycle:   Syncing → Idle ⇄ Scheduling. A cycle takes the whole queue (filter, score, bind
//            in one batch of writes: the 'runCycle' action, answered by 'cycle.done'); pods
//            queued meanwhile make it run once more as soon as it is done.
//   backoff: Clear ⇄ BackingOff. Pods found unschedulable wait out kube-scheduler's back-off
//            (1 s doubling to 10 s) or a node change, whichever comes first, then are queued
//            again ('requeueUnschedulable').
// The I/O is provided by the scheduler actor (actors/scheduler.ts): 'sync' (subscribe, read,
// then 'synced'), 'runCycle', 'requeueUnschedulable', and 'hear' for routed changes (it says
// 'queue.changed' / 'nodes.changed' when they matter).
import { assign, raise, setup } from 'xstate';

export type SchedulerEvent =
  | { type: 'synced' }
  /** pods joined the scheduling queue */
  | { type: 'queue.changed' }
  /** a node came, went or changed: unschedulable pods may fit now */
  | { type: 'nodes.changed' }
  /** a cycle's writes are answered; `backoffMs`: the shortest back-off of the pods it found unschedulable */
  | { type: 'cycle.done'; backoffMs: number | null }
  | { type: 'store.changes'; changes: unknown[] }
  | { type: 'actor.failed'; error?: string };

export interface SchedulerContext {
  /** pods queued while a cycle ran: run again at once */
  dirty: boolean;
  backoffMs: number;
}

export const schedulerMachine = setup({
  types: { context: {} as SchedulerContext, events: {} as SchedulerEvent },
  actions: {
    sync: () => {},
    runCycle: () => {},
    requeueUnschedulable: () => {},
    hear: () => {},
    fail: ({ event }) => { throw new Error(event.type === 'actor.failed' ? event.error ?? 'scheduler failed' : 'scheduler failed'); },
  },
  delays: {
    backoff: ({ context }) => context.backoffMs,
  },
  guards: {
    dirty: ({ context }) => context.dirty,
    hasBackoff: ({ event }) => event.type === 'cycle.done' && event.backoffMs !== null,
  },
}).createMachine({
  id: 'scheduler',
  type: 'parallel',
  context: { dirty: false, backoffMs: 0 },
  on: {
    'store.changes': { actions: 'hear' },
    // A failed cycle (a write that could not be sent) restarts the actor, which re-reads everything.
    'actor.failed': { actions: 'fail' },
  },
  states: {
    cycle: {
      initial: 'Syncing',
      states: {
        Syncing: {
          entry: 'sync',
          on: { synced: 'Scheduling' },
        },
        Idle: {
          on: { 'queue.changed': 'Scheduling' },
        },
        Scheduling: {
          entry: [assign({ dirty: false }), 'runCycle'],
          on: {
            'queue.changed': { actions: assign({ dirty: true }) },
            'cycle.done': [
              { guard: 'dirty', target: 'Scheduling', reenter: true },
              { target: 'Idle' },
            ],
          },
        },
      },
    },
    backoff: {
      initial: 'Clear',
      states: {
        Clear: {
          on: {
            // (pods a cycle in flight has just found unschedulable may fit now)
            'nodes.changed': { actions: ['requeueUnschedulable', raise({ type: 'queue.changed' })] },
            'cycle.done': { guard: 'hasBackoff', target: 'BackingOff', actions: assign({ backoffMs: ({ event }) => (event.type === 'cycle.done' ? event.backoffMs ?? 0 : 0) }) },
          },
        },
        BackingOff: {
          after: { backoff: { target: 'Clear', actions: ['requeueUnschedulable', raise({ type: 'queue.changed' })] } },
          on: { 'nodes.changed': { target: 'Clear', actions: ['requeueUnschedulable', raise({ type: 'queue.changed' })] } },
        },
      },
    },
  },
});
