// The namespace controller (an actor): a namespace gets its default ServiceAccount;
// deleting it marks it Terminating, refuses new content, deletes what is in it (running
// pods through their kubelets), and removes it once empty.
import t, { type Test } from 'tap';
import { startServer, type TestServer } from './helpers/api.js';

async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function lifecycle(t: Test, s: TestServer, withPods: boolean): Promise<void> {
  t.equal((await s.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } })).status, 201);
  await until('default ServiceAccount', async () => (await s.request('GET', '/api/v1/namespaces/team/serviceaccounts/default')).status === 200);
  t.pass('the namespace got its default ServiceAccount');
  t.equal((await s.request('DELETE', '/api/v1/namespaces/team/serviceaccounts/default')).status, 200);
  await until('default ServiceAccount again', async () => (await s.request('GET', '/api/v1/namespaces/team/serviceaccounts/default')).status === 200);
  t.pass('a deleted default ServiceAccount comes back');

  t.equal((await s.request('POST', '/api/v1/namespaces/team/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: '1' } })).status, 201);
  // Held by a finalizer: the namespace stays Terminating until someone lets it go.
  t.equal((await s.request('POST', '/api/v1/namespaces/team/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers: ['example.com/hold'] } })).status, 201);
  if (withPods) {
    const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
    t.equal((await s.request('POST', '/apis/apps/v1/namespaces/team/deployments', dep)).status, 201);
    await until('web available', async () => (await s.request('GET', '/apis/apps/v1/namespaces/team/deployments/web')).body.status?.availableReplicas === 2);
    t.pass('2 pods running in it');
  }

  const del = await s.request('DELETE', '/api/v1/namespaces/team');
  t.equal(del.status, 200);
  t.ok(del.body.metadata.deletionTimestamp, 'marked for deletion');
  const refused = await s.request('POST', '/api/v1/namespaces/team/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } });
  t.equal(refused.status, 403, 'nothing new in a terminating namespace');
  t.match(refused.body.message, /because it is being terminated/);
  await until('Terminating', async () => (await s.request('GET', '/api/v1/namespaces/team')).body.status?.phase === 'Terminating');
  await until('the rest deleted', async () => (await s.request('GET', '/api/v1/namespaces/team/configmaps')).body.items.length === 1);
  const held = await s.request('GET', '/api/v1/namespaces/team/configmaps/held');
  t.ok(held.body.metadata.deletionTimestamp, 'the held ConfigMap is marked, and waits');
  t.equal((await s.request('GET', '/api/v1/namespaces/team')).status, 200, 'so the namespace stays, Terminating');
  const patched = await s.request('PATCH', '/api/v1/namespaces/team/configmaps/held', { metadata: { finalizers: null } }, { 'content-type': 'application/merge-patch+json' });
  t.equal(patched.status, 200, 'its finalizer removed');
  await until('namespace gone', async () => (await s.request('GET', '/api/v1/namespaces/team')).status === 404);
  t.pass('the namespace went once empty');
  t.equal((await s.request('GET', '/api/v1/namespaces/team/configmaps')).body.items.length, 0, 'its ConfigMap went with it');
  if (withPods) t.equal((await s.request('GET', '/api/v1/namespaces/team/pods')).body.items.length, 0, 'its pods too');
}

t.test('API only: the namespace controller runs without the others', async (t) => {
  await lifecycle(t, await startServer(t), false);
});

t.test('with controllers: running pods are stopped by their kubelets, then the namespace goes', async (t) => {
  await lifecycle(t, await startServer(t, { controllers: true }), true);
});
