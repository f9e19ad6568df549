import t from 'tap';
import { JournalStore } from '../src/store/journal-store.js';
import { StoreError } from '../src/store/errors.js';
import { PODS, NODES, tempDir, pod } from './fixtures/store-helpers.js';

async function rejects(p: Promise<unknown>): Promise<StoreError> {
  try { await p; } catch (e) { if (e instanceof StoreError) return e; throw e; }
  throw new Error('expected a StoreError, the write succeeded');
}

t.test('create, get, update with conflicts, delete with preconditions', async (t) => {
  const s = await JournalStore.open({ path: tempDir(t) });
  t.teardown(() => s.close());
  const c = await s.create(PODS, pod('web', { labels: { app: 'web' } }));
  t.equal(c.revision, 1);
  t.equal(c.object.metadata.resourceVersion, '1');
  t.equal(c.object.metadata.generation, 1);
  t.match(c.object.metadata.uid, /^[0-9a-f-]{36}$/);
  t.match(c.object.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const dup = await rejects(s.create(PODS, pod('web')));
  t.same([dup.reason, dup.code], ['AlreadyExists', 409]);
  t.equal(dup.message, 'pods "web" already exists');

  const got = await s.get(PODS, 'default', 'web');
  t.same(got, c.object);
  const nf = await rejects(s.get(PODS, 'default', 'nope'));
  t.same([nf.reason, nf.code, nf.toStatus().details], ['NotFound', 404, { name: 'nope', kind: 'pods' }]);

  const u1 = await s.update(PODS, { ...got, status: { phase: 'Running' } });
  t.equal(u1.revision, 2);
  t.equal(u1.object.metadata.generation, 1, 'status-only change keeps generation');
  const stale = await rejects(s.update(PODS, { ...got, spec: { containers: [] } }));
  t.same([stale.reason, stale.code], ['Conflict', 409]);
  t.match(stale.message, /Operation cannot be fulfilled on pods "web": the object has been modified/);
  const u2 = await s.update(PODS, { ...u1.object, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } });
  t.equal(u2.object.metadata.generation, 2, 'spec change bumps generation');
  const u3 = await s.update(PODS, { ...u2.object, metadata: { ...u2.object.metadata, labels: { app: 'x' } } });
  t.equal(u3.object.metadata.generation, 2, 'metadata-only change keeps generation');
  t.equal(u3.object.metadata.uid, c.object.metadata.uid);

  const badUid = await rejects(s.delete(PODS, 'default', 'web', { preconditions: { uid: 'other' } }));
  t.equal(badUid.reason, 'Conflict');
  const badRv = await rejects(s.delete(PODS, 'default', 'web', { preconditions: { resourceVersion: '1' } }));
  t.equal(badRv.reason, 'Conflict');
  const d = await s.delete(PODS, 'default', 'web', { preconditions: { uid: c.object.metadata.uid!, resourceVersion: u3.object.metadata.resourceVersion! } });
  t.equal(d.removed, true);
  t.equal(d.object.metadata.resourceVersion, String(d.revision));
  t.equal((await rejects(s.get(PODS, 'default', 'web'))).reason, 'NotFound');
  t.equal((await rejects(s.delete(PODS, 'default', 'web'))).reason, 'NotFound');
  t.equal((await rejects(s.update(PODS, pod('web')))).reason, 'NotFound');
  const inv = await rejects(s.create(PODS, { metadata: { namespace: 'default' } }));
  t.same([inv.reason, inv.code], ['Invalid', 422]);
});

t.test('modify: read-modify-write in one step, by the update rules', async (t) => {
  const s = await JournalStore.open({ path: tempDir(t) });
  t.teardown(() => s.close());
  const c = await s.create(PODS, pod('web'));
  let seen: unknown;
  const m = await s.modify(PODS, 'default', 'web', (cur) => { seen = cur.metadata.resourceVersion; return { ...cur, spec: { ...cur.spec, nodeName: 'node-1' } }; });
  t.equal(seen, c.object.metadata.resourceVersion, 'the change saw the stored object');
  t.equal(m.object.spec.nodeName, 'node-1');
  t.equal(m.object.metadata.generation, 2, 'a spec change bumps generation, as update does');
  t.equal(m.object.metadata.uid, c.object.metadata.uid);
  t.equal((await s.get(PODS, 'default', 'web')).spec.nodeName, 'node-1', 'stored');
  const st = await s.modify(PODS, 'default', 'web', (cur) => ({ ...cur, spec: {}, status: { phase: 'Running' } }), { subresource: 'status' });
  t.same([st.object.status.phase, st.object.spec.nodeName], ['Running', 'node-1'], 'status subresource: only status is taken');
  const refused = await rejects(s.modify(PODS, 'default', 'web', () => { throw new StoreError('Conflict', 'not now', { name: 'web', kind: 'pods' }); }));
  t.same([refused.reason, refused.message], ['Conflict', 'not now'], 'what the change throws is the answer');
  t.equal(s.revision, st.revision, 'and nothing was written');
  const nf = await rejects(s.modify(PODS, 'default', 'nope', (cur) => cur));
  t.equal(nf.reason, 'NotFound');
});

t.test('a rejected write is answered to its writer, and the others land', async (t) => {
  const s = await JournalStore.open({ path: tempDir(t) });
  t.teardown(() => s.close());
  const writes = [s.create(PODS, pod('a')), s.create(PODS, pod('a')), s.create(PODS, pod('b')), s.update(PODS, pod('zzz'))];
  const out = await Promise.allSettled(writes);
  t.same(out.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled', 'rejected']);
  t.equal((out[1] as PromiseRejectedResult).reason.reason, 'AlreadyExists');
  t.equal((out[3] as PromiseRejectedResult).reason.reason, 'NotFound');
  t.same(out.filter((o) => o.status === 'fulfilled').map((o) => (o as PromiseFulfilledResult<any>).value.revision), [1, 2]);
});

t.test('transactions land together or not at all', async (t) => {
  const s = await JournalStore.open({ path: tempDir(t) });
  t.teardown(() => s.close());
  await s.create(PODS, pod('x'));
  const bad = await rejects(s.transaction([
    { op: 'create', resource: PODS, object: pod('y') },
    { op: 'create', resource: PODS, object: pod('x') },
  ]));
  t.equal(bad.reason, 'AlreadyExists');
  t.equal((await rejects(s.get(PODS, 'default', 'y'))).reason, 'NotFound', 'first op of a failed transaction did not land');
  t.equal(s.revision, 1, 'a failed transaction uses no revision');
  const ok = await s.transaction([
    { op: 'create', resource: PODS, object: pod('y') },
    { op: 'delete', resource: PODS, namespace: 'default', name: 'x' },
    { op: 'create', resource: NODES, object: { kind: 'Node', metadata: { name: 'n1' } } },
  ]);
  t.same(ok.map((r) => r.revision), [2, 3, 4]);
  t.equal((await s.get(NODES, undefined, 'n1')).metadata.namespace, undefined);
});

t.test('finalizers, deletionTimestamp and generateName', async (t) => {
  const s = await JournalStore.open({ path: tempDir(t) });
  t.teardown(() => s.close());
  const c = await s.create(PODS, pod('f', { finalizers: ['example.com/hold'] }));
  const d = await s.delete(PODS, 'default', 'f');
  t.equal(d.removed, false, 'an object with finalizers is only marked');
  t.ok(d.object.metadata.deletionTimestamp);
  t.equal(d.object.metadata.generation, 2, 'marking bumps generation');
  const again = await s.delete(PODS, 'default', 'f');
  t.equal(again.revision, d.revision, 'deleting a marked object writes nothing');
  const cur = await s.get(PODS, 'default', 'f');
  const unset = await s.update(PODS, { ...cur, metadata: { ...cur.metadata, deletionTimestamp: undefined } });
  t.equal(unset.object.metadata.deletionTimestamp, cur.metadata.deletionTimestamp, 'deletionTimestamp cannot be unset');
  const added = await rejects(s.update(PODS, { ...unset.object, metadata: { ...unset.object.metadata, finalizers: ['example.com/hold', 'example.com/more'] } }));
  t.equal(added.reason, 'Invalid');
  const gone = await s.update(PODS, { ...unset.object, metadata: { ...unset.object.metadata, finalizers: [] } });
  t.equal(gone.removed, true, 'emptying finalizers of a marked object removes it');
  t.equal((await rejects(s.get(PODS, 'default', 'f'))).reason, 'NotFound');
  t.not(c.object.metadata.uid, undefined);

  const g = await s.create(PODS, { metadata: { generateName: 'web-', namespace: 'default' } });
  t.match(g.object.metadata.name, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});

t.test('lists: selectors, indexes, namespaces', async (t) => {
  const s = await JournalStore.open({ path: tempDir(t) });
  t.teardown(() => s.close());
  await s.create(PODS, pod('a', { labels: { app: 'web', tier: 'fe' }, nodeName: 'n1', owner: 'rs-1' }));
  await s.create(PODS, pod('b', { labels: { app: 'web' }, nodeName: 'n2', owner: 'rs-1' }));
  await s.create(PODS, pod('c', { labels: { app: 'db' } }));
  await s.create(PODS, pod('d', { ns: 'other', labels: { app: 'web' }, nodeName: 'n1' }));
  const names = async (o: object) => (await s.list(PODS, o)).items.map((i) => `${i.metadata.namespace}/${i.metadata.name}`);
  t.same(await names({}), ['default/a', 'default/b', 'default/c', 'other/d']);
  t.same(await names({ namespace: 'default' }), ['default/a', 'default/b', 'default/c']);
  t.same(await names({ labelSelector: 'app=web' }), ['default/a', 'default/b', 'other/d']);
  t.same(await names({ labelSelector: 'app in (web),tier!=fe' }), ['default/b', 'other/d']);
  t.same(await names({ fieldSelector: 'spec.nodeName=n1' }), ['default/a', 'other/d']);
  t.same(await names({ fieldSelector: 'spec.nodeName=' }), ['default/c'], 'unbound pods');
  t.same(await names({ fieldSelector: 'spec.nodeName=n1', namespace: 'default' }), ['default/a']);
  t.same(await names({ ownerUid: 'rs-1' }), ['default/a', 'default/b']);
  t.same(await names({ fieldSelector: 'metadata.name!=a', labelSelector: 'app=web' }), ['default/b', 'other/d']);
  const bad = await rejects(s.list(PODS, { fieldSelector: 'foo.bar=1' }));
  t.same([bad.reason, bad.code], ['BadRequest', 400]);
  t.match(bad.message, /foo\.bar/, "the message names the unknown field");
});

t.test('the label, owner and node indexes follow updates, and status writes that change none of them', async (t) => {
  const s = await JournalStore.open({ path: tempDir(t) });
  t.teardown(() => s.close());
  const names = async (o: object) => (await s.list(PODS, o)).items.map((i) => i.metadata.name).sort();
  let a = (await s.create(PODS, pod('a', { labels: { app: 'web', tier: 'fe' }, owner: 'rs-1' }))).object;
  await s.create(PODS, pod('b', { labels: { app: 'web' }, nodeName: 'n1' }));
  const update = async (change: (o: typeof a) => void) => {
    const o = structuredClone(a);
    change(o);
    a = (await s.update(PODS, o)).object;
  };
  const steps: [string, (o: typeof a) => void, [object, string[]][]][] = [
    ['a status write', (o) => { o.status = { phase: 'Running' }; }, [[{ labelSelector: 'app=web' }, ['a', 'b']], [{ labelSelector: 'tier=fe' }, ['a']], [{ ownerUid: 'rs-1' }, ['a']]]],
    ['the same labels in another order', (o) => { o.metadata.labels = { tier: 'fe', app: 'web' }; }, [[{ labelSelector: 'tier=fe' }, ['a']], [{ labelSelector: 'app=web' }, ['a', 'b']]]],
    ['a value changed', (o) => { o.metadata.labels = { app: 'db', tier: 'fe' }; }, [[{ labelSelector: 'app=web' }, ['b']], [{ labelSelector: 'app=db' }, ['a']]]],
    ['a label added', (o) => { o.metadata.labels = { app: 'db', tier: 'fe', x: 'y' }; }, [[{ labelSelector: 'x=y' }, ['a']], [{ labelSelector: 'tier=fe' }, ['a']]]],
    ['a label removed', (o) => { o.metadata.labels = { app: 'db', x: 'y' }; }, [[{ labelSelector: 'tier=fe' }, []], [{ labelSelector: 'x=y' }, ['a']]]],
    ['labels as they were, under a removed key', (o) => { o.metadata.labels = { app: 'db', tier: 'y' }; }, [[{ labelSelector: 'x=y' }, []], [{ labelSelector: 'tier=y' }, ['a']]]],
    ['every label gone', (o) => { delete o.metadata.labels; }, [[{ labelSelector: 'app=db' }, []], [{ labelSelector: 'tier=y' }, []]]],
    ['owner let go', (o) => { o.metadata.ownerReferences = []; }, [[{ ownerUid: 'rs-1' }, []]]],
    ['bound', (o) => { o.spec.nodeName = 'n1'; }, [[{ fieldSelector: 'spec.nodeName=n1' }, ['a', 'b']], [{ fieldSelector: 'spec.nodeName=' }, []]]],
  ];
  for (const [what, change, lists] of steps) {
    await update(change);
    for (const [o, want] of lists) t.same(await names(o), want, `${what}: ${JSON.stringify(o)}`);
  }
});

t.test('listRevisions: what a list would return, as names and versions, without decoding', async (t) => {
  const s = await JournalStore.open({ path: tempDir(t) });
  t.teardown(() => s.close());
  await s.create(PODS, pod('a', { labels: { app: 'web' }, owner: 'rs-1', nodeName: 'n1' }));
  await s.create(PODS, pod('b', { labels: { app: 'web' }, owner: 'rs-1' }));
  await s.create(PODS, pod('c', { labels: { app: 'db' } }));
  await s.create(PODS, pod('d', { ns: 'other', labels: { app: 'web' }, owner: 'rs-1' }));
  await s.create(NODES, { metadata: { name: 'n1' } });
  const b = (await s.get(PODS, 'default', 'b'));
  await s.update(PODS, { ...b, status: { phase: 'Running' } });
  await s.delete(PODS, 'default', 'c');
  const codec = s.codec as { decode: (b: Uint8Array) => unknown };
  const decode = codec.decode;
  // Decodes counted only while listRevisions runs, not while the list it is compared with does.
  let decodes = 0, counting = false;
  codec.decode = (bytes) => { if (counting) decodes++; return decode.call(s.codec, bytes); };
  t.teardown(() => { codec.decode = decode; });
  const asList = async (res: typeof PODS, o: object) => (await s.list(res, o)).items
    .map((i) => [i.metadata.namespace ? `${i.metadata.namespace}/${i.metadata.name}` : i.metadata.name, Number(i.metadata.resourceVersion)]);
  const table: [string, typeof PODS, object, number][] = [
    ['by owner in one namespace', PODS, { namespace: 'default', ownerUid: 'rs-1' }, 0],
    ['by owner in every namespace', PODS, { ownerUid: 'rs-1' }, 0],
    ['by label', PODS, { labelSelector: 'app=web' }, 0],
    ['everything of a kind', PODS, {}, 0],
    ['cluster-scoped', NODES, {}, 0],
    ['a field selector decodes to decide', PODS, { fieldSelector: 'status.phase=Running' }, 3],
    ['an indexed field selector decodes only what the index gives', PODS, { fieldSelector: 'spec.nodeName=n1' }, 1],
  ];
  for (const [what, res, o, wantDecodes] of table) {
    decodes = 0;
    counting = true;
    const r = s.listRevisions(res, o);
    counting = false;
    t.equal(decodes, wantDecodes, `${what}: objects decoded`);
    t.same(r.items, await asList(res, o), `${what}: as the list has them`);
    t.equal(r.revision, s.revision);
  }
  t.throws(() => s.listRevisions(PODS, { fieldSelector: 'foo.bar=1' }), /foo\.bar/, 'a bad selector is refused as for a list');
});

t.test('a metadata.name field selector reads that one key, at the newest revision and at an older one', async (t) => {
  const s = await JournalStore.open({ path: tempDir(t) });
  t.teardown(() => s.close());
  for (let i = 0; i < 50; i++) await s.create(PODS, pod(`p${i}`, { labels: { app: i % 2 ? 'web' : 'db' } }));
  await s.create(PODS, pod('p7', { ns: 'other', labels: { app: 'web' } }));
  await s.create(NODES, { metadata: { name: 'n1' } });
  await s.create(NODES, { metadata: { name: 'n2' } });
  const before = String(s.revision);
  await s.delete(PODS, 'default', 'p3');
  const names = async (res: typeof PODS, o: object) => (await s.list(res, o)).items.map((i) => `${i.metadata.namespace ?? ''}/${i.metadata.name}`);
  const table: [string, typeof PODS, object, string[]][] = [
    ['one namespace', PODS, { namespace: 'default', fieldSelector: 'metadata.name=p7' }, ['default/p7']],
    ['every namespace, in key order', PODS, { fieldSelector: 'metadata.name=p7' }, ['default/p7', 'other/p7']],
    ['== as =', PODS, { fieldSelector: 'metadata.name==p7' }, ['default/p7', 'other/p7']],
    ['with the namespace as a field too', PODS, { fieldSelector: 'metadata.name=p7,metadata.namespace=other' }, ['other/p7']],
    ['a label selector still decides', PODS, { fieldSelector: 'metadata.name=p8', labelSelector: 'app=web' }, []],
    ['and passes what matches', PODS, { fieldSelector: 'metadata.name=p9', labelSelector: 'app=web' }, ['default/p9']],
    ['no such name', PODS, { fieldSelector: 'metadata.name=nope' }, []],
    ['an empty name', PODS, { fieldSelector: 'metadata.name=' }, []],
    ['deleted', PODS, { fieldSelector: 'metadata.name=p3' }, []],
    ['cluster-scoped', NODES, { fieldSelector: 'metadata.name=n2' }, ['/n2']],
    ['at an older revision, before the delete', PODS, { fieldSelector: 'metadata.name=p3', resourceVersion: before, resourceVersionMatch: 'Exact' }, ['default/p3']],
    ['at an older revision, cluster-scoped', NODES, { fieldSelector: 'metadata.name=n1', resourceVersion: before, resourceVersionMatch: 'Exact' }, ['/n1']],
    ['!= is not a name: every other pod', PODS, { namespace: 'other', fieldSelector: 'metadata.name!=p7' }, []],
  ];
  for (const [what, res, o, want] of table) t.same(await names(res, o), want, what);

  // Read as one key, not by decoding every pod to test its name.
  const codec = s.codec as { decode: (b: Uint8Array) => unknown };
  const decode = codec.decode;
  let decodes = 0;
  codec.decode = (b) => { decodes++; return decode.call(s.codec, b); };
  t.teardown(() => { codec.decode = decode; });
  await s.list(PODS, { namespace: 'default', fieldSelector: 'metadata.name=p7' });
  t.equal(decodes, 1, 'one object decoded for a list by name among 50');
  decodes = 0;
  await s.list(PODS, { fieldSelector: 'metadata.name=p7' });
  t.equal(decodes, 2, 'one per namespace that has the name');
});

t.test('resourceVersion semantics of lists', async (t) => {
  const s = await JournalStore.open({ path: tempDir(t) });
  t.teardown(() => s.close());
  await s.create(PODS, pod('a'));
  await s.create(PODS, pod('b'));
  await s.delete(PODS, 'default', 'a');
  t.equal((await s.list(PODS, { resourceVersion: '0' })).resourceVersion, '3');
  t.equal((await s.list(PODS, { resourceVersion: '1' })).items.length, 1, 'NotOlderThan reads the newest');
  const exact = await s.list(PODS, { resourceVersion: '2', resourceVersionMatch: 'Exact' });
  t.same(exact.items.map((i) => i.metadata.name), ['a', 'b']);
  t.equal(exact.resourceVersion, '2');
  t.equal((await rejects(s.list(PODS, { resourceVersion: '9' }))).code, 504);
  t.equal((await rejects(s.list(PODS, { resourceVersion: 'x' }))).code, 400);
  const old = await s.get(PODS, 'default', 'a', { resourceVersion: '1', resourceVersionMatch: 'Exact' });
  t.equal(old.metadata.resourceVersion, '1', 'get at a revision');
  await s.compact(3);
  const gone = await rejects(s.list(PODS, { resourceVersion: '2', resourceVersionMatch: 'Exact' }));
  t.same([gone.reason, gone.code], ['Expired', 410]);
});

t.test('reopen restores objects, revision, history; open errors are typed', async (t) => {
  const dir = tempDir(t);
  let s = await JournalStore.open({ path: dir });
  await s.create(PODS, pod('a', { labels: { app: 'web' } }));
  await s.create(PODS, pod('b'));
  await s.update(PODS, { ...(await s.get(PODS, 'default', 'b')), status: { phase: 'Running' } });
  await s.delete(PODS, 'default', 'a');
  const locked = await JournalStore.open({ path: dir }).then(() => undefined, (e) => e);
  t.equal(locked?.name, 'JournalOpenError');
  t.equal(locked?.failure, 'Locked');
  t.match(locked?.message, /locked by another process/);
  await s.close();
  s = await JournalStore.open({ path: dir });
  t.equal(s.revision, 4);
  t.same((await s.list(PODS)).items.map((i) => [i.metadata.name, i.status?.phase]), [['b', 'Running']]);
  t.same((await s.list(PODS, { resourceVersion: '1', resourceVersionMatch: 'Exact' })).items.map((i) => i.metadata.name), ['a']);
  t.same((await s.list(PODS, { labelSelector: 'app=web' })).items, []);
  const r = await s.create(PODS, pod('c'));
  t.equal(r.revision, 5, 'revisions continue after reopen');
  await s.close();

  // A newer format is refused, untouched.
  const { Level } = await import('level');
  const { encodeNumber } = await import('../src/store/codec.js');
  const db = new Level<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
  await db.put('meta/format', encodeNumber(99));
  await db.close();
  const newer = await JournalStore.open({ path: dir }).then(() => undefined, (e) => e);
  t.equal(newer?.failure, 'NewerFormat');
  t.match(newer?.message, /newer cybernetes/);

  const foreign = tempDir(t, 'foreign');
  const db2 = new Level<string, string>(foreign);
  await db2.put('hello', 'world');
  await db2.close();
  const unknown = await JournalStore.open({ path: foreign }).then(() => undefined, (e) => e);
  t.equal(unknown?.failure, 'UnknownFormat');
});
