// A pod whose reference check the store does not answer in time checks again after a backoff,
// and runs once the store answers; it does not call the missing answer a configuration error.
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
