// The scheduler's pure cycle: filters and their messages, scores, batch accounting.
import t from 'tap';
import type { KObject } from '../src/store/types.js';
import { simulatedNode } from '../src/api/nodes.js';
import {
  addPod, fitErrorMessage, nodeInfoOf, podUsage, removePod, schedulePods, unschedulableBackoffMs, toleratesTaint,
  effectiveTaints, numFeasibleNodesToFind, type NodeInfo,
} from '../machines/scheduler/index.js';

const NOW = '2024-01-01T00:00:00Z';
let seq = 0;
function pod(name: string, spec: Record<string, any> = {}, meta: Record<string, any> = {}): KObject {
  seq++;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: `2024-01-01T00:00:${String(seq % 60).padStart(2, '0')}Z`, ...meta },
    spec: { containers: [{ name: 'c', image: 'nginx', resources: spec.resources ?? {} }], ...spec },
    status: { phase: 'Pending' },
  };
}
const owned = (owner: string) => ({ ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: `rs-${owner}`, controller: true }] });
function node(name: string, patch: (n: KObject) => void = () => {}): KObject {
  const n = simulatedNode(name, NOW);
  patch(n);
  return n;
}
const infos = (...nodes: KObject[]): NodeInfo[] => nodes.map((n) => nodeInfoOf(n, []));
const threeNodes = () => infos(node('node-1'), node('node-2'), node('node-3'));
const req = (cpu?: string, memory?: string) => ({ resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } } });
const withRes = (r: any) => ({ containers: [{ name: 'c', image: 'nginx', ...r }] });

t.test('fixture: nodeSelector pool-type=large on 3 unlabelled nodes', async (t) => {
  const pods = [pod('a', { nodeSelector: { 'pool-type': 'large' } }), pod('b', { nodeSelector: { 'pool-type': 'large' } })];
  const r = schedulePods(pods, threeNodes());
  t.equal(r.bindings.length, 0);
  t.equal(r.unschedulable.length, 2);
  const short = "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.";
  t.equal(r.unschedulable[0]!.message, `${short} preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`);
  t.equal(r.unschedulable[0]!.reason, 'Unschedulable');
  t.equal(schedulePods(pods, threeNodes(), { preemption: false }).unschedulable[0]!.message, short);
});

t.test('each filter, with its reason (preemption part off)', async (t) => {
  type Case = [string, KObject, (n: KObject) => void, string | null];
  const cases: Case[] = [
    ['fits', pod('p'), () => {}, null],
    ['unschedulable node', pod('p'), (n) => { n.spec.unschedulable = true; }, 'node(s) were unschedulable'],
    ['unschedulable node tolerated', pod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] }), (n) => { n.spec.unschedulable = true; }, null],
    ['nodeName', pod('p', { nodeName: 'other' }), () => {}, "node(s) didn't match the requested node name"],
    ['nodeSelector matches', pod('p', { nodeSelector: { 'kubernetes.io/os': 'linux' } }), () => {}, null],
    ['nodeSelector value differs', pod('p', { nodeSelector: { 'kubernetes.io/os': 'windows' } }), () => {}, "node(s) didn't match Pod's node affinity/selector"],
    ['affinity In', pod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }] } } } }), (n) => { n.metadata.labels!.zone = 'b'; }, null],
    ['affinity NotIn (missing label passes)', pod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }] } } } }), () => {}, null],
    ['affinity DoesNotExist fails', pod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'type', operator: 'DoesNotExist' }] }] } } } }), () => {}, "node(s) didn't match Pod's node affinity/selector"],
    ['affinity Gt', pod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['3'] }] }] } } } }), (n) => { n.metadata.labels!.gen = '4'; }, null],
    ['affinity terms are ORed', pod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'x', operator: 'Exists' }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n'] }] }] } } } }), () => {}, null],
    ['affinity empty term matches nothing', pod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } } } }), () => {}, "node(s) didn't match Pod's node affinity/selector"],
    ['taint NoSchedule', pod('p'), (n) => { n.spec.taints = [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]; }, 'node(s) had untolerated taint {dedicated: gpu}'],
    ['taint PreferNoSchedule ignored', pod('p'), (n) => { n.spec.taints = [{ key: 'dedicated', value: 'gpu', effect: 'PreferNoSchedule' }]; }, null],
    ['taint tolerated (Equal)', pod('p', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }), (n) => { n.spec.taints = [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]; }, null],
    ['taint toleration wrong value', pod('p', { tolerations: [{ key: 'dedicated', value: 'cpu' }] }), (n) => { n.spec.taints = [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }]; }, 'node(s) had untolerated taint {dedicated: gpu}'],
    ['not-ready taint, default tolerations cover only NoExecute', pod('p', { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }] }),
      (n) => { n.spec.taints = [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]; }, 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }'],
    ['Ready False without taints yet', pod('p'), (n) => { n.status.conditions.find((c: any) => c.type === 'Ready').status = 'False'; }, 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }'],
    ['Ready Unknown without taints yet', pod('p'), (n) => { n.status.conditions.find((c: any) => c.type === 'Ready').status = 'Unknown'; }, 'node(s) had untolerated taint {node.kubernetes.io/unreachable: }'],
    ['Insufficient cpu', pod('p', withRes(req('5'))), () => {}, 'Insufficient cpu'],
    ['Insufficient memory', pod('p', withRes(req('100m', '17Gi'))), () => {}, 'Insufficient memory'],
    ['Too many pods', pod('p'), (n) => { n.status.allocatable.pods = '0'; }, 'Too many pods'],
    ['requests default from limits', pod('p', withRes({ resources: { limits: { cpu: '4500m' } } })), () => {}, 'Insufficient cpu'],
    ['first failing filter wins (unschedulable before selector)', pod('p', { nodeSelector: { a: 'b' } }), (n) => { n.spec.unschedulable = true; }, 'node(s) were unschedulable'],
  ];
  for (const [name, p, patch, reason] of cases) {
    const r = schedulePods([p], infos(node('n', patch)), { preemption: false });
    if (reason === null) t.same(r.bindings.map((b) => b.node), ['n'], name);
    else t.equal(r.unschedulable[0]?.message, `0/1 nodes are available: 1 ${reason}.`, name);
  }
});

t.test('several resource reasons on one node, histogram sorted as strings', async (t) => {
  const nodes = infos(node('n1'), node('n2', (n) => { n.status.allocatable.pods = '0'; }));
  const r = schedulePods([pod('p', withRes(req('3', '15Gi')))], nodes, { preemption: false });
  t.equal(r.bindings[0]?.node, 'n1');
  const r2 = schedulePods([pod('q', withRes(req('3', '15Gi')))], nodes);
  t.equal(r2.unschedulable[0]!.message,
    '0/2 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Too many pods. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.');
  // Go's sort.Strings: "10 ..." sorts before "2 ..."
  t.equal(fitErrorMessage(12, [
    ...Array.from({ length: 10 }, () => ({ code: 'Unschedulable' as const, reasons: ['Insufficient cpu'] })),
    ...Array.from({ length: 2 }, () => ({ code: 'Unschedulable' as const, reasons: ['Too many pods'] })),
  ]), '0/12 nodes are available: 10 Insufficient cpu, 2 Too many pods.');
});

t.test('preemption dry run', async (t) => {
  // request above allocatable: unresolvable → not helpful
  let r = schedulePods([pod('big', withRes(req('8')))], threeNodes());
  t.equal(r.unschedulable[0]!.message, '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
  // mixed: one node excluded by taint, others full of equal-priority pods
  const nodes = infos(node('n1'), node('n2'), node('n3', (n) => { n.spec.taints = [{ key: 'k', value: 'v', effect: 'NoSchedule' }]; }));
  for (const n of nodes.slice(0, 2)) addPod(n, pod(`fill-${n.name}`, withRes(req('4'))));
  r = schedulePods([pod('p', withRes(req('1')))], nodes);
  t.equal(r.unschedulable[0]!.message,
    '0/3 nodes are available: 1 node(s) had untolerated taint {k: v}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
  r = schedulePods([pod('never', { ...withRes(req('1')), preemptionPolicy: 'Never' })], nodes);
  t.match(r.unschedulable[0]!.message, / preemption: not eligible due to preemptionPolicy=Never\.$/);
  // a higher-priority pod that would fit after evicting lower-priority ones: no preemption part
  r = schedulePods([pod('high', { ...withRes(req('1')), priority: 1000 })], nodes);
  t.equal(r.unschedulable[0]!.message, '0/3 nodes are available: 1 node(s) had untolerated taint {k: v}, 2 Insufficient cpu.');
  // lower-priority pods exist but evicting them is not enough: the filter's reason
  const n4 = infos(node('n4'));
  addPod(n4[0]!, pod('low', { ...withRes(req('1')), priority: -1 }));
  addPod(n4[0]!, pod('mid', { ...withRes(req('3')), priority: 10 }));
  r = schedulePods([pod('p2', { ...withRes(req('2')), priority: 5 })], n4);
  t.equal(r.unschedulable[0]!.message, '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu.');
  t.equal(schedulePods([pod('x')], []).unschedulable[0]!.message, 'no nodes available to schedule pods');
});

t.test('spread: 100 pods of one owner over 10 equal nodes → 10 each', async (t) => {
  const nodes = infos(...Array.from({ length: 10 }, (_, i) => node(`node-${i + 1}`)));
  const pods = Array.from({ length: 100 }, (_, i) => pod(`web-${i}`, withRes(req('10m', '10Mi')), owned('web')));
  const r = schedulePods(pods, nodes);
  t.equal(r.bindings.length, 100);
  const per = new Map<string, number>();
  for (const b of r.bindings) per.set(b.node, (per.get(b.node) ?? 0) + 1);
  t.same([...per.values()], Array(10).fill(10));
  for (const n of nodes) t.equal(n.podsByOwner.get('rs-web'), 10, n.name);
});

t.test('spread counts pods already on nodes; balance prefers the emptier node', async (t) => {
  const nodes = infos(node('a'), node('b'), node('c'));
  addPod(nodes[0]!, pod('old-1', withRes(req('10m')), owned('web')));
  addPod(nodes[1]!, pod('old-2', withRes(req('10m')), owned('web')));
  let r = schedulePods([pod('new', withRes(req('10m')), owned('web'))], nodes);
  t.equal(r.bindings[0]!.node, 'c');
  // no owner pods anywhere: the node with least requested wins
  const m = infos(node('a'), node('b'), node('c'));
  addPod(m[0]!, pod('x1', withRes(req('2', '1Gi'))));
  addPod(m[2]!, pod('x2', withRes(req('1', '1Gi'))));
  r = schedulePods([pod('y', withRes(req('100m')), owned('other'))], m);
  t.equal(r.bindings[0]!.node, 'b');
});

t.test('equal nodes: single pods of different owners do not all land on one node', async (t) => {
  const nodes = infos(...Array.from({ length: 5 }, (_, i) => node(`node-${i + 1}`)));
  const pods = Array.from({ length: 5 }, (_, i) => pod(`solo-${i}`, withRes(req('0', '0')), owned(`d${i}`)));
  const r = schedulePods(pods, nodes);
  t.ok(new Set(r.bindings.map((b) => b.node)).size > 1);
  // deterministic
  const again = schedulePods(pods, infos(...Array.from({ length: 5 }, (_, i) => node(`node-${i + 1}`))));
  t.same(again.bindings.map((b) => b.node), r.bindings.map((b) => b.node));
});

t.test('resource accounting across a batch never over-commits', async (t) => {
  const nodes = infos(node('n1'), node('n2')); // 4 cpu each
  const pods = Array.from({ length: 10 }, (_, i) => pod(`p${i}`, withRes(req('1500m')), owned('rs')));
  const r = schedulePods(pods, nodes, { preemption: false });
  t.equal(r.bindings.length, 4); // two per node (3 cpu), a third would need 4.5
  t.equal(r.unschedulable.length, 6);
  t.equal(r.unschedulable[0]!.message, '0/2 nodes are available: 2 Insufficient cpu.');
  for (const n of nodes) { t.equal(n.requested.milliCpu, 3000); t.equal(n.requested.pods, 2); }
  // pods limit: 110 per node
  const one = infos(node('solo'));
  const many = Array.from({ length: 120 }, (_, i) => pod(`m${i}`));
  const r2 = schedulePods(many, one, { preemption: false });
  t.equal(r2.bindings.length, 110);
  t.equal(r2.unschedulable[0]!.message, '0/1 nodes are available: 1 Too many pods.');
  // different groups share the node: memory
  const mem = infos(node('m'));
  const r3 = schedulePods([pod('a', withRes(req('1m', '10Gi'))), pod('b', withRes(req('2m', '10Gi')))], mem, { preemption: false });
  t.same(r3.bindings.map((b) => b.pod.metadata.name), ['a']);
  t.equal(r3.unschedulable[0]!.message, '0/1 nodes are available: 1 Insufficient memory.');
});

t.test('queue order: priority first, then creation', async (t) => {
  const nodes = infos(node('n'));
  const low = pod('low', { ...withRes(req('3')), priority: 0 }, { creationTimestamp: '2024-01-01T00:00:00Z' });
  const high = pod('high', { ...withRes(req('3')), priority: 100 }, { creationTimestamp: '2024-01-01T00:00:05Z' });
  const r = schedulePods([low, high], nodes, { preemption: false });
  t.same(r.bindings.map((b) => b.pod.metadata.name), ['high']);
  const a = pod('a', withRes(req('3')), { creationTimestamp: '2024-01-01T00:00:09Z' });
  const b = pod('b', withRes(req('3')), { creationTimestamp: '2024-01-01T00:00:01Z' });
  t.same(schedulePods([a, b], infos(node('n'))).bindings.map((x) => x.pod.metadata.name), ['b']);
  // other schedulers and gated pods are left alone
  const r2 = schedulePods([pod('o', { schedulerName: 'other' }), pod('g', { schedulingGates: [{ name: 'x' }] })], infos(node('n')));
  t.same([r2.bindings.length, r2.unschedulable.length], [0, 0]);
});

t.test('NodeInfo: requests, init containers, overhead, add/remove idempotent', async (t) => {
  const p = pod('p', {
    containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '100m', memory: '64Mi' } } }, { name: 'b', image: 'x', resources: { requests: { cpu: '0.2' } } }],
    initContainers: [{ name: 'i', image: 'x', resources: { requests: { cpu: '1', memory: '1Mi' } } }, { name: 's', image: 'x', restartPolicy: 'Always', resources: { requests: { cpu: '50m' } } }],
    overhead: { cpu: '10m' },
  }, owned('rs'));
  const u = podUsage(p);
  t.equal(u.milliCpu, 1010); // max(300 + 50 sidecar, 1000 init) + 10
  t.equal(u.memory, 64 * 1024 * 1024);
  t.equal(u.nonZeroMemory, 64 * 1024 * 1024 + 200 * 1024 * 1024 + 200 * 1024 * 1024); // b and the sidecar default to 200Mi for scoring
  const n = nodeInfoOf(node('n'), [p, pod('done', {}, { uid: 'u-done' })]);
  t.same(n.allocatable, { milliCpu: 4000, memory: 16 * 1024 ** 3, pods: 110 });
  t.equal(n.requested.pods, 2);
  addPod(n, p);
  t.equal(n.requested.pods, 2, 'idempotent');
  removePod(n, p);
  t.same(n.requested, { milliCpu: 0, memory: 0, pods: 1 });
  t.equal(n.podsByOwner.size, 0);
  removePod(n, p);
  t.equal(n.requested.pods, 1);
  const finished = pod('f'); finished.status.phase = 'Succeeded';
  t.equal(nodeInfoOf(node('m'), [finished]).requested.pods, 0, 'terminal pods hold nothing');
});

t.test('tolerations and effective taints', async (t) => {
  const taint = { key: 'k', value: 'v', effect: 'NoSchedule' };
  const cases: [object, boolean][] = [
    [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }, true],
    [{ key: 'k', value: 'v' }, true],
    [{ key: 'k', operator: 'Exists' }, true],
    [{ operator: 'Exists' }, true],
    [{ key: 'k', value: 'w' }, false],
    [{ key: 'k', operator: 'Exists', effect: 'NoExecute' }, false],
    [{ key: 'j', operator: 'Exists' }, false],
  ];
  for (const [tol, want] of cases) t.equal(toleratesTaint(tol, taint), want, JSON.stringify(tol));
  t.same(effectiveTaints(node('n')), []);
});

t.test('unschedulableBackoffMs: 1 s doubling to 10 s', async (t) => {
  t.same([1, 2, 3, 4, 5, 6, 20].map(unschedulableBackoffMs), [1000, 2000, 4000, 8000, 10000, 10000, 10000]);
});

t.test('performance: 10,000 pending pods over 1,000 nodes (reported, not asserted)', async (t) => {
  const mkNodes = () => infos(...Array.from({ length: 1000 }, (_, i) => node(`node-${i + 1}`)));
  // 20 Deployments of 500 replicas
  let pods = Array.from({ length: 10_000 }, (_, i) => pod(`d${i % 20}-${i}`, withRes(req('100m', '128Mi')), owned(`d${i % 20}`)));
  let nodes = mkNodes();
  let t0 = performance.now();
  let r = schedulePods(pods, nodes);
  let ms = performance.now() - t0;
  t.equal(r.bindings.length, 10_000);
  const counts = nodes.map((n) => n.requested.pods);
  t.comment(`20 owners × 500 pods on 1,000 nodes: ${ms.toFixed(1)} ms; pods per node min ${Math.min(...counts)} max ${Math.max(...counts)}`);
  t.ok(nodes.every((n) => [...n.podsByOwner.values()].every((c) => c === 1)), 'each owner at most one pod per node');
  t.ok(Math.max(...counts) - Math.min(...counts) <= 2, 'totals balanced');
  // worst case: every pod its own constraints (10,000 distinct node affinities that all match)
  pods = Array.from({ length: 10_000 }, (_, i) => pod(`bare-${i}`, { ...withRes(req('10m')), nodeSelector: { 'kubernetes.io/os': 'linux' },
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: [`z${i}`] }] }] } } } }));
  nodes = mkNodes();
  t0 = performance.now();
  r = schedulePods(pods, nodes);
  ms = performance.now() - t0;
  t.equal(r.bindings.length, 10_000);
  t.comment(`10,000 pods with distinct constraints on 1,000 nodes: ${ms.toFixed(1)} ms`);
  // a DaemonSet: one pod per node, pinned by matchFields metadata.name
  pods = Array.from({ length: 1000 }, (_, i) => pod(`ds-${i}`, { affinity: pinned(`node-${i + 1}`) }, owned('ds')));
  nodes = mkNodes();
  t0 = performance.now();
  r = schedulePods(pods, nodes);
  ms = performance.now() - t0;
  t.ok(r.bindings.every((b) => b.node === `node-${Number(b.pod.metadata.name!.slice(3)) + 1}`));
  t.comment(`DaemonSet, 1,000 pinned pods on 1,000 nodes: ${ms.toFixed(1)} ms`);
});

const pinned = (name: string) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [name] }] }] } } });

t.test('NodeAffinity PreFilter: pods pinned to node names', async (t) => {
  const nodes = infos(node('n1'), node('n2'), node('n3'));
  addPod(nodes[1]!, pod('hog', withRes(req('4'))));
  let r = schedulePods([pod('ds-a', { ...withRes(req('1')), affinity: pinned('n2') }), pod('ds-b', { affinity: pinned('n3') })], nodes);
  t.same(r.bindings.map((b) => b.node), ['n3']);
  t.equal(r.unschedulable[0]!.message,
    "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.");
  const conflicting = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [
    { key: 'metadata.name', operator: 'In', values: ['n1'] }, { key: 'metadata.name', operator: 'In', values: ['n2'] }] }] } } };
  r = schedulePods([pod('x', { affinity: conflicting })], nodes);
  t.equal(r.unschedulable[0]!.message, '0/3 nodes are available: pod affinity terms conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
});

t.test('sampling path (kube-style, for lone pods on many nodes) still honours every filter', async (t) => {
  const many = infos(...Array.from({ length: 300 }, (_, i) => node(`node-${i + 1}`, (n) => { if (i % 3 === 0) n.metadata.labels!.disk = 'ssd'; })));
  t.equal(numFeasibleNodesToFind(300), 144);
  t.equal(numFeasibleNodesToFind(1000), 420);
  t.equal(numFeasibleNodesToFind(50), 50);
  t.equal(numFeasibleNodesToFind(5000), 500);
  const pods = Array.from({ length: 200 }, (_, i) => pod(`lone-${i}`, { ...withRes(req('3')), nodeSelector: { disk: 'ssd' } }, owned(`o${i}`)));
  const r = schedulePods(pods, many, { preemption: false });
  t.equal(r.bindings.length, 100, 'one 3-cpu pod per ssd node');
  t.ok(r.bindings.every((b) => (Number(b.node.slice(5)) - 1) % 3 === 0));
  t.equal(new Set(r.bindings.map((b) => b.node)).size, 100);
  t.equal(r.unschedulable[0]!.message, "0/300 nodes are available: 100 Insufficient cpu, 200 node(s) didn't match Pod's node affinity/selector.");
});
