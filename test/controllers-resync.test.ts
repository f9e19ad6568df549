import t from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { placeById } from '../src/runtime/address.js';
import type { Address } from '../src/runtime/address.js';
import { serve } from '../src/serve.js';
import type { KObject } from '../src/store/types.js';

const PODS = { group: '', resource: 'pods', kind: 'Pod', namespaced: true };
const ready = (p: KObject) => (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');

t.test('a missed event is repaired by the resync', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-resync-'));
  const server = await serve({ port: 0, dataDir: join(dir, 'data'), nodes: 2, workers: 1, resyncMs: 300 });
  t.teardown(async () => { await server.close(); await rm(dir, { recursive: true, force: true }); });
  const res = await fetch(`${server.url}/apis/apps/v1/namespaces/default/deployments`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    }),
  });
  t.equal(res.status, 201);
  const readyPods = async () => (await server.store.list(PODS, { namespace: 'default', labelSelector: 'app=web' })).items.filter(ready);
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 400 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25));
  };
  await until(async () => (await readyPods()).length === 2);
  t.equal((await readyPods()).length, 2, 'two pods Ready');

  // The ReplicaSet actor stops hearing anything: its subscriptions are dropped at the gateway.
  const rs = (await server.store.list({ group: 'apps', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true }, { namespace: 'default' })).items[0]!;
  const id = `ReplicaSet/default/${rs.metadata.name}`;
  const address = `${placeById(id, server.runtime.workers)}/${id}` as Address;
  server.runtime.send('0/store' as Address, { type: 'store.unsubscribe.for', target: address });
  await server.runtime.ask('0/store' as Address, { type: 'noop' });
  const victim = (await readyPods())[0]!;
  await server.store.delete(PODS, 'default', victim.metadata.name!, {});

  // Only the resync (every 300 ms here) can tell the ReplicaSet a pod is gone.
  await until(async () => {
    const pods = await readyPods();
    return pods.length === 2 && !pods.some((p) => p.metadata.uid === victim.metadata.uid);
  });
  const pods = await readyPods();
  t.equal(pods.length, 2, 'the ReplicaSet made a new pod though it never heard of the deletion');
  t.notOk(pods.some((p) => p.metadata.uid === victim.metadata.uid));
});
