// The children kubelets and instance controllers keep: which one a runtime event is about, and
// the backoff before one that escalated is spawned again. Pure, in tables.
import t from 'tap';
import { RESPAWN_FORGET_MS, Respawner, respawnDelayMs, takeChild } from '../actors/children.js';
import type { Address } from '../src/runtime/address.js';

t.test('takeChild finds the child by its address, removes it and answers its uid', async (t) => {
  const children = new Map<string, Address>([['uid-a', '1/Pod/default/a'], ['uid-b', '1/Pod/default/b']]);
  t.equal(takeChild(children, { type: 'runtime.child.escalated', child: '1/Pod/default/b' } as { type: string }), 'uid-b');
  t.same([...children.keys()], ['uid-a'], 'only that one is removed');
  t.equal(takeChild(children, { type: 'runtime.child.lost', child: '1/Pod/default/zzz' } as { type: string }), undefined, 'another parent\'s child: nothing');
  t.equal(takeChild(children, { type: 'runtime.child.lost' }), undefined, 'no child named');
  t.equal(children.size, 1);
});

t.test('the backoff doubles from 1 s and stops at 5 min', async (t) => {
  const table: [number, number][] = [[1, 1000], [2, 2000], [3, 4000], [9, 256_000], [10, 300_000], [50, 300_000], [0, 1000]];
  for (const [n, ms] of table) t.equal(respawnDelayMs(n), ms, `escalation ${n}: ${ms} ms`);
});

t.test('a Respawner counts escalations per object, starts over once they stop, and forgets an object gone', async (t) => {
  let now = 0;
  const respawned: string[] = [];
  const r = new Respawner((uid) => respawned.push(uid), () => now);
  t.teardown(() => r.stop());
  t.equal(r.escalated('a'), 1000);
  t.equal(r.escalated('a'), 2000, 'again soon after: twice as long');
  t.equal(r.escalated('b'), 1000, 'per object');
  now += RESPAWN_FORGET_MS;
  t.equal(r.escalated('a'), 1000, 'after a long quiet: from the start');
  r.forget('b');
  t.equal(r.escalated('b'), 1000, 'an object forgotten starts over');
  r.forget('a');
  r.forget('b');
  t.same(respawned, [], 'nothing spawned before its delay, nor once forgotten');
});

t.test('a Respawner spawns again when the delay is over', async (t) => {
  const r = new Respawner((uid) => done(uid));
  let done!: (uid: string) => void;
  const spawned = new Promise<string>((resolve) => { done = resolve; });
  r.escalated('c');
  t.equal(await spawned, 'c');
  r.stop();
});
