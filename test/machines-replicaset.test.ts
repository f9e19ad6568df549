import t from 'tap';
import type { KObject } from '../src/store/types.js';
import {
  BURST_REPLICAS, isPodActive, isPodAvailable, isPodReady, planReplicaSet, podFromTemplate, rankPodsForDeletion,
  withControllerRef, withoutOwnerRef,
} from '../machines/replicaset/plan.js';

const NOW = Date.parse('2025-01-01T12:00:00Z');
const iso = (msAgo: number): string => new Date(NOW - msAgo).toISOString().replace(/\.\d{3}Z$/, 'Z');
const S = 1000, MIN = 60 * S, H = 60 * MIN;

function rs(over: { replicas?: number; minReadySeconds?: number; deleting?: boolean; generation?: number; status?: any } = {}): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: 'web-abc', namespace: 'ns', uid: 'rs-uid', generation: over.generation ?? 1,
      ...(over.deleting ? { deletionTimestamp: iso(0) } : {}),
    },
    spec: {
      replicas: over.replicas ?? 3,
      minReadySeconds: over.minReadySeconds ?? 0,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web', tier: 'fe' }, annotations: { note: 'x' } },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      },
    },
    ...(over.status ? { status: over.status } : {}),
  };
}

interface PodOpts {
  node?: string; phase?: string; ready?: boolean; readyAgo?: number; createdAgo?: number; restarts?: number;
  labels?: Record<string, string>; owner?: string | null; deleting?: boolean; cost?: number;
}
function pod(name: string, o: PodOpts = {}): KObject {
  const owner = o.owner === undefined ? 'rs-uid' : o.owner;
  const metadata: KObject['metadata'] = {
    name, namespace: 'ns', uid: `uid-${name}`, labels: o.labels ?? { app: 'web', tier: 'fe' },
    creationTimestamp: iso(o.createdAgo ?? H),
  };
  if (owner) metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', uid: owner, controller: true }];
  if (o.deleting) metadata.deletionTimestamp = iso(0);
  if (o.cost !== undefined) metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': String(o.cost) };
  const ready = o.ready ?? true;
  return {
    apiVersion: 'v1', kind: 'Pod', metadata,
    spec: { nodeName: o.node ?? 'n1', containers: [{ name: 'c' }] },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: iso(o.readyAgo ?? 30 * MIN) }],
      containerStatuses: [{ name: 'c', restartCount: o.restarts ?? 0 }],
    },
  };
}
const names = (ps: KObject[]): string[] => ps.map((p) => p.metadata.name!);

t.test('pod predicates', async (t) => {
  const table: [string, KObject, boolean, boolean, boolean][] = [
    // name, pod, active, ready, available(minReady 10s)
    ['running ready long ago', pod('a', { readyAgo: MIN }), true, true, true],
    ['ready 5s ago', pod('a', { readyAgo: 5 * S }), true, true, false],
    ['ready exactly 10s ago (must be strictly before now)', pod('a', { readyAgo: 10 * S }), true, true, false],
    ['not ready', pod('a', { ready: false }), true, false, false],
    ['succeeded', pod('a', { phase: 'Succeeded' }), false, true, true],
    ['failed', pod('a', { phase: 'Failed', ready: false }), false, false, false],
    ['being deleted', pod('a', { deleting: true }), false, true, true],
  ];
  for (const [name, p, active, ready, avail] of table) {
    t.equal(isPodActive(p), active, `${name}: active`);
    t.equal(isPodReady(p), ready, `${name}: ready`);
    t.equal(isPodAvailable(p, 10, NOW), avail, `${name}: available`);
  }
  t.ok(isPodAvailable(pod('a', { readyAgo: 1 }), 0, NOW), 'minReadySeconds 0: ready is available');
});

t.test('deletion ranking follows ActivePodsWithRanks', async (t) => {
  // [case, pods in input order, expected deletion order]
  const table: [string, KObject[], string[]][] = [
    ['unassigned before assigned', [pod('assigned'), pod('unassigned', { node: '' })], ['unassigned', 'assigned']],
    ['Pending < Unknown < Running', [pod('run'), pod('unk', { phase: 'Unknown' }), pod('pend', { phase: 'Pending' })], ['pend', 'unk', 'run']],
    ['not ready before ready', [pod('r'), pod('nr', { ready: false })], ['nr', 'r']],
    ['lower deletion cost first', [pod('hi', { cost: 10 }), pod('lo', { cost: -5 }), pod('zero')], ['lo', 'zero', 'hi']],
    ['doubled-up node first', [pod('alone', { node: 'n2' }), pod('d1', { node: 'n1' }), pod('d2', { node: 'n1' })], ['d1', 'd2', 'alone']],
    // 1 min vs 1 h ready: different log2 buckets, the more recently ready goes first.
    ['recently ready first', [pod('old', { readyAgo: H }), pod('new', { readyAgo: MIN })], ['new', 'old']],
    // Same ready time: more restarts first.
    ['more restarts first', [pod('r0', { restarts: 0 }), pod('r5', { restarts: 5 }), pod('r2', { restarts: 2 })], ['r5', 'r2', 'r0']],
    // Same ready time and restarts: newer pod first.
    ['newer created first', [pod('old', { createdAgo: 10 * H }), pod('new', { createdAgo: MIN })], ['new', 'old']],
    // Ready 61s vs 62s ago: same log2 bucket, so the uid decides (uid-a < uid-b).
    ['same bucket: by uid', [pod('b', { readyAgo: 62 * S }), pod('a', { readyAgo: 61 * S })], ['a', 'b']],
    ['phase outranks readiness', [pod('pend-ready', { phase: 'Pending' }), pod('run-notready', { ready: false })], ['pend-ready', 'run-notready']],
  ];
  for (const [name, pods, want] of table) t.same(names(rankPodsForDeletion(pods, NOW)), want, name);
});

t.test('planReplicaSet: create and delete counts', async (t) => {
  const three = [pod('a'), pod('b'), pod('c')];
  const table: [string, KObject, KObject[], number, string[]][] = [
    ['steady', rs({ replicas: 3 }), three, 0, []],
    ['scale up from 0', rs({ replicas: 3 }), [], 3, []],
    ['scale up capped at burst', rs({ replicas: 2000 }), [], BURST_REPLICAS, []],
    ['scale down picks lowest ranked', rs({ replicas: 1 }), [pod('a'), pod('b', { ready: false }), pod('c', { node: '' })], 0, ['c', 'b']],
    ['terminating pods do not count', rs({ replicas: 3 }), [...three, pod('d', { deleting: true })], 0, []],
    ['finished pods do not count', rs({ replicas: 3 }), [pod('a'), pod('b'), pod('c', { phase: 'Succeeded' })], 1, []],
    ['other controller\'s pods ignored', rs({ replicas: 3 }), [pod('a'), pod('b'), pod('x', { owner: 'other' })], 1, []],
    ['being deleted: no create, no delete', rs({ replicas: 5, deleting: true }), three, 0, []],
    ['scale to zero', rs({ replicas: 0 }), three, 0, ['a', 'b', 'c'].sort()],
  ];
  for (const [name, r, pods, create, del] of table) {
    const p = planReplicaSet(r, pods, NOW);
    t.equal(p.create, create, `${name}: create`);
    t.same(names(p.delete).sort(), [...del].sort(), `${name}: delete set`);
  }
  const p = planReplicaSet(rs({ replicas: 1 }), [pod('a'), pod('b', { ready: false }), pod('c', { node: '' })], NOW);
  t.same(names(p.delete), ['c', 'b'], 'delete order: unassigned, then not ready');
});

t.test('planReplicaSet: adoption and release', async (t) => {
  const orphan = pod('orphan', { owner: null });
  const orphanOther = pod('orphan-nomatch', { owner: null, labels: { app: 'db' } });
  const orphanDeleting = pod('orphan-deleting', { owner: null, deleting: true });
  const stray = pod('stray', { labels: { app: 'other' } });
  const mine = pod('mine');
  const p = planReplicaSet(rs({ replicas: 2 }), [orphan, orphanOther, orphanDeleting, stray, mine], NOW);
  t.same(names(p.adopt), ['orphan'], 'adopts the matching live orphan only');
  t.same(names(p.release), ['stray'], 'releases the owned pod that no longer matches');
  t.equal(p.create, 0, 'adopted pod counts: mine + orphan = 2');
  t.same(p.delete, []);
  t.equal((p.status as any).replicas, 2);

  const adopted = withControllerRef(orphan, rs());
  t.same(adopted.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }]);
  t.equal(withControllerRef(adopted, rs()), adopted, 'adding twice is a no-op');
  t.equal(withoutOwnerRef(stray, 'rs-uid').metadata.ownerReferences, undefined, 'release drops the reference');
  t.equal(orphan.metadata.ownerReferences, undefined, 'inputs are not mutated');

  const deleting = planReplicaSet(rs({ replicas: 2, deleting: true }), [orphan, stray, mine], NOW);
  t.same(deleting.adopt, [], 'a ReplicaSet being deleted adopts nothing');
  t.same(deleting.release, [], 'and releases nothing');
});

t.test('planReplicaSet: status', async (t) => {
  const pods = [
    pod('a', { readyAgo: MIN }),
    pod('b', { readyAgo: 3 * S }),
    pod('c', { ready: false }),
    pod('d', { readyAgo: MIN, labels: { app: 'web' } }), // matches the selector, lacks tier
  ];
  const p = planReplicaSet(rs({ replicas: 4, minReadySeconds: 10, generation: 7 }), pods, NOW);
  t.same(p.status, { replicas: 4, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 2, observedGeneration: 7 });
  t.equal(p.requeueAfterMs, 7 * S + 1, 'requeue when b becomes available (ready 3s of 10s)');

  const same = planReplicaSet(rs({ replicas: 4, minReadySeconds: 10, generation: 7, status: p.status }), pods, NOW);
  t.equal(same.status, null, 'unchanged status is not rewritten');

  const empty = planReplicaSet(rs({ replicas: 0 }), [], NOW);
  t.same(empty.status, { replicas: 0, observedGeneration: 1 }, 'zero fields omitted, replicas kept');
  t.equal(empty.requeueAfterMs, null);

  const failed = planReplicaSet(rs({ replicas: 3 }), [pod('a')], NOW, 'pods "web-abc-x" is forbidden: exceeded quota');
  t.same((failed.status as any).conditions, [{
    type: 'ReplicaFailure', status: 'True', lastTransitionTime: iso(0), reason: 'FailedCreate',
    message: 'pods "web-abc-x" is forbidden: exceeded quota',
  }]);
  t.equal(failed.create, 2, 'still tries to create');
  const recovered = planReplicaSet(rs({ replicas: 1, status: failed.status }), [pod('a')], NOW);
  t.equal((recovered.status as any).conditions, undefined, 'a sync without failure removes ReplicaFailure');
  const kept = planReplicaSet(rs({ replicas: 3, status: failed.status }), [pod('a')], NOW + H, 'again');
  t.equal(kept.status, null, 'an existing failure condition is kept as is (no status write)');
  const del = planReplicaSet(rs({ replicas: 0 }), [pod('a')], NOW, { message: 'boom' });
  t.equal((del.status as any).conditions[0].reason, 'FailedDelete');
});

t.test('podFromTemplate', async (t) => {
  const r = rs();
  const p = podFromTemplate(r);
  t.same(p, {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      generateName: 'web-abc-', namespace: 'ns', labels: { app: 'web', tier: 'fe' }, annotations: { note: 'x' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }],
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  });
  p.spec.containers[0].image = 'changed';
  p.metadata.labels!.app = 'changed';
  t.equal(r.spec.template.spec.containers[0].image, 'nginx', 'spec is a copy');
  t.equal(r.spec.template.metadata.labels.app, 'web', 'labels are a copy');
});
