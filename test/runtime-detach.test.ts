// A host losing a peer thread (Host.detachPeer): asks the dead thread was sent fail at
// once; asks still queued for it (the turn's batch had not left) stay pending and are
// answered by the replacement, which gets the outbox. Two hosts on real message ports,
// in this thread, so the death can fall between an ask and its batch leaving.
import t from 'tap';
import type { Address } from '../src/index.js';
import { BatchCodec } from '../src/runtime/codec.js';
import { Host } from '../src/runtime/host.js';
import { LogicRegistry } from '../src/runtime/registry.js';
import { FIXTURES } from './helpers/runtime.js';

async function hostOf(thread: number, incarnation: number): Promise<Host> {
  const registry = new LogicRegistry();
  await registry.load([FIXTURES.href]);
  return new Host({ thread, incarnation, workers: 1, registry, codec: new BatchCodec(registry.structures), askTimeoutMs: 120_000 });
}

const settled = (p: Promise<unknown>) => p.then((value) => ({ value }), (error: Error) => ({ error: error.message }));

t.test('a dead peer: the asks it was sent fail at once, the asks still queued for it reach its replacement', async (t) => {
  const main = await hostOf(0, 0);
  t.teardown(() => main.close());
  const target = '1/c' as Address;

  // Thread 1's first incarnation never reads its end of the stream: it dies having answered nothing.
  const first = new MessageChannel();
  t.teardown(() => first.port2.close());
  main.attachPeer(1, first.port1);
  const sent = settled(main.ask(target, { type: 'get' }));
  await new Promise((r) => setImmediate(r)); // the turn's batch has left
  t.equal(main.stats().sentBuffers, 1, 'the first ask left in a batch');
  const queued = settled(main.ask(target, { type: 'get' }));
  main.detachPeer(1); // before this turn's batch leaves

  t.match(await sent, { error: /its worker \(thread 1\) died before it answered/ }, 'the ask that was sent fails');

  const replacement = await hostOf(1, 1);
  t.teardown(() => replacement.close());
  replacement.spawn('counter', { id: 'c', worker: 1, input: { start: 7 } });
  const second = new MessageChannel();
  replacement.attachPeer(0, second.port2);
  main.attachPeer(1, second.port1);
  t.same(await queued, { value: { n: 7, seen: [] } }, 'the queued ask is answered by the replacement');
});
