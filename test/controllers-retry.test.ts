// The children kubelets and instance controllers keep: which one a runtime event is about; and
// the backoff before work that failed on a key (a child that escalated) is done again.
import t from 'tap';
import { takeChild } from '../actors/children.js';
import { FailureStreak, RETRY_FORGET_MS, RetryBackoff, retryDelayMs } from '../actors/retry-backoff.js';
import { Reconciler } from '../actors/client.js';
import { AskTimeoutError } from '../src/runtime/errors.js';
import type { Address } from '../src/runtime/address.js';

t.test('takeChild finds the child by its address, removes it and answers its uid', async (t) => {
  const children = new Map<string, Address>([['uid-a', '1/Pod/default/a'], ['uid-b', '1/Pod/default/b']]);
  t.equal(takeChild(children, { type: 'runtime.child.escalated', child: '1/Pod/default/b' } as { type: string }), 'uid-b');
  t.same([...children.keys()], ['uid-a'], 'only that one is removed');
  t.equal(takeChild(children, { type: 'runtime.child.lost', child: '1/Pod/default/zzz' } as { type: string }), undefined, 'another parent\'s child: nothing');
  t.equal(takeChild(children, { type: 'runtime.child.lost' }), undefined, 'no child named');
  t.equal(children.size, 1);
});

t.test('the retry delay doubles from 1 s and stops at 5 min', async (t) => {
  const table: [number, number][] = [[1, 1000], [2, 2000], [3, 4000], [9, 256_000], [10, 300_000], [50, 300_000], [0, 1000]];
  for (const [n, ms] of table) t.equal(retryDelayMs(n), ms, `failure ${n}: ${ms} ms`);
});

t.test('a FailureStreak waits longer per failure in a row, and the base delay again after a success', async (t) => {
  const streak = new FailureStreak();
  t.same([streak.failed(), streak.failed(), streak.failed()], [1000, 2000, 4000]);
  streak.succeeded();
  t.equal(streak.failed(), 1000, 'a new streak');
});

t.test('a RetryBackoff counts failures per key, starts over once they stop, and forgets a key gone', async (t) => {
  let now = 0;
  const respawned: string[] = [];
  const r = new RetryBackoff((uid) => respawned.push(uid), () => now);
  t.teardown(() => r.stop());
  t.equal(r.retry('a'), 1000);
  t.equal(r.retry('a'), 2000, 'again soon after: twice as long');
  t.equal(r.retry('b'), 1000, 'per object');
  now += RETRY_FORGET_MS;
  t.equal(r.retry('a'), 1000, 'after a long quiet: from the start');
  r.forget('b');
  t.equal(r.retry('b'), 1000, 'an object forgotten starts over');
  r.forget('a');
  r.forget('b');
  // Past both delays (1 s each): neither forgotten key's work ran.
  await new Promise((resolve) => setTimeout(resolve, 1200));
  t.same(respawned, [], 'nothing spawned before its delay, nor once forgotten');
});

t.test('a RetryBackoff does the work again when the delay is over', async (t) => {
  const r = new RetryBackoff((uid) => done(uid));
  let done!: (uid: string) => void;
  const spawned = new Promise<string>((resolve) => { done = resolve; });
  r.retry('c');
  t.equal(await spawned, 'c');
  r.stop();
});

t.test('a reconcile the store did not answer in time runs again after a backoff; any other failure goes to onError', async (t) => {
  const failures: unknown[] = [];
  let runs = 0;
  let ranAgain!: () => void;
  const again = new Promise<void>((resolve) => { ranAgain = resolve; });
  const r = new Reconciler(async () => {
    runs++;
    if (runs === 1) throw new AskTimeoutError('0/store', 'store.write', 60_000);
    if (runs === 2) { ranAgain(); throw new Error('a bug'); }
  }, (err) => failures.push(err));
  t.teardown(() => r.stop());
  r.poke();
  await again;
  await new Promise((resolve) => setTimeout(resolve, 0));
  t.equal(runs, 2, 'ran again by itself after the timeout');
  t.equal(failures.length, 1, 'only the other failure reached onError');
  t.match(String(failures[0]), /a bug/);
});
