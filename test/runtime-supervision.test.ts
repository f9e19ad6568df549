import t from 'tap';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Address } from '../src/index.js';
import { eventually } from './helpers/eventually.js';
import { FIXTURES, runtimeFor, waitForLifecycle } from './helpers/runtime.js';

const WORKER_DEATH = new URL('./fixtures/worker-death.js', import.meta.url);

type Count = { n: number; seen: number[] };

t.test('an actor that throws is restarted from its input', async (t) => {
  const rt = await runtimeFor(t, { workers: 1 });
  const c = rt.spawn('counter', { id: 'fragile', input: { start: 10 } });
  rt.send(c, { type: 'ping' });
  t.same((await rt.ask<Count>(c, { type: 'get' })).n, 11);
  const restarted = waitForLifecycle(rt, (r) => r.type === 'restarted' && r.address === c);
  rt.send(c, { type: 'boom' });
  await restarted;
  t.same((await rt.ask<Count>(c, { type: 'get' })).n, 10, 'back from its input after the crash');
  const stats = await rt.stats();
  t.equal(stats.restarts, 1, 'the restart is counted');
});

t.test('an actor over its restart limit escalates to its supervisor', async (t) => {
  const rt = await runtimeFor(t, { workers: 2 });
  const boss = rt.spawn('supervisor', { id: 'boss', worker: 1 });
  rt.send(boss, { type: 'spawnChild', id: 'kid' }); // maxRestarts 2 within 60 s
  await rt.ask(boss, { type: 'get' });
  const kid = (await import('../src/runtime/address.js')).formatAddress((await import('../src/runtime/address.js')).placeById('kid', 2), 'kid');
  for (let tries = 0; tries < 200 && !(await rt.ask(kid, { type: 'get' }).catch(() => null)); tries++) await new Promise((r) => setTimeout(r, 5));
  const escalated = waitForLifecycle(rt, (r) => r.type === 'escalated' && r.address === kid);
  for (let i = 0; i < 3; i++) {
    const step = i < 2 ? waitForLifecycle(rt, (r) => r.type === 'restarted' && r.address === kid) : escalated;
    rt.send(kid, { type: 'boom' });
    await step;
  }
  let seen: string[] = [];
  for (let tries = 0; seen.length === 0 && tries < 100; tries++) {
    seen = await rt.ask<string[]>(boss, { type: 'get' });
    if (!seen.length) await new Promise((r) => setTimeout(r, 10));
  }
  t.same(seen, [kid], 'the supervisor heard runtime.child.escalated for its child');
  const stats = await rt.stats();
  t.equal(stats.restarts, 2, 'two restarts were allowed');
  t.equal(stats.escalations, 1, 'the third failure escalated');
  t.equal(await rt.snapshot(kid as Address), null, 'the escalated actor is gone');
});

t.test('an actor restarted after a failure starts without the children of its failed instance: they are stopped, and it can spawn them again', async (t) => {
  const rt = await runtimeFor(t, { workers: 2 });
  const parent = rt.spawn('guardian', { id: 'parent', worker: 1 });
  const spawnKids = () => {
    rt.send(parent, { type: 'spawnChild', logic: 'counter', id: 'kid-here', worker: 1 });
    rt.send(parent, { type: 'spawnChild', logic: 'counter', id: 'kid-there', worker: 2 });
  };
  spawnKids();
  const here = '1/kid-here' as Address, there = '2/kid-there' as Address;
  for (const kid of [here, there]) {
    await eventually(`${kid} running`, async () => (await rt.ask(kid, { type: 'get' }).catch(() => null)) ?? undefined);
    rt.send(kid, { type: 'ping' });
    t.equal((await rt.ask<Count>(kid, { type: 'get' })).n, 1, `${kid} counted a ping`);
  }
  const restarted = waitForLifecycle(rt, (r) => r.type === 'restarted' && r.address === parent);
  const stopped = [here, there].map((kid) => waitForLifecycle(rt, (r) => r.type === 'stopped' && r.address === kid));
  rt.send(parent, { type: 'boom' });
  await restarted;
  await Promise.all(stopped);
  t.pass('both children of the failed instance stopped, on its thread and on another');
  spawnKids();
  for (const kid of [here, there]) {
    t.equal((await eventually(`${kid} again`, async () => (await rt.ask<Count>(kid, { type: 'get' }).catch(() => null)) ?? undefined)).n, 0, `${kid} is a new actor`);
  }
  t.same(await rt.ask<string[]>(parent, { type: 'get' }), [], 'no spawn refused as a duplicate, nothing else heard');
});

t.test('an actor restored after its worker died still has its children: a restart of it stops them', async (t) => {
  const rt = await runtimeFor(t, { workers: 2 });
  const parent = rt.spawn('guardian', { id: 'parent-r', worker: 1 });
  rt.send(parent, { type: 'spawnChild', logic: 'counter', id: 'kid-r', worker: 2 });
  const kid = '2/kid-r' as Address;
  await eventually('the child running', async () => (await rt.ask(kid, { type: 'get' }).catch(() => null)) ?? undefined);
  const back = waitForLifecycle(rt, (r) => r.type === 'workerRestarted');
  await rt.crashWorker(1);
  await back;
  await eventually('the parent back', async () => (await rt.ask(parent, { type: 'get' }).catch(() => null)) ?? undefined);
  t.ok(await rt.ask(kid, { type: 'get' }), 'the child, on the other worker, ran on');
  // Back, the parent spawns its child again, as a kubelet does its pods': refused, and still its child.
  rt.send(parent, { type: 'spawnChild', logic: 'counter', id: 'kid-r', worker: 2 });
  await eventually('the duplicate refused', async () => ((await rt.ask<string[]>(parent, { type: 'get' })).includes(`runtime.spawn.failed ${kid}`) || undefined));
  const stopped = waitForLifecycle(rt, (r) => r.type === 'stopped' && r.address === kid);
  rt.send(parent, { type: 'boom' });
  await stopped;
  t.pass('the restored parent\'s restart stopped its child');
});

t.test('an actor restored after its worker died gets back its children on main too', async (t) => {
  const rt = await runtimeFor(t, { workers: 1 });
  const parent = rt.spawn('guardian', { id: 'parent-m', worker: 1 });
  rt.send(parent, { type: 'spawnChild', logic: 'counter', id: 'kid-m', worker: 0 });
  const kid = '0/kid-m' as Address;
  await eventually('the child running on main', async () => (await rt.ask(kid, { type: 'get' }).catch(() => null)) ?? undefined);
  const back = waitForLifecycle(rt, (r) => r.type === 'workerRestarted');
  await rt.crashWorker(1);
  await back;
  await eventually('the parent back', async () => (await rt.ask(parent, { type: 'get' }).catch(() => null)) ?? undefined);
  t.same(await rt.ask<string[]>(parent, { type: 'get' }), [], 'it heard of no child lost');
  const stopped = waitForLifecycle(rt, (r) => r.type === 'stopped' && r.address === kid);
  rt.send(parent, { type: 'boom' });
  await stopped;
  t.pass('the restored parent\'s restart stopped its child on main');
});

t.test('a child that ends just as its parent spawns it again: the end of the old actor is not taken for the new one\'s', async (t) => {
  const rt = await runtimeFor(t, { workers: 2 });
  const parent = rt.spawn('guardian', { id: 'parent-q', worker: 1 });
  rt.send(parent, { type: 'spawnChild', logic: 'quitter', id: 'quitter', worker: 2 });
  const kid = '2/quitter' as Address;
  const first = await eventually('the child running', async () => (await rt.snapshot(kid)) ?? undefined);
  t.ok(first, 'the first child runs');
  // It says it is quitting, then ends; its parent stops it and spawns it again on hearing the first,
  // so the old actor's runtime.child.done arrives after the new actor started.
  const ended = waitForLifecycle(rt, (r) => r.type === 'done' && r.address === kid);
  const again = waitForLifecycle(rt, (r) => r.type === 'spawned' && r.address === kid);
  rt.send(parent, { type: 'quitChild', child: kid });
  await Promise.all([ended, again]);
  await eventually('the new child running', async () => (await rt.snapshot(kid)) ?? undefined);
  // Anything the old child's end sent has arrived by the time an ask that follows it is answered.
  await rt.ask(kid, { type: 'ping' }).catch(() => null);
  t.same(await rt.ask<string[]>(parent, { type: 'get' }), [], 'the parent did not hear the old child\'s end as its new child\'s');
  const stopped = waitForLifecycle(rt, (r) => r.type === 'stopped' && r.address === kid);
  rt.send(parent, { type: 'boom' });
  await stopped;
  t.pass('the new child is still its child: the parent\'s restart stopped it');
});

t.test('restart policies: temporary is never restarted', async (t) => {
  const rt = await runtimeFor(t, { workers: 0 });
  const c = rt.spawn('counter', { id: 'temp', restart: 'temporary' });
  const gone = waitForLifecycle(rt, (r) => r.type === 'escalated' && r.address === c);
  rt.send(c, { type: 'boom' });
  await gone;
  t.equal(await rt.snapshot(c), null);
});

t.test('restart policies with promise logic: transient ends when done, permanent restarts until its limit', async (t) => {
  const rt = await runtimeFor(t, { workers: 1 });
  const done = waitForLifecycle(rt, (r) => r.type === 'done' && r.address === '1/once');
  rt.spawn('finish', { id: 'once', worker: 1, restart: 'transient' });
  await done;
  t.equal(await rt.snapshot('1/once' as Address), null, 'a transient actor that finished is gone');
  t.equal((await rt.stats()).restarts, 0, 'and was not restarted');

  const restarts: number[] = [];
  const off = rt.onLifecycle((r) => { if (r.type === 'restarted' && r.address === '1/again') restarts.push(r.at); });
  const escalated = waitForLifecycle(rt, (r) => r.type === 'escalated' && r.address === '1/again');
  rt.spawn('finish', { id: 'again', worker: 1, restart: 'permanent', maxRestarts: 3, withinMs: 60_000 });
  await escalated;
  off();
  t.equal(restarts.length, 3, 'a permanent actor is restarted after finishing, three times, then escalates');
});

t.test('the restart window slides: failures further apart than withinMs never escalate', async (t) => {
  const rt = await runtimeFor(t, { workers: 1 });
  const c = rt.spawn('counter', { id: 'spaced', worker: 1, maxRestarts: 1, withinMs: 100 });
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 150));
    const restarted = waitForLifecycle(rt, (r) => r.type === 'restarted' && r.address === c);
    rt.send(c, { type: 'boom' });
    await restarted;
  }
  const stats = await rt.stats();
  t.equal(stats.restarts, 3, 'each failure was restarted');
  t.equal(stats.escalations, 0, 'one restart per 100 ms window is within the limit');
  t.same((await rt.ask<Count>(c, { type: 'get' })).n, 0, 'and the actor answers');
});

t.test('a worker that dies is replaced and its actors come back, from their checkpoints', async (t) => {
  const rt = await runtimeFor(t, { workers: 2 });
  const onOne: Address[] = [];
  for (let i = 0; i < 50; i++) onOne.push(rt.spawn('counter', { id: `w1-${i}`, worker: 1, checkpointMs: 1 }));
  const survivor = rt.spawn('counter', { id: 'w2', worker: 2 });
  for (const a of onOne) for (let i = 0; i < 3; i++) rt.send(a, { type: 'ping', seq: i });
  rt.send(survivor, { type: 'ping', seq: 0 });
  for (const a of onOne) await rt.ask(a, { type: 'get' });
  await new Promise((r) => setTimeout(r, 30)); // let trailing checkpoints reach main
  const replaced = waitForLifecycle(rt, (r) => r.type === 'workerRestarted');
  await rt.crashWorker(1);
  const record = await replaced;
  t.equal(record.recovered, 50, 'all 50 actors of the dead worker were restored');
  for (const a of onOne) {
    const got = await rt.ask<Count>(a, { type: 'get' });
    t.equal(got.n, 3, `${a} came back with its checkpointed count`);
  }
  t.same(await rt.ask<Count>(survivor, { type: 'get' }), { n: 1, seen: [0] }, 'actors on the other worker were untouched');
  // Streams to and from the new worker work both ways, including worker ↔ worker.
  rt.send(onOne[0]!, { type: 'relay', to: survivor, seq: 7 });
  await rt.ask(onOne[0]!, { type: 'get' });
  let seen: number[] = [];
  for (let tries = 0; !seen.includes(7) && tries < 100; tries++) {
    seen = (await rt.ask<Count>(survivor, { type: 'get' })).seen;
    if (!seen.includes(7)) await new Promise((r) => setTimeout(r, 10));
  }
  t.ok(seen.includes(7), 'the new worker reaches the survivor directly');
  const stats = await rt.stats();
  t.equal(stats.workerRestarts, 1);
  t.equal(stats.actorsRecovered, 50);
});

t.test('an ask in flight to a worker that dies fails at once, not at its timeout; from another worker too', async (t) => {
  const rt = await runtimeFor(t, { workers: 2 });
  const slow = rt.spawn('slowEcho', { id: 'slow', worker: 1 });
  const broker = rt.spawn('broker', { id: 'asker', worker: 2 });
  await rt.ask(slow, { type: 'echo', delay: 0 });
  const handled = async () => (await rt.stats()).threads[1]!.delivered;
  const before = await handled();
  const fromMain = rt.ask(slow, { type: 'echo', delay: 60_000 }, { timeout: 120_000 });
  const fromWorker = rt.ask(broker, { type: 'forward', to: slow, event: { type: 'echo', delay: 60_000 }, timeout: 120_000 }, { timeout: 120_000 });
  // Crash only once worker 1 has taken both asks (a later one would reach the replacement).
  for (let tries = 0; (await handled()) < before + 2; tries++) {
    if (tries > 500) throw new Error('worker 1 never took both asks');
    await new Promise((r) => setTimeout(r, 10));
  }
  const t0 = Date.now();
  await rt.crashWorker(1);
  await t.rejects(fromMain, { code: 'ActorFailed', message: /died before it answered/ }, 'main hears it');
  t.same(await fromWorker, { ok: false, code: 'ActorFailed' }, 'an actor on worker 2 hears it');
  t.ok(Date.now() - t0 < 30_000, 'long before the asks would have timed out');
});

t.test('tellRestored: an actor restored after its worker died hears runtime.restored first; others do not', async (t) => {
  const rt = await runtimeFor(t, { workers: 1 });
  const told = rt.spawn('collector', { id: 'told', worker: 1, tellRestored: true });
  const quiet = rt.spawn('collector', { id: 'quiet', worker: 1 });
  await rt.ask(told, { type: 'get' });
  await rt.ask(quiet, { type: 'get' });
  const replaced = waitForLifecycle(rt, (r) => r.type === 'workerRestarted');
  await rt.crashWorker(1);
  await replaced;
  rt.send(told, { type: 'ping', seq: 1 });
  t.same((await rt.ask<{ order: string[] }>(told, { type: 'get' })).order, ['runtime.restored', 'ping1'], 'restored, then what was sent after');
  t.same((await rt.ask<{ order: string[] }>(quiet, { type: 'get' })).order, [], 'not asked for: not told');
});

t.test('tellRestored: an actor restarted after a failure hears runtime.restored first too', async (t) => {
  const rt = await runtimeFor(t, { workers: 1 });
  const told = rt.spawn('collector', { id: 'told', worker: 1, tellRestored: true });
  const quiet = rt.spawn('collector', { id: 'quiet', worker: 1 });
  for (const a of [told, quiet]) {
    rt.send(a, { type: 'ping', seq: 1 });
    const restarted = waitForLifecycle(rt, (r) => r.type === 'restarted' && r.address === a);
    rt.send(a, { type: 'boom' });
    await restarted;
    rt.send(a, { type: 'ping', seq: 2 });
  }
  t.same((await rt.ask<{ order: string[] }>(told, { type: 'get' })).order, ['runtime.restored', 'ping2'], 'restarted from its input, told so, then what came next');
  t.same((await rt.ask<{ order: string[] }>(quiet, { type: 'get' })).order, ['ping2'], 'not asked for: not told');
});

t.test('a worker killed mid-run, with traffic flowing both ways, is replaced and the traffic resumes in order', async (t) => {
  const rt = await runtimeFor(t, { workers: 2 });
  // The collector keeps what it hears in arrival order at O(1) per event.
  const victim = rt.spawn('collector', { id: 'victim', worker: 1 });
  const peer = rt.spawn('counter', { id: 'peer', worker: 2 });
  await rt.ask(victim, { type: 'get' });
  let seq = 0;
  let flowing = true;
  // Every turn: main → worker 1 directly, and worker 2 → worker 1 by relay.
  const pump = (async () => {
    while (flowing) {
      for (let i = 0; i < 10; i++) {
        seq++;
        rt.send(victim, { type: 'ping', seq });
        rt.send(peer, { type: 'relay', to: victim, seq: -seq });
      }
      await new Promise((r) => setTimeout(r, 1));
    }
  })();
  await new Promise((r) => setTimeout(r, 50));
  const replaced = waitForLifecycle(rt, (r) => r.type === 'workerRestarted');
  const crashedAt = seq;
  await rt.crashWorker(1);
  await replaced;
  await new Promise((r) => setTimeout(r, 50));
  flowing = false;
  await pump;
  const last = seq;
  // The last relay is out when the peer answers, but on another channel than main's ask to the
  // victim: nothing orders the two, so the victim is asked until the last relay is in (on a
  // loaded machine worker 1 may find both waiting and read main's first).
  await rt.ask(peer, { type: 'get' });
  const heard = await eventually('the last relay at the restored actor', async () => {
    const order = (await rt.ask<{ order: string[] }>(victim, { type: 'get' })).order.map((o) => Number(o.slice('ping'.length)));
    return order.includes(-last) ? order : undefined;
  }, 30_000);
  const direct = heard.filter((s) => s > 0);
  const relayed = heard.filter((s) => s < 0).map((s) => -s);
  t.ok(crashedAt > 0 && direct.length > 0, `the restored actor hears main again (${direct.length} pings since the restart)`);
  t.ok(relayed.length > 0, `and the worker on the other side (${relayed.length} relays)`);
  t.ok(direct.every((s, i) => i === 0 || s > direct[i - 1]!), 'main → worker 1 stays in order');
  t.ok(relayed.every((s, i) => i === 0 || s > relayed[i - 1]!), 'worker 2 → worker 1 stays in order');
  t.equal(direct.at(-1), last, 'the last send after the restart arrived');
  const stats = await rt.stats();
  t.equal(stats.workerRestarts, 1);
  t.equal(stats.threads.find((s) => s.thread === 1)!.deadLetters, 0,
    'the replacement read main\'s restoring spawns before worker 2\'s stream: what worker 2 sent during the outage reached the restored actor');
});

t.test('a child whose spawn was in flight when its worker died: its parent hears runtime.child.lost, and only of it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-lost-child-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const rt = await runtimeFor(t, { workers: 2, modules: [FIXTURES, WORKER_DEATH] });
  const parent = rt.spawn('guardian', { id: 'parent', worker: 2, input: { respawn: true } });
  const freezer = rt.spawn('freezer', { id: 'freezer', worker: 1 });
  // Before the death: one child main knows of (restored), one that ended (not a child any more).
  const keptKnown = waitForLifecycle(rt, (r) => r.type === 'spawned' && r.address === '1/kept');
  const endedKnown = waitForLifecycle(rt, (r) => r.type === 'done' && r.address === '1/ended');
  rt.send(parent, { type: 'spawnChild', logic: 'counter', id: 'kept', worker: 1 });
  rt.send(parent, { type: 'spawnChild', logic: 'finish', id: 'ended', worker: 1 });
  await keptKnown;
  await endedKnown;
  for (let tries = 0; !(await rt.ask<string[]>(parent, { type: 'get' })).includes('runtime.child.done 1/ended'); tries++) {
    if (tries > 500) throw new Error('the parent never heard its child ended');
    await new Promise((r) => setTimeout(r, 10));
  }

  // Worker 1 stands still; the parent's next spawn reaches it and is never handled.
  const started = join(dir, 'started'), until = join(dir, 'until');
  rt.send(freezer, { type: 'freeze', started, until });
  for (let tries = 0; !existsSync(started); tries++) {
    if (tries > 1000) throw new Error('worker 1 never froze');
    await new Promise((r) => setTimeout(r, 5));
  }
  // Answered in the same batch the spawn left in: it is on its way to worker 1.
  await rt.ask(parent, { type: 'spawnChild', logic: 'counter', id: 'lost', worker: 1 });
  const replaced = waitForLifecycle(rt, (r) => r.type === 'workerRestarted');
  const respawned = waitForLifecycle(rt, (r) => r.type === 'spawned' && r.address === '1/lost');
  writeFileSync(until, '');
  t.equal((await replaced).recovered, 2, 'the freezer and the child main knew of came back');

  t.same(await rt.ask<string[]>(parent, { type: 'get' }), ['runtime.child.done 1/ended', 'runtime.child.lost 1/lost'],
    'the parent heard of the lost child only: not of the restored one, nor again of the one that ended');
  await respawned;
  t.same(await rt.ask('1/lost' as Address, { type: 'get' }), { n: 0, seen: [] }, 'spawned again by its parent, it answers');
  t.same(await rt.ask('1/kept' as Address, { type: 'get' }), { n: 0, seen: [] }, 'the restored child answers');
  t.equal(await rt.snapshot('1/ended' as Address), null, 'the child that ended stays gone');
});

t.test('a reply to an ask of a worker that died does not answer its replacement\'s ask', async (t) => {
  const rt = await runtimeFor(t, { workers: 1 });
  const latch = rt.spawn('latch', { id: 'latch', worker: 0 });
  const broker = rt.spawn('broker', { id: 'broker', worker: 1 });
  // The worker's first ask, held on main while the worker dies.
  const first = rt.ask(broker, { type: 'forward', to: latch, event: { type: 'echo', value: 'to the dead worker' }, timeout: 60_000 }, { timeout: 60_000 }).catch(() => 'failed');
  await eventually('the latch holding the first ask', async () => (await rt.ask(latch, { type: 'held' })) === 1 || undefined);
  const replaced = waitForLifecycle(rt, (r) => r.type === 'workerRestarted');
  await rt.crashWorker(1);
  await replaced;
  // The replacement's first ask, held as well; then the dead worker's reply goes out first.
  const second = rt.ask(broker, { type: 'forward', to: latch, event: { type: 'echo', value: 'to the replacement' }, timeout: 60_000 }, { timeout: 60_000 });
  await eventually('the latch holding both asks', async () => (await rt.ask(latch, { type: 'held' })) === 2 || undefined);
  await rt.ask(latch, { type: 'releaseFirst' });
  await rt.ask(latch, { type: 'releaseAll' });
  t.same(await second, { ok: true, value: 'to the replacement' }, 'the replacement\'s ask got its own reply');
  t.equal(await first, 'failed', 'the dead worker\'s asker heard it died');
});

t.test('reads of a worker asked while it dies (state counts, stats, a snapshot) are answered by its replacement', async (t) => {
  const rt = await runtimeFor(t, { workers: 1 });
  const addrs: Address[] = [];
  for (let i = 0; i < 50; i++) addrs.push(rt.spawn('counter', { id: `rd-${i}`, worker: 1 }));
  for (const a of addrs) await rt.ask(a, { type: 'get' });
  t.same(await rt.stateCounts('counter'), { counter: { counting: 50 } });
  const back = waitForLifecycle(rt, (r) => r.type === 'workerRestarted');
  // The worker answers crashWorker and dies a millisecond later. Main is held (busy) for 50 ms
  // so it has not yet heard the worker exit when it asks: these reads go to a port that no
  // one will answer again, as they do when main is busy during a real crash.
  await rt.crashWorker(1);
  const until = performance.now() + 50;
  while (performance.now() < until) { /* hold main */ }
  const reads = Promise.all([rt.stateCounts('counter'), rt.stats(), rt.snapshot(addrs[0]!)]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const answered = await Promise.race([reads, new Promise<null>((r) => { timer = setTimeout(() => r(null), 30_000); })]);
  clearTimeout(timer);
  await back;
  if (!answered) { t.fail('the reads were not answered within 30 s'); return; }
  const [counts, stats, snap] = answered;
  t.same(counts, { counter: { counting: 50 } }, 'the restored actors counted');
  t.equal(stats.workerRestarts, 1, 'stats after the restart');
  t.equal(snap?.state, 'counting', 'a snapshot from the replacement');
});
