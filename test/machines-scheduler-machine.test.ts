// The scheduler's cycle statechart alone, on a simulated clock: what it asks the actor to do
// (sync, runCycle, requeueUnschedulable) as events arrive.
import t from 'tap';
import { SimulatedClock, createActor } from 'xstate';
import { schedulerMachine, type SchedulerEvent } from '../machines/scheduler/machine.js';

function run() {
  const clock = new SimulatedClock();
  const calls: string[] = [];
  const logic = schedulerMachine.provide({
    actions: {
      sync: () => { calls.push('sync'); },
      runCycle: () => { calls.push('runCycle'); },
      requeueUnschedulable: () => { calls.push('requeue'); },
      hear: () => { calls.push('hear'); },
    },
  });
  const actor = createActor(logic, { clock }).start();
  const state = () => JSON.stringify(actor.getSnapshot().value);
  const send = (e: SchedulerEvent) => actor.send(e);
  return { actor, clock, calls, state, send, take: () => calls.splice(0) };
}

t.test('cycles: sync first, then one cycle at a time, once more for pods queued meanwhile', async (t) => {
  const s = run();
  t.equal(s.state(), '{"cycle":"Syncing","backoff":"Clear"}');
  t.same(s.take(), ['sync']);
  s.send({ type: 'queue.changed' });
  t.same(s.take(), [], 'the read at sync covers the queue');
  s.send({ type: 'synced' });
  t.same(s.take(), ['runCycle'], 'a first cycle over what was read');
  s.send({ type: 'queue.changed' });
  s.send({ type: 'queue.changed' });
  t.same(s.take(), [], 'never two cycles at once');
  s.send({ type: 'cycle.done', backoffMs: null });
  t.same(s.take(), ['runCycle'], 'pods queued meanwhile: one more cycle');
  s.send({ type: 'cycle.done', backoffMs: null });
  t.equal(s.state(), '{"cycle":"Idle","backoff":"Clear"}');
  s.send({ type: 'store.changes', changes: [] });
  t.same(s.take(), ['hear'], 'routed changes go to the actor');
  s.send({ type: 'queue.changed' });
  t.same(s.take(), ['runCycle']);
});

t.test('back-off: unschedulable pods come back after it, or at once when a node changes', async (t) => {
  const s = run();
  s.send({ type: 'synced' });
  s.take();
  s.send({ type: 'cycle.done', backoffMs: 1000 });
  t.equal(s.state(), '{"cycle":"Idle","backoff":"BackingOff"}');
  s.clock.increment(999);
  t.same(s.take(), [], 'still backing off');
  s.clock.increment(1);
  t.same(s.take(), ['requeue', 'runCycle'], 'back in the queue after 1 s, and a cycle');
  t.equal(s.state(), '{"cycle":"Scheduling","backoff":"Clear"}');

  s.send({ type: 'cycle.done', backoffMs: 4000 });
  t.equal(s.state(), '{"cycle":"Idle","backoff":"BackingOff"}');
  s.send({ type: 'nodes.changed' });
  t.same(s.take(), ['requeue', 'runCycle'], 'a node change ends the back-off');
  s.clock.increment(10_000);
  t.same(s.take(), [], 'and its timer is gone');

  s.send({ type: 'nodes.changed' });
  t.same(s.take(), ['requeue'], 'a node change while clear still requeues (a cycle may have just found pods unschedulable)');
});

t.test('a failed cycle fails the actor (the runtime restarts it, and it re-reads)', async (t) => {
  const s = run();
  const errors: unknown[] = [];
  s.actor.subscribe({ error: (e) => errors.push(e) });
  s.send({ type: 'actor.failed', error: 'write timed out' });
  t.equal(s.actor.getSnapshot().status, 'error');
  t.match(String(errors[0]), /write timed out/);
});
