// Subscriptions through the real store gateway: an actor that subscribes again to a route it
// has (as a restarted actor does, with the address of its previous run) adds no second
// subscription; unsubscribing drops them all.
import t from 'tap';
import { gatewayRuntime } from './helpers/gateway.js';

t.test('subscribing again to the same route adds nothing; a new route does; unsubscribe drops all', async (t) => {
  const { store, runtime } = await gatewayRuntime(t);
  const probe = runtime.spawn('pod', { id: 'probe', worker: 1, input: { node: 'n1' } });
  const before = store.router.size;
  const subs = [{ by: 'node', value: 'n1' }, { by: 'key', value: '/core/nodes/n1' }];
  await runtime.ask(probe, { type: 'subscribe', subs });
  t.equal(store.router.size, before + 2, 'two routes');
  await runtime.ask(probe, { type: 'subscribe', subs });
  t.equal(store.router.size, before + 2, 'the same two again: still two');
  await runtime.ask(probe, { type: 'subscribe', subs: [{ by: 'node', value: 'n2' }] });
  t.equal(store.router.size, before + 3, 'a third route');
  runtime.send('0/store', { type: 'store.unsubscribe.for', target: probe });
  // Queued on main before this round trip through the worker comes back to the gateway.
  await runtime.ask(probe, { type: 'subscribe', subs: [] });
  t.equal(store.router.size, before, 'all dropped');
});
