import t from 'tap';
import { formatAddress, hashId, parseAddress, placeById } from '../src/runtime/address.js';
import { InvalidAddressError } from '../src/index.js';
import { runtimeFor } from './helpers/runtime.js';

t.test('placement is a pure function of id and worker count', async (t) => {
  const table: [string, number][] = [['pods/default/web-1', 1], ['pods/default/web-1', 3], ['nodes/n-17', 4], ['', 2]];
  for (const [id, workers] of table) {
    const first = placeById(id, workers);
    t.equal(placeById(id, workers), first, `${id} on ${workers} workers is stable`);
    t.ok(first >= 1 && first <= workers, `${id} lands on a worker 1..${workers}`);
  }
  t.equal(placeById('anything', 0), 0, 'no workers: everything on thread 0');
  t.equal(hashId('abc'), 440920331, 'FNV-1a of "abc" is fixed (addresses survive restarts and upgrades)');
});

t.test('ids spread over workers', async (t) => {
  const counts = [0, 0, 0, 0, 0];
  for (let i = 0; i < 4000; i++) counts[placeById(`pod-${i}`, 4)]!++;
  for (let w = 1; w <= 4; w++) t.ok(counts[w]! > 800, `worker ${w} got ${counts[w]} of 4000`);
});

t.test('addresses round-trip, ids may contain slashes', async (t) => {
  t.same(parseAddress(formatAddress(2, 'pods/ns/name')), { thread: 2, id: 'pods/ns/name' });
  for (const bad of ['', 'x/y', '/id', '3/', 'nope', '-1/a']) t.throws(() => parseAddress(bad), InvalidAddressError, `"${bad}" is refused`);
});

t.test('spawn places by hash, or on the named worker, the same in every runtime', async (t) => {
  const a = await runtimeFor(t, { workers: 3 });
  const b = await runtimeFor(t, { workers: 3 });
  for (const id of ['x', 'pods/default/a', 'nodes/n1']) {
    const addr = a.spawn('sink', { id });
    t.equal(addr, b.spawn('sink', { id }), `${id} gets one address in both runtimes`);
    t.equal(parseAddress(addr).thread, placeById(id, 3));
  }
  t.equal(a.spawn('sink', { id: 'pinned', worker: 2 }), '2/pinned');
  t.equal(a.spawn('sink', { id: 'on-main', worker: 0 }), '0/on-main');
  t.throws(() => a.spawn('sink', { id: 'nowhere', worker: 4 }), RangeError);
  await a.ask('2/pinned', { type: 'x' }); // same stream as the spawn; snapshot() uses the control channel
  const snap = await a.snapshot('2/pinned');
  t.equal(snap?.status, 'active', 'the pinned actor runs where its address says');
});
