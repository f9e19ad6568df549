// A server stopped and started again on its data directory carries on where it was: the
// objects of every kind it holds, and its controllers keeping them as they were.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { createCluster } from '../src/index.js';
import { tempDir } from './fixtures/store-helpers.js';

const FIXTURE = new URL('../../../shared/fixtures/service-a.yaml', import.meta.url);

t.test('a cluster restarted on its data directory has its objects, and its Deployments stay available', async (t) => {
  const dataDir = tempDir(t, 'restart');
  const deployment = (name: string, replicas: number) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default', labels: { app: name } },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } },
  });
  const available = (d: { status?: { availableReplicas?: number }; spec: { replicas: number } }) => (d.status?.availableReplicas ?? 0) === d.spec.replicas;
  let c = await createCluster({ dataDir, nodes: 2 });
  await c.apply([deployment('web', 3), deployment('api', 2)]);
  await c.apply(readFileSync(FIXTURE, 'utf8'));
  for (const name of ['web', 'api']) await c.waitFor('Deployment', name, available as never, { timeoutMs: 60_000 });
  const before = (await c.list('Pod', { namespace: 'default' })).map((p) => p.metadata.name).sort();
  await c.close();

  c = await createCluster({ dataDir, nodes: 2 });
  t.teardown(() => c.close());
  t.same((await c.list('Pod', { namespace: 'default' })).map((p) => p.metadata.name).sort(), before, 'the same pods');
  for (const [kind, name, ns] of [['Namespace', 'service-a', undefined], ['Secret', 'service-a', 'service-a'], ['ServiceAccount', 'service-a', 'service-a'], ['Deployment', 'service-a', 'service-a']] as const) {
    t.ok(await c.get(kind, name, ns), `${kind} ${name} is there`);
  }
  await c.apply(deployment('web', 4));
  const web = await c.waitFor('Deployment', 'web', available as never, { timeoutMs: 60_000 });
  t.equal(web.status?.availableReplicas, 4, 'and its controllers carry on: scaled after the restart');
  t.equal((await c.list('ReplicaSet', { namespace: 'default', labelSelector: 'app=web' })).length, 1, 'with the same ReplicaSet');
});
