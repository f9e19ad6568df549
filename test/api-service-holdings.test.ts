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

t.test('a watch that ends (the store ended it, or it fell behind) is started afresh: what changed meanwhile is counted, and a waiter is answered', async (t) => {
  const s = await JournalStore.open({ path: tempDir(t) });
  t.teardown(() => s.close());
  const watches: { stop(): void }[] = [];
  // The real store, with a hand on each watch it opens for the holdings.
  const store = new Proxy(s, {
    get(target, prop, receiver) {
      if (prop === 'watch') return (...args: Parameters<JournalStore['watch']>) => { const w = target.watch(...args); watches.push(w); return w; };
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  await s.create(SERVICES, svc('a', '10.96.1.1'));
  await s.create(SERVICES, svc('b', '10.96.1.2', 30100));
  const h = new ServiceHoldings(store);
  await h.caughtUp(s.revision);
  t.equal(watches.length, 1, 'one list and one watch');

  watches[0]!.stop();
  // While no watch runs: one deleted, one created, one moved.
  await s.delete(SERVICES, 'default', 'a');
  await s.create(SERVICES, svc('c', '10.96.1.3'));
  const b = await s.get(SERVICES, 'default', 'b');
  await s.update(SERVICES, { ...b, spec: { ...b.spec, ports: [{ port: 80, nodePort: 30101 }] } });
  await h.caughtUp(s.revision);
  t.equal(watches.length, 2, 'a second watch, after a fresh list');
  t.same([h.holdsIp('10.96.1.1'), h.holdsIp('10.96.1.2'), h.holdsIp('10.96.1.3')], [false, true, true], 'addresses as the store has them now');
  t.same([h.holdsPort(30100), h.holdsPort(30101)], [false, true], 'node ports too, counted once');

  // A waiter whose watch ends under it is answered from the next one: it waits for a revision
  // not written yet, its watch ends, and the write comes after.
  const waited = h.caughtUp(s.revision + 1);
  let answered = false;
  void waited.then(() => { answered = true; });
  await new Promise((r) => setImmediate(r));
  watches[1]!.stop();
  await new Promise((r) => setImmediate(r));
  t.equal(answered, false, 'not answered before the revision it waits for');
  await s.create(SERVICES, svc('d', '10.96.1.4'));
  await waited;
  t.equal(watches.length, 3, 'answered by a third watch');
  t.equal(h.holdsIp('10.96.1.4'), true, 'which counted the write waited for');
  await s.delete(SERVICES, 'default', 'c');
  await h.caughtUp(s.revision);
  t.same([h.holdsIp('10.96.1.3'), h.holdsIp('10.96.1.2')], [false, true], 'the third watch follows deletions');
});
