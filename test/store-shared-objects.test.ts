// What the store shares instead of decoding again: a write's result is the object its watchers
// get and the one the next write of the key starts from; frozen in the tests, so nothing changes it.
import t from 'tap';
import { openStore } from '../src/store/index.js';
import { RecentObjects } from '../src/store/shared-objects.js';
import { PODS, pod, tempDir } from './fixtures/store-helpers.js';

t.test('a write\'s result is shared with its watchers and with the next write, and frozen in the tests', async (t) => {
  const s = await openStore({ path: tempDir(t) });
  t.teardown(() => s.close());
  const w = s.watch(PODS, { fromRevision: s.revision });
  const created = await s.create(PODS, pod('a'));
  t.ok(Object.isFrozen(created.object) && Object.isFrozen(created.object.spec.containers[0]), 'frozen, all the way down');
  t.throws(() => { created.object.spec.nodeName = 'n1'; }, TypeError, 'changing it fails where it is done');
  const added = await w.next();
  t.equal(added?.object, created.object, 'the watcher got the object written, not a decoded copy');
  // A status write before the create is on disk and one after both start from the object kept.
  const [bound, status] = await Promise.all([
    s.modify(PODS, 'default', 'a', (p) => ({ ...p, spec: { ...p.spec, nodeName: 'n1' } })),
    s.update(PODS, { ...pod('a'), status: { phase: 'Running' } }, { subresource: 'status' }),
  ]);
  t.equal(bound.object.status, undefined);
  t.equal(status.object.spec, bound.object.spec, 'the status write started from the bind not yet on disk');
  t.equal(status.object.spec.nodeName, 'n1');
  const later = await s.update(PODS, { ...pod('a'), status: { phase: 'Succeeded' } }, { subresource: 'status' });
  t.equal(later.object.spec, bound.object.spec, 'and the next one from the object kept after it committed');
  t.same((await s.get(PODS, 'default', 'a')).status, { phase: 'Succeeded' }, 'what is stored is what was written');
  t.equal(Number(later.object.metadata.resourceVersion), later.revision);
  t.equal(Number(bound.object.metadata.resourceVersion), bound.revision, 'each write\'s object keeps its own resourceVersion');
  const removed = await s.delete(PODS, 'default', 'a');
  t.equal(Number(removed.object.metadata.resourceVersion), removed.revision, 'the removal\'s last state has the deletion\'s revision');
  t.equal(Number(later.object.metadata.resourceVersion), later.revision, 'without touching the object it was made from');
  w.stop();
});

t.test('RecentObjects keeps the newest objects of the keys written last', async (t) => {
  const r = new RecentObjects(8);
  const o = (n: number) => ({ metadata: { name: `p${n}` } });
  for (let i = 0; i < 8; i++) r.set(`k${i}`, i + 1, o(i));
  t.same(r.at('k0', 1), o(0), 'kept at its revision');
  t.equal(r.at('k0', 2), undefined, 'not at another');
  r.set('k0', 9, o(100));
  t.same(r.at('k0', 9), o(100), 'a key written again has its newest object');
  for (let i = 8; i < 17; i++) r.set(`k${i}`, i + 10, o(i));
  t.equal(r.at('k1', 2), undefined, 'the oldest are dropped past the bound');
  t.same(r.at('k16', 26), o(16), 'the newest kept');
  let kept = 0;
  for (let i = 0; i < 17; i++) if (r.at(`k${i}`, i === 0 ? 9 : i < 8 ? i + 1 : i + 10)) kept++;
  t.ok(kept >= 8 && kept <= 9, `at most an eighth over the bound (${kept} kept of 8)`);
  r.delete('k16');
  t.equal(r.at('k16', 26), undefined, 'deleted');
});

t.test('createCluster\'s watch and waitFor give the caller objects of its own', async (t) => {
  const { createCluster } = await import('../src/index.js');
  const c = await createCluster({ nodes: 1 });
  t.teardown(() => c.close());
  const seen: unknown[] = [];
  const stop = c.watch('ConfigMap', (ev) => seen.push(ev.object), { namespace: 'default' });
  t.teardown(stop);
  const waiting = c.waitFor('ConfigMap', 'mine', (o) => o.data?.a === 'b', { namespace: 'default' });
  await c.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mine', namespace: 'default' }, data: { a: 'b' } });
  const got = await waiting;
  t.notOk(Object.isFrozen(got), 'waitFor: not the store\'s (frozen in the tests)');
  got.data.a = 'changed here';
  while (seen.length === 0) await new Promise((r) => setTimeout(r, 10));
  t.notOk(Object.isFrozen(seen[0]), 'watch: not the store\'s either');
  t.equal((await c.get('ConfigMap', 'mine', 'default'))?.data.a, 'b', 'changing them changes nothing stored');
});

t.test('recentObjects: 0 keeps none: the next write decodes what the last one wrote', async (t) => {
  const s = await openStore({ path: tempDir(t), recentObjects: 0 });
  t.teardown(() => s.close());
  const made = await s.create(PODS, pod('b'));
  const next = await s.update(PODS, { ...pod('b'), status: { phase: 'Running' } }, { subresource: 'status' });
  t.not(next.object.spec, made.object.spec, 'started from a decoded copy');
  t.same(next.object.spec, made.object.spec, 'of the same object');
});
