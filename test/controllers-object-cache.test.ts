// The cache a controller keeps of what it heard (actors/client.ts): changes and reads in either
// order, the resourceVersion deciding; and whether a resync's versions-only read shows
// anything the cache lacks, so the objects themselves are read only then.
import t from 'tap';
import { ObjectCache } from '../actors/client.js';
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
