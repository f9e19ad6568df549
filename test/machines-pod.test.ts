// The kubelet's pod lifecycle machine under a simulated clock, and its status helpers.
import t from 'tap';
import { createActor, SimulatedClock } from 'xstate';
import type { KObject } from '../src/store/types.js';
import {
  podMachine, runningStatus, containerCreatingStatus, createContainerConfigErrorStatus, crashLoopStatus, terminatedStatus, pendingStatus,
  podIPFor, crashBackoffMs, goDuration, normalizeImage,
} from '../machines/pod/index.js';
import { stateOfCore } from '../machines/state-of-core.js';

const T0 = Date.parse('2024-01-01T00:00:00Z');
function pod(spec: Record<string, any> = {}, meta: Record<string, any> = {}): KObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-1', ...meta },
    spec: { nodeName: 'node-3', restartPolicy: 'Always', terminationGracePeriodSeconds: 30, containers: [{ name: 'nginx', image: 'nginx:1.27' }], ...spec },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

function run(p: KObject, input: Record<string, any> = {}) {
  const clock = new SimulatedClock();
  clock.set(T0);
  const log: string[] = [];
  const statuses: any[] = [];
  let current = p;
  const actor = createActor(podMachine.provide({
    actions: {
      writeStatus: (_, params) => {
        statuses.push(params.status);
        current = { ...current, status: params.status };
        log.push(`status:${stateOfCore('Pod', current)}@${clock.now() - T0}`);
      },
      // The store answers the removal at once.
      removePod: ({ self }) => { log.push(`remove@${clock.now() - T0}`); self.send({ type: 'pod.removed' }); },
      startContainers: () => { log.push(`start@${clock.now() - T0}`); },
      killContainers: () => { log.push(`kill@${clock.now() - T0}`); },
      resync: () => { log.push(`resync@${clock.now() - T0}`); },
    },
  }), { input: { pod: p, startLatencyMs: 500, ...input }, clock });
  actor.start();
  clock.increment(0); // fire zero delays
  const state = () => {
    const v = actor.getSnapshot().value;
    return typeof v === 'string' ? v : Object.entries(v).map(([k, s]) => `${k}.${typeof s === 'string' ? s : JSON.stringify(s)}`).join();
  };
  return { actor, clock, log, statuses, state, last: () => statuses[statuses.length - 1] };
}

t.test('start latency: ContainerCreating, then Running after startLatencyMs', async (t) => {
  const r = run(pod());
  t.equal(r.state(), 'ContainerCreating.Creating');
  t.same(r.log, ['status:ContainerCreating@0', 'start@0']);
  t.equal(r.last().containerStatuses[0].state.waiting.reason, 'ContainerCreating');
  r.clock.increment(499);
  t.equal(r.state(), 'ContainerCreating.Creating');
  r.clock.increment(1);
  t.equal(r.state(), 'Running.Ready');
  const st = r.last();
  t.equal(st.phase, 'Running');
  t.equal(st.podIP, podIPFor('node-3', 'uid-1'));
  t.same(st.podIPs, [{ ip: st.podIP }]);
  t.equal(st.hostIP, '127.0.0.1');
  t.equal(st.qosClass, 'BestEffort');
  t.same(st.conditions.map((c: any) => `${c.type}=${c.status}`), ['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
  t.equal(st.containerStatuses[0].state.running.startedAt, '2024-01-01T00:00:00Z');
  t.match(st.containerStatuses[0].containerID, /^sim:\/\/[0-9a-f]{64}$/);
  t.equal(st.containerStatuses[0].imageID.startsWith('docker.io/library/nginx@sha256:'), true);
  // a runtime that reports itself
  const e = run(pod(), { startLatencyMs: -1 });
  e.clock.increment(60_000);
  t.equal(e.state(), 'ContainerCreating.Creating');
  e.actor.send({ type: 'container.started' });
  t.equal(e.state(), 'Running.Ready');
});

t.test('CrashLoopBackOff: first crash restarts at once, then 10, 20, 40, 80, 160, 300, 300 s', async (t) => {
  const r = run(pod(), { startLatencyMs: 0, failAfterMs: 1000 });
  t.equal(r.state(), 'Running.Ready');
  r.clock.increment(1000); // crash 1: immediate restart
  t.equal(r.state(), 'Running.Ready');
  t.equal(r.last().containerStatuses[0].restartCount, 1);
  const waits: number[] = [];
  for (let i = 0; i < 7; i++) {
    r.clock.increment(1000); // crash
    t.equal(r.state(), 'CrashLoopBackOff');
    const msg = r.last().containerStatuses[0].state.waiting.message as string;
    const m = /^back-off (\S+) restarting failed container=nginx pod=web_default\(uid-1\)$/.exec(msg);
    t.ok(m, msg);
    let waited = 0;
    while (r.state() === 'CrashLoopBackOff') { r.clock.increment(1000); waited += 1000; }
    waits.push(waited);
    t.equal(m![1], goDuration(waited));
  }
  t.same(waits, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  t.equal(r.last().containerStatuses[0].restartCount, 8);
  t.equal(r.last().phase, 'Running');
  t.same([1, 2, 3, 6, 7, 20].map(crashBackoffMs), [10_000, 20_000, 40_000, 300_000, 300_000, 300_000]);
  t.same([10_000, 80_000, 300_000].map(goDuration), ['10s', '1m20s', '5m0s']);
});

t.test('back-off resets after a container ran 10 minutes', async (t) => {
  const r = run(pod(), { startLatencyMs: 0 });
  r.actor.send({ type: 'container.exited', exitCode: 1 }); // immediate restart
  r.actor.send({ type: 'container.exited', exitCode: 1 });
  t.equal(r.state(), 'CrashLoopBackOff');
  r.clock.increment(10_000);
  t.equal(r.state(), 'Running.Ready');
  r.clock.increment(600_000);
  r.actor.send({ type: 'container.exited', exitCode: 1 });
  t.equal(r.state(), 'Running.Ready', 'treated as a first crash');
});

t.test('restartPolicy Never / OnFailure', async (t) => {
  const cases: [string, number, string, string][] = [
    ['Never', 0, 'Succeeded', 'Completed'],
    ['Never', 2, 'Failed', 'Error'],
    ['OnFailure', 0, 'Succeeded', 'Completed'],
    ['OnFailure', 1, 'Running.Ready', ''],
    ['Always', 0, 'Running.Ready', ''],
  ];
  for (const [policy, code, want, reason] of cases) {
    const r = run(pod({ restartPolicy: policy }), { startLatencyMs: 0 });
    r.clock.increment(5000);
    r.actor.send({ type: 'container.exited', exitCode: code });
    t.equal(r.state(), want, `${policy} exit ${code}`);
    if (reason) {
      const st = r.last();
      t.equal(st.phase, want);
      t.equal(st.containerStatuses[0].state.terminated.exitCode, code);
      t.equal(st.containerStatuses[0].state.terminated.reason, reason);
      t.equal(st.containerStatuses[0].state.terminated.finishedAt, '2024-01-01T00:00:05Z');
      t.equal(stateOfCore('Pod', { ...pod(), status: st }), want);
    }
  }
});

t.test('termination: kill, then final status and removal; grace period caps it', async (t) => {
  const deleting = (p: KObject, grace: number) => ({ ...p, metadata: { ...p.metadata, deletionTimestamp: '2024-01-01T00:01:00Z', deletionGracePeriodSeconds: grace } });
  let r = run(pod(), { startLatencyMs: 0, killLatencyMs: 2000 });
  r.actor.send({ type: 'pod.updated', pod: deleting(pod(), 30) });
  t.equal(r.state(), 'Terminating');
  r.clock.increment(2000);
  t.equal(r.state(), 'Deleted');
  t.equal(r.last().containerStatuses[0].state.terminated.exitCode, 0);
  t.same(r.log.slice(-3), ['kill@0', 'status:Succeeded@2000', 'remove@2000']); // terminal phase written before removal
  // a container that ignores SIGTERM is killed at the grace period
  r = run(pod(), { startLatencyMs: 0, killLatencyMs: 60_000 });
  r.actor.send({ type: 'pod.updated', pod: deleting(pod(), 5) });
  r.clock.increment(4999);
  t.equal(r.state(), 'Terminating');
  r.clock.increment(1);
  t.equal(r.state(), 'Deleted');
  t.equal(r.last().containerStatuses[0].state.terminated.exitCode, 137);
  t.equal(r.last().phase, 'Failed');
  // unbound pods just go
  r = run(pod({ nodeName: undefined }));
  t.equal(r.state(), 'Pending');
  r.actor.send({ type: 'delete' });
  t.equal(r.state(), 'Deleted');
  t.same(r.log, []);
  // finished pods are removed without a new status
  const done = pod({ restartPolicy: 'Never' });
  done.status = { phase: 'Succeeded' };
  r = run(done);
  t.equal(r.state(), 'Succeeded');
  r.actor.send({ type: 'delete' });
  t.same(r.log, ['remove@0']);
});

t.test('pending, unschedulable, then bound; config errors; adoption', async (t) => {
  const r = run(pod({ nodeName: undefined }));
  t.equal(r.state(), 'Pending');
  const unsched = pod({ nodeName: undefined });
  unsched.status.conditions = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available' }];
  r.actor.send({ type: 'pod.updated', pod: unsched });
  t.equal(r.state(), 'Unschedulable');
  r.actor.send({ type: 'pod.updated', pod: pod() });
  t.equal(r.state(), 'ContainerCreating.Creating');
  r.actor.send({ type: 'container.configError', message: 'secret "db-pass" not found' });
  t.equal(r.state(), 'ContainerCreating.ConfigError');
  t.same(r.last().containerStatuses[0].state.waiting, { reason: 'CreateContainerConfigError', message: 'secret "db-pass" not found' });
  r.clock.increment(10_000);
  t.equal(r.state(), 'ContainerCreating.ConfigError', 'does not start by itself');
  r.actor.send({ type: 'container.retry' });
  r.clock.increment(500);
  t.equal(r.state(), 'Running.Ready');
  // Ready flipped from outside
  const nr = { ...pod(), status: { ...r.last(), conditions: r.last().conditions.map((c: any) => (c.type === 'Ready' ? { ...c, status: 'False' } : c)) } };
  r.actor.send({ type: 'pod.updated', pod: nr });
  t.equal(r.state(), 'Running.NotReady');
  t.equal(r.last().conditions.find((c: any) => c.type === 'Ready').status, 'True', 'the kubelet reports its containers ready again');
  r.actor.send({ type: 'pod.updated', pod: { ...pod(), status: r.last() } });
  t.equal(r.state(), 'Running.Ready', 'and follows its own report back to Ready');
  // an actor restarted on a running pod adopts it
  const a = run({ ...pod(), status: runningStatus(pod(), T0, '10.0.12.3', '127.0.0.1') });
  t.equal(a.state(), 'Running.Ready');
});

t.test('status helpers', async (t) => {
  const p = pod({ containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'registry.k8s.io/pause:3.9' }] });
  const cc = containerCreatingStatus(p, T0);
  t.equal(cc.conditions.find((c: any) => c.type === 'Ready').message, 'containers with unready status: [a b]');
  t.equal(cc.startTime, '2024-01-01T00:00:00Z');
  const later = runningStatus({ ...p, status: cc }, T0 + 5000, '10.0.12.9', '10.1.0.3');
  t.equal(later.startTime, '2024-01-01T00:00:00Z', 'startTime kept');
  t.equal(later.conditions.find((c: any) => c.type === 'Initialized').lastTransitionTime, '2024-01-01T00:00:00Z', 'unchanged condition keeps its time');
  t.equal(later.conditions.find((c: any) => c.type === 'Ready').lastTransitionTime, '2024-01-01T00:00:05Z');
  t.same(later.hostIPs, [{ ip: '10.1.0.3' }]);
  t.same([normalizeImage('nginx'), normalizeImage('registry.k8s.io/pause:3.9'), normalizeImage('me/app')], ['docker.io/library/nginx:latest', 'registry.k8s.io/pause:3.9', 'docker.io/me/app:latest']);
  t.equal(createContainerConfigErrorStatus(p, T0, 'configmap "x" not found').phase, 'Pending');
  const cl = crashLoopStatus(p, T0, { exitCode: 2, startedAt: T0 - 1000, finishedAt: T0, restarts: 3 }, 40_000);
  t.equal(cl.containerStatuses[1].lastState.terminated.exitCode, 2);
  t.equal(cl.containerStatuses[1].restartCount, 3);
  t.equal(cl.containerStatuses[1].state.waiting.message, 'back-off 40s restarting failed container=b pod=web_default(uid-1)');
  t.equal(terminatedStatus(p, T0, { exitCode: 0, startedAt: T0, finishedAt: T0 }).phase, 'Succeeded');
  t.same(pendingStatus(pod({ nodeName: undefined }), T0).conditions, []);
  // IPs: deterministic, inside the node's /22, unique per slot
  t.equal(podIPFor('node-7', 'u', 0), '10.0.28.1');
  t.equal(podIPFor('7', 'u', 0), '10.0.28.1');
  t.equal(podIPFor('node-7', 'abc'), podIPFor('node-7', 'abc'));
  const ips = new Set(Array.from({ length: 110 }, (_, i) => podIPFor('node-1000', `p${i}`, i)));
  t.equal(ips.size, 110);
  for (const ip of ips) t.ok(ip.startsWith('10.15.'), ip); // 1000 << 10 = 0x0FA000
});

t.test('the pod\'s addresses: its input first, then the pod\'s own status, then the defaults; the same whether the pod came whole or by name', async (t) => {
  const named = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'uid-1' } } as KObject;
  const withIPs = (p: KObject) => ({ ...p, status: { ...p.status, podIP: '10.9.9.9', hostIP: '192.168.9.9' } });
  const cases: [what: string, input: Record<string, string>, pod: KObject, podIP: string, hostIP: string][] = [
    ['input IPs over the pod\'s', { podIP: '10.0.12.7', hostIP: '192.168.0.7' }, withIPs(pod()), '10.0.12.7', '192.168.0.7'],
    ['the pod\'s IPs without input ones', {}, withIPs(pod()), '10.9.9.9', '192.168.9.9'],
    ['neither: the defaults', {}, pod(), podIPFor('node-3', 'uid-1'), '127.0.0.1'],
  ];
  for (const [what, input, p, podIP, hostIP] of cases) {
    for (const [how, start] of [['whole', p], ['by name', named]] as const) {
      const r = run(start, input);
      if (start === named) r.actor.send({ type: 'pod.updated', pod: p });
      r.clock.increment(500);
      t.equal(r.state(), 'Running.Ready', `${what}, ${how}: running`);
      t.same([r.last().podIP, r.last().hostIP], [podIP, hostIP], `${what}, ${how}`);
    }
  }
});

t.test('restored from its input after its thread died, the pod actor asks for the pod as it is now', async (t) => {
  const r = run(pod());
  r.log.length = 0;
  r.actor.send({ type: 'runtime.restored' });
  t.same(r.log, ['resync@0'], 'resync asked for, whatever the state');
  const gone = run(pod());
  gone.actor.send({ type: 'delete' });
  t.match(gone.state(), /Terminating|Removing|Deleted/, "told it is gone ('delete'), it stops its containers");
});

t.test('started with only the pod\'s name, the machine reads the pod first, then decides as from a whole pod', async (t) => {
  const named = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'uid-1' } } as KObject;
  const r = run(named, { podIP: '10.0.12.7' });
  t.equal(r.state(), 'Reading', 'nothing decided, nothing written, nothing started');
  t.same(r.log, []);
  r.actor.send({ type: 'runtime.restored' });
  t.same(r.log, ['resync@0'], 'a restart or restore re-reads the pod');
  r.actor.send({ type: 'pod.updated', pod: pod() });
  t.equal(r.state(), 'ContainerCreating.Creating', 'a bound pod: as from Init');
  r.clock.increment(500);
  t.equal(r.state(), 'Running.Ready');
  t.equal(r.last().podIP, '10.0.12.7', 'the IP its input gave');

  // A pod already running (its kubelet came back): adopted, its restarts and IP taken from it.
  const running = { ...pod(), status: runningStatus(pod(), T0, '10.0.12.3', '127.0.0.1', 4) };
  const a = run(named);
  a.actor.send({ type: 'pod.updated', pod: running });
  t.equal(a.state(), 'Running.Ready', 'adopted, not restarted');
  t.equal(a.last().podIP, '10.0.12.3');
  t.equal(a.last().containerStatuses[0].restartCount, 4, 'its restarts carried on');
  t.notOk(a.log.some((l) => l.startsWith('start@')), 'its containers were not started again');

  const gone = run(named);
  gone.actor.send({ type: 'delete' });
  t.equal(gone.state(), 'Deleted', 'deleted before it was read: nothing to stop');
  const unbound = run(named);
  unbound.actor.send({ type: 'pod.updated', pod: pod({ nodeName: undefined }) });
  t.equal(unbound.state(), 'Pending');
});

t.test('removing waits for the removal to be answered: a refused one is made again while the actor lives', async (t) => {
  const clock = new SimulatedClock();
  clock.set(T0);
  const removals: number[] = [];
  const actor = createActor(podMachine.provide({
    actions: { writeStatus: () => {}, removePod: () => { removals.push(clock.now() - T0); }, startContainers: () => {}, killContainers: () => {}, resync: () => {} },
  }), { input: { pod: pod({}, { deletionTimestamp: '2026-01-01T00:00:00Z' }), startLatencyMs: 0 }, clock });
  actor.start();
  clock.increment(0);
  t.equal(actor.getSnapshot().value, 'Removing', 'removal asked for, not yet answered');
  t.same(removals, [0]);
  actor.send({ type: 'pod.updated', pod: pod() });
  t.equal(actor.getSnapshot().value, 'Removing', 'a change of the pod does not end it');
  actor.send({ type: 'pod.removed' });
  t.equal(actor.getSnapshot().status, 'done', 'answered: done');
  const gone = createActor(podMachine.provide({
    actions: { writeStatus: () => {}, removePod: () => {}, startContainers: () => {}, killContainers: () => {}, resync: () => {} },
  }), { input: { pod: pod({}, { deletionTimestamp: '2026-01-01T00:00:00Z' }), startLatencyMs: 0 }, clock });
  gone.start();
  clock.increment(0);
  gone.send({ type: 'delete' });
  t.equal(gone.getSnapshot().status, 'done', 'or told the pod is gone');
});
