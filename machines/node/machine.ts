// A node's health as the kubelet's heartbeats and the node lifecycle controller see it:
// Ready / NotReady from heartbeats ({ type: 'heartbeat', at, ready? }); no heartbeat for
// nodeMonitorGracePeriod (default 40 s) → Unknown ("Kubelet stopped posting node status."), with
// the node.kubernetes.io/unreachable taints; NotReady carries node.kubernetes.io/not-ready.
// Side effects are actions the node actor provides: 'writeConditions' (params: { conditions }),
// 'writeTaints' (params: { taints }: the node's full new spec.taints, others kept).
import { assign, setup } from 'xstate';
import type { KObject } from '../../src/store/types.js';
import { clockNow } from '../pod/machine.js';
import { rfc3339 } from '../pod/status.js';
import { TAINT_NOT_READY, TAINT_UNREACHABLE, toleratesTaint, tolerationsOf, type Taint } from '../scheduler/filter.js';

export const NODE_MONITOR_GRACE_PERIOD_MS = 40_000;
export type NodeHealth = 'Ready' | 'NotReady' | 'Unknown';

type Obj = Record<string, any>;

const PRESSURE: [string, string, string][] = [
  ['MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  ['DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
];

/**
 * The node's conditions for a health state. Ready/NotReady are what the kubelet posts (heartbeat
 * = now); Unknown is what the node lifecycle controller writes: every condition Unknown with
 * reason NodeStatusUnknown, lastHeartbeatTime left at the last heartbeat.
 */
export function nodeConditionsFor(state: NodeHealth, now: number, lastHeartbeatAt?: number, previous?: Obj[]): Obj[] {
  const prev = new Map((previous ?? []).map((c) => [c.type, c]));
  const cond = (type: string, status: string, reason: string, message: string): Obj => {
    const p = prev.get(type);
    const heartbeat = state === 'Unknown' ? (lastHeartbeatAt !== undefined ? rfc3339(lastHeartbeatAt) : p?.lastHeartbeatTime ?? rfc3339(now)) : rfc3339(now);
    return { type, status, reason, message, lastHeartbeatTime: heartbeat, lastTransitionTime: p && p.status === status && p.lastTransitionTime ? p.lastTransitionTime : rfc3339(now) };
  };
  if (state === 'Unknown') {
    return [...PRESSURE.map(([t]) => cond(t, 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.')),
      cond('Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.')];
  }
  return [...PRESSURE.map(([t, r, m]) => cond(t, 'False', r, m)),
    state === 'Ready'
      ? cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status')
      : cond('Ready', 'False', 'KubeletNotReady', 'container runtime status check may not have completed yet')];
}

/** The taints the node lifecycle controller keeps for a health state (NoExecute ones stamped with timeAdded). */
export function nodeTaintsFor(state: NodeHealth, now?: number): Taint[] {
  if (state === 'Ready') return [];
  const key = state === 'NotReady' ? TAINT_NOT_READY : TAINT_UNREACHABLE;
  const noExec: Taint = { key, effect: 'NoExecute' };
  if (now !== undefined) noExec.timeAdded = rfc3339(now);
  return [{ key, effect: 'NoSchedule' }, noExec];
}

/** The node's taints with the health taints replaced (other taints kept; an existing timeAdded kept). */
export function mergeNodeTaints(existing: Taint[] | undefined, state: NodeHealth, now?: number): Taint[] {
  const own = (existing ?? []).filter((t) => t.key !== TAINT_NOT_READY && t.key !== TAINT_UNREACHABLE);
  const keep = new Map((existing ?? []).map((t) => [`${t.key}:${t.effect}`, t]));
  return [...own, ...nodeTaintsFor(state, now).map((t) => keep.get(`${t.key}:${t.effect}`) ?? t)];
}

/**
 * When taint-based eviction removes `pod` from a node whose NoExecute `taint` appeared at
 * taintAddedAt (ms): null when a toleration without tolerationSeconds tolerates it (never),
 * taintAddedAt when nothing tolerates it (at once), else taintAddedAt + the smallest matching
 * tolerationSeconds (negative counts as 0), as the taint eviction controller does.
 * The default taint is node.kubernetes.io/unreachable:NoExecute; admission already gave pods 300 s.
 */
export function evictionDueAt(pod: KObject, taintAddedAt: number, taint: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' }): number | null {
  const matching = tolerationsOf(pod).filter((t) => toleratesTaint(t, taint));
  if (matching.length === 0) return taintAddedAt;
  let min = Infinity;
  for (const t of matching) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    min = Math.min(min, Math.max(0, t.tolerationSeconds));
  }
  return min === Infinity ? null : taintAddedAt + min * 1000;
}

export interface NodeMachineInput {
  node: KObject;
  /** nodeMonitorGracePeriod in ms (default 40 s) */
  gracePeriodMs?: number;
}

export interface NodeContext {
  node: KObject;
  gracePeriodMs: number;
  lastHeartbeatAt: number;
  now: number;
}

export type NodeEvent =
  | { type: 'heartbeat'; at: number; ready?: boolean }
  | { type: 'node.updated'; node: KObject }
  | { type: 'delete' };

const readyOf = (node: KObject): string => {
  const c = Array.isArray(node.status?.conditions) ? node.status.conditions.find((x: any) => x?.type === 'Ready') : undefined;
  return c?.status ?? 'Unknown';
};

/** The entry writes of a health state: conditions, then the taints merged into the node's own. */
const writes = (state: NodeHealth) => [
  {
    type: 'writeConditions' as const,
    params: ({ context }: { context: NodeContext }) => ({
      conditions: nodeConditionsFor(state, context.now, context.lastHeartbeatAt || undefined, context.node.status?.conditions),
    }),
  },
  {
    type: 'writeTaints' as const,
    params: ({ context }: { context: NodeContext }) => ({ taints: mergeNodeTaints(context.node.spec?.taints, state, context.now) }),
  },
];

export const nodeMachine = setup({
  types: { context: {} as NodeContext, events: {} as NodeEvent, input: {} as NodeMachineInput },
  actions: {
    /** Write the node's status.conditions. */
    writeConditions: (_, _params: { conditions: Obj[] }) => {},
    /** Write the node's spec.taints (the full list). */
    writeTaints: (_, _params: { taints: Taint[] }) => {},
    stamp: assign({ now: ({ self }) => clockNow(self) }),
    beat: assign({ lastHeartbeatAt: ({ event, context }) => (event.type === 'heartbeat' ? event.at : context.lastHeartbeatAt) }),
    setNode: assign({ node: ({ event, context }) => (event.type === 'node.updated' ? event.node : context.node) }),
  },
  delays: {
    grace: ({ context }) => context.gracePeriodMs,
  },
  guards: {
    deleting: ({ context }) => !!context.node.metadata?.deletionTimestamp,
    reportsNotReady: ({ event }) => event.type === 'heartbeat' && event.ready === false,
    wasReady: ({ context }) => readyOf(context.node) === 'True',
    wasNotReady: ({ context }) => readyOf(context.node) === 'False',
  },
}).createMachine({
  id: 'node',
  context: ({ input }) => ({ node: input.node, gracePeriodMs: input.gracePeriodMs ?? NODE_MONITOR_GRACE_PERIOD_MS, lastHeartbeatAt: 0, now: 0 }),
  initial: 'Init',
  on: {
    delete: '.Deleting',
    'node.updated': [
      { guard: ({ event }) => !!event.node.metadata?.deletionTimestamp, target: '.Deleting', actions: 'setNode' },
      { actions: 'setNode' },
    ],
  },
  states: {
    // Start from what the object says; the grace clock starts now either way.
    Init: {
      always: [
        { guard: 'deleting', target: 'Deleting' },
        { guard: 'wasReady', target: 'Ready' },
        { guard: 'wasNotReady', target: 'NotReady' },
        { target: 'Unknown' },
      ],
    },
    Ready: {
      entry: ['stamp', ...writes('Ready')],
      initial: 'Waiting',
      states: { Waiting: { after: { grace: '#node.Unknown' } } },
      on: {
        heartbeat: [
          { guard: 'reportsNotReady', target: 'NotReady', actions: 'beat' },
          { target: '.Waiting', actions: 'beat' },
        ],
      },
    },
    NotReady: {
      entry: ['stamp', ...writes('NotReady')],
      initial: 'Waiting',
      states: { Waiting: { after: { grace: '#node.Unknown' } } },
      on: {
        heartbeat: [
          { guard: 'reportsNotReady', target: '.Waiting', actions: 'beat' },
          { target: 'Ready', actions: 'beat' },
        ],
      },
    },
    Unknown: {
      entry: ['stamp', ...writes('Unknown')],
      on: {
        heartbeat: [
          { guard: 'reportsNotReady', target: 'NotReady', actions: 'beat' },
          { target: 'Ready', actions: 'beat' },
        ],
      },
    },
    Deleting: { type: 'final' },
  },
});
