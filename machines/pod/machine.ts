// The kubelet's side of one pod, with the sim container runtime: the pod actor runs this machine
// and provides the side effects (machine.provide({ actions: { writeStatus, removePod,
// startContainers, killContainers } })). The machine computes every status it asks to write with
// the pure helpers in status.ts; the time it stamps comes from the actor's clock
// (`clock.now()`, SimulatedClock in tests; Date.now() when the clock has no now()).
//
// (Reading →) Pending ⇄ Unschedulable → Scheduled → ContainerCreating (Creating | ConfigError) → Running (Ready | NotReady)
//   → CrashLoopBackOff → Running …   → Succeeded | Failed;   any bound state → Terminating → Deleted.
// Restarts follow kubelet 1.32: the first crash restarts at once, later ones wait 10 s doubling to
// 5 min ("back-off 10s restarting failed container=…"); a container that ran 10 min resets that.
import { assign, cancel, enqueueActions, setup } from 'xstate';
import type { AnyActorRef } from 'xstate';
import type { KObject } from '../../src/store/types.js';
import {
  containerCreatingStatus, crashLoopStatus, createContainerConfigErrorStatus, podIPFor, runningStatus, terminatedStatus, type Exit,
} from './status.js';

export const CRASH_BACKOFF_INITIAL_MS = 10_000;
export const CRASH_BACKOFF_MAX_MS = 300_000;
/** The kubelet forgets a container's back-off once it has run twice the maximum back-off. */
export const CRASH_BACKOFF_RESET_MS = 2 * CRASH_BACKOFF_MAX_MS;

/** The wait before the nth back-off restart (n ≥ 1): 10 s, 20 s, 40 s, …, capped at 300 s. */
export function crashBackoffMs(n: number): number {
  let d = CRASH_BACKOFF_INITIAL_MS;
  for (let i = 1; i < n && d < CRASH_BACKOFF_MAX_MS; i++) d *= 2;
  return Math.min(d, CRASH_BACKOFF_MAX_MS);
}

export interface PodMachineInput {
  /**
   * The pod; or only its metadata (name, namespace, uid: no spec), and then the machine waits
   * in Reading for the pod itself (`pod.updated`). A kubelet spawns its pod actors that way:
   * the runtime keeps each actor's input for restarts, and 10,000 copies of pods as they
   * were when bound would be kept for nothing.
   */
  pod: KObject;
  /** sim runtime: ms from ContainerCreating to Running; null or negative: wait for 'container.started' */
  startLatencyMs: number;
  /** sim runtime: the container exits with code 1 this long after each start; null: it keeps running */
  failAfterMs?: number | null;
  /** sim runtime: ms a container takes to stop once killed (default 0); past the grace period it is killed (137) */
  killLatencyMs?: number;
  /** the node's InternalIP (default: the pod's status.hostIP, else 127.0.0.1) */
  hostIP?: string;
  /** the pod's IP (default: podIPFor(nodeName, uid)) */
  podIP?: string;
}

export interface PodContext {
  pod: KObject;
  startLatencyMs: number;
  failAfterMs: number | null;
  killLatencyMs: number;
  hostIP: string;
  podIP: string;
  /** The addresses the input gave: they win over the pod's own, when the pod is read later too. */
  given: { hostIP?: string; podIP?: string };
  /** restartCount as reported */
  restarts: number;
  /** crashes since the back-off was last reset */
  crashes: number;
  backoffMs: number;
  startedAt: number;
  lastExit: Exit | null;
  /** the actor clock's time, stamped (action 'stamp') before anything that writes a time */
  now: number;
}

export type PodEvent =
  | { type: 'pod.updated'; pod: KObject }
  | { type: 'container.started' }
  | { type: 'container.exited'; exitCode: number }
  | { type: 'container.configError'; message: string }
  | { type: 'container.retry' }
  /** routed changes of what the pod refers to (the runtime subscribed to its missing Secret, ...) */
  | { type: 'store.changes' }
  /** the actor was restored from its input after its thread died: the pod may have moved on */
  | { type: 'runtime.restored' }
  | { type: 'delete' }
  /** its removal was answered: done, or refused for good (the pod is gone or replaced) */
  | { type: 'pod.removed' };

export interface WriteStatusParams { status: Record<string, any> }

/** The actor's clock, if it can tell the time (SimulatedClock can), else the wall clock. */
export function clockNow(self: AnyActorRef): number {
  const clock = (self as { clock?: { now?: () => number } }).clock;
  return typeof clock?.now === 'function' ? clock.now() : Date.now();
}

/**
 * What the context takes from the pod itself: its restarts so far, and its addresses (the
 * input's, else the pod's own, else the node's default and the IP the pod's node and uid give).
 * The same at the start and when a pod started by name is read.
 */
function fromPod(pod: KObject, given: PodContext['given']): Pick<PodContext, 'restarts' | 'hostIP' | 'podIP'> {
  const restarts = Array.isArray(pod.status?.containerStatuses)
    ? Math.max(0, ...pod.status.containerStatuses.map((c: any) => Number(c?.restartCount) || 0)) : 0;
  return {
    restarts,
    hostIP: given.hostIP ?? pod.status?.hostIP ?? '127.0.0.1',
    podIP: given.podIP ?? pod.status?.podIP ?? podIPFor(pod.spec?.nodeName ?? '', pod.metadata?.uid ?? pod.metadata?.name ?? ''),
  };
}

const isTerminalPhase = (pod: KObject): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const isUnschedulable = (pod: KObject): boolean =>
  Array.isArray(pod.status?.conditions) && pod.status.conditions.some((c: any) => c?.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable');
const readyCondition = (pod: KObject): string | undefined =>
  Array.isArray(pod.status?.conditions) ? pod.status.conditions.find((c: any) => c?.type === 'Ready')?.status : undefined;
const restartPolicy = (pod: KObject): string => pod.spec?.restartPolicy ?? 'Always';
const gracePeriodMs = (pod: KObject): number => {
  const g = pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, Number(g) * 1000);
};
/** A bound pod the kubelet already reported as running (the actor restarted and adopts it). */
const isRunning = (pod: KObject): boolean =>
  pod.status?.phase === 'Running' && Array.isArray(pod.status?.containerStatuses) && pod.status.containerStatuses.length > 0
  && pod.status.containerStatuses.every((c: any) => c?.state?.running);

export const podMachine = setup({
  types: {
    context: {} as PodContext,
    events: {} as PodEvent,
    input: {} as PodMachineInput,
  },
  actions: {
    /** Write pods/status. */
    writeStatus: (_, _params: WriteStatusParams) => {},
    /** Delete the pod object with grace 0 (its containers are gone). */
    removePod: () => {},
    /** Ask the container runtime to start (or restart) the pod's containers. */
    startContainers: () => {},
    /** Ask the container runtime to stop the pod's containers (SIGTERM, then SIGKILL past the grace). */
    killContainers: () => {},
    /** Read the pod again and say what it is now ('pod.updated', or 'delete' when it is gone). */
    resync: () => {},
    stamp: assign({ now: ({ self }) => clockNow(self) }),
    countRestart: assign({ restarts: ({ context }) => context.restarts + 1 }),
    setPod: assign({ pod: ({ context, event }) => ('pod' in event ? event.pod : context.pod) }),
    /** The pod itself, after a start with only its name: what the context takes from it too. */
    readPod: assign(({ context, event }) => ('pod' in event ? { pod: event.pod, ...fromPod(event.pod, context.given) } : {})),
    recordExit: assign(({ context, event, self }) => {
      const now = clockNow(self);
      const code = event.type === 'container.exited' ? event.exitCode : 0;
      return {
        now,
        lastExit: { exitCode: code, startedAt: context.startedAt || now, finishedAt: now, restarts: context.restarts },
        // a container that ran long enough starts a fresh back-off
        crashes: now - context.startedAt >= CRASH_BACKOFF_RESET_MS ? 0 : context.crashes,
      };
    }),
    recordStop: assign(({ context, self }) => {
      const now = clockNow(self);
      return { now, lastExit: { exitCode: 0, startedAt: context.startedAt || now, finishedAt: now, restarts: context.restarts } };
    }),
    recordKill: assign(({ context, self }) => {
      const now = clockNow(self);
      return { now, lastExit: { exitCode: 137, startedAt: context.startedAt || now, finishedAt: now, restarts: context.restarts } };
    }),
  },
  delays: {
    startLatency: ({ context }) => Math.max(0, context.startLatencyMs),
    failAfter: ({ context }) => Math.max(0, context.failAfterMs ?? 0),
    backoff: ({ context }) => context.backoffMs,
    killLatency: ({ context }) => context.killLatencyMs,
    grace: ({ context }) => gracePeriodMs(context.pod),
  },
  guards: {
    /** Only the pod's name so far (no spec): wait for the pod. */
    unread: ({ context }) => context.pod.spec === undefined,
    deleting: ({ context }) => !!context.pod.metadata?.deletionTimestamp,
    bound: ({ context }) => !!context.pod.spec?.nodeName,
    unschedulable: ({ context }) => isUnschedulable(context.pod),
    succeeded: ({ context }) => context.pod.status?.phase === 'Succeeded',
    failed: ({ context }) => context.pod.status?.phase === 'Failed',
    terminal: ({ context }) => isTerminalPhase(context.pod),
    alreadyRunning: ({ context }) => isRunning(context.pod),
    podNotReady: ({ context }) => readyCondition(context.pod) === 'False',
    podReady: ({ context }) => readyCondition(context.pod) === 'True',
    /** restartPolicy says restart: Always, or OnFailure with a non-zero exit */
    restarts: ({ context }) => {
      const p = restartPolicy(context.pod);
      return p === 'Always' || (p === 'OnFailure' && (context.lastExit?.exitCode ?? 0) !== 0);
    },
    /** the first crash since the back-off reset restarts at once */
    restartNow: ({ context }) => context.crashes <= 1,
    exitedZero: ({ context }) => (context.lastExit?.exitCode ?? 0) === 0,
  },
}).createMachine({
  id: 'pod',
  context: ({ input }) => {
    const pod = input.pod;
    const given: PodContext['given'] = {};
    if (input.hostIP !== undefined) given.hostIP = input.hostIP;
    if (input.podIP !== undefined) given.podIP = input.podIP;
    return {
      pod,
      startLatencyMs: input.startLatencyMs ?? 0,
      failAfterMs: input.failAfterMs ?? null,
      killLatencyMs: Math.max(0, input.killLatencyMs ?? 0),
      given,
      ...fromPod(pod, given),
      crashes: 0,
      backoffMs: 0,
      startedAt: 0,
      lastExit: null,
      now: 0,
    };
  },
  initial: 'Init',
  on: {
    'pod.updated': { actions: assign({ pod: ({ event }) => event.pod }) },
    'runtime.restored': { actions: 'resync' },
  },
  states: {
    Init: {
      always: [
        { guard: 'unread', target: 'Reading' },
        { guard: 'terminal', target: 'Terminal' },
        { guard: 'deleting', target: 'Deciding' },
        { guard: 'alreadyRunning', target: 'Running' },
        { guard: 'bound', target: 'Scheduled' },
        { guard: 'unschedulable', target: 'Unschedulable' },
        { target: 'Pending' },
      ],
    },
    /**
     * Started with only the pod's name (spawned so, restarted or restored from that input):
     * waits for the pod itself, from its kubelet or its own re-read, and then decides as Init does.
     */
    Reading: {
      on: {
        'pod.updated': { target: 'Init', actions: 'readPod' },
        delete: 'Deleted',
      },
    },
    /** deleted before it got containers: bound pods still go through the kubelet (grace 0 delete) */
    Deciding: {
      always: [{ guard: 'bound', target: 'Terminating' }, { target: 'Deleted' }],
    },
    Terminal: {
      always: [
        { guard: 'deleting', target: 'Cleanup' },
        { guard: 'succeeded', target: 'Succeeded' },
        { target: 'Failed' },
      ],
    },
    Pending: {
      on: {
        'pod.updated': [
          { guard: ({ event }) => !!event.pod.metadata?.deletionTimestamp && !event.pod.spec?.nodeName, target: 'Deleted', actions: 'setPod' },
          { guard: ({ event }) => !!event.pod.spec?.nodeName, target: 'Scheduled', actions: 'setPod' },
          { guard: ({ event }) => isUnschedulable(event.pod), target: 'Unschedulable', actions: 'setPod' },
          { actions: 'setPod' },
        ],
        delete: 'Deleted',
      },
    },
    Unschedulable: {
      on: {
        'pod.updated': [
          { guard: ({ event }) => !!event.pod.metadata?.deletionTimestamp && !event.pod.spec?.nodeName, target: 'Deleted', actions: 'setPod' },
          { guard: ({ event }) => !!event.pod.spec?.nodeName, target: 'Scheduled', actions: 'setPod' },
          { guard: ({ event }) => !isUnschedulable(event.pod), target: 'Pending', actions: 'setPod' },
          { actions: 'setPod' },
        ],
        delete: 'Deleted',
      },
    },
    /** Bound; the kubelet has not reported yet. Passes straight on to ContainerCreating. */
    Scheduled: {
      always: 'ContainerCreating',
    },
    ContainerCreating: {
      entry: [
        'stamp',
        { type: 'writeStatus', params: ({ context }) => ({ status: containerCreatingStatus(context.pod, context.now, context.hostIP) }) },
        'startContainers',
      ],
      on: {
        'pod.updated': { guard: ({ event }) => !!event.pod.metadata?.deletionTimestamp, target: 'Terminating', actions: 'setPod' },
        delete: 'Terminating',
        'container.started': 'Running',
      },
      initial: 'Creating',
      states: {
        Creating: {
          // The sim runtime's own timings are delayed events to itself, armed only when set: a pod
          // whose actor runs the container (startLatencyMs < 0) arms no timer (an `after` would
          // arm one per pod, only for its guard to say no when it fired).
          entry: enqueueActions(({ context, enqueue }) => {
            if (context.startLatencyMs !== null && context.startLatencyMs >= 0) enqueue.raise({ type: 'container.started' }, { id: 'sim.start', delay: 'startLatency' });
          }),
          exit: cancel('sim.start'),
          on: {
            'container.configError': {
              target: 'ConfigError',
              actions: ['stamp', { type: 'writeStatus', params: ({ context, event }) => ({ status: createContainerConfigErrorStatus(context.pod, context.now, event.message, context.hostIP) }) }],
            },
          },
        },
        /** a Secret/ConfigMap is missing: stays until the actor says to retry (or the container starts) */
        ConfigError: {
          on: {
            'container.retry': { target: 'Creating', actions: 'startContainers' },
            'store.changes': { target: 'Creating', actions: 'startContainers' },
          },
        },
      },
    },
    Running: {
      entry: [
        // 'stamp' and startedAt in one assign (each assign copies the context and the snapshot)
        assign(({ self }) => { const now = clockNow(self); return { now, startedAt: now }; }),
        { type: 'writeStatus', params: ({ context }) => ({ status: runningStatus(context.pod, context.now, context.podIP, context.hostIP, context.restarts) }) },
        enqueueActions(({ context, enqueue }) => {
          if (context.failAfterMs !== null && context.failAfterMs >= 0) enqueue.raise({ type: 'container.exited', exitCode: 1 }, { id: 'sim.fail', delay: 'failAfter' });
        }),
      ],
      exit: cancel('sim.fail'),
      on: {
        'container.exited': { target: 'Exited', actions: 'recordExit' },
        delete: 'Terminating',
      },
      initial: 'Ready',
      states: {
        Ready: {
          on: {
            'pod.updated': [
              { guard: ({ event }) => !!event.pod.metadata?.deletionTimestamp, target: '#pod.Terminating', actions: 'setPod' },
              // Only a running pod marked not ready from outside; an older status of our own (an
              // echo of ContainerCreating, phase Pending) arriving late is not news.
              { guard: ({ event }) => readyCondition(event.pod) === 'False' && isRunning(event.pod), target: 'NotReady', actions: 'setPod' },
              { actions: 'setPod' },
            ],
          },
        },
        /**
         * Ready went False from outside (the node controller, while the node was not reporting).
         * The kubelet hears of it once it is back, and its containers still run: it reports
         * its own view again (Kubernetes' status manager syncs the API to the kubelet's status).
         */
        NotReady: {
          entry: [
            'stamp',
            { type: 'writeStatus', params: ({ context }) => ({ status: runningStatus(context.pod, context.now, context.podIP, context.hostIP, context.restarts, context.startedAt || undefined) }) },
          ],
          on: {
            'pod.updated': [
              { guard: ({ event }) => !!event.pod.metadata?.deletionTimestamp, target: '#pod.Terminating', actions: 'setPod' },
              { guard: ({ event }) => readyCondition(event.pod) === 'True', target: 'Ready', actions: 'setPod' },
              { actions: 'setPod' },
            ],
          },
        },
      },
    },
    /** The container just exited: restart, back off, or finish, per restartPolicy. */
    Exited: {
      always: [
        { guard: 'restarts', target: 'Restarting' },
        { guard: 'exitedZero', target: 'Succeeded', actions: { type: 'writeStatus', params: ({ context }) => ({ status: terminatedStatus(context.pod, context.now, context.lastExit!) }) } },
        { target: 'Failed', actions: { type: 'writeStatus', params: ({ context }) => ({ status: terminatedStatus(context.pod, context.now, context.lastExit!) }) } },
      ],
    },
    Restarting: {
      entry: assign(({ context }) => ({
        crashes: context.crashes + 1,
        backoffMs: context.crashes + 1 <= 1 ? 0 : crashBackoffMs(context.crashes),
      })),
      always: [
        { guard: 'restartNow', target: 'Running', actions: ['countRestart', 'startContainers'] },
        { target: 'CrashLoopBackOff' },
      ],
    },
    CrashLoopBackOff: {
      entry: {
        type: 'writeStatus',
        params: ({ context }) => ({ status: crashLoopStatus(context.pod, context.now, { ...context.lastExit!, restarts: context.restarts }, context.backoffMs) }),
      },
      after: { backoff: { target: 'Running', actions: ['countRestart', 'startContainers'] } },
      on: {
        delete: 'Terminating',
        'pod.updated': { guard: ({ event }) => !!event.pod.metadata?.deletionTimestamp, target: 'Terminating', actions: 'setPod' },
      },
    },
    Succeeded: {
      on: {
        delete: 'Cleanup',
        'pod.updated': { guard: ({ event }) => !!event.pod.metadata?.deletionTimestamp, target: 'Cleanup', actions: 'setPod' },
      },
    },
    Failed: {
      on: {
        delete: 'Cleanup',
        'pod.updated': { guard: ({ event }) => !!event.pod.metadata?.deletionTimestamp, target: 'Cleanup', actions: 'setPod' },
      },
    },
    /** a finished pod being deleted: nothing runs, its status stays; just remove it */
    Cleanup: {
      entry: 'removePod',
      // Until the removal is answered: one the store refuses for a while is made again meanwhile.
      on: { 'pod.removed': 'Deleted', delete: 'Deleted' },
    },
    /**
     * Deleted while bound: kill the containers; once they stop (sim: killLatencyMs) or the grace
     * period runs out (then SIGKILL, exit 137), write the final status and remove the pod.
     */
    Terminating: {
      entry: 'killContainers',
      after: {
        killLatency: { target: 'Removing', actions: 'recordStop' },
        grace: { target: 'Removing', actions: 'recordKill' },
      },
      on: {
        'container.exited': { target: 'Removing', actions: 'recordExit' },
      },
    },
    Removing: {
      entry: [
        'stamp',
        { type: 'writeStatus', params: ({ context }) => ({ status: terminatedStatus(context.pod, context.now, context.lastExit ?? { exitCode: 0, startedAt: context.startedAt || context.now, finishedAt: context.now, restarts: context.restarts }) }) },
        'removePod',
      ],
      on: { 'pod.removed': 'Deleted', delete: 'Deleted' },
    },
    Deleted: { type: 'final' },
  },
});

