import t from 'tap';
import {
  createRuntime, EncodeError, InvalidAddressError, InvalidEventError, RuntimeClosedError, UnknownLogicError, type Address,
} from '../src/index.js';
import { FIXTURES, runtimeFor, waitForLifecycle } from './helpers/runtime.js';

t.test('bad input gets typed errors at the caller', async (t) => {
  const rt = await runtimeFor(t, { workers: 1 });
  t.throws(() => rt.spawn('nope', { id: 'x' }), UnknownLogicError, 'unknown logic name');
  t.throws(() => rt.send('garbage' as Address, { type: 'x' }), InvalidAddressError, 'malformed address');
  t.throws(() => rt.send('9/x' as Address, { type: 'x' }), InvalidAddressError, 'address on a thread that does not exist');
  const c = rt.spawn('counter', { id: 'c' });
  t.throws(() => rt.send(c, { type: 'x', f: () => 1 } as never), EncodeError, 'a function cannot cross threads');
  t.throws(() => rt.send(c, { type: 'x', when: new Map() } as never), EncodeError, 'class instances are refused');
  t.throws(() => rt.send(c, { notype: 1 } as never), InvalidEventError, 'an event needs a type');
  t.throws(() => rt.spawn('counter', { id: 'c2', input: { f: Symbol('s') } }), EncodeError, 'spawn input must be plain data');
  t.same((await rt.ask<{ n: number }>(c, { type: 'get' })).n, 0, 'nothing reached the actor, the worker is fine');
});

t.test('dead letters and duplicate spawns are counted and reported, not silent', async (t) => {
  const rt = await runtimeFor(t, { workers: 1 });
  const dead = waitForLifecycle(rt, (r) => r.type === 'deadLetter' && r.address === '1/ghost' && r.eventType === 'hello');
  rt.send('1/ghost' as Address, { type: 'hello' });
  await dead;
  rt.spawn('counter', { id: 'dup', worker: 1 });
  const dup = waitForLifecycle(rt, (r) => r.type === 'spawnFailed' && r.address === '1/dup');
  rt.spawn('counter', { id: 'dup', worker: 1 });
  await dup;
  const stats = await rt.stats();
  t.equal(stats.deadLetters, 1);
  t.equal(stats.threads[1]!.spawnFailures, 1);
});

t.test('after close: typed errors, pending asks rejected', async (t) => {
  const rt = await createRuntime({ workers: 1, modules: [FIXTURES] });
  const echo = rt.spawn('slowEcho', { id: 'e', worker: 0 });
  const pending = rt.ask(echo, { type: 'echo', delay: 60_000 }, { timeout: 120_000 });
  await rt.close();
  await t.rejects(pending, RuntimeClosedError, 'an ask in flight is rejected at close');
  t.throws(() => rt.send(echo, { type: 'x' }), RuntimeClosedError);
  t.throws(() => rt.spawn('sink', { id: 'late' }), RuntimeClosedError);
  await t.rejects(rt.ask(echo, { type: 'x' }), RuntimeClosedError);
  await rt.close(); // idempotent
});

t.test('bigints: 64 bits cross, wider ones are refused at the send, not lost at the flush', async (t) => {
  const rt = await runtimeFor(t, { workers: 1 });
  const c = rt.spawn('counter', { id: 'big', worker: 1 });
  t.throws(() => rt.send(c, { type: 'ping', big: 2n ** 70n } as never), EncodeError, 'wider than uint64');
  t.throws(() => rt.send(c, { type: 'ping', big: -(2n ** 63n) - 1n } as never), EncodeError, 'below int64');
  t.throws(() => rt.send(c, { type: 'ping', nested: [{ x: 2n ** 64n }] } as never), /bigint outside the 64-bit range.* at event\.nested\[0\]\.x/, 'the error names the path');
  const echo = rt.spawn('slowEcho', { id: 'bigEcho', worker: 1 });
  const edges = [2n ** 64n - 1n, -(2n ** 63n), 0n];
  for (const value of edges) {
    t.equal(await rt.ask<bigint>(echo, { type: 'echo', delay: 0, value } as never), value, `${value} crosses and comes back`);
  }
});

t.test('a message that fails to encode at the flush is a counted dead letter; the rest of its batch arrives', async (t) => {
  const rt = await runtimeFor(t, { workers: 1 });
  const dead = waitForLifecycle(rt, (r) => r.type === 'deadLetter' && r.address === '1/batchmate' && /not encodable/.test(r.error ?? ''));
  // One turn: a spawn, a send whose value escaped the check (plain: the caller vouched for it),
  // and a good send behind it. They share one batch.
  const c = rt.spawn('counter', { id: 'batchmate', worker: 1 });
  rt.send(c, { type: 'ping', big: 2n ** 70n } as never, { plain: true });
  rt.send(c, { type: 'ping' });
  await dead;
  t.equal((await rt.ask<{ n: number }>(c, { type: 'get' })).n, 1, 'the spawn and the good send in the same batch arrived');
  t.equal((await rt.stats()).deadLetters, 1, 'counted once');
});
