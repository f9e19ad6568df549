// The node health machine under a simulated clock, eviction timing, and stateOfCore.
import t from 'tap';
import { createActor, SimulatedClock } from 'xstate';
import type { KObject } from '../src/store/types.js';
import { simulatedNode } from '../src/api/nodes.js';
import { nodeMachine, nodeConditionsFor, nodeTaintsFor, mergeNodeTaints, evictionDueAt } from '../machines/node/index.js';
import { stateOfCore } from '../machines/state-of-core.js';

const T0 = Date.parse('2024-01-01T00:00:00Z');

function run(node: KObject, gracePeriodMs?: number) {
  const clock = new SimulatedClock();
  clock.set(T0);
  const writes: { at: number; conditions?: any[]; taints?: any[] }[] = [];
  const actor = createActor(nodeMachine.provide({
    actions: {
      writeConditions: (_, p) => { writes.push({ at: clock.now() - T0, conditions: p.conditions }); },
      writeTaints: (_, p) => { writes.push({ at: clock.now() - T0, taints: p.taints }); },
    },
  }), { input: { node, ...(gracePeriodMs !== undefined ? { gracePeriodMs } : {}) }, clock });
  actor.start();
  const state = () => { const v = actor.getSnapshot().value; return typeof v === 'string' ? v : Object.keys(v)[0]; };
  return { actor, clock, writes, state };
}

t.test('heartbeats keep a node Ready; silence past the grace period makes it Unknown', async (t) => {
  const r = run(simulatedNode('node-1', '2024-01-01T00:00:00Z'), 1000);
  t.equal(r.state(), 'Ready');
  for (let i = 1; i <= 5; i++) { r.clock.increment(900); r.actor.send({ type: 'heartbeat', at: T0 + 900 * i }); }
  t.equal(r.state(), 'Ready');
  t.equal(r.writes.length, 2, 'heartbeats alone write nothing new');
  r.clock.increment(999);
  t.equal(r.state(), 'Ready');
  r.clock.increment(1);
  t.equal(r.state(), 'Unknown');
  const conds = r.writes.find((w) => w.conditions && w.at === 5500)!.conditions!;
  const ready = conds.find((c) => c.type === 'Ready');
  t.same([ready.status, ready.reason, ready.message], ['Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.']);
  t.equal(ready.lastHeartbeatTime, '2024-01-01T00:00:04Z', 'last heartbeat kept');
  t.equal(ready.lastTransitionTime, '2024-01-01T00:00:05Z');
  t.equal(conds.length, 4);
  const taints = r.writes[r.writes.length - 1]!.taints!;
  t.same(taints.map((x) => `${x.key}:${x.effect}`), ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
  t.equal(taints[1].timeAdded, '2024-01-01T00:00:05Z');
  r.actor.send({ type: 'heartbeat', at: T0 + 6000 });
  t.equal(r.state(), 'Ready');
  t.same(r.writes[r.writes.length - 1]!.taints, []);
  r.actor.send({ type: 'heartbeat', at: T0 + 6000, ready: false });
  t.equal(r.state(), 'NotReady');
  t.same(r.writes[r.writes.length - 1]!.taints!.map((x) => `${x.key}:${x.effect}`), ['node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute']);
  r.actor.send({ type: 'delete' });
  t.equal(r.state(), 'Deleting');
});

t.test('default grace period is 40 s', async (t) => {
  const r = run(simulatedNode('node-2', '2024-01-01T00:00:00Z'));
  r.clock.increment(39_999);
  t.equal(r.state(), 'Ready');
  r.clock.increment(1);
  t.equal(r.state(), 'Unknown');
});

t.test('conditions and taints helpers', async (t) => {
  const c = nodeConditionsFor('NotReady', T0);
  t.same(c.map((x) => `${x.type}=${x.status}`), ['MemoryPressure=False', 'DiskPressure=False', 'PIDPressure=False', 'Ready=False']);
  t.same(nodeTaintsFor('Ready'), []);
  const merged = mergeNodeTaints([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: 'x' }], 'Unknown', T0);
  t.same(merged.map((x) => x.key), ['dedicated', 'node.kubernetes.io/unreachable', 'node.kubernetes.io/unreachable']);
});

t.test('evictionDueAt honours tolerationSeconds', async (t) => {
  const pod = (tolerations: any[]): KObject => ({ metadata: { name: 'p' }, spec: { tolerations } });
  const dflt = [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }];
  t.equal(evictionDueAt(pod(dflt), T0), T0 + 300_000);
  t.equal(evictionDueAt(pod([]), T0), T0, 'untolerated: at once');
  t.equal(evictionDueAt(pod([{ operator: 'Exists' }]), T0), null, 'tolerated forever');
  t.equal(evictionDueAt(pod([...dflt, { key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 60 }]), T0), T0 + 60_000, 'the smallest wins');
  t.equal(evictionDueAt(pod(dflt), T0, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }), T0 + 300_000);
  t.equal(evictionDueAt(pod([{ key: 'x', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: -5 }]), T0, { key: 'x', effect: 'NoExecute' }), T0);
});

t.test('stateOfCore', async (t) => {
  const base = (status: any, spec: any = { nodeName: 'n' }, meta: any = {}): KObject => ({ metadata: { name: 'p', ...meta }, spec, status });
  const running = (ready: string) => ({ phase: 'Running', conditions: [{ type: 'Ready', status: ready }], containerStatuses: [{ name: 'c', state: { running: {} } }] });
  const cases: [string, KObject, string][] = [
    ['new', base({ phase: 'Pending' }, {}), 'Pending'],
    ['unschedulable', base({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }, {}), 'Unschedulable'],
    ['gated is Pending', base({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }, {}), 'Pending'],
    ['bound, kubelet silent', base({ phase: 'Pending' }), 'Scheduled'],
    ['creating', base({ phase: 'Pending', containerStatuses: [{ name: 'c', state: { waiting: { reason: 'ContainerCreating' } } }] }), 'ContainerCreating'],
    ['config error', base({ phase: 'Pending', containerStatuses: [{ name: 'c', state: { waiting: { reason: 'CreateContainerConfigError' } } }] }), 'ContainerCreating'],
    ['ready', base(running('True')), 'Running.Ready'],
    ['not ready', base(running('False')), 'Running.NotReady'],
    ['crashloop', base({ phase: 'Running', containerStatuses: [{ name: 'c', state: { waiting: { reason: 'CrashLoopBackOff' } } }] }), 'CrashLoopBackOff'],
    ['succeeded', base({ phase: 'Succeeded' }), 'Succeeded'],
    ['failed', base({ phase: 'Failed' }), 'Failed'],
    ['terminating', base(running('True'), { nodeName: 'n' }, { deletionTimestamp: '2024-01-01T00:00:00Z' }), 'Terminating'],
  ];
  for (const [name, obj, want] of cases) t.equal(stateOfCore('Pod', obj), want, name);
  const node = simulatedNode('n', '2024-01-01T00:00:00Z');
  t.equal(stateOfCore('Node', node), 'Ready');
  const cond = (status: string) => ({ ...node, status: { ...node.status, conditions: nodeConditionsFor(status === 'False' ? 'NotReady' : 'Unknown', T0) } });
  t.equal(stateOfCore('Node', cond('False')), 'NotReady');
  t.equal(stateOfCore('Node', cond('Unknown')), 'Unknown');
  t.equal(stateOfCore('Node', { ...node, metadata: { ...node.metadata, deletionTimestamp: 'x' } }), 'Deleting');
  t.equal(stateOfCore('Node', { metadata: { name: 'bare' } }), 'Unknown');
});
