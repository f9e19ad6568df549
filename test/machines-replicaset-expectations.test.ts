// A ReplicaSet's expectations for a write the store did not answer in time
// (machines/replicaset/expectations.ts): pending until its creates are seen and its
// deletes are gone or marked, or until Kubernetes' five minutes have passed.
import t from 'tap';
import { EXPECTATIONS_TIMEOUT_MS, WriteExpectations } from '../machines/replicaset/expectations.js';
import type { KObject } from '../src/store/types.js';

const pod = (uid: string, deleting = false): KObject => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: uid, namespace: 'default', uid, ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
});

t.test('pending, met and expired, in a table', async (t) => {
  const before = [pod('a'), pod('b'), pod('c')];
  type Case = [name: string, creates: number, deletes: string[], now: KObject[][], at: number[], want: boolean[]];
  const cases: Case[] = [
    ['nothing expected', 0, [], [before], [1], [false]],
    ['two creates: pending until both new pods are seen', 2, [], [before, [...before, pod('n1')], [...before, pod('n1'), pod('n2')]], [1, 2, 3], [true, true, false]],
    ['a created pod seen and gone again still counts', 2, [], [[...before, pod('n1')], [...before, pod('n2')]], [1, 2], [true, false]],
    ['a created pod already being deleted counts', 1, [], [[...before, pod('n1', true)]], [1], [false]],
    ['a delete: pending until the pod is gone', 0, ['b'], [before, [pod('a'), pod('c')]], [1, 2], [true, false]],
    ['a delete: a pod marked for deletion counts as gone', 0, ['b'], [[pod('a'), pod('b', true), pod('c')]], [1], [false]],
    ['creates and deletes: both must be seen', 1, ['a'], [[...before, pod('n1')], [pod('b'), pod('c'), pod('n1')]], [1, 2], [true, false]],
    ['never seen: pending until five minutes have passed, then not', 3, [], [before, before, before], [1, EXPECTATIONS_TIMEOUT_MS - 1, EXPECTATIONS_TIMEOUT_MS], [true, true, false]],
  ];
  for (const [name, creates, deletes, nows, at, want] of cases) {
    const e = new WriteExpectations();
    e.expect(before, creates, deletes, 0);
    t.same(nows.map((pods, i) => e.pending(pods, at[i]!)), want, name);
  }
});

t.test('once met or expired, nothing is pending, and the time left says so', async (t) => {
  const e = new WriteExpectations();
  t.equal(e.pending([], 0), false, 'a new one expects nothing');
  t.equal(e.remainingMs(0), 0);
  e.expect([pod('a')], 1, [], 1000);
  t.equal(e.remainingMs(1000 + 60_000), EXPECTATIONS_TIMEOUT_MS - 60_000, 'expires five minutes after the timeout');
  t.equal(e.pending([pod('a')], 2000), true);
  t.equal(e.pending([pod('a'), pod('x')], 3000), false, 'met');
  t.equal(e.pending([pod('a')], 4000), false, 'and stays met: the expectations are cleared');
  t.equal(e.remainingMs(4000), 0);
});
