// The event correlator: dedupe into counts, similar-event combining, burst summaries.
import t from 'tap';
import { COMBINED_PREFIX, EventCorrelator, combineBursts, type EventInput } from '../machines/events/correlator.js';

const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', namespace: 'default', uid: 'rs-1' };
const pod = (i: number) => ({ apiVersion: 'v1', kind: 'Pod', name: `web-1-${i}`, namespace: 'default', uid: `pod-${i}` });
const scheduled = (i: number, at: number): EventInput => ({
  involvedObject: pod(i), owner: rs, type: 'Normal', reason: 'Scheduled', message: `Successfully assigned default/web-1-${i} to node-1`, component: 'default-scheduler', at,
});
const created = (i: number, at: number): EventInput => ({
  involvedObject: rs, type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: web-1-${i}`, component: 'replicaset-controller', at,
});

t.test('an identical event counts up the first one', async (t) => {
  const c = new EventCorrelator();
  c.add(scheduled(1, 1000));
  const first = c.flush(1000);
  t.equal(first.create.length, 1);
  t.equal(first.update.length, 0);
  c.created(first.create[0]!, 'web-1-1.abc');
  c.add(scheduled(1, 2000));
  c.add(scheduled(1, 3000));
  const second = c.flush(3000);
  t.equal(second.create.length, 0, 'no new Event');
  t.equal(second.update.length, 1);
  t.equal(second.update[0]!.count, 3);
  t.equal(second.update[0]!.firstTimestamp, 1000);
  t.equal(second.update[0]!.lastTimestamp, 3000);
  t.equal(second.update[0]!.name, 'web-1-1.abc');
});

t.test('an Event still being created gets its new count in a later flush', async (t) => {
  const c = new EventCorrelator();
  c.add(scheduled(1, 0));
  const [entry] = c.flush(0).create;
  c.add(scheduled(1, 10));
  t.same(c.flush(10), { create: [], update: [] }, 'nothing to update before its name is known');
  t.ok(c.hasWork, 'the count is still owed');
  c.created(entry!, 'e1');
  const later = c.flush(20);
  t.equal(later.update.length, 1);
  t.equal(later.update[0]!.count, 2);
  t.notOk(c.hasWork);
});

t.test('past the window, the same event is a new Event', async (t) => {
  const c = new EventCorrelator({ windowMs: 1000 });
  c.add(scheduled(1, 0));
  c.created(c.flush(0).create[0]!, 'e1');
  c.add(scheduled(1, 5000));
  const r = c.flush(5000);
  t.equal(r.create.length, 1);
  t.equal(r.create[0]!.count, 1);
});

t.test('more than 10 different messages about one object+reason are combined', async (t) => {
  const c = new EventCorrelator();
  const written = [];
  for (let i = 0; i < 14; i++) {
    c.add(created(i, i));
    const r = c.flush(i);
    for (const e of r.create) c.created(e, `n${i}`);
    written.push(...r.create.map((e) => e.message), ...r.update.map((e) => `update ${e.count}: ${e.message}`));
  }
  t.same(written.slice(0, 10), Array.from({ length: 10 }, (_, i) => `Created pod: web-1-${i}`), 'the first 10 as they are');
  t.equal(written[10], `${COMBINED_PREFIX}Created pod: web-1-10`);
  t.equal(written[13], `update 4: ${COMBINED_PREFIX}Created pod: web-1-13`, 'then one combined Event counting up');
});

t.test('a burst of one ReplicaSet\'s pods in one flush becomes one Event on the ReplicaSet', async (t) => {
  const c = new EventCorrelator();
  for (let i = 0; i < 50; i++) c.add(scheduled(i, 100 + i));
  for (let i = 0; i < 3; i++) c.add({ ...scheduled(100 + i, 100), owner: { ...rs, uid: 'rs-2', name: 'other' } });
  const r = c.flush(200);
  t.equal(r.create.length, 4, 'one combined Event + three for the small group');
  const combined = r.create.find((e) => e.involvedObject.uid === 'rs-1')!;
  t.equal(combined.count, 50);
  t.equal(combined.involvedObject.kind, 'ReplicaSet');
  t.equal(combined.message, `${COMBINED_PREFIX}Successfully assigned default/web-1-49 to node-1`);
  t.equal(combined.firstTimestamp, 100, 'first and last of the events it stands for');
  t.equal(combined.lastTimestamp, 149);
  c.created(combined, 'web-1.x');
  for (let i = 50; i < 80; i++) c.add(scheduled(i, 300));
  const next = c.flush(300);
  t.equal(next.create.filter((e) => e.involvedObject.uid === 'rs-1').length, 0, 'the next burst adds to it');
  t.equal(next.update.find((e) => e.involvedObject.uid === 'rs-1')?.count, 80);
});

t.test('a few pods in a flush keep their own Events', async (t) => {
  const c = new EventCorrelator();
  for (let i = 0; i < 10; i++) c.add(scheduled(i, 0));
  const r = c.flush(0);
  t.equal(r.create.length, 10);
  t.same(r.create.map((e) => e.involvedObject.kind), Array(10).fill('Pod'));
});

t.test('events folded where they were recorded (combineBursts) write what the single events would', async (t) => {
  const other = { ...rs, uid: 'rs-2', name: 'other' };
  // Turns as a thread would gather them: bursts of one ReplicaSet, a small group, an event of its own.
  const turns: EventInput[][] = [
    [...Array.from({ length: 30 }, (_, i) => scheduled(i, 100 + i)), ...Array.from({ length: 3 }, (_, i) => ({ ...scheduled(200 + i, 100), owner: other })), created(1, 120)],
    Array.from({ length: 11 }, (_, i) => scheduled(40 + i, 300 + i)),
    Array.from({ length: 10 }, (_, i) => scheduled(60 + i, 400)),
  ];
  const writes = (inputs: EventInput[][]) => {
    const c = new EventCorrelator();
    const out: string[] = [];
    inputs.forEach((turn, k) => {
      for (const e of turn) c.add(e);
      const r = c.flush(1000 * (k + 1));
      for (const e of r.create) { c.created(e, `e${out.length}`); }
      out.push(...[...r.create, ...r.update].map((e) => `${e.involvedObject.kind}/${e.involvedObject.name} ${e.reason} ×${e.count} ${e.firstTimestamp}-${e.lastTimestamp} ${e.message}`).sort());
    });
    return out;
  };
  const folded = turns.map((turn) => combineBursts(turn));
  t.equal(folded[0]!.length, 5, 'the burst of 30 is one input; the 3 and the 1 pass as they are');
  t.equal(folded[0]!.find((e) => e.count)?.count, 30);
  t.equal(folded[1]!.length, 1, '11 > the burst threshold of 10');
  t.equal(folded[2]!.length, 10, '10 is not a burst');
  t.same(writes(folded), writes(turns), 'the correlator writes the same Events, counts and times');
  t.same(combineBursts(folded[0]!), folded[0], 'folding again changes nothing');
});

t.test('rfc3339: whole seconds, as Kubernetes writes metav1.Time', async (t) => {
  const { rfc3339 } = await import('../machines/time.js');
  const table: [number, string][] = [
    [Date.parse('2025-01-01T12:00:00.000Z'), '2025-01-01T12:00:00Z'],
    [Date.parse('2025-01-01T12:00:00.999Z'), '2025-01-01T12:00:00Z'],
    [Date.parse('2025-01-01T12:00:01.001Z'), '2025-01-01T12:00:01Z'],
    [Date.parse('2025-01-01T12:00:00.500Z'), '2025-01-01T12:00:00Z'],
    [0, '1970-01-01T00:00:00Z'],
  ];
  for (const [ms, want] of table) t.equal(rfc3339(ms), want, `${ms}`);
});

t.test('dropOldest trims a Map to a size, oldest first, and stops at an entry it must keep', async (t) => {
  const { dropOldest } = await import('../machines/drop-oldest.js');
  const m = new Map([['a', 1], ['b', 2], ['c', 3], ['d', 4]]);
  dropOldest(m, 2);
  t.same([...m.keys()], ['c', 'd']);
  dropOldest(m, 5);
  t.same([...m.keys()], ['c', 'd'], 'already small enough');
  const kept = new Map([['a', 1], ['b', 2], ['c', 3]]);
  dropOldest(kept, 0, (v) => v === 2);
  t.same([...kept.keys()], ['b', 'c'], 'stops at the first entry `stop` keeps');
});

t.test('Event names: <object>.<hex nanoseconds>, in time order when sorted, never the same twice', async (t) => {
  const { eventName } = await import('../actors/event-recorder.js');
  const base = Date.UTC(2026, 10, 28, 9, 0, 0);
  const times = [base, base + 0.001, base + 0.001, base + 0.5, base + 1, base + 1000];
  const names = times.map((at) => eventName('web-1', at));
  for (const n of names) t.match(n, /^web-1\.[0-9a-f]{16}$/);
  t.same([...names].sort(), names, 'name order is time order');
  t.equal(new Set(names).size, names.length, 'the same microsecond twice: two names');
  t.match(eventName(undefined, base), /^event\./);
});

t.test('a burst of one owner\'s pods on many nodes is still one burst, and its combined input names no node', async (t) => {
  const { combineBursts } = await import('../machines/events/correlator.js');
  const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', namespace: 'default', uid: 'rs-uid' };
  const events = Array.from({ length: 20 }, (_, i) => ({
    involvedObject: { kind: 'Pod', name: `p${i}`, namespace: 'default', uid: `p${i}`, fieldPath: 'spec.containers{c}' },
    owner, type: 'Normal' as const, reason: 'Started', message: 'Started container c', component: 'kubelet', host: `node-${i}`, at: 1000 + i,
  }));
  const out = combineBursts(events);
  t.equal(out.length, 1, 'one input');
  t.equal(out[0]!.count, 20);
  t.equal(out[0]!.host, undefined);
});
