import t from 'tap';
import type { KObject } from '../src/store/types.js';
import { planDeployment, podTemplateHash } from '../machines/deployment/plan.js';
import { equalIgnoreHash, findNewReplicaSet, maxSurge, maxUnavailable, resolveFenceposts, scaledValue } from '../machines/deployment/util.js';
import { rolloutUndo } from '../machines/deployment/rollback.js';

const NOW = Date.parse('2025-01-01T12:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const TPL_V1 = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } };
const TPL_V2 = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } };

function deploy(over: { replicas?: number; template?: any; strategy?: any; paused?: boolean; generation?: number; status?: any;
  annotations?: Record<string, string>; revisionHistoryLimit?: number; progressDeadlineSeconds?: number } = {}): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'ns', uid: 'd-uid', generation: over.generation ?? 1, ...(over.annotations ? { annotations: over.annotations } : {}) },
    spec: {
      replicas: over.replicas ?? 10,
      selector: { matchLabels: { app: 'web' } },
      template: structuredClone(over.template ?? TPL_V1),
      strategy: over.strategy ?? { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: over.revisionHistoryLimit ?? 10,
      progressDeadlineSeconds: over.progressDeadlineSeconds ?? 600,
      ...(over.paused ? { paused: true } : {}),
    },
    ...(over.status ? { status: over.status } : {}),
  };
}

/** A ReplicaSet as the controller would have made it for `tpl`, in a given state. */
function rsFor(tpl: any, o: { replicas: number; available?: number; ready?: number; actual?: number; revision: number; desired?: number;
  max?: number; createdAgo?: number; name?: string }): KObject {
  const hash = podTemplateHash(tpl);
  const labels = { ...tpl.metadata.labels, 'pod-template-hash': hash };
  const actual = o.actual ?? o.replicas;
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: o.name ?? `web-${hash}`, namespace: 'ns', uid: `uid-${o.name ?? hash}`, generation: 1,
      creationTimestamp: iso(NOW - (o.createdAgo ?? 0)), labels,
      annotations: {
        'deployment.kubernetes.io/revision': String(o.revision),
        'deployment.kubernetes.io/desired-replicas': String(o.desired ?? 10),
        'deployment.kubernetes.io/max-replicas': String(o.max ?? 13),
      },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      replicas: o.replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } },
      template: { ...structuredClone(tpl), metadata: { labels } },
    },
    status: { replicas: actual, readyReplicas: o.ready ?? o.available ?? actual, availableReplicas: o.available ?? actual, observedGeneration: 1 },
  };
}
const sizes = (rss: KObject[]): Record<string, number> => Object.fromEntries(rss.map((r) => [r.metadata.name, r.spec.replicas]));

t.test('maxSurge / maxUnavailable resolution', async (t) => {
  // [maxSurge, maxUnavailable, replicas, surge, unavailable]
  const table: [unknown, unknown, number, number, number][] = [
    ['25%', '25%', 10, 3, 2],   // surge rounds up, unavailable down
    ['25%', '25%', 4, 1, 1],
    ['25%', '25%', 1, 1, 0],
    ['25%', '25%', 3, 1, 0],
    [0, '25%', 3, 0, 1],        // both resolve to 0 → unavailable 1
    ['0%', '0%', 10, 0, 1],
    [1, 0, 5, 1, 0],
    [0, 1, 5, 0, 1],
    ['50%', '10%', 7, 4, 0],
    ['100%', '100%', 7, 7, 7],
    [2, '30%', 10, 2, 3],
    [undefined, undefined, 10, 0, 1],
  ];
  for (const [s, u, r, ws, wu] of table) {
    t.same(resolveFenceposts(s, u, r), { surge: ws, unavailable: wu }, `surge ${String(s)} unavailable ${String(u)} of ${r}`);
  }
  t.equal(scaledValue('33%', 10, true), 4);
  t.equal(scaledValue('33%', 10, false), 3);
  t.equal(scaledValue('abc', 10, true), 0, 'invalid values count as 0 (validation rejects them)');
  t.equal(maxUnavailable(deploy({ replicas: 2, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 5 } } })), 2, 'capped at replicas');
  t.equal(maxUnavailable(deploy({ replicas: 0 })), 0, '0 replicas: 0');
  t.equal(maxSurge(deploy({ strategy: { type: 'Recreate' } })), 0, 'Recreate has no surge');
});

t.test('podTemplateHash', async (t) => {
  const h = podTemplateHash(TPL_V1);
  t.match(h, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/, 'safe alphabet');
  t.equal(podTemplateHash(structuredClone(TPL_V1)), h, 'stable for equal templates');
  t.equal(podTemplateHash({ spec: TPL_V1.spec, metadata: TPL_V1.metadata }), h, 'independent of key order');
  t.equal(podTemplateHash({ ...TPL_V1, extra: undefined }), h, 'undefined fields ignored');
  t.not(podTemplateHash(TPL_V2), h, 'changes with the template');
  t.not(podTemplateHash(TPL_V1, 1), h, 'changes with collisionCount');
  t.not(podTemplateHash(TPL_V1, 1), podTemplateHash(TPL_V1, 2));
  t.equal(podTemplateHash(TPL_V1, 1), podTemplateHash(TPL_V1, 1));
  const withNull = { ...TPL_V1, metadata: { ...TPL_V1.metadata, creationTimestamp: null } };
  t.equal(podTemplateHash(withNull), h, 'null members count as absent (kubectl sends creationTimestamp: null)');
});

t.test('a template with null members is the same template: rollout undo finds its old ReplicaSet', async (t) => {
  const withNull = { ...TPL_V1, metadata: { ...TPL_V1.metadata, creationTimestamp: null }, spec: { ...TPL_V1.spec, nodeSelector: null } };
  t.ok(equalIgnoreHash(withNull, TPL_V1), 'equal ignoring the hash');
  t.notOk(equalIgnoreHash({ ...TPL_V1, spec: { ...TPL_V1.spec, containers: [null] } }, TPL_V1), 'a null list item is not absent');
  const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-old', namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z' }, spec: { replicas: 0, template: { ...TPL_V1, metadata: { ...TPL_V1.metadata, labels: { ...TPL_V1.metadata.labels, 'pod-template-hash': 'old' } } } } };
  t.equal(findNewReplicaSet(deploy({ template: withNull }), [rs as KObject])?.metadata.name, 'web-old');
});

t.test('first sync creates the ReplicaSet', async (t) => {
  const d = deploy();
  const plan = planDeployment(d, [], NOW);
  const hash = podTemplateHash(TPL_V1);
  t.equal(plan.create.length, 1);
  const rs = plan.create[0]!;
  t.equal(rs.metadata.name, `web-${hash}`);
  t.same(rs.metadata.labels, { app: 'web', 'pod-template-hash': hash });
  t.same(rs.spec.selector, { matchLabels: { app: 'web', 'pod-template-hash': hash } });
  t.same(rs.spec.template.metadata.labels, { app: 'web', 'pod-template-hash': hash });
  t.same(rs.spec.template.spec, TPL_V1.spec);
  t.equal(rs.spec.replicas, 10);
  t.same(rs.metadata.annotations, {
    'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '10', 'deployment.kubernetes.io/max-replicas': '13',
  });
  t.same(rs.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true, blockOwnerDeletion: true }]);
  t.equal(plan.deploymentUpdate?.metadata.annotations?.['deployment.kubernetes.io/revision'], '1', 'Deployment revision annotation');
  t.same(plan.events, [{ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set web-${hash} to 10` }]);
  const conds = Object.fromEntries((plan.status!.conditions as any[]).map((c) => [c.type, c]));
  t.same(conds.Progressing, { type: 'Progressing', status: 'True', lastUpdateTime: iso(NOW), lastTransitionTime: iso(NOW),
    reason: 'NewReplicaSetCreated', message: `Created new replica set "web-${hash}"` });
  t.same(conds.Available, { type: 'Available', status: 'False', lastUpdateTime: iso(NOW), lastTransitionTime: iso(NOW),
    reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
  t.equal(plan.status!.observedGeneration, 1);
  t.equal(plan.status!.unavailableReplicas, 10);
  t.equal(plan.requeueAfterMs, 601_000, 'check the progress deadline');
  t.same(planDeployment(d, [], NOW), plan, 'pure: same input, same plan');
});

t.test('rolling update steps (10 replicas, 25%/25% → surge 3, unavailable 2)', async (t) => {
  const d = deploy({ template: TPL_V2 });
  const n = `web-${podTemplateHash(TPL_V2)}`, o = `web-${podTemplateHash(TPL_V1)}`;
  // [case, old RS state, new RS state or null, expected sizes after the plan]
  type S = { replicas: number; available: number; actual?: number };
  const table: [string, S, S | null, Record<string, number>][] = [
    ['template change: new RS gets the surge, old drops to the floor', { replicas: 10, available: 10 }, null, { [o]: 8, [n]: 3 }],
    ['new pods not up yet: old scales down to the floor', { replicas: 10, available: 10 }, { replicas: 3, available: 0 }, { [o]: 8, [n]: 3 }],
    ['surge room: new grows', { replicas: 8, available: 8 }, { replicas: 3, available: 0 }, { [o]: 8, [n]: 5 }],
    ['at the floor, no surge room: nothing to do', { replicas: 8, available: 8 }, { replicas: 5, available: 0 }, { [o]: 8, [n]: 5 }],
    ['no surge room: old shrinks by available − floor', { replicas: 8, available: 8 }, { replicas: 5, available: 3 }, { [o]: 5, [n]: 5 }],
    // 5 may go: the 4 unavailable old ones first, then 1 more (available 9 > floor 8).
    ['unhealthy old replicas go first', { replicas: 8, available: 4 }, { replicas: 5, available: 5 }, { [o]: 3, [n]: 5 }],
    ['final step', { replicas: 2, available: 2 }, { replicas: 10, available: 10 }, { [o]: 0, [n]: 10 }],
    // The old RS was just scaled 10 → 7 and its controller has not caught up: its status still
    // counts 10 available, but at most 7 will stay. Counting 10 would take it to 2 (2 + 3 < floor 8).
    ['stale old status counts no more than its spec', { replicas: 7, available: 10, actual: 10 }, { replicas: 6, available: 3 }, { [o]: 5, [n]: 6 }],
    // Likewise a new RS scaled down below its reported availability is not "negatively unavailable".
    ['stale new status counts no more than its spec', { replicas: 8, available: 8 }, { replicas: 5, available: 7, actual: 7 }, { [o]: 3, [n]: 5 }],
  ];
  for (const [name, old, nw, want] of table) {
    const rss = [rsFor(TPL_V1, { ...old, revision: 1, createdAgo: 60_000 })];
    if (nw) rss.push(rsFor(TPL_V2, { ...nw, revision: 2 }));
    const plan = planDeployment(d, rss, NOW);
    const after = { ...sizes(rss), ...sizes(plan.update), ...sizes(plan.create) };
    t.same(after, want, name);
  }
  // The first table row in detail: revision 2, event.
  const plan = planDeployment(d, [rsFor(TPL_V1, { replicas: 10, revision: 1, createdAgo: 60_000 })], NOW);
  t.equal(plan.create[0]!.metadata.annotations!['deployment.kubernetes.io/revision'], '2');
  t.same(plan.events.map((e) => e.message), [`Scaled up replica set ${n} to 3`, `Scaled down replica set ${o} to 8 from 10`]);
  const step2 = planDeployment(d, [rsFor(TPL_V1, { replicas: 10, revision: 1, createdAgo: 60_000 }), rsFor(TPL_V2, { replicas: 3, available: 0, revision: 2 })], NOW);
  t.same(step2.events, [{ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled down replica set ${o} to 8 from 10` }]);
});

t.test('maxSurge 0 / maxUnavailable 1 rolls one at a time', async (t) => {
  const d = deploy({ replicas: 3, template: TPL_V2, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } });
  const o = `web-${podTemplateHash(TPL_V1)}`, n = `web-${podTemplateHash(TPL_V2)}`;
  const p1 = planDeployment(d, [rsFor(TPL_V1, { replicas: 3, revision: 1, createdAgo: 1000, desired: 3, max: 3 })], NOW);
  t.same(sizes(p1.create), { [n]: 0 }, 'new RS created empty (no surge)');
  const p2 = planDeployment(d, [rsFor(TPL_V1, { replicas: 3, revision: 1, createdAgo: 1000, desired: 3, max: 3 }), rsFor(TPL_V2, { replicas: 0, revision: 2, desired: 3, max: 3 })], NOW);
  t.same(sizes(p2.update), { [o]: 2 }, 'old gives up one');
  const p3 = planDeployment(d, [rsFor(TPL_V1, { replicas: 2, revision: 1, createdAgo: 1000, desired: 3, max: 3 }), rsFor(TPL_V2, { replicas: 0, revision: 2, desired: 3, max: 3 })], NOW);
  t.same(sizes(p3.update), { [n]: 1 }, 'new takes it');
});

t.test('Recreate: old to 0, wait for pods to go, then new at full size', async (t) => {
  const d = deploy({ replicas: 3, template: TPL_V2, strategy: { type: 'Recreate' } });
  const n = `web-${podTemplateHash(TPL_V2)}`, o = `web-${podTemplateHash(TPL_V1)}`;
  const p1 = planDeployment(d, [rsFor(TPL_V1, { replicas: 3, revision: 1, desired: 3, max: 3 })], NOW);
  t.same(sizes(p1.update), { [o]: 0 }, 'scale old down first');
  t.same(p1.create, [], 'no new RS yet');
  const waiting = rsFor(TPL_V1, { replicas: 0, actual: 2, revision: 1, desired: 3, max: 3 });
  t.same(planDeployment(d, [waiting], NOW).create, [], 'old pods still reported: wait');
  const gone = rsFor(TPL_V1, { replicas: 0, actual: 0, revision: 1, desired: 3, max: 3 });
  t.same(planDeployment(d, [gone], NOW, 1).create, [], 'caller still sees a terminating pod: wait');
  const p2 = planDeployment(d, [gone], NOW, 0);
  t.same(sizes(p2.create), { [n]: 3 }, 'then the new RS at full size');
  t.equal(p2.create[0]!.metadata.annotations!['deployment.kubernetes.io/revision'], '2');
  t.same(sizes(planDeployment(d, [gone], NOW).create), { [n]: 3 }, 'without a pod count, status.replicas decides');
});

t.test('rollback: the template of an old ReplicaSet reuses it with revision max+1', async (t) => {
  const d = deploy({ template: TPL_V1, annotations: { 'deployment.kubernetes.io/revision': '2' } });
  const v1 = rsFor(TPL_V1, { replicas: 0, revision: 1, createdAgo: 120_000 });
  const v2 = rsFor(TPL_V2, { replicas: 10, revision: 2, createdAgo: 60_000 });
  const plan = planDeployment(d, [v1, v2], NOW);
  t.same(plan.create, [], 'no new ReplicaSet');
  const up = plan.update.find((r) => r.metadata.name === v1.metadata.name)!;
  t.equal(up.metadata.annotations!['deployment.kubernetes.io/revision'], '3');
  t.equal(up.metadata.annotations!['deployment.kubernetes.io/revision-history'], '1');
  t.equal(up.spec.replicas, 3, 'and it scales up within the surge');
  t.equal(plan.deploymentUpdate?.metadata.annotations?.['deployment.kubernetes.io/revision'], '3');

  const undo = rolloutUndo(deploy({ template: TPL_V2 }), [v1, v2]);
  t.ok('deployment' in undo && undo.deployment.spec.template.spec.containers[0].image === 'nginx:1', 'rollout undo restores revision 1');
  t.notOk('deployment' in undo && 'pod-template-hash' in undo.deployment.spec.template.metadata.labels, 'without the hash label');
  t.same(rolloutUndo(deploy({ template: TPL_V2 }), [v1, v2], 2), { error: 'skipped rollback (current template already matches revision 2)' });
  t.same(rolloutUndo(deploy({ template: TPL_V2 }), [v1, v2], 7), { error: 'unable to find specified revision 7 in history' });

  // The deprecated rollback annotation.
  const ann = deploy({ template: TPL_V2, annotations: { 'deprecated.deployment.rollback.to': '1', 'deployment.kubernetes.io/revision': '2' } });
  const rb = planDeployment(ann, [v1, v2], NOW);
  t.equal(rb.deploymentUpdate?.spec.template.spec.containers[0].image, 'nginx:1');
  t.equal(rb.deploymentUpdate?.metadata.annotations?.['deprecated.deployment.rollback.to'], undefined, 'request cleared');
  t.same(rb.events, [{ type: 'Normal', reason: 'DeploymentRollback', message: 'Rolled back deployment "web" to revision 1' }]);
  const missing = planDeployment(deploy({ template: TPL_V2, annotations: { 'deprecated.deployment.rollback.to': '9' } }), [v1, v2], NOW);
  t.equal(missing.events[0]?.reason, 'DeploymentRollbackRevisionNotFound');
});

t.test('revisionHistoryLimit cleanup', async (t) => {
  const cur = rsFor(TPL_V1, { replicas: 10, revision: 20 });
  const olds = Array.from({ length: 5 }, (_, i) => rsFor({ ...TPL_V1, spec: { containers: [{ name: 'c', image: `old:${i}` }] } },
    { replicas: 0, actual: 0, revision: i + 1, createdAgo: (10 - i) * 1000 }));
  olds[1]!.status.replicas = 1; // revision 2 still has a pod going away: kept
  const d = deploy({ revisionHistoryLimit: 2, generation: 1,
    status: { observedGeneration: 1, replicas: 10, updatedReplicas: 10, availableReplicas: 10, readyReplicas: 10 } });
  const plan = planDeployment(d, [cur, ...olds], NOW);
  t.same(plan.delete.map((r) => r.metadata.annotations!['deployment.kubernetes.io/revision']), ['1', '3'], 'oldest revisions with 0 replicas, up to len − limit');
  const incomplete = deploy({ revisionHistoryLimit: 2, status: { observedGeneration: 1, replicas: 10, updatedReplicas: 8, availableReplicas: 10 } });
  t.same(planDeployment(incomplete, [cur, ...olds], NOW).delete, [], 'no cleanup before the rollout is complete');
});

t.test('paused: no rollout, scaling still applies', async (t) => {
  const d = deploy({ template: TPL_V2, paused: true, replicas: 12 });
  const old = rsFor(TPL_V1, { replicas: 10, revision: 1 });
  const plan = planDeployment(d, [old], NOW);
  t.same(plan.create, [], 'no new ReplicaSet while paused');
  t.same(sizes(plan.update), { [old.metadata.name!]: 12 }, 'scaled to the new replica count');
  const prog = (plan.status!.conditions as any[]).find((c) => c.type === 'Progressing');
  t.same(prog, { type: 'Progressing', status: 'Unknown', lastUpdateTime: iso(NOW), lastTransitionTime: iso(NOW), reason: 'DeploymentPaused', message: 'Deployment is paused' });
  t.equal(plan.requeueAfterMs, null, 'no deadline while paused');
  const resumed = deploy({ template: TPL_V2, replicas: 12, status: plan.status });
  const p2 = planDeployment(resumed, [rsFor(TPL_V1, { replicas: 12, actual: 10, available: 10, revision: 1, desired: 12, max: 15 })], NOW + 5000);
  t.equal(p2.create.length, 1, 'resumed: the rollout starts');
  const prog2 = (p2.status!.conditions as any[]).find((c) => c.type === 'Progressing');
  t.equal(prog2.reason, 'NewReplicaSetCreated');
});

t.test('proportional scaling during a rollout', async (t) => {
  // Rollout stuck half way: old 8, new 5 (sized for 10 + 3). Scale to 20: allowed 25, add 12.
  const old = rsFor(TPL_V1, { replicas: 8, revision: 1, createdAgo: 60_000 });
  const nw = rsFor(TPL_V2, { replicas: 5, available: 0, revision: 2 });
  const up = planDeployment(deploy({ template: TPL_V2, replicas: 20 }), [old, nw], NOW);
  t.same(sizes(up.update), { [old.metadata.name!]: 15, [nw.metadata.name!]: 10 }, 'up: 8·25/13 ≈ 15, 5·25/13 ≈ 10');
  for (const r of up.update) {
    t.equal(r.metadata.annotations!['deployment.kubernetes.io/desired-replicas'], '20');
    t.equal(r.metadata.annotations!['deployment.kubernetes.io/max-replicas'], '25');
  }
  t.same(up.events.map((e) => e.message).sort(), [
    `Scaled up replica set ${nw.metadata.name} to 10 from 5`, `Scaled up replica set ${old.metadata.name} to 15 from 8`,
  ].sort());
  // Scale down to 5: allowed 5 + 2 = 7, remove 6.
  const down = planDeployment(deploy({ template: TPL_V2, replicas: 5 }), [old, nw], NOW);
  const after = { ...sizes([old, nw]), ...sizes(down.update) };
  t.same(after, { [old.metadata.name!]: 4, [nw.metadata.name!]: 3 }, 'down: 8·7/13 ≈ 4, leftover to the largest');
  t.equal(Object.values(after).reduce((a, b) => a + b), 7, 'total is replicas + maxSurge');
  // A single active ReplicaSet simply takes the new count.
  const single = planDeployment(deploy({ replicas: 4 }), [rsFor(TPL_V1, { replicas: 10, revision: 1 })], NOW);
  t.same(sizes(single.update), { [`web-${podTemplateHash(TPL_V1)}`]: 4 });
  t.same(single.events.map((e) => e.message), [`Scaled down replica set web-${podTemplateHash(TPL_V1)} to 4 from 10`]);
});

t.test('status and conditions', async (t) => {
  const rs = rsFor(TPL_V1, { replicas: 10, revision: 1 });
  const progressing = { type: 'Progressing', status: 'True', lastUpdateTime: iso(NOW - 60_000), lastTransitionTime: iso(NOW - 120_000),
    reason: 'ReplicaSetUpdated', message: 'x' };
  const availableTrue = { type: 'Available', status: 'True', lastUpdateTime: iso(NOW - 300_000), lastTransitionTime: iso(NOW - 300_000),
    reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' };
  const d = deploy({ annotations: { 'deployment.kubernetes.io/revision': '1' },
    status: { observedGeneration: 1, replicas: 10, updatedReplicas: 10, readyReplicas: 9, availableReplicas: 9, unavailableReplicas: 1, conditions: [progressing] } });
  const done = planDeployment(d, [rs], NOW);
  t.same(done.status, {
    observedGeneration: 1, replicas: 10, updatedReplicas: 10, readyReplicas: 10, availableReplicas: 10,
    conditions: [
      { type: 'Available', status: 'True', lastUpdateTime: iso(NOW), lastTransitionTime: iso(NOW), reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
      { type: 'Progressing', status: 'True', lastUpdateTime: iso(NOW), lastTransitionTime: iso(NOW - 120_000), reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.` },
    ],
  }, 'complete: NewReplicaSetAvailable keeps the transition time');
  t.equal(done.requeueAfterMs, null, 'complete: no requeue');
  t.equal(planDeployment({ ...d, status: done.status }, [rs], NOW + 1000).status, null, 'steady: no write');

  // Progress refreshes lastUpdateTime but keeps lastTransitionTime.
  const half = rsFor(TPL_V1, { replicas: 10, available: 9, actual: 10, revision: 1 });
  const dHalf = deploy({ annotations: { 'deployment.kubernetes.io/revision': '1' },
    status: { observedGeneration: 1, replicas: 10, updatedReplicas: 10, readyReplicas: 8, availableReplicas: 8, conditions: [progressing] } });
  const p = planDeployment(dHalf, [half], NOW);
  const pc = (p.status!.conditions as any[]).find((c) => c.type === 'Progressing');
  t.same([pc.reason, pc.lastUpdateTime, pc.lastTransitionTime], ['ReplicaSetUpdated', iso(NOW), iso(NOW - 120_000)]);
  t.equal(p.requeueAfterMs, 601_000);

  // No progress past the deadline: ProgressDeadlineExceeded.
  const stuck = deploy({ annotations: { 'deployment.kubernetes.io/revision': '1' },
    status: { observedGeneration: 1, replicas: 10, updatedReplicas: 10, readyReplicas: 9, availableReplicas: 9, unavailableReplicas: 1,
      conditions: [availableTrue, { ...progressing, lastUpdateTime: iso(NOW - 601_000) }] } });
  const s = planDeployment(stuck, [half], NOW);
  const sc = (s.status!.conditions as any[]).find((c) => c.type === 'Progressing');
  t.same([sc.status, sc.reason, sc.message], ['False', 'ProgressDeadlineExceeded', `ReplicaSet "${half.metadata.name}" has timed out progressing.`]);
  t.equal(s.requeueAfterMs, null, 'timed out: no more requeues');
  const before = planDeployment({ ...stuck, status: { ...stuck.status, conditions: [availableTrue, { ...progressing, lastUpdateTime: iso(NOW - 500_000) }] } }, [half], NOW);
  t.equal(before.status, null, 'before the deadline: nothing changes');
  t.equal(before.requeueAfterMs, 101_000, 'requeue at the deadline + 1s');

  // ReplicaFailure is carried up from the ReplicaSet.
  const failing = rsFor(TPL_V1, { replicas: 10, actual: 4, available: 4, revision: 1 });
  failing.status.conditions = [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: iso(NOW - 1000), reason: 'FailedCreate', message: 'quota' }];
  const f = planDeployment(d, [failing], NOW);
  const fc = (f.status!.conditions as any[]).find((c) => c.type === 'ReplicaFailure');
  t.same(fc, { type: 'ReplicaFailure', status: 'True', lastUpdateTime: iso(NOW - 1000), lastTransitionTime: iso(NOW - 1000), reason: 'FailedCreate', message: 'quota' });
  const avail = (f.status!.conditions as any[]).find((c) => c.type === 'Available');
  t.same([avail.status, avail.reason], ['False', 'MinimumReplicasUnavailable'], '4 < 10 − 2');

  // Being deleted: status only.
  const del = planDeployment({ ...deploy({ template: TPL_V2 }), metadata: { ...deploy().metadata, deletionTimestamp: iso(NOW) } }, [rs], NOW);
  t.same([del.create, del.update, del.delete], [[], [], []], 'no ReplicaSet writes while deleting');
  t.equal(del.status?.updatedReplicas, undefined, 'old RS is not the updated one');

  // Empty selector: refuse.
  const all = planDeployment({ ...d, spec: { ...d.spec, selector: {} } }, [], NOW);
  t.equal(all.events[0]?.reason, 'SelectingAll');
  t.same(all.create, []);
});

t.test('hash collision bumps collisionCount', async (t) => {
  const d = deploy({ template: TPL_V2 });
  const squatter = rsFor(TPL_V1, { replicas: 1, revision: 1, name: `web-${podTemplateHash(TPL_V2)}` });
  const plan = planDeployment(d, [squatter], NOW);
  t.same(plan.create, []);
  t.equal(plan.status?.collisionCount, 1);
  t.equal(plan.requeueAfterMs, 0);
  const next = planDeployment({ ...d, status: plan.status }, [squatter], NOW);
  t.equal(next.create[0]?.metadata.name, `web-${podTemplateHash(TPL_V2, 1)}`, 'the next name uses the collision count');
});
