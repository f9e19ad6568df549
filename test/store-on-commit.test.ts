import t from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type CommittedChange } from '../src/store/index.js';

const PODS = { group: '', resource: 'pods', kind: 'Pod', namespaced: true };

t.test('onCommit hears every commit batch once it is on disk, with causes, subscribers or not', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-oncommit-'));
  const store = await openStore({ path: join(dir, 'db') });
  t.teardown(async () => { await store.close(); await rm(dir, { recursive: true, force: true }); });
  const heard: CommittedChange[][] = [];
  const off = store.onCommit((changes) => heard.push(changes));
  const a = await store.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'ns' } }, { cause: 'msg:1' });
  await Promise.all([
    store.update(PODS, { ...a.object, spec: { x: 1 } }, { cause: 'msg:2' }),
    store.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b', namespace: 'ns' } }),
  ]);
  await store.delete(PODS, 'ns', 'b', { cause: 'msg:3' });
  off();
  await store.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'c', namespace: 'ns' } });
  const flat = heard.flat();
  t.same(flat.map((c) => [c.type, c.key.endsWith('/ns/a') ? 'a' : 'b', c.cause]), [
    ['ADDED', 'a', 'msg:1'], ['MODIFIED', 'a', 'msg:2'], ['ADDED', 'b', undefined], ['DELETED', 'b', 'msg:3'],
  ], 'every change once, in order, with its cause; nothing after the listener is removed');
  t.same(flat.map((c) => c.rev), [...flat.map((c) => c.rev)].sort((x, y) => x - y), 'revision order');
  t.equal(heard.length, 3, 'the two writes made in one turn joined one commit batch');
});

t.test('commitTimeOf: each revision\'s commit time by the journal\'s clock; none for revisions before this process', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-committime-'));
  let store = await openStore({ path: join(dir, 'db') });
  t.teardown(async () => { await store.close(); await rm(dir, { recursive: true, force: true }); });
  const before = Date.now();
  const a = await store.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'ns' } });
  const [b, c] = await Promise.all([
    store.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b', namespace: 'ns' } }),
    store.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'c', namespace: 'ns' } }),
  ]);
  const after = Date.now();
  const ta = store.commitTimeOf(a.revision)!, tb = store.commitTimeOf(b.revision)!, tc = store.commitTimeOf(c.revision)!;
  t.ok(ta >= before && tc <= after, 'within the writes\' span');
  t.equal(tb, tc, 'one batch, one commit time');
  t.ok(ta <= tb, 'in revision order');
  t.equal(store.commitTimeOf(c.revision + 1), undefined, 'a future revision has none');
  t.equal(store.commitTimeOf(0), undefined);
  await store.close();
  store = await openStore({ path: join(dir, 'db') });
  t.equal(store.commitTimeOf(a.revision), undefined, 'reopened: revisions before this process have none');
  const d = await store.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'd', namespace: 'ns' } });
  t.type(store.commitTimeOf(d.revision), 'number', 'new ones do');
  t.equal(store.commitTimeOf(c.revision), undefined, 'and the last old one still has none');
});
