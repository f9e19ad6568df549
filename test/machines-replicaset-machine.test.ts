import t from 'tap';
import { SimulatedClock, createActor } from 'xstate';
import type { KObject } from '../src/store/types.js';
import { replicaSetMachine } from '../machines/replicaset/machine.js';
import { stateOf } from '../machines/state-of-apps.js';

const rs = (over: { spec?: any; status?: any; meta?: any } = {}): KObject => ({
  apiVersion: 'apps/v1', kind: 'ReplicaSet',
  metadata: { name: 'web-x', namespace: 'ns', generation: 1, ...(over.meta ?? {}) },
  spec: { replicas: 3, ...(over.spec ?? {}) },
  ...(over.status ? { status: over.status } : {}),
});

t.test('stateOf(ReplicaSet)', async (t) => {
  const table: [string, KObject, string][] = [
    ['no status', rs(), 'Scaling'],
    ['all available', rs({ status: { replicas: 3, availableReplicas: 3, readyReplicas: 3, observedGeneration: 1 } }), 'Ready'],
    ['ready, not yet available', rs({ status: { replicas: 3, readyReplicas: 3, availableReplicas: 2, observedGeneration: 1 } }), 'Scaling'],
    ['too many pods', rs({ status: { replicas: 4, availableReplicas: 4, observedGeneration: 1 } }), 'Scaling'],
    ['generation not observed', rs({ meta: { generation: 2 }, status: { replicas: 3, availableReplicas: 3, observedGeneration: 1 } }), 'Scaling'],
    ['scaled to zero', rs({ spec: { replicas: 0 }, status: { replicas: 0, observedGeneration: 1 } }), 'Ready'],
    ['deleting', rs({ meta: { deletionTimestamp: '2025-01-01T00:00:00Z' } }), 'Deleting'],
  ];
  for (const [name, o, want] of table) t.equal(stateOf('ReplicaSet', o), want, name);
});

t.test('replicaset machine on a simulated clock', async (t) => {
  const clock = new SimulatedClock();
  const actor = createActor(replicaSetMachine, { clock, input: { object: rs({ spec: { minReadySeconds: 10 } }) } });
  const checks: unknown[] = [];
  actor.on('availability.check', (e) => checks.push(e.name));
  actor.start();
  t.equal(actor.getSnapshot().value, 'Scaling');
  clock.increment(9_999);
  t.same(checks, []);
  clock.increment(1);
  t.same(checks, ['web-x'], 'minReadySeconds later: re-check availability');
  actor.send({ type: 'object.changed', object: rs({ spec: { minReadySeconds: 10 }, status: { replicas: 3, availableReplicas: 3, observedGeneration: 1 } }) });
  t.equal(actor.getSnapshot().value, 'Ready');
  actor.send({ type: 'object.changed', object: rs({ spec: { replicas: 5 }, status: { replicas: 3, availableReplicas: 3, observedGeneration: 1 } }) });
  t.equal(actor.getSnapshot().value, 'Scaling');
  clock.increment(60_000);
  t.same(checks, ['web-x'], 'no minReadySeconds: no checks');
  actor.send({ type: 'object.changed', object: rs({ meta: { deletionTimestamp: '2025-01-01T00:00:00Z' } }) });
  t.equal(actor.getSnapshot().value, 'Deleting');
  actor.send({ type: 'object.deleted' });
  t.equal(actor.getSnapshot().status, 'done');
});
