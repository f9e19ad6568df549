// The cache a controller keeps of what it heard (actors/client.ts): changes and reads in either
// order, the resourceVersion deciding; and whether a resync's versions-only read shows
// anything the cache lacks, so the objects themselves are read only then.
import t from 'tap';
import { ObjectCache, type StoreClient } from '../actors/client.js';
import { OwnedView } from '../actors/owned-view.js';
import type { KObject } from '../src/store/types.js';

const pod = (name: string, rev: number, ns = 'default'): KObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, uid: `uid-${ns}-${name}`, resourceVersion: String(rev) } });
const node = (name: string, rev: number): KObject =>
  ({ apiVersion: 'v1', kind: 'Node', metadata: { name, uid: `uid-${name}`, resourceVersion: String(rev) } });

t.test('drifted: a versions-only read against what the cache holds', async (t) => {
  const table: [string, KObject[], [string, number][], number, boolean][] = [
    ['the same objects at the same versions', [pod('a', 5), pod('b', 7)], [['default/a', 5], ['default/b', 7]], 10, false],
    ['nothing held, nothing read', [], [], 10, false],
    ['one held older than read (a missed update)', [pod('a', 5), pod('b', 7)], [['default/a', 5], ['default/b', 9]], 10, true],
    ['one held newer than read (changed since)', [pod('a', 5), pod('b', 12)], [['default/a', 5], ['default/b', 7]], 10, false],
    ['one read that is not held (a missed create)', [pod('a', 5)], [['default/a', 5], ['default/c', 8]], 10, true],
    ['one held that the read lacks (a missed deletion)', [pod('a', 5), pod('b', 7)], [['default/a', 5]], 10, true],
    ['one held that the read lacks, written after it', [pod('a', 5), pod('b', 12)], [['default/a', 5]], 10, false],
    ['the same name in another namespace is another object', [pod('a', 5, 'other')], [['default/a', 5]], 10, true],
    ['cluster-scoped names', [node('n1', 3)], [['n1', 3]], 10, false],
    ['cluster-scoped, newer read', [node('n1', 3)], [['n1', 4]], 10, true],
  ];
  for (const [what, held, pairs, revision, want] of table) {
    const c = new ObjectCache();
    for (const o of held) c.put(o);
    t.equal(c.drifted(pairs, revision), want, what);
  }
});

t.test('after a deletion was heard, the cache no longer holds the object and a read without it is no drift', async (t) => {
  const c = new ObjectCache();
  c.put(pod('a', 5));
  c.put(pod('b', 6));
  c.remove(pod('b', 6), 8);
  t.equal(c.drifted([['default/a', 5]], 10), false);
  t.equal(c.size, 1);
});

// An OwnedView (actors/owned-view.ts) against a store stand-in that answers its reads from a
// list of objects it can change behind the view's back, and records what it was asked.

const RS = { group: 'apps', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true };
const PODS = { group: '', resource: 'pods', kind: 'Pod', namespaced: true };

t.test('an owned view resyncs by versions while quiet, reads whole when they differ or when it heard changes', async (t) => {
  let rev = 10;
  const owner: KObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'default', uid: 'rs-uid', resourceVersion: '1' } };
  const owned = (name: string, r: number): KObject => ({ ...pod(name, r), metadata: { ...pod(name, r).metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs-uid' }] } });
  let store: KObject[] = [owned('a', 5), owned('b', 6)];
  const asked: string[] = [];
  const objectsFor = (read: { resource: { kind: string } }) => (read.resource.kind === 'ReplicaSet' ? [owner] : store.map((o) => structuredClone(o)));
  const client = {
    subscribe: async (_subs: unknown[], reads: { resource: { kind: string } }[]) => {
      asked.push(`read ${reads.map((r) => r.resource.kind).join('+')}`);
      return { revision: rev, objects: reads.map(objectsFor) };
    },
    revisions: async () => {
      asked.push('versions Pod');
      return { revision: rev, items: store.map((o) => [`default/${o.metadata.name}`, Number(o.metadata.resourceVersion)] as [string, number]) };
    },
    unsubscribe: () => {},
  } as unknown as StoreClient;
  let changes = 0;
  const view = new OwnedView(client, RS, owner, PODS, () => { changes++; });
  const failed: unknown[] = [];
  view.start(15, (e) => failed.push(e));
  t.teardown(() => view.stop());
  /** What was asked in the next n resync rounds (each reads the owner once), once they are over. */
  const rounds = async (n: number) => {
    const from = asked.length;
    const starts = () => asked.flatMap((a, i) => (i >= from && a.startsWith('read ReplicaSet') ? [i] : []));
    while (starts().length < n + 1) await new Promise((r) => setTimeout(r, 5));
    return asked.slice(from, starts()[n]);
  };
  while (view.owned.size === 0) await new Promise((r) => setTimeout(r, 5));
  t.equal(view.owned.size, 2, 'the first read');

  let seen = await rounds(2);
  t.notOk(seen.includes('read Pod'), `quiet and in step: no pod read whole (${seen.join(', ')})`);
  t.ok(seen.includes('versions Pod'), 'only their versions');
  const before = changes;

  // A deletion the view never hears of.
  store = [owned('a', 5)];
  rev = 12;
  seen = await rounds(2);
  t.ok(seen.includes('read Pod'), 'the versions differ: the pods are read whole');
  t.equal(view.owned.size, 1, 'and the missed deletion repaired');
  t.ok(changes > before, 'the actor is told');

  // A change heard: the next round reads whole at once, without asking for versions first.
  store = [owned('a', 13)];
  rev = 13;
  view.hear({ type: 'store.changes', changes: [{ type: 'MODIFIED', rev: 13, object: owned('a', 13) }] } as { type: string });
  seen = await rounds(1);
  t.equal(seen.find((a) => a.startsWith('read ReplicaSet') || a === 'versions Pod'), 'read ReplicaSet+Pod', `busy: owner and pods read whole in one ask (${seen.join(', ')})`);
  t.same(failed, []);
});
