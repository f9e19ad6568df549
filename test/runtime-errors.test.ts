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
