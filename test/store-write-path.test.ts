// The write path's shortcuts keep the store's formats and rules: the record written around
// msgpackr's output is the envelope encodeRecord writes, the property-by-property copies are
// spreads, the router's shared target lists are never mutated, and a transaction whose object
// cannot be encoded writes nothing.
import t from 'tap';
import { ObjectCodec, encodeRecord, decodeRecord, type ChangeType } from '../src/store/codec.js';
import { copyObject, deepCopy, mergeObject } from '../src/store/copy.js';
import { deepEqual } from '../src/store/deep-equal.js';
import { logKey } from '../src/store/keys.js';
import { Router, type RoutableChange, type RoutedEntry } from '../src/store/router.js';
import { JournalStore } from '../src/store/journal-store.js';
import { StoreError } from '../src/store/errors.js';
import { PODS, tempDir, pod } from './fixtures/store-helpers.js';

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

t.test('encodeWithRecord writes encodeRecord\'s envelope around one encoding', async (t) => {
  const codec = new ObjectCodec(undefined);
  const keys = ['/core/pods/a/b', `/core/pods/ns/${'x'.repeat(40)}`, `/core/pods/ns/${'é'.repeat(20)}`, `/apps/deployments/n/${'y'.repeat(300)}`];
  const causes = [undefined, 'r12', 'c'.repeat(31), 'c'.repeat(32), 'ç'.repeat(40), 'z'.repeat(300)];
  const revs = [0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 3];
  const objects = [{ kind: 'Pod', metadata: { name: 'a' }, spec: { n: 1 } }, { kind: 'Big', data: 'q'.repeat(70_000) }, { kind: 'Mid', data: 'q'.repeat(300) }];
  let checked = 0, identical = 0;
  for (const key of keys) for (const cause of causes) for (const prevRev of revs) for (const object of objects) for (const type of ['ADDED', 'MODIFIED', 'DELETED'] as ChangeType[]) {
    // The 70 KB object (a bin32 header) once per revision width is enough.
    if (object.kind === 'Big' && (key !== keys[0] || cause !== undefined || type !== 'ADDED')) continue;
    const { encoded, record } = codec.encodeWithRecord(key, type, prevRev, cause, object);
    const r = decodeRecord(record);
    checked++;
    if (r.key !== key || r.type !== type || r.prevRev !== prevRev || r.cause !== cause || !sameBytes(r.object, encoded) || !deepEqual(codec.decode(encoded), object)) {
      t.fail(`round trip of ${JSON.stringify({ key: key.length, cause: cause?.length, prevRev, type })}`);
      return;
    }
    const plain = encodeRecord({ key, type, prevRev, cause, object: encoded });
    if (sameBytes(plain, record)) identical++;
  }
  t.equal(identical, checked, `${checked} records byte for byte as encodeRecord writes them`);
  t.equal(logKey(42), 'log/0000000000000042');
  t.equal(logKey(1234567890123456), 'log/1234567890123456');
});

t.test('copies are spreads', async (t) => {
  const src = JSON.parse('{"b":1,"a":{"x":1},"__proto__":{"polluted":true},"u":null,"1":"one"}');
  const c = copyObject(src);
  t.same(Object.keys(c), Object.keys({ ...src }));
  t.equal(Object.getPrototypeOf(c), Object.prototype, '"__proto__" stays a data property');
  t.equal((c as any).polluted, undefined);
  t.equal(c.a, src.a, 'shallow');
  t.same(Object.keys(copyObject(src, new Set(['a', 'u']))), ['1', 'b', '__proto__']);
  const base = { name: 'n', labels: { a: 'b' }, gone: 1, keep: undefined };
  t.same(Object.entries(mergeObject<any>(base, { gone: undefined, name: 'm', added: 2 }, true)), [['name', 'm'], ['labels', { a: 'b' }], ['added', 2]]);
  t.same(Object.keys(mergeObject<any>(base, { gone: undefined, added: undefined }, false)), Object.keys({ ...base, gone: undefined, added: undefined }));
  t.ok(deepEqual({ a: 1, b: undefined, c: [1, { d: 2 }] }, { c: [1, { d: 2 }], a: 1 }), 'undefined counts as absent');
  t.notOk(deepEqual({ a: 1 }, { a: 1, b: 2 }));
  t.notOk(deepEqual({ a: 1, b: undefined }, { b: 1, a: 1 }));
  t.ok(deepEqual({ a: 1, b: null, c: { d: null } }, { a: 1, c: {} }), 'a null member counts as absent (a typed struct\'s zero value)');
  t.notOk(deepEqual({ a: [null] }, { a: [] }), 'a null list item does not');
  t.notOk(deepEqual({ a: null }, { a: 0 }), 'null is not another zero');
  t.notOk(deepEqual([1, 2], { 0: 1, 1: 2 }));
});

t.test('deep copies equal what structuredClone makes of JSON data, and share nothing', async (t) => {
  const rows: [string, unknown][] = [
    ['primitives', [1, 'a', true, null, 0, -0.5, '']],
    ['a pod', { metadata: { name: 'p', labels: { app: 'web' }, ownerReferences: [{ uid: 'u', controller: true }] }, spec: { containers: [{ name: 'c', env: [{ name: 'A', value: '1' }], ports: [] }] }, status: {} }],
    ['nested arrays', [[1, [2, [3]]], [], [{}]]],
    ['keys that look like indexes, in spread order', JSON.parse('{"b":1,"2":2,"a":3,"1":4}')],
    ['undefined kept as a key', { a: undefined, b: [undefined] }],
  ];
  for (const [name, v] of rows) {
    const c = deepCopy(v);
    t.same(c, structuredClone(v), name);
    if (typeof v === 'object' && v !== null) {
      t.not(c, v, `${name}: a new object`);
      t.same(JSON.stringify(Object.keys(c as object)), JSON.stringify(Object.keys(structuredClone(v) as object)), `${name}: key order`);
    }
  }
  const src = { spec: { template: { labels: { a: 'b' } }, list: [{ x: 1 }] } };
  const c = deepCopy(src);
  c.spec.template.labels.a = 'changed';
  c.spec.list[0]!.x = 2;
  t.same(src, { spec: { template: { labels: { a: 'b' } }, list: [{ x: 1 }] } }, 'editing the copy leaves the original');
  const proto = deepCopy(JSON.parse('{"__proto__":{"polluted":true}}'));
  t.equal(Object.getPrototypeOf(proto), Object.prototype, '"__proto__" stays a data property');
  t.equal((proto as any).polluted, undefined);
});

t.test('routed target lists are shared, never changed', async (t) => {
  const calls: { group: number; batch: RoutedEntry<string>[] }[] = [];
  const router = new Router<string>((group, batch) => calls.push({ group, batch }));
  for (let i = 0; i < 20; i++) router.subscribe('kind', 'Pod', i % 2, `c${i}`);
  router.subscribe('kind', 'Pod', 0, 'c0');
  router.subscribe('key', '/core/pods/ns/a', 0, 'actor-a');
  router.subscribe('key', '/core/pods/ns/a', 0, 'c2');
  const change = (rev: number, key: string): RoutableChange => ({ rev, type: 'ADDED', key, kind: 'Pod', ownerUids: [], encoded: new Uint8Array() });
  router.route([change(1, '/core/pods/ns/b'), change(2, '/core/pods/ns/a')]);
  const g0 = calls.find((c) => c.group === 0)!.batch;
  const evens = Array.from({ length: 10 }, (_, i) => `c${2 * i}`);
  t.same(g0.map((e) => e.targets), [evens, ['actor-a', 'c2', ...evens.filter((x) => x !== 'c2')]]);
  t.ok(Object.isFrozen(g0[0]!.targets), 'a bucket\'s list is shared, frozen');
  router.route([change(3, '/core/pods/ns/b')]);
  t.same(calls.at(-1)!.batch[0]!.targets.length, 10);
  router.subscribe('kind', 'Pod', 0, 'late');
  router.route([change(4, '/core/pods/ns/b')]);
  const last = calls.filter((c) => c.group === 0).at(-1)!.batch[0]!.targets;
  t.same(last, [...evens, 'late'], 'a new subscription is seen by the next route');
  t.same(g0[0]!.targets, evens, 'lists delivered earlier are unchanged');
});

t.test('each cached object owns its bytes: no view into a shared encoding buffer keeps the buffer alive', async (t) => {
  const s = await JournalStore.open({ path: tempDir(t) });
  t.teardown(() => s.close());
  await Promise.all(Array.from({ length: 50 }, (_, i) => s.create(PODS, pod(`p${i}`))));
  const live = (s as unknown as { index: { live: Map<string, { encoded: Uint8Array }> } }).index.live;
  t.equal(live.size, 50);
  for (const e of live.values()) if (e.encoded.buffer.byteLength !== e.encoded.byteLength) t.fail(`${e.encoded.byteLength} bytes hold a ${e.encoded.buffer.byteLength}-byte buffer`);
  t.same((await s.list(PODS)).items.length, 50, 'and decode as before');
});

t.test('a transaction whose object cannot be encoded writes nothing', async (t) => {
  const dir = tempDir(t);
  const s = await JournalStore.open({ path: dir });
  const bad = pod('b');
  (bad.spec as any).self = bad;
  const e = await s.transaction([{ op: 'create', resource: PODS, object: pod('a') }, { op: 'create', resource: PODS, object: bad }]).then(() => undefined, (e) => e);
  t.ok(e instanceof StoreError && e.reason === 'BadRequest', 'refused as a bad request');
  const c = await s.create(PODS, pod('c'));
  t.equal(c.revision, 1, 'no revision was used');
  t.same((await s.list(PODS)).items.map((o) => o.metadata.name), ['c']);
  await s.close();
  const again = await JournalStore.open({ path: dir });
  t.same([again.revision, (await again.list(PODS)).items.map((o) => o.metadata.name)], [1, ['c']]);
  await again.close();
});
