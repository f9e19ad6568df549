// The namespaces admission reads (src/api/rest/namespace-lister.ts): kept by a watch, a
// namespace's change is seen as soon as its write is answered, and a store the lister has not
// caught up with is asked instead.
import t from 'tap';
import { JournalStore } from '../src/store/journal-store.js';
import { NAMESPACES_REF, namespaceLister } from '../src/api/rest/namespace-lister.js';
import { eventually } from './helpers/eventually.js';
import { tempDir } from './fixtures/store-helpers.js';

const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, finalizers: ['example.com/hold'] } });

t.test('a namespace\'s create, mark for deletion and removal are seen by the next lookup', async (t) => {
  const s = await JournalStore.open({ path: tempDir(t) });
  t.teardown(() => s.close());
  await s.create(NAMESPACES_REF, ns('before'));
  const lister = namespaceLister(s);
  t.equal(namespaceLister(s), lister, 'one lister per store');
  t.equal(lister.get('before'), undefined, 'not caught up yet: ask the store');
  await eventually('caught up', async () => lister.get('before') ?? undefined);
  t.pass('a namespace made before the watch, from its first events');

  await s.create(NAMESPACES_REF, ns('team'));
  await Promise.resolve();
  t.equal(lister.get('team')?.metadata.name, 'team', 'a new one, right after its create is answered');
  await s.delete(NAMESPACES_REF, undefined, 'team');
  await Promise.resolve();
  t.ok(lister.get('team')?.metadata.deletionTimestamp, 'marked for deletion, right after');
  await s.update(NAMESPACES_REF, { ...ns('team'), metadata: { name: 'team', finalizers: [] } });
  await Promise.resolve();
  t.equal(lister.get('team'), undefined, 'gone once its finalizers are');
  t.equal(lister.get('nowhere'), undefined, 'never seen: ask the store');
});

t.test('once the store is closed, every lookup goes to the store', async (t) => {
  const s = await JournalStore.open({ path: tempDir(t) });
  await s.create(NAMESPACES_REF, ns('a'));
  const lister = namespaceLister(s);
  await eventually('caught up', async () => lister.get('a') ?? undefined);
  await s.close();
  await eventually('forgotten', async () => (lister.get('a') === undefined ? true : undefined));
  t.pass();
});
