import t from 'tap';
import { resourceByKind } from '../src/api/resources/index.js';
import { defaultPullPolicy, podQOSClass } from '../src/api/resources/defaults.js';
import type { KObject } from '../src/store/types.js';

function created(obj: KObject): KObject {
  const type = resourceByKind(obj.apiVersion!, obj.kind!)!;
  type.default(obj);
  type.prepareForCreate?.(obj);
  return obj;
}

const TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

t.test('Pod: defaults, admission and initial status', async (t) => {
  const pod = created({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' },
    spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '0.5', memory: '128Mi' } } }] },
  });
  t.same(pod.spec, {
    containers: [{
      name: 'web', image: 'nginx', imagePullPolicy: 'Always',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '128Mi' } },
      terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
    }],
    restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler',
    terminationGracePeriodSeconds: 30, securityContext: {}, enableServiceLinks: true,
    serviceAccountName: 'default', serviceAccount: 'default',
    priority: 0, preemptionPolicy: 'PreemptLowerPriority',
    tolerations: TOLERATIONS,
  });
  t.same(pod.status, { phase: 'Pending', qosClass: 'Guaranteed' });

  // an existing NoExecute toleration for all keys means none are added
  const tolerant = created({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'd' },
    spec: { containers: [{ name: 'c', image: 'i:1' }], tolerations: [{ operator: 'Exists' }] } });
  t.same(tolerant.spec.tolerations, [{ operator: 'Exists' }]);
  t.equal(tolerant.status.qosClass, 'BestEffort');
});

t.test('imagePullPolicy from the tag', async (t) => {
  const table: [string, string][] = [
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v2', 'IfNotPresent'],
    ['dockerhub.io/service-a:build-293', 'IfNotPresent'],
    ['nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent'],
    ['', 'IfNotPresent'],
  ];
  for (const [image, want] of table) t.equal(defaultPullPolicy(image), want, image);
});

t.test('QoS class', async (t) => {
  const c = (resources: unknown) => ({ name: 'c', image: 'i', resources });
  const table: [string, unknown[], string][] = [
    ['nothing', [c({})], 'BestEffort'],
    ['requests only', [c({ requests: { cpu: '100m' } })], 'Burstable'],
    ['equal limits and requests', [c({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } })], 'Guaranteed'],
    ['memory limit only', [c({ limits: { memory: '1Gi' }, requests: { memory: '1Gi' } })], 'Burstable'],
    ['one of two guaranteed', [c({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } }), c({})], 'Burstable'],
    ['requests below limits', [c({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '0.5', memory: '1Gi' } })], 'Burstable'],
  ];
  for (const [what, containers, want] of table) t.equal(podQOSClass({ containers }), want, what);
});

t.test('controllers and other kinds: defaults', async (t) => {
  const template = { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } };
  const templateDefaulted = {
    metadata: { labels: { a: 'b' } },
    spec: {
      containers: [{ name: 'c', image: 'i:1', imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
      restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, securityContext: {},
    },
  };
  const sel = { matchLabels: { a: 'b' } };
  // [what, input, expected object after default + prepareForCreate]
  const table: [string, KObject, KObject][] = [
    ['Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' }, spec: { selector: sel, template }, status: { replicas: 9 } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' }, spec: {
        selector: sel, template: templateDefaulted, replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      } }],
    ['ReplicaSet', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r', namespace: 'n' }, spec: { selector: sel, template } },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r', namespace: 'n' }, spec: { selector: sel, template: templateDefaulted, replicas: 1 } }],
    ['StatefulSet', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', namespace: 'n' }, spec: { selector: sel, template, serviceName: 's' } },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', namespace: 'n' }, spec: {
        selector: sel, template: templateDefaulted, serviceName: 's', replicas: 1, revisionHistoryLimit: 10,
        podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      } }],
    ['Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', labels: { 'kubernetes.io/metadata.name': 'team' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }],
    ['Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, data: { a: 'eA==' }, stringData: { BUILD_NO: '293', u: 'ü' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, type: 'Opaque', data: { a: 'eA==', BUILD_NO: 'Mjkz', u: 'w7w=' } }],
    ['HPA', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'n' }, spec: { maxReplicas: 5, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' } } },
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'n' }, spec: {
        maxReplicas: 5, minReplicas: 1, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' },
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
      } }],
  ];
  for (const [what, input, want] of table) t.same(created(input), want, what);
});

t.test('updates keep status and namespace finalizers as stored', async (t) => {
  const ns = resourceByKind('v1', 'Namespace')!;
  const old: KObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
  const next: KObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' }, spec: { finalizers: [] }, status: { phase: 'Terminating' } };
  ns.default(next);
  ns.prepareForUpdate!(next, old);
  t.same(next.spec, { finalizers: ['kubernetes'] });
  t.same(next.status, { phase: 'Active' });
  const deploy = resourceByKind('apps/v1', 'Deployment')!;
  const d: KObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: {}, status: { replicas: 1 } };
  deploy.prepareForUpdate!(d, { ...d, status: { replicas: 3 } });
  t.same(d.status, { replicas: 3 });
});
