import t from 'tap';
import type { Address, InspectionRecord } from '../src/index.js';
import { runtimeFor } from './helpers/runtime.js';

t.test('the tap sees events and transitions of actors on any worker, filtered by kind', async (t) => {
  const rt = await runtimeFor(t, { workers: 2 });
  const toggles: Address[] = [rt.spawn('toggle', { id: 't1', worker: 1 }), rt.spawn('toggle', { id: 't2', worker: 2 })];
  const other = rt.spawn('counter', { id: 'not-a-toggle', worker: 1 });
  for (const a of [...toggles, other]) await rt.ask(a, { type: 'noop' });
  const seen: InspectionRecord[] = [];
  const off = await rt.inspect({ kinds: ['toggle'] }, (rs) => seen.push(...rs));
  for (const a of toggles) { rt.send(a, { type: 'flip' }); rt.send(a, { type: 'flip' }); rt.send(a, { type: 'flip' }); }
  rt.send(other, { type: 'ping' });
  for (const a of [...toggles, other]) await rt.ask(a, { type: 'noop' });
  await new Promise((r) => setTimeout(r, 50));
  for (const a of toggles) {
    const transitions = seen.filter((r) => r.address === a && r.type === 'transition').map((r) => r.state);
    t.same(transitions, ['on', 'off', 'on'], `${a}: every state change, in order`);
    t.equal(seen.filter((r) => r.address === a && r.type === 'event' && r.eventType === 'flip').length, 3, `${a}: three flips received`);
  }
  t.notOk(seen.some((r) => r.address === other), 'other kinds are filtered out at the source');
  await off();
  const before = seen.length;
  rt.send(toggles[0]!, { type: 'flip' });
  await rt.ask(toggles[0]!, { type: 'noop' });
  await new Promise((r) => setTimeout(r, 50));
  t.equal(seen.length, before, 'nothing arrives once the tap is off');
});

t.test('lifecycle records come through the tap too', async (t) => {
  const rt = await runtimeFor(t, { workers: 1 });
  const seen: InspectionRecord[] = [];
  const off = await rt.inspect({ events: false, transitions: false }, (rs) => seen.push(...rs));
  const a = rt.spawn('counter', { id: 'c', worker: 1 });
  await rt.ask(a, { type: 'get' });
  rt.stop(a);
  await new Promise((r) => setTimeout(r, 50));
  await off();
  t.same(seen.filter((r) => r.address === a).map((r) => r.lifecycle), ['spawned', 'stopped']);
});

t.test('counts per state are aggregated where the actors live', async (t) => {
  const rt = await runtimeFor(t, { workers: 2 });
  const addrs: Address[] = [];
  for (let i = 0; i < 300; i++) addrs.push(rt.spawn('toggle', { id: `tg-${i}` }));
  for (let i = 0; i < 100; i++) rt.send(addrs[i]!, { type: 'flip' });
  for (const a of addrs) await rt.ask(a, { type: 'noop' });
  t.same(await rt.stateCounts('toggle'), { toggle: { off: 200, on: 100 } });
  rt.spawn('counter', { id: 'one-counter' });
  await rt.ask(`${(await import('../src/runtime/address.js')).placeById('one-counter', 2)}/one-counter` as Address, { type: 'get' });
  const all = await rt.stateCounts();
  t.same(all.counter, { counting: 1 });
  t.equal(all.toggle!.on, 100);
});

t.test('the tap filtered by address sees that actor alone', async (t) => {
  const rt = await runtimeFor(t, { workers: 2 });
  const watched = rt.spawn('toggle', { id: 'watched', worker: 2 });
  const sameKind = rt.spawn('toggle', { id: 'same-kind', worker: 2 });
  for (const a of [watched, sameKind]) await rt.ask(a, { type: 'noop' });
  const seen: InspectionRecord[] = [];
  const off = await rt.inspect({ addresses: [watched] }, (rs) => seen.push(...rs));
  for (const a of [watched, sameKind]) { rt.send(a, { type: 'flip' }); await rt.ask(a, { type: 'noop' }); }
  await new Promise((r) => setTimeout(r, 50));
  await off();
  t.same(seen.filter((r) => r.type === 'transition').map((r) => r.address), [watched], 'one transition, of the watched actor');
  t.notOk(seen.some((r) => r.address === sameKind), 'an actor of the same kind is not seen');
});

t.test('each thread reports its own heap, after a full collection when asked', async (t) => {
  const rt = await runtimeFor(t, { workers: 2 });
  // Actors on both workers, so each heap holds something of its own.
  for (let i = 0; i < 20; i++) rt.spawn('sink', { id: `heap-${i}` });
  const heaps = await rt.heap({ collect: true });
  t.same(heaps.map((h) => h.thread), [0, 1, 2], 'main first, then each worker');
  for (const h of heaps) {
    t.equal(h.collected, true, `thread ${h.thread} collected first`);
    t.ok(h.usedBytes > 0 && h.usedBytes <= h.totalBytes, `thread ${h.thread}: ${h.usedBytes} used of ${h.totalBytes}`);
  }
  const plain = await rt.heap();
  t.same(plain.map((h) => h.collected), [false, false, false], 'without collect, none runs');
});
