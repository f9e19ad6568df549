// Controllers against a store that is slow or refuses on cue (test/fixtures/slow-store.ts):
// a pod whose reference check the store does not answer in time checks again after a backoff,
// and runs once the store answers (it does not call the missing answer a configuration error);
// a pod's status write refused for a passing reason goes again; a Deployment's status waits
// for its ReplicaSet writes to be taken; the scheduler counts a pod on its node while its binding
// is on its way, and no longer once the binding is refused or lost; the garbage collector orphans
// dependents at the version it read, and lets their owner go only once they are let go.
import t, { type Test } from 'tap';
import { eventually } from './helpers/eventually.js';
import { runtimeFor } from './helpers/runtime.js';

const POD = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', uid: 'uid-p', resourceVersion: '5' },
  spec: { nodeName: 'n1', serviceAccountName: 'default', containers: [{ name: 'c', image: 'app:1' }] },
  status: { phase: 'Pending' },
};

t.test('a reference check the store did not answer is tried again, and the pod runs once it is answered', async (t) => {
  const rt = await runtimeFor(t, { workers: 1, askTimeoutMs: 200, modules: [new URL('./fixtures/slow-store.js', import.meta.url)] });
  const store = rt.spawn('store', { id: 'store', worker: 0 });
  const pod = rt.spawn('pod', {
    id: 'Pod/default/p', worker: 1,
    input: { pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'uid-p' } }, node: 'n1', hostIP: '10.0.0.1', podIP: '10.1.0.1', startLatencyMs: -1, simStartLatencyMs: 0 },
  });
  rt.send(pod, { type: 'pod.updated', pod: POD });
  // The first check times out after 200 ms; the next comes after the backoff (1 s).
  await eventually('a second reference check', async () => (await rt.ask<number>(store, { type: 'reads' })) >= 2 || undefined, 20_000);
  t.match((await rt.snapshot(pod))?.state, /^ContainerCreating\.Creating/, 'still creating, not a configuration error');
  await rt.ask(store, { type: 'answer', objects: [[{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } }]] });
  const state = await eventually('the pod running', async () => {
    const s = (await rt.snapshot(pod))?.state;
    return s?.startsWith('Running') ? s : undefined;
  }, 20_000);
  t.match(state, /^Running/, 'the check answered, its containers run');
});

type Written = { op: { op: string; subresource?: string; object?: { status?: { phase?: string } } }; ok: boolean };
const statusWrites = (ws: Written[]) => ws.filter((w) => w.op.op === 'update' && w.op.subresource === 'status');

async function runningPod(t: Test, refuse: { n: number; code: number }) {
  const rt = await runtimeFor(t, { workers: 1, modules: [new URL('./fixtures/slow-store.js', import.meta.url)] });
  const store = rt.spawn('store', { id: 'store', worker: 0 });
  await rt.ask(store, { type: 'answer', objects: [[{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } }]] });
  await rt.ask(store, { type: 'refuse', ...refuse });
  const pod = rt.spawn('pod', {
    id: 'Pod/default/p', worker: 1,
    input: { pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'uid-p' } }, node: 'n1', hostIP: '10.0.0.1', podIP: '10.1.0.1', startLatencyMs: -1, simStartLatencyMs: 0 },
  });
  rt.send(pod, { type: 'pod.updated', pod: POD });
  return { rt, store, pod };
}

t.test('a status write the store refuses for a passing reason is sent again after a backoff, until it is taken', async (t) => {
  const { rt, store } = await runningPod(t, { n: 2, code: 503 });
  // Refused twice: again after 1 s, then after 2 s more.
  const ws = await eventually('the status taken', async () => {
    const w = statusWrites(await rt.ask<Written[]>(store, { type: 'writes' }));
    return w.some((x) => x.ok) ? w : undefined;
  }, 20_000);
  t.same(ws.map((w) => w.ok), [false, false, true], 'refused twice, then taken');
  t.equal(ws[2]!.op.object?.status?.phase, 'Running', 'the status it sent is the newest one');
});

t.test('a status write refused for good (the pod is gone) is not sent again', async (t) => {
  const { rt, store, pod } = await runningPod(t, { n: 1, code: 404 });
  await eventually('the pod running', async () => ((await rt.snapshot(pod))?.state?.startsWith('Running') ? true : undefined), 20_000);
  await eventually('the refused write', async () => (statusWrites(await rt.ask<Written[]>(store, { type: 'writes' })).length > 0 ? true : undefined), 20_000);
  // Past the first backoff (1 s): still the one write.
  await new Promise((r) => setTimeout(r, 1500));
  t.same(statusWrites(await rt.ask<Written[]>(store, { type: 'writes' })).map((w) => w.ok), [false], 'one write, refused, not tried again');
});

t.test('the Deployment controller writes a status only once its ReplicaSet writes are taken: a refused one is planned again after a backoff, and the status waits for it', async (t) => {
  const rt = await runtimeFor(t, { workers: 1, modules: [new URL('./fixtures/slow-store.js', import.meta.url)] });
  const store = rt.spawn('store', { id: 'store', worker: 0 });
  await rt.ask(store, { type: 'answer', objects: [[]] }); // it owns no ReplicaSet yet
  await rt.ask(store, { type: 'refuse', n: 1, code: 503 });
  const deployment = {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-d', resourceVersion: '1', generation: 1 },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'app:1' }] } } },
  };
  rt.spawn('deployment', { id: 'Deployment/default/web', worker: 1, input: { object: deployment } });
  type W = { op: { op: string; resource?: { kind?: string; resource?: string }; subresource?: string; object?: { status?: { observedGeneration?: number } } }; ok: boolean };
  const kindOf = (w: W) => (w.op.subresource === 'status' ? 'status' : w.op.resource?.resource ?? w.op.op);
  const ws = await eventually('a status written', async () => {
    const w = await rt.ask<W[]>(store, { type: 'writes' });
    return w.some((x) => kindOf(x) === 'status') ? w : undefined;
  }, 20_000);
  const rsWrites = ws.filter((w) => kindOf(w) === 'replicasets');
  t.same(rsWrites.slice(0, 2).map((w) => w.ok), [false, true], 'the ReplicaSet create refused, then planned again and taken');
  const firstStatus = ws.findIndex((w) => kindOf(w) === 'status');
  t.ok(firstStatus > ws.indexOf(rsWrites[1]!), 'no status before the ReplicaSet write was taken');
  t.equal(ws[firstStatus]!.op.object?.status?.observedGeneration, 1, 'the status it wrote observes the generation');
});

t.test('a kubelet whose first read the store does not answer in time reads again after a backoff, without restarting, and runs its pods once answered', async (t) => {
  const rt = await runtimeFor(t, { workers: 1, askTimeoutMs: 200, modules: [new URL('./fixtures/slow-store.js', import.meta.url)] });
  const restarts: string[] = [];
  const off = rt.onLifecycle((r) => { if (r.type === 'restarted') restarts.push(r.address); });
  t.teardown(off);
  const store = rt.spawn('store', { id: 'store', worker: 0 });
  const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'uid-n1' }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] } };
  rt.spawn('kubelet', { id: 'Node/n1', worker: 1, input: { object: node } });
  const t0 = Date.now();
  await eventually('a second read', async () => (await rt.ask<number>(store, { type: 'reads' })) >= 2 || undefined, 20_000);
  t.ok(Date.now() - t0 >= 600, 'the second read came after a backoff (≥ 0.5 s past the 200 ms timeout), not at once');
  t.same(restarts, [], 'the kubelet was not restarted');
  await rt.ask(store, { type: 'answer', objects: [[POD]] });
  await eventually('the pod actor running', async () => ((await rt.snapshot('1/Pod/default/p' as never))?.state?.startsWith('Running') ? true : undefined), 20_000);
  t.same(restarts, [], 'still no restart');
});

t.test('a pod whose final status and removal the store refused makes them again itself, after a backoff, before its actor ends', async (t) => {
  const rt = await runtimeFor(t, { workers: 1, modules: [new URL('./fixtures/slow-store.js', import.meta.url)] });
  const store = rt.spawn('store', { id: 'store', worker: 0 });
  const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'uid-n1' } };
  await rt.ask(store, { type: 'answer', objects: [[POD]] });
  const kubelet = rt.spawn('kubelet', { id: 'Node/n1', worker: 1, input: { object: node } });
  await eventually('the pod running', async () => ((await rt.snapshot('1/Pod/default/p' as never))?.state?.startsWith('Running') ? true : undefined), 20_000);
  // The pod deleted, as the router tells the kubelet; the store refuses the next two writes.
  await rt.ask(store, { type: 'refuse', n: 2, code: 503 });
  const deleting = { ...POD, metadata: { ...POD.metadata, resourceVersion: '9', deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 30 } };
  rt.send(kubelet, { type: 'store.changes', changes: [{ type: 'MODIFIED', rev: 9, object: deleting }] });
  const removals = await eventually('a removal taken', async () => {
    const w = (await rt.ask<Written[]>(store, { type: 'writes' })).filter((x) => x.op.op === 'delete');
    return w.some((x) => x.ok) ? w : undefined;
  }, 20_000);
  t.same(removals.map((w) => w.ok), [false, true], 'refused, then made again and taken');
});

t.test('a ReplicaSet whose create the store did not answer in time does not create again until those pods show up (Kubernetes\' expectations), then scales as usual', async (t) => {
  const rt = await runtimeFor(t, { workers: 1, askTimeoutMs: 200, modules: [new URL('./fixtures/slow-store.js', import.meta.url)] });
  const store = rt.spawn('store', { id: 'store', worker: 0 });
  await rt.ask(store, { type: 'answer', objects: [[]] }); // it owns no pod yet
  await rt.ask(store, { type: 'hold' }); // writes land, but late
  const rs = {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name: 'web-1', namespace: 'default', uid: 'uid-rs', resourceVersion: '1', generation: 1 },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'app:1' }] } } },
  };
  const actor = rt.spawn('replicaset', { id: 'ReplicaSet/default/web-1', worker: 1, input: { object: rs } });
  type W = { op: { op: string; count?: number; resource?: { resource?: string } }; ok: boolean };
  const creates = async () => (await rt.ask<W[]>(store, { type: 'writes' })).filter((w) => w.op.op === 'create' && w.op.resource?.resource === 'pods');
  await eventually('the first create', async () => ((await creates()).length > 0 ? true : undefined), 20_000);
  // Its ask times out after 200 ms; the reconciler runs again after a backoff of 1 s, and writes
  // only its status, which times out too; the next run comes 2 s later. Past all of them:
  await new Promise((r) => setTimeout(r, 4500));
  const writes = await rt.ask<W[]>(store, { type: 'writes' });
  t.ok(writes.filter((w) => w.op.op === 'update').length >= 2, 'status writes timed out meanwhile');
  t.same((await creates()).map((w) => w.op.count ?? 1), [3], 'one create of three pods: not made again while it may still land, nor after a status write timed out');

  // The write lands late, and its pods reach the ReplicaSet as the router would tell it.
  await rt.ask(store, { type: 'release' });
  const pod = (i: number) => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `web-1-${i}`, namespace: 'default', uid: `uid-p${i}`, resourceVersion: String(10 + i), labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'uid-rs', controller: true, blockOwnerDeletion: true }] },
    spec: { containers: [{ name: 'c', image: 'app:1' }] }, status: { phase: 'Pending' },
  });
  rt.send(actor, { type: 'store.changes', changes: [0, 1, 2].map((i) => ({ type: 'ADDED', rev: 10 + i, object: pod(i) })) });
  // Scaled to five: two more, now that the three are seen.
  rt.send(actor, { type: 'store.changes', changes: [{ type: 'MODIFIED', rev: 20, object: { ...rs, metadata: { ...rs.metadata, resourceVersion: '20', generation: 2 }, spec: { ...rs.spec, replicas: 5 } } }] });
  const all = await eventually('a create for the scale-up', async () => { const c = await creates(); return c.length >= 2 ? c : undefined; }, 20_000);
  await new Promise((r) => setTimeout(r, 300));
  t.same((await creates()).map((w) => w.op.count ?? 1), [3, 2], 'then two more, and no other create');
  t.equal(all.length, 2);
});

t.test('a kubelet renews its Lease with one update once the Lease exists; it creates it when missing, and again when it is gone', async (t) => {
  const rt = await runtimeFor(t, { workers: 1, modules: [new URL('./fixtures/slow-store.js', import.meta.url)] });
  const store = rt.spawn('store', { id: 'store', worker: 0 });
  await rt.ask(store, { type: 'answer', objects: [[]] });
  type W = { op: { op: string; resource?: { resource?: string } }; ok: boolean };
  const leaseWrites = async () => (await rt.ask<W[]>(store, { type: 'writes' })).filter((w) => w.op.resource?.resource === 'leases').map((w) => `${w.op.op}${w.ok ? '' : ' refused'}`);
  // The first create is refused AlreadyExists (a Lease from before a restart): an update renews it.
  await rt.ask(store, { type: 'refuse', n: 1, code: 409 });
  const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'uid-n1' } };
  rt.spawn('kubelet', { id: 'Node/n1', worker: 1, input: { object: node, heartbeatIntervalMs: 100 } });
  const first = await eventually('four lease writes', async () => { const w = await leaseWrites(); return w.length >= 4 ? w : undefined; }, 20_000);
  t.same(first.slice(0, 4), ['create refused', 'update', 'update', 'update'], 'after that, one update per renewal');
  // The Lease deleted meanwhile: the update is refused NotFound, and the kubelet creates it again.
  await rt.ask(store, { type: 'refuse', n: 1, code: 404 });
  const n = (await leaseWrites()).length;
  const after = await eventually('three more lease writes', async () => { const w = await leaseWrites(); return w.length >= n + 3 ? w.slice(n, n + 3) : undefined; }, 20_000);
  t.same(after, ['update refused', 'create', 'update'], 'made again, then updated');
});

t.test('a kubelet whose Lease create the store did not answer in time renews by update next, as the create may have landed', async (t) => {
  const rt = await runtimeFor(t, { workers: 1, askTimeoutMs: 200, modules: [new URL('./fixtures/slow-store.js', import.meta.url)] });
  const store = rt.spawn('store', { id: 'store', worker: 0 });
  await rt.ask(store, { type: 'answer', objects: [[]] });
  await rt.ask(store, { type: 'hold' }); // writes land, but late
  type W = { op: { op: string; resource?: { resource?: string } }; ok: boolean };
  const leaseOps = async () => (await rt.ask<W[]>(store, { type: 'writes' })).filter((w) => w.op.resource?.resource === 'leases').map((w) => w.op.op);
  const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'uid-n1' } };
  rt.spawn('kubelet', { id: 'Node/n1', worker: 1, input: { object: node, heartbeatIntervalMs: 400 } });
  const ops = await eventually('three lease writes', async () => { const w = await leaseOps(); return w.length >= 3 ? w : undefined; }, 20_000);
  t.same(ops.slice(0, 3), ['create', 'update', 'update'], 'the create timed out: updates after it, not creates refused each round');
  await rt.ask(store, { type: 'release' });
});

// The scheduler against a store that refuses or is late: a node with room for one pod, pods
// pending on it, the writes it makes (bindings and Unschedulable statuses) read back from the store.
const schedNode = (name: string) => ({
  apiVersion: 'v1', kind: 'Node',
  metadata: { name, uid: `uid-${name}`, resourceVersion: '2' },
  status: { allocatable: { cpu: '4', memory: '8Gi', pods: '1' }, capacity: { cpu: '4', memory: '8Gi', pods: '1' }, conditions: [{ type: 'Ready', status: 'True' }] },
});
const pendingPod = (name: string, rev = 3) => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: String(rev), creationTimestamp: `2026-01-01T00:00:0${name.length % 10}Z` },
  spec: { schedulerName: 'default-scheduler', containers: [{ name: 'c', image: 'app:1' }] },
  status: { phase: 'Pending' },
});
type BindWrite = { op: { op: string; name?: string; node?: string }; ok: boolean };
const bindsOf = async (rt: Awaited<ReturnType<typeof runtimeFor>>, store: unknown) =>
  (await rt.ask<BindWrite[]>(store as never, { type: 'writes' })).filter((w) => w.op.op === 'bind').map((w) => `${w.op.name}→${w.op.node}${w.ok ? '' : ' refused'}`);

t.test('a binding the store refused frees its node in the scheduler\'s cache, and its pod is tried again after its back-off', async (t) => {
  const rt = await runtimeFor(t, { workers: 1, modules: [new URL('./fixtures/slow-store.js', import.meta.url)] });
  const store = rt.spawn('store', { id: 'store', worker: 0 });
  await rt.ask(store, { type: 'answer', objects: [[schedNode('n1')], [pendingPod('a'), pendingPod('bb')]] });
  await rt.ask(store, { type: 'refuse', n: 1, code: 503 }); // the first write's first op: a's binding
  rt.spawn('scheduler', { id: 'scheduler', worker: 1 });
  // a refused; bb unschedulable meanwhile (the node was charged with a). After 1 s both are tried
  // again: the node is free, and a (first in the queue) is bound.
  const binds = await eventually('a binding taken', async () => { const b = await bindsOf(rt, store); return b.some((x) => !x.endsWith('refused')) ? b : undefined; }, 20_000);
  t.same(binds, ['a→n1 refused', 'a→n1'], 'bound on its second try');
  // The answer came, so a stays charged to n1 until it is heard of as bound: bb's next try (2 s) finds no room.
  await new Promise((r) => setTimeout(r, 2500));
  t.same(await bindsOf(rt, store), ['a→n1 refused', 'a→n1'], 'no second pod on a node with room for one');
});

t.test('a binding the store did not answer in time keeps its node charged until the back-off ends, then its pod is tried again; one heard of as bound is not', async (t) => {
  const rt = await runtimeFor(t, { workers: 1, askTimeoutMs: 200, modules: [new URL('./fixtures/slow-store.js', import.meta.url)] });
  const store = rt.spawn('store', { id: 'store', worker: 0 });
  await rt.ask(store, { type: 'answer', objects: [[schedNode('n1')], [pendingPod('a')]] });
  await rt.ask(store, { type: 'hold' });
  const scheduler = rt.spawn('scheduler', { id: 'scheduler', worker: 1 });
  await eventually('the first binding', async () => ((await bindsOf(rt, store)).length > 0 ? true : undefined), 20_000);
  // Its ask times out after 200 ms; the back-off is 1 s. Then a, still not heard of as bound, is
  // scheduled again: on the same node, which its lost binding no longer holds.
  const two = await eventually('a second binding', async () => { const b = await bindsOf(rt, store); return b.length >= 2 ? b : undefined; }, 20_000);
  t.same(two, ['a→n1', 'a→n1'], 'bound again where its first binding was counted');
  await rt.ask(store, { type: 'release' });
  // The binding lands and reaches the scheduler as the router tells it; a new pod finds n1 full.
  rt.send(scheduler, { type: 'store.changes', changes: [{ type: 'MODIFIED', rev: 10, object: { ...pendingPod('a', 10), spec: { ...pendingPod('a').spec, nodeName: 'n1' } } }] });
  rt.send(scheduler, { type: 'store.changes', changes: [{ type: 'ADDED', rev: 11, object: pendingPod('c', 11) }] });
  await new Promise((r) => setTimeout(r, 1500));
  t.same((await bindsOf(rt, store)).length, 2, 'c is not bound to the full node');
});

t.test('a pending pod that changes while its binding is on its way is not bound twice', async (t) => {
  const rt = await runtimeFor(t, { workers: 1, modules: [new URL('./fixtures/slow-store.js', import.meta.url)] });
  const store = rt.spawn('store', { id: 'store', worker: 0 });
  await rt.ask(store, { type: 'answer', objects: [[schedNode('n1'), schedNode('n2')], [pendingPod('a')]] });
  await rt.ask(store, { type: 'hold' }); // answered late, but within the ask's 5 s
  const scheduler = rt.spawn('scheduler', { id: 'scheduler', worker: 1 });
  await eventually('the first binding', async () => ((await bindsOf(rt, store)).length > 0 ? true : undefined), 20_000);
  // Its labels change before the binding is answered: still pending, as far as the scheduler has heard.
  const a = pendingPod('a', 8);
  rt.send(scheduler, { type: 'store.changes', changes: [{ type: 'MODIFIED', rev: 8, object: { ...a, metadata: { ...a.metadata, labels: { tier: 'web' } } } }] });
  await new Promise((r) => setTimeout(r, 500));
  await rt.ask(store, { type: 'release' });
  // The cycle that was waiting is done; a pod that changed meanwhile would be scheduled now.
  await new Promise((r) => setTimeout(r, 500));
  const binds = await bindsOf(rt, store);
  t.equal(binds.length, 1, `one binding, not a second one to the other node (${binds.join(', ')})`);
});

t.test('orphaning: dependents are let go at the version read, a Conflict reads them again, and the owner goes only after them', async (t) => {
  const rt = await runtimeFor(t, { workers: 1, modules: [new URL('./fixtures/slow-store.js', import.meta.url)] });
  const store = rt.spawn('store', { id: 'store', worker: 0 });
  const owner = {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-rs', resourceVersion: '7', deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['orphan', 'example.com/keep'] },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'app:1' }] } } },
  };
  const dependent = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default', uid: 'uid-p1', resourceVersion: '9', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'uid-rs', controller: true }] },
    spec: { containers: [{ name: 'c', image: 'app:1' }] },
  };
  await rt.ask(store, { type: 'answerByQuery', items: [owner, dependent] });
  // The dependent changed since it was read: its first update is refused.
  await rt.ask(store, { type: 'refuse', n: 1, code: 409, reason: 'Conflict' });
  rt.spawn('garbage-collector', { id: 'gc', worker: 1 });
  type Update = { op: { op: string; object: { kind: string; metadata: { resourceVersion?: string; ownerReferences?: unknown[]; finalizers?: string[] } } }; ok: boolean };
  const updates = await eventually('the owner let go', async () => {
    const ws = (await rt.ask<Update[]>(store, { type: 'writes' })).filter((w) => w.op.op === 'update');
    return ws.some((w) => w.op.object.kind === 'ReplicaSet') ? ws : undefined;
  }, 20_000);
  t.same(updates.map((w) => [w.op.object.kind, w.op.object.metadata.resourceVersion, w.ok]),
    [['Pod', '9', false], ['Pod', '9', true], ['ReplicaSet', '7', true]],
    'the pod at the version read, refused, then again once read again; the owner after it, at its own version');
  t.same(updates[1]!.op.object.metadata.ownerReferences, [], 'the pod no longer names its owner');
  t.same(updates[2]!.op.object.metadata.finalizers, ['example.com/keep'], 'the owner loses only the orphan finalizer');
});
