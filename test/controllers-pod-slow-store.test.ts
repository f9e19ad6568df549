// A pod whose reference check the store does not answer in time checks again after a backoff,
// and runs once the store answers; it does not call the missing answer a configuration error.
import t from 'tap';
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
  const deadline = Date.now() + 20_000;
  while (await rt.ask<number>(store, { type: 'reads' }) < 2) {
    if (Date.now() > deadline) throw new Error(`no second reference check; the pod is ${(await rt.snapshot(pod))?.state}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  t.match((await rt.snapshot(pod))?.state, /^ContainerCreating\.Creating/, 'still creating, not a configuration error');
  await rt.ask(store, { type: 'answer', objects: [[{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } }]] });
  let state = '';
  while (!state.startsWith('Running')) {
    if (Date.now() > deadline) { t.fail(`the pod did not run: ${state}`); break; }
    await new Promise((r) => setTimeout(r, 50));
    state = (await rt.snapshot(pod))?.state ?? '';
  }
  t.match(state, /^Running/, 'the check answered, its containers run');
});
