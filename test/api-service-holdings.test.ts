// What committed Services hold (src/api/rest/service-holdings.ts): counted from one list and a
// watch, and current up to a revision once caughtUp(revision) resolves: a write answered before
// the call is counted, a deletion too; an update moves what its Service holds.
import t from 'tap';
import { JournalStore } from '../src/store/journal-store.js';
import { ServiceHoldings } from '../src/api/rest/service-holdings.js';
import { tempDir } from './fixtures/store-helpers.js';

const SERVICES = { group: '', resource: 'services', kind: 'Service', namespaced: true };
const svc = (name: string, ip: string, nodePort?: number) => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' },
  spec: { type: nodePort ? 'NodePort' : 'ClusterIP', clusterIP: ip, clusterIPs: [ip], ports: [{ port: 80, ...(nodePort ? { nodePort } : {}) }] },
});

t.test('writes answered before caughtUp are counted: creates, updates, deletions, and what was there before', async (t) => {
  const s = await JournalStore.open({ path: tempDir(t) });
  t.teardown(() => s.close());
  await s.create(SERVICES, svc('before', '10.96.0.5'));
  const h = new ServiceHoldings(s);
  await h.caughtUp(s.revision);
  t.ok(h.holdsIp('10.96.0.5'), 'from the first list');

  await s.create(SERVICES, svc('np', '10.96.0.6', 30080));
  await h.caughtUp(s.revision);
  t.same([h.holdsIp('10.96.0.6'), h.holdsPort(30080)], [true, true], 'a create, right after its answer');

  const current = await s.get(SERVICES, 'default', 'np');
  await s.update(SERVICES, { ...current, spec: { ...current.spec, ports: [{ port: 80, nodePort: 30081 }] } });
  await h.caughtUp(s.revision);
  t.same([h.holdsPort(30080), h.holdsPort(30081)], [false, true], 'an update moves its node port');

  // Other kinds move the revision on: caught up all the same (by a bookmark).
  await s.create({ group: '', resource: 'configmaps', kind: 'ConfigMap', namespaced: true }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } });
  await s.delete(SERVICES, 'default', 'before');
  await s.create({ group: '', resource: 'configmaps', kind: 'ConfigMap', namespaced: true }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd', namespace: 'default' } });
  await h.caughtUp(s.revision);
  t.equal(h.holdsIp('10.96.0.5'), false, 'a deletion, right after its answer');
  t.equal(h.holdsIp('10.96.0.6'), true, 'the others stay held');
});

t.test('one address held by two Services (as a restore might leave it) stays held until both let go', async (t) => {
  const s = await JournalStore.open({ path: tempDir(t) });
  t.teardown(() => s.close());
  await s.create(SERVICES, svc('a', '10.96.0.9'));
  await s.create(SERVICES, svc('b', '10.96.0.9'));
  const h = new ServiceHoldings(s);
  await s.delete(SERVICES, 'default', 'a');
  await h.caughtUp(s.revision);
  t.equal(h.holdsIp('10.96.0.9'), true, 'b still holds it');
  await s.delete(SERVICES, 'default', 'b');
  await h.caughtUp(s.revision);
  t.equal(h.holdsIp('10.96.0.9'), false);
});
