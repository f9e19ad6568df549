// A journal holding objects of many shapes reopens whole: msgpackr gives the 33rd structure on
// two-byte record ids, which a reopened codec must read as such (it once read them a byte off,
// and a server with a Deployment or two could not start again).
import t from 'tap';
import { openStore } from '../src/store/index.js';
import type { KObject, ResourceRef } from '../src/store/types.js';
import { tempDir } from './fixtures/store-helpers.js';

const CM: ResourceRef = { group: '', resource: 'configmaps', kind: 'ConfigMap', namespaced: true };

/** A ConfigMap whose data has keys of its own: one more msgpackr structure each. */
const shaped = (i: number, v = 'a'): KObject => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}`, namespace: 'default', labels: { [`l${i}`]: v } },
  data: { [`key${i}`]: v, [`other${i}`]: `${v}${i}` },
});

t.test('objects of 300 shapes survive two reopens, with new shapes written in between', async (t) => {
  const dir = tempDir(t);
  let s = await openStore({ path: dir });
  for (let i = 0; i < 150; i++) await s.create(CM, shaped(i));
  t.ok(s.codec.sharedStructures.length > 96, `structures past the two-byte ids' first high bytes (${s.codec.sharedStructures.length})`);
  await s.close();

  s = await openStore({ path: dir });
  for (let i = 0; i < 150; i += 7) await s.update(CM, shaped(i, 'b'));
  for (let i = 150; i < 300; i++) await s.create(CM, shaped(i));
  await s.close();

  s = await openStore({ path: dir });
  t.teardown(() => s.close());
  const { items } = await s.list(CM, { namespace: 'default' });
  t.equal(items.length, 300, 'every object is there');
  const wrong = items.filter((o) => {
    const i = Number(o.metadata.name!.slice(1));
    const v = i < 150 && i % 7 === 0 ? 'b' : 'a';
    return o.data?.[`key${i}`] !== v || o.data?.[`other${i}`] !== `${v}${i}` || o.metadata.labels?.[`l${i}`] !== v;
  });
  t.same(wrong.map((o) => o.metadata.name), [], 'each reads back as written');
});
