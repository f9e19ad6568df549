import t from 'tap';
import { SimulatedClock, createActor } from 'xstate';
import type { KObject } from '../src/store/types.js';
import { deploymentMachine } from '../machines/deployment/machine.js';
import { stateOf } from '../machines/state-of-apps.js';
import { AppsWorld, prng } from './helpers/apps-world.js';

const base = (over: { spec?: any; status?: any; meta?: any } = {}): KObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', namespace: 'ns', generation: 2, ...(over.meta ?? {}) },
  spec: { replicas: 3, progressDeadlineSeconds: 600, selector: { matchLabels: { app: 'web' } }, template: {}, ...(over.spec ?? {}) },
  ...(over.status ? { status: over.status } : {}),
});
const done = { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 };
const availTrue = { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' };

t.test('stateOf(Deployment)', async (t) => {
  const table: [string, KObject, string][] = [
    ['new, no status', base(), 'Progressing'],
    ['complete', base({ status: done }), 'Complete'],
    ['not observed yet', base({ status: { ...done, observedGeneration: 1 } }), 'Progressing'],
    ['old replicas pending termination', base({ status: { ...done, replicas: 4, conditions: [availTrue] } }), 'Available'],
    ['updated but not available, minimum met', base({ status: { ...done, availableReplicas: 2, conditions: [availTrue] } }), 'Available'],
    ['below minimum', base({ status: { ...done, availableReplicas: 0, conditions: [{ ...availTrue, status: 'False' }] } }), 'Progressing'],
    ['timed out', base({ status: { ...done, updatedReplicas: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] } }), 'ProgressDeadlineExceeded'],
    ['paused', base({ spec: { paused: true }, status: done }), 'Paused'],
    ['deleting wins', base({ spec: { paused: true }, meta: { deletionTimestamp: '2025-01-01T00:00:00Z' } }), 'Deleting'],
  ];
  for (const [name, d, want] of table) t.equal(stateOf('Deployment', d), want, name);
});

t.test('deployment machine follows the object and emits progress checks on a simulated clock', async (t) => {
  const clock = new SimulatedClock();
  const actor = createActor(deploymentMachine, { clock, input: { object: base() } });
  const checks: string[] = [];
  actor.on('progress.check', (e) => checks.push(String(e.name)));
  actor.start();
  t.equal(actor.getSnapshot().value, 'Progressing');
  clock.increment(599_000);
  t.same(checks, [], 'not before the deadline');
  actor.send({ type: 'object.changed', object: base({ status: { ...done, availableReplicas: 2, conditions: [availTrue] } }) });
  t.equal(actor.getSnapshot().value, 'Available');
  clock.increment(599_000);
  t.same(checks, [], 'a change restarts the deadline');
  clock.increment(1_000);
  t.same(checks, ['web'], 'deadline passed without change: ask for a re-plan');
  actor.send({ type: 'object.changed', object: base({ status: done }) });
  t.equal(actor.getSnapshot().value, 'Complete');
  clock.increment(10_000_000);
  t.same(checks, ['web'], 'no checks once complete');
  actor.send({ type: 'object.changed', object: base({ spec: { paused: true }, status: done }) });
  t.equal(actor.getSnapshot().value, 'Paused');
  actor.send({ type: 'object.changed', object: base({ meta: { deletionTimestamp: '2025-01-01T00:00:00Z' } }) });
  t.equal(actor.getSnapshot().value, 'Deleting');
  actor.send({ type: 'object.deleted' });
  t.equal(actor.getSnapshot().status, 'done');
});

t.test('machine and stateOf agree along a simulated rollout', async (t) => {
  const w = new AppsWorld(base({ spec: { replicas: 5, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'a' }] } } } }), Date.parse('2025-01-01T00:00:00Z'), prng(7));
  const actor = createActor(deploymentMachine, { clock: new SimulatedClock(), input: { object: w.d } }).start();
  const seen = new Set<string>();
  for (let i = 0; i < 60; i++) {
    if (i === 20) w.editSpec((s) => { s.template.spec.containers[0].image = 'b'; });
    w.advance(700);
    w.step();
    actor.send({ type: 'object.changed', object: w.d });
    t.equal(actor.getSnapshot().value, stateOf('Deployment', w.d), `step ${i}`);
    seen.add(String(actor.getSnapshot().value));
  }
  t.ok(seen.has('Complete') && (seen.has('Progressing') || seen.has('Available')), `visited ${[...seen].join(', ')}`);
  t.equal(actor.getSnapshot().value, 'Complete');
});
