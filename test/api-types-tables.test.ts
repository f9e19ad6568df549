import t from 'tap';
import { resourceByPath } from '../src/api/resources/index.js';
import { humanDuration, hpaTargets } from '../src/api/tables.js';
import type { KObject } from '../src/store/types.js';

const NOW = Date.parse('2025-01-10T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const cells = (plural: string, obj: KObject, group = '') => {
  const type = resourceByPath(group, group === 'autoscaling' ? 'v2' : 'v1', plural)!;
  return type.cells(obj, NOW);
};
const names = (plural: string, group = '') =>
  resourceByPath(group, group === 'autoscaling' ? 'v2' : 'v1', plural)!.columns.map((c) => `${c.name}${c.priority ? '*' : ''}`);

t.test('humanDuration', async (t) => {
  const table: [number, string][] = [
    [-3000, '<invalid>'],
    [-1500, '0s'],
    [0, '0s'],
    [5000, '5s'],
    [119_000, '119s'],
    [182_000, '3m2s'],
    [180_000, '3m'],
    [600_000, '10m'],
    [179 * 60_000, '179m'],
    [3 * 3600_000, '3h'],
    [(3 * 60 + 5) * 60_000, '3h5m'],
    [47 * 3600_000, '47h'],
    [(2 * 24 + 5) * 3600_000, '2d5h'],
    [8 * 24 * 3600_000, '8d'],
    [(2 * 365 + 3) * 24 * 3600_000, '2y3d'],
    [9 * 365 * 24 * 3600_000, '9y'],
  ];
  for (const [ms, want] of table) t.equal(humanDuration(ms), want, `${ms}ms`);
});

t.test('pods', async (t) => {
  t.same(names('pods'), ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP*', 'Node*', 'Nominated Node*', 'Readiness Gates*']);
  const base = (status: unknown, extra: Record<string, unknown> = {}): KObject => ({
    metadata: { name: 'web-1', creationTimestamp: ago(300), ...extra },
    spec: { containers: [{ name: 'web' }], nodeName: 'node-1' },
    status: status as any,
  });
  const running = base({
    phase: 'Running', podIPs: [{ ip: '10.0.0.5' }],
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: { startedAt: ago(290) } } }],
  });
  const terminating = base({
    phase: 'Running', podIPs: [{ ip: '10.0.0.6' }],
    containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: {} } }],
  }, { deletionTimestamp: ago(1) });
  const crashing = base({
    phase: 'Running',
    containerStatuses: [{
      name: 'web', ready: false, restartCount: 4,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(42) } },
    }],
  });
  const pending: KObject = { metadata: { name: 'p', creationTimestamp: ago(5) }, spec: { containers: [{ name: 'a' }, { name: 'b' }] }, status: { phase: 'Pending' } };
  const initializing: KObject = {
    metadata: { name: 'i', creationTimestamp: ago(5) },
    spec: { initContainers: [{ name: 'setup' }, { name: 'migrate' }], containers: [{ name: 'a' }] },
    status: { phase: 'Pending', initContainerStatuses: [
      { name: 'setup', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      { name: 'migrate', state: { running: {} } },
    ] },
  };
  const completed: KObject = {
    metadata: { name: 'job', creationTimestamp: ago(3600) }, spec: { containers: [{ name: 'a' }] },
    status: { phase: 'Succeeded', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] },
  };
  const table: [string, KObject, unknown[]][] = [
    ['running 1/1', running, ['web-1', '1/1', 'Running', '0', '5m', '10.0.0.5', 'node-1', '<none>', '<none>']],
    ['terminating', terminating, ['web-1', '1/1', 'Terminating', '0', '5m', '10.0.0.6', 'node-1', '<none>', '<none>']],
    ['crash loop', crashing, ['web-1', '0/1', 'CrashLoopBackOff', '4 (42s ago)', '5m', '<none>', 'node-1', '<none>', '<none>']],
    ['pending, unscheduled', pending, ['p', '0/2', 'Pending', '0', '5s', '<none>', '<none>', '<none>', '<none>']],
    ['init 1/2', initializing, ['i', '0/1', 'Init:1/2', '0', '5s', '<none>', '<none>', '<none>', '<none>']],
    ['completed', completed, ['job', '0/1', 'Completed', '0', '60m', '<none>', '<none>', '<none>', '<none>']],
  ];
  for (const [what, pod, want] of table) t.same(cells('pods', pod), want, what);
});

t.test('deployments, replicasets, statefulsets', async (t) => {
  t.same(names('deployments', 'apps'), ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers*', 'Images*', 'Selector*']);
  const template = { spec: { containers: [{ name: 'service-a', image: 'dockerhub.io/service-a:build-293' }, { name: 'proxy', image: 'envoy' }] } };
  const selector = { matchLabels: { app: 'service-a' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] };
  const d: KObject = {
    metadata: { name: 'service-a', creationTimestamp: ago(2 * 86400 + 5 * 3600) },
    spec: { replicas: 3, selector, template },
    status: { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 },
  };
  t.same(cells('deployments', d, 'apps'), [
    'service-a', '3/3', 3, 3, '2d5h', 'service-a,proxy', 'dockerhub.io/service-a:build-293,envoy', 'app=service-a,tier in (api,web)',
  ]);
  const rs: KObject = { metadata: { name: 'service-a-xjm8s', creationTimestamp: ago(61) }, spec: { replicas: 3, selector, template }, status: { replicas: 2, readyReplicas: 1 } };
  t.same(cells('replicasets', rs, 'apps'), ['service-a-xjm8s', 3, 2, 1, '61s', 'service-a,proxy', 'dockerhub.io/service-a:build-293,envoy', 'app=service-a,tier in (api,web)']);
  const sts: KObject = { metadata: { name: 'db' }, spec: { replicas: 2, template }, status: { readyReplicas: 1 } };
  t.same(cells('statefulsets', sts, 'apps'), ['db', '1/2', '<unknown>', 'service-a,proxy', 'dockerhub.io/service-a:build-293,envoy']);
});

t.test('nodes', async (t) => {
  const node = (ready: string | undefined, extra: Record<string, any> = {}): KObject => ({
    metadata: { name: 'node-1', creationTimestamp: ago(600), labels: { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'edge' } },
    spec: extra.spec ?? {},
    status: {
      conditions: ready ? [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: ready }] : [],
      addresses: [{ type: 'Hostname', address: 'node-1' }, { type: 'InternalIP', address: '10.1.0.1' }],
      nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Ubuntu 24.04', kernelVersion: '6.8.0', containerRuntimeVersion: 'containerd://1.7.0' },
    },
  });
  const table: [string, KObject, unknown[]][] = [
    ['NotReady,SchedulingDisabled', node('False', { spec: { unschedulable: true } }),
      ['node-1', 'NotReady,SchedulingDisabled', 'control-plane,edge,worker', '10m', 'v1.32.0', '10.1.0.1', '<none>', 'Ubuntu 24.04', '6.8.0', 'containerd://1.7.0']],
    ['Ready', node('True'), ['node-1', 'Ready', 'control-plane,edge,worker', '10m', 'v1.32.0', '10.1.0.1', '<none>', 'Ubuntu 24.04', '6.8.0', 'containerd://1.7.0']],
    ['Unknown', node(undefined), ['node-1', 'Unknown', 'control-plane,edge,worker', '10m', 'v1.32.0', '10.1.0.1', '<none>', 'Ubuntu 24.04', '6.8.0', 'containerd://1.7.0']],
    ['no labels, no info', { metadata: { name: 'bare' } }, ['bare', 'Unknown', '<none>', '<unknown>', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']],
  ];
  for (const [what, n, want] of table) t.same(cells('nodes', n), want, what);
});

t.test('namespaces, secrets, configmaps, serviceaccounts, events, hpa, leases', async (t) => {
  const table: [string, string, KObject, unknown[]][] = [
    ['namespaces', '', { metadata: { name: 'service-a', creationTimestamp: ago(30) }, status: { phase: 'Active' } }, ['service-a', 'Active', '30s']],
    ['secrets', '', { metadata: { name: 's', creationTimestamp: ago(30) }, type: 'Opaque', data: { a: 'eA==', b: 'eQ==' } }, ['s', 'Opaque', 2, '30s']],
    ['configmaps', '', { metadata: { name: 'c', creationTimestamp: ago(30) }, data: { a: 'x' }, binaryData: { b: 'eQ==' } }, ['c', 2, '30s']],
    ['serviceaccounts', '', { metadata: { name: 'default', creationTimestamp: ago(30) } }, ['default', 0, '30s']],
    ['events', '', {
      metadata: { name: 'web-1.17f', creationTimestamp: ago(30) }, type: 'Warning', reason: 'FailedScheduling',
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: '' }, source: { component: 'default-scheduler' },
      message: '0/3 nodes are available: 3 node(s) didn\'t match Pod\'s node affinity/selector. ', firstTimestamp: ago(90), lastTimestamp: ago(30), count: 3,
    }, ['30s', 'Warning', 'FailedScheduling', 'pod/web-1', '', 'default-scheduler', "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.", '90s', 3, 'web-1.17f']],
    ['leases', 'coordination.k8s.io', { metadata: { name: 'node-1', creationTimestamp: ago(30) }, spec: { holderIdentity: 'node-1' } }, ['node-1', 'node-1', '30s']],
    ['horizontalpodautoscalers', 'autoscaling', {
      metadata: { name: 'service-a', creationTimestamp: ago(30) },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'service-a' }, minReplicas: 1, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] },
      status: { currentReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 42 } } }] },
    }, ['service-a', 'Deployment/service-a', 'cpu: 42%/80%', '1', 10, 3, '30s']],
  ];
  for (const [plural, group, obj, want] of table) {
    const type = resourceByPath(group, group === 'autoscaling' ? 'v2' : 'v1', plural)!;
    t.same(type.cells(obj, NOW), want, plural);
  }
  t.same(names('events'), ['Last Seen', 'Type', 'Reason', 'Object', 'Subobject*', 'Source*', 'Message', 'First Seen*', 'Count*', 'Name*']);
  t.equal(hpaTargets([], []), '<none>');
  const m = { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '1k' } } };
  t.equal(hpaTargets([m, m, m], []), '<unknown>/1k, <unknown>/1k + 1 more...');
});
