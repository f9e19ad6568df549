// The Pod actor runs the pod statechart against the store: a pod whose Secret is
// missing waits in CreateContainerConfigError and starts once the Secret appears;
// the kubelet records the container's story as Events; a deleted pod is
// stopped, reported and removed.
import t from 'tap';
import { createCluster } from '../src/index.js';
import type { KObject } from '../src/store/types.js';

const waiting = (p: KObject) => p.status?.containerStatuses?.[0]?.state?.waiting;
const ready = (p: KObject) => (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');

t.test('a missing Secret holds the pod in CreateContainerConfigError until it exists', async (t) => {
  const cluster = await createCluster({ nodes: 2 });
  t.teardown(() => cluster.close());
  await cluster.apply({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'needs-secret', namespace: 'default' },
    spec: {
      nodeName: 'node-1',
      containers: [{ name: 'app', image: 'app:1', env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }],
    },
  });
  const stuck = await cluster.waitFor('Pod', 'needs-secret', (p) => waiting(p)?.reason === 'CreateContainerConfigError', { timeoutMs: 30_000 });
  t.equal(waiting(stuck).message, 'secret "db" not found', 'says which Secret');
  t.equal(stuck.status.phase, 'Pending');

  await cluster.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, stringData: { password: 'x' } });
  const running = await cluster.waitFor('Pod', 'needs-secret', (p) => p.status?.phase === 'Running' && ready(p), { timeoutMs: 30_000 });
  t.ok(running.status.containerStatuses[0].state.running, 'started once the Secret exists');
  t.equal(running.status.containerStatuses[0].restartCount, 0);

  const reasons = async () => (await cluster.list('Event', { namespace: 'default', fieldSelector: 'involvedObject.name=needs-secret' })).map((e) => e.reason as string);
  const until = async (reason: string) => {
    const deadline = Date.now() + 30_000;
    while (!(await reasons()).includes(reason) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return reasons();
  };
  const story = await until('Started');
  for (const r of ['Pulled', 'Created', 'Started']) t.ok(story.includes(r), `${r} recorded`);

  // Deleting it: the kubelet kills the container, writes its last status and removes the pod.
  const url = `${cluster.url}/api/v1/namespaces/default/pods/needs-secret`;
  t.equal((await fetch(url, { method: 'DELETE' })).status, 200);
  const gone = Date.now() + 30_000;
  while ((await fetch(url)).status !== 404 && Date.now() < gone) await new Promise((r) => setTimeout(r, 50));
  t.equal((await fetch(url)).status, 404, 'the pod is gone');
  t.ok((await until('Killing')).includes('Killing'), 'Killing recorded');
});
