// Runtime.scatter: one list of items crosses to each thread once, and each addressed actor
// gets its own subset as one event, in order with the other messages from the same sender.
import t from 'tap';
import { runtimeFor, waitForLifecycle } from './helpers/runtime.js';

t.test('each actor gets its subset, once; on every thread; in order with sends', async (t) => {
  const rt = await runtimeFor(t, { workers: 2 });
  const a = rt.spawn('collector', { id: 'a', worker: 1 });
  const b = rt.spawn('collector', { id: 'b', worker: 1 });
  const c = rt.spawn('collector', { id: 'c', worker: 2 });
  const d = rt.spawn('collector', { id: 'd', worker: 0 });
  const items = [{ n: 0, tag: 'x' }, { n: 1, tag: 'y' }, { n: 2, tag: 'z' }];
  rt.send(a, { type: 'ping', seq: 1 });
  rt.scatter('batch', 'items', items, [[a, [0, 2]], [b, [1]], [c, [0, 1, 2]], [d, [2]]], { cause: 'rev:7' });
  rt.send(a, { type: 'ping', seq: 2 });
  const got = async (addr: typeof a) => rt.ask<{ got: unknown[][]; cause: unknown; order: string[] }>(addr, { type: 'get' });
  const ra = await got(a);
  t.same(ra.got, [[items[0], items[2]]], 'a: items 0 and 2');
  t.same(ra.order, ['ping1', 'batch', 'ping2'], 'in order with the same sender\'s sends');
  const rb = await got(b);
  t.type(ra.cause, 'number', 'a delivery is a message with its own id (what the actor\'s sends are caused by)');
  t.not(ra.cause, rb.cause, 'one id per delivery');
  t.same(rb.got, [[items[1]]], 'b (same thread as a): item 1');
  t.same((await got(c)).got, [items], 'c (another worker): all three');
  t.same((await got(d)).got, [[items[2]]], 'd (main thread): item 2');
});

t.test('an unknown actor is a dead letter; the others still get theirs; bad items are refused', async (t) => {
  const rt = await runtimeFor(t, { workers: 1 });
  const a = rt.spawn('collector', { id: 'a', worker: 1 });
  const dead = waitForLifecycle(rt, (r) => r.type === 'deadLetter' && r.address === '1/nobody' && r.eventType === 'batch');
  rt.scatter('batch', 'items', [1, 2], [['1/nobody', [0]], [a, [1]]]);
  await dead;
  t.pass('dead letter recorded for 1/nobody');
  t.same((await rt.ask<{ got: unknown[][] }>(a, { type: 'get' })).got, [[2]], 'a got its item');
  t.throws(() => rt.scatter('batch', 'items', [{ f: () => 1 }], [[a, [0]]]), /function/, 'a function is not plain data');
});

t.test('a shared table reaches each thread before the items that need it; a replaced worker gets it whole', async (t) => {
  const rt = await runtimeFor(t, { workers: 2 });
  const a = rt.spawn('collector', { id: 'a', worker: 1 });
  const c = rt.spawn('collector', { id: 'c', worker: 2 });
  const d = rt.spawn('collector', { id: 'd', worker: 0 });
  const words: string[] = ['zero', 'one'];
  const table = { name: 'words', entries: words };
  rt.scatter('coded', 'items', [0, 1], [[a, [0, 1]], [c, [1]], [d, [0]]], { table });
  words.push('two');
  rt.scatter('coded', 'items', [2, 0], [[a, [0]], [c, [0, 1]]], { table });
  const got = async (addr: typeof a) => (await rt.ask<{ got: unknown[][] }>(addr, { type: 'get' })).got;
  t.same(await got(a), [['zero', 'one'], ['two']], 'decoded on worker 1, the new entry sent when needed');
  t.same(await got(c), [['one'], ['two', 'zero']], 'and on worker 2, which got only its items');
  t.same(await got(d), [['zero']], 'and on the main thread');
  const restored = waitForLifecycle(rt, (r) => r.type === 'workerRestarted');
  await rt.crashWorker(1);
  await restored;
  const a2 = rt.spawn('collector', { id: 'a2', worker: 1 });
  rt.scatter('coded', 'items', [2, 1], [[a2, [0, 1]]], { table });
  t.same(await got(a2), [['two', 'one']], 'the replacement worker was sent the whole table');
});

t.test('a batch a thread cannot decode: dead letters, and the stream goes on', async (t) => {
  const rt = await runtimeFor(t, { workers: 1 });
  const a = rt.spawn('collector', { id: 'a', worker: 1 });
  const table = { name: 'words', entries: ['zero'] };
  const dead = waitForLifecycle(rt, (r) => r.type === 'deadLetter' && r.address === a && r.eventType === 'coded');
  rt.scatter('coded', 'items', [7], [[a, [0]]], { table });
  await dead;
  t.pass('the undecodable delivery is a dead letter');
  rt.scatter('coded', 'items', [0], [[a, [0]]], { table });
  t.same((await rt.ask<{ got: unknown[][] }>(a, { type: 'get' })).got, [['zero']], 'the next batch arrives');
});

t.test('threadLocal: one value per thread, shared by its actors', async (t) => {
  const rt = await runtimeFor(t, { workers: 2 });
  const ask = (address: ReturnType<typeof rt.spawn>) => rt.ask<{ n: number; thread: number }>(address, { type: 'count' });
  const [x, y, z] = ['x', 'y', 'z'].map((id, i) => rt.spawn('localCounter', { id, worker: i === 2 ? 2 : 1 }));
  t.same(await ask(x!), { n: 1, thread: 1 });
  t.same(await ask(y!), { n: 2, thread: 1 }, 'the second actor of worker 1 sees the same value');
  t.same(await ask(z!), { n: 1, thread: 2 }, 'worker 2 has its own');
});
