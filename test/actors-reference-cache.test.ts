// The pods' cache of references found to exist: within its TTL only, what was found only,
// bounded, the oldest going first.
import t from 'tap';
import { ReferenceCache } from '../actors/reference-cache.js';

t.test('found within the TTL, then asked again', async (t) => {
  const c = new ReferenceCache(1000, 3);
  c.found('default', 'serviceaccounts', 'default', 10_000);
  const table: [string, string, string, string, number, boolean][] = [
    ['just found', 'default', 'serviceaccounts', 'default', 10_000, true],
    ['within the TTL', 'default', 'serviceaccounts', 'default', 10_999, true],
    ['at the TTL: asked again', 'default', 'serviceaccounts', 'default', 11_000, false],
    ['another namespace', 'other', 'serviceaccounts', 'default', 10_001, false],
    ['another kind', 'default', 'secrets', 'default', 10_001, false],
    ['never found', 'default', 'secrets', 'db', 10_001, false],
  ];
  for (const [what, ns, kind, name, now, want] of table) t.equal(c.has(ns, kind, name, now), want, what);
});

t.test('bounded: the oldest goes first', async (t) => {
  const c = new ReferenceCache(60_000, 2);
  c.found('a', 'secrets', 'x', 1);
  c.found('b', 'secrets', 'x', 2);
  c.found('a', 'secrets', 'x', 3); // found again: now the newest
  c.found('c', 'secrets', 'x', 4);
  t.same(['a', 'b', 'c'].map((ns) => c.has(ns, 'secrets', 'x', 5)), [true, false, true]);
});
