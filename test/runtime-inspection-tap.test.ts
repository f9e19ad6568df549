import t from 'tap';
import { InspectionTap } from '../src/runtime/inspection.js';
import type { ActorRecord } from '../src/runtime/host.js';
import type { InspectionRecord } from '../src/runtime/envelope.js';

// The tap on its own: one observer on the thread's XState system, whatever the number of
// inspected actors, and none once no actor is inspected (the system then skips inspection).
type Observer = (ev: { type: string; actorRef: unknown; snapshot?: { status: string; value?: unknown } }) => void;

function hub() {
  const observers = new Set<Observer>();
  return {
    observers,
    inspect(o: Observer) { observers.add(o); return { unsubscribe: () => { observers.delete(o); } }; },
    snapshot(actorRef: unknown, value: string) { for (const o of observers) o({ type: '@xstate.snapshot', actorRef, snapshot: { status: 'active', value } }); },
  };
}

function record(address: string, kind: string, value: string, system?: unknown): ActorRecord {
  const actor = { getSnapshot: () => ({ status: 'active', value }), system };
  return { address, options: { kind }, actor, lastMid: 7, inspection: null } as unknown as ActorRecord;
}

t.test('one observer for every inspected actor of the thread, released when none is left', async (t) => {
  const h = hub();
  const tap = new InspectionTap(h as never, () => {});
  tap.configure({ kinds: ['pod'] });
  const a = record('1/a', 'pod', 'Pending'), b = record('1/b', 'pod', 'Pending'), c = record('1/c', 'node', 'Ready');
  for (const r of [a, b, c]) tap.attach(r);
  t.equal(h.observers.size, 1, 'one observer for two actors');
  t.equal(c.inspection, null, 'an actor the filter leaves out is not inspected');
  h.snapshot(a.actor, 'Running');
  h.snapshot(a.actor, 'Running');
  h.snapshot(b.actor, 'Pending');
  h.snapshot(c.actor, 'NotReady');
  t.same((tap.drain() ?? []).map((r: InspectionRecord) => [r.address, (r as { state?: string }).state]), [['1/a', 'Running']],
    "each actor's own changes of state, once; none for an actor not inspected");
  a.inspection!.unsubscribe();
  t.equal(h.observers.size, 1, 'still observed while one actor is inspected');
  h.snapshot(a.actor, 'Succeeded');
  t.equal(tap.drain(), null, 'an actor no longer inspected reports nothing');
  b.inspection!.unsubscribe();
  t.equal(h.observers.size, 0, 'no observer once no actor is inspected');
  tap.attach(b);
  t.equal(h.observers.size, 1, 'inspected again: observed again');
});

t.test('an actor with a system of its own is observed there, alone, and released with it', async (t) => {
  const shared = hub(), own = hub();
  const tap = new InspectionTap(shared as never, () => {});
  tap.configure({});
  const a = record('1/a', 'pod', 'Pending', shared), b = record('1/b', 'keeper', 'Idle', own);
  tap.attach(a);
  tap.attach(b);
  t.equal(shared.observers.size, 1);
  t.equal(own.observers.size, 1, 'its own system has an observer of its own');
  own.snapshot(b.actor, 'Busy');
  shared.snapshot(a.actor, 'Running');
  t.same((tap.drain() ?? []).map((r: InspectionRecord) => [r.address, (r as { state?: string }).state]), [['1/b', 'Busy'], ['1/a', 'Running']]);
  b.inspection!.unsubscribe();
  t.equal(own.observers.size, 0, 'released with it');
  t.equal(shared.observers.size, 1, 'the shared one stays for the other');
});
