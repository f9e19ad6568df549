// Table tests of the store's pure parts.
import t from 'tap';
import { History } from '../src/store/history.js';
import { planRead } from '../src/store/resource-version.js';
import { encodeContinue, decodeContinue } from '../src/store/continue-token.js';
import { fieldEqualityHint, labelEqualityHint } from '../src/store/index-hints.js';
import { prepareCreate, prepareUpdate, prepareDelete, randomSuffix, type MetadataEnv } from '../src/store/metadata.js';
import { objectKey } from '../src/store/keys.js';
import { scopeOfKey } from '../src/store/object-index.js';
import { StoreError } from '../src/store/errors.js';
import { PODS, NODES } from './fixtures/store-helpers.js';

const env: MetadataEnv = { now: () => '2024-01-01T00:00:00Z', uid: () => 'u-1', suffix: () => 'abcde' };
const reason = (f: () => unknown) => { try { f(); return 'ok'; } catch (e) { return e instanceof StoreError ? `${e.reason} ${e.code}` : String(e); } };

t.test('planRead follows Kubernetes resourceVersion rules', async (t) => {
  const head = 50, compacted = 10;
  const cases: [string, object, string | number][] = [
    ['unset: newest', {}, 50],
    ['"0": any', { resourceVersion: '0' }, 50],
    ['NotOlderThan, older', { resourceVersion: '20' }, 50],
    ['NotOlderThan, future', { resourceVersion: '51' }, 'Timeout 504'],
    ['Exact', { resourceVersion: '20', resourceVersionMatch: 'Exact' }, 20],
    ['Exact at compaction point', { resourceVersion: '10', resourceVersionMatch: 'Exact' }, 10],
    ['Exact below compaction', { resourceVersion: '9', resourceVersionMatch: 'Exact' }, 'Expired 410'],
    ['Exact 0', { resourceVersion: '0', resourceVersionMatch: 'Exact' }, 'BadRequest 400'],
    ['match without rv', { resourceVersionMatch: 'Exact' }, 'BadRequest 400'],
    ['garbage', { resourceVersion: 'abc' }, 'BadRequest 400'],
    ['continue', { continue: encodeContinue({ rev: 30, after: '/core/pods/a/x' }) }, 30],
    ['continue too old', { continue: encodeContinue({ rev: 5, after: 'x' }) }, 'Expired 410'],
    ['continue with rv', { continue: encodeContinue({ rev: 30, after: 'x' }), resourceVersion: '30' }, 'BadRequest 400'],
    ['continue malformed', { continue: '!!!' }, 'BadRequest 400'],
  ];
  for (const [name, o, want] of cases) {
    let got: string | number;
    try { got = planRead(o, head, compacted).rev; } catch (e) { got = `${(e as StoreError).reason} ${(e as StoreError).code}`; }
    t.equal(got, want, name);
  }
  t.same(decodeContinue(encodeContinue({ rev: 7, after: '/core/pods/ns/ä' })), { rev: 7, after: '/core/pods/ns/ä' });
});

t.test('History: version at a revision, and etcd-style compaction', async (t) => {
  const h = new History(0);
  // k: 1 create, 3 modify, 5 delete, 7 re-create; j: 2 create, 6 modify
  h.record(1, { key: 'k', prevRev: 0, prevDeleted: false, deleted: false });
  h.record(2, { key: 'j', prevRev: 0, prevDeleted: false, deleted: false });
  h.record(3, { key: 'k', prevRev: 1, prevDeleted: false, deleted: false });
  h.record(4, { key: 'x', prevRev: 0, prevDeleted: false, deleted: false });
  h.record(5, { key: 'k', prevRev: 3, prevDeleted: false, deleted: true });
  h.record(6, { key: 'j', prevRev: 2, prevDeleted: false, deleted: false });
  h.record(7, { key: 'k', prevRev: 5, prevDeleted: true, deleted: false });
  const table: [string, number, number][] = [['k', 0, 0], ['k', 1, 1], ['k', 2, 1], ['k', 4, 3], ['k', 5, 0], ['k', 6, 0], ['k', 7, 7], ['j', 5, 2], ['j', 6, 6], ['x', 3, 0], ['x', 9, 4]];
  for (const [k, at, want] of table) t.equal(h.versionAt(k, at), want, `${k} at ${at}`);
  t.same(h.planCompaction(5).sort(), [1, 3, 5], 'drops superseded revisions and tombstones at or below 5, never the newest live one');
  h.applyCompaction(5);
  t.same([h.versionAt('k', 5), h.versionAt('k', 6), h.versionAt('k', 7), h.versionAt('j', 5), h.versionAt('x', 5)], [0, 0, 7, 2, 4]);
  t.same(h.planCompaction(7).sort(), [2, 5], 'j@2 goes once j@6 is at or below; the compacted tombstone stays gone');
  h.applyCompaction(7);
  t.same([h.versionAt('k', 7), h.versionAt('j', 7), h.versionAt('x', 7)], [7, 6, 4]);
});

t.test('index hints only ever narrow by plain equality', async (t) => {
  t.same(labelEqualityHint('app=web,tier!=fe'), ['app', 'web']);
  t.same(labelEqualityHint('app==web'), ['app', 'web']);
  t.equal(labelEqualityHint('app!=web'), undefined);
  t.equal(labelEqualityHint('app in (web,db)'), undefined);
  t.equal(labelEqualityHint('!app'), undefined);
  t.equal(labelEqualityHint(''), undefined);
  t.equal(fieldEqualityHint('spec.nodeName=n1,status.phase=Running', 'spec.nodeName'), 'n1');
  t.equal(fieldEqualityHint('spec.nodeName=', 'spec.nodeName'), '');
  t.equal(fieldEqualityHint('spec.nodeName!=n1', 'spec.nodeName'), undefined);
});

t.test('keys', async (t) => {
  t.equal(objectKey(PODS, 'default', 'web'), '/core/pods/default/web');
  t.equal(objectKey(NODES, undefined, 'n1'), '/core/nodes/n1');
  t.equal(objectKey({ group: 'apps', resource: 'deployments', kind: 'Deployment', namespaced: true }, 'a', 'd'), '/apps/deployments/a/d');
  t.same(scopeOfKey('/core/pods/default/web'), { prefix: '/core/pods/', namespace: 'default' });
  t.same(scopeOfKey('/core/nodes/n1'), { prefix: '/core/nodes/', namespace: '' });
});

t.test('generated name suffixes: five characters of Kubernetes\' alphabet, random across pool refills', async (t) => {
  // 3,000 suffixes draw 15,000 bytes: the 4 KB pool is refilled three times.
  const seen = new Set<string>();
  for (let i = 0; i < 3000; i++) {
    const s = randomSuffix();
    if (!/^[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(s)) t.fail(`bad suffix ${s}`);
    seen.add(s);
  }
  // 27^5 = 14.3M possible: a repeat among 3,000 is rare (p ≈ 0.3), more than a few means a reused pool.
  t.ok(seen.size >= 2995, `${seen.size} distinct of 3000`);
});

t.test('metadata rules', async (t) => {
  const c = prepareCreate('pods', { metadata: { generateName: 'web-', resourceVersion: '9', deletionTimestamp: 'x' }, spec: { a: 1 } }, 'ns', env, () => false);
  t.same(c.metadata, { generateName: 'web-', name: 'web-abcde', namespace: 'ns', uid: 'u-1', creationTimestamp: '2024-01-01T00:00:00Z', generation: 1 });
  let tries = 0;
  const retried = prepareCreate('pods', { metadata: { generateName: 'web-' } }, 'ns', { ...env, suffix: () => `s${tries++}` }, (n) => n !== 'web-s3');
  t.equal(retried.metadata.name, 'web-s3', 'a colliding generated name is retried');
  t.equal(reason(() => prepareCreate('pods', { metadata: {} }, 'ns', env, () => false)), 'Invalid 422');

  const cur = { metadata: { name: 'a', namespace: 'ns', uid: 'u-1', resourceVersion: '5', generation: 3, creationTimestamp: 'then' }, spec: { r: 1 }, status: { s: 1 } };
  const gen = (next: object, sub?: 'status') => prepareUpdate('pods', cur, next as any, sub).object.metadata.generation;
  const rows: [string, object, 'status' | undefined, number][] = [
    ['same spec', { metadata: { name: 'a' }, spec: { r: 1 } }, undefined, 3],
    ['spec changed', { metadata: { name: 'a' }, spec: { r: 2 } }, undefined, 4],
    ['labels only', { metadata: { name: 'a', labels: { x: 'y' } }, spec: { r: 1 } }, undefined, 3],
    ['status subresource ignores spec', { metadata: { name: 'a' }, spec: { r: 9 }, status: { s: 2 } }, 'status', 3],
  ];
  for (const [name, next, sub, want] of rows) t.equal(gen(next, sub), want, name);
  const st = prepareUpdate('pods', cur, { metadata: { name: 'a' }, spec: { r: 9 }, status: { s: 2 } }, 'status').object;
  t.same([st.spec, st.status], [{ r: 1 }, { s: 2 }]);
  t.equal(reason(() => prepareUpdate('pods', cur, { metadata: { name: 'a', resourceVersion: '4' } }, undefined)), 'Conflict 409');
  t.equal(reason(() => prepareUpdate('pods', cur, { metadata: { name: 'a', uid: 'other' } }, undefined)), 'Conflict 409');
  t.equal(prepareUpdate('pods', cur, { metadata: { name: 'a', creationTimestamp: 'now' } }, undefined).object.metadata.creationTimestamp, 'then');

  const fin = { ...cur, metadata: { ...cur.metadata, finalizers: ['a/b'] } };
  const marked = prepareDelete('pods', fin, undefined, env);
  t.same([marked.removed, marked.changed, marked.object.metadata.deletionTimestamp, marked.object.metadata.generation], [false, true, '2024-01-01T00:00:00Z', 4]);
  t.same([prepareDelete('pods', marked.object, undefined, env).changed], [false], 'already marked: nothing to write');
  t.same(prepareDelete('pods', cur, undefined, env).removed, true);
  t.equal(reason(() => prepareDelete('pods', cur, { preconditions: { uid: 'x' } }, env)), 'Conflict 409');
  t.equal(reason(() => prepareDelete('pods', cur, { preconditions: { resourceVersion: '4' } }, env)), 'Conflict 409');
  t.equal(prepareUpdate('pods', marked.object, { ...marked.object, metadata: { ...marked.object.metadata, finalizers: [] } }, undefined).removed, true);
  t.equal(reason(() => prepareUpdate('pods', marked.object, { ...marked.object, metadata: { ...marked.object.metadata, finalizers: ['a/b', 'c/d'] } }, undefined)), 'Invalid 422');
});

t.test('delete: propagation finalizers, graceful deletion, keep', async (t) => {
  const env = { now: () => '2024-01-01T00:00:00Z', uid: () => 'u', suffix: () => 'abcde' };
  const cur = { metadata: { name: 'a', uid: 'u1', resourceVersion: '5', generation: 1 }, spec: {} };
  const rows: [string, Parameters<typeof prepareDelete>[2], { removed: boolean; changed: boolean; ts?: string; grace?: number; finalizers?: string[] }][] = [
    ['plain delete removes', {}, { removed: true, changed: true }],
    ['orphan marks with the finalizer', { addFinalizers: ['orphan'] }, { removed: false, changed: true, ts: '2024-01-01T00:00:00Z', grace: 0, finalizers: ['orphan'] }],
    ['grace 30 marks 30 s ahead', { gracePeriodSeconds: 30 }, { removed: false, changed: true, ts: '2024-01-01T00:00:30Z', grace: 30 }],
    ['grace 0 removes', { gracePeriodSeconds: 0 }, { removed: true, changed: true }],
    ['keep marks without finalizers', { keep: true }, { removed: false, changed: true, ts: '2024-01-01T00:00:00Z', grace: 0 }],
  ];
  for (const [name, req, want] of rows) {
    const d = prepareDelete('pods', cur, req, env);
    t.same({ removed: d.removed, changed: d.changed }, { removed: want.removed, changed: want.changed }, name);
    if (want.ts) t.equal(d.object.metadata.deletionTimestamp, want.ts, `${name}: deletionTimestamp`);
    if (want.grace !== undefined) t.equal(d.object.metadata.deletionGracePeriodSeconds, want.grace, `${name}: grace`);
    if (want.finalizers) t.same(d.object.metadata.finalizers, want.finalizers, `${name}: finalizers`);
  }
  const graceful = prepareDelete('pods', cur, { gracePeriodSeconds: 30 }, env).object;
  t.equal(prepareDelete('pods', graceful, { gracePeriodSeconds: 10 }, env).object.metadata.deletionTimestamp, '2024-01-01T00:00:10Z', 'a shorter grace brings the deadline forward');
  t.same(prepareDelete('pods', graceful, { gracePeriodSeconds: 60 }, env).changed, false, 'a longer grace changes nothing');
  t.same(prepareDelete('pods', graceful, { gracePeriodSeconds: 0 }, env).removed, true, 'grace 0 (the kubelet confirming) removes');
  t.same(prepareUpdate('pods', graceful, { ...graceful, status: { phase: 'Running' } }, 'status').removed, false, 'a status update of a terminating pod keeps it');
  const kept = prepareDelete('namespaces', cur, { keep: true }, env).object;
  t.same(prepareDelete('namespaces', kept, { keep: true }, env).changed, false, 'a second keep changes nothing');
  t.same(prepareDelete('namespaces', kept, {}, env).removed, true, 'a final delete removes the marked object');
});
