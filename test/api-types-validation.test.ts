import t from 'tap';
import YAML from 'yaml';
import { RESOURCES, resourceByKind, resourceByPath, validateObjectMeta, type FieldError } from '../src/api/resources/index.js';
import type { KObject } from '../src/store/types.js';

// /work/shared/fixtures/service-a.yaml, as the fixture has it.
const SERVICE_A = `
apiVersion: v1
kind: Namespace
metadata:
  name: service-a
---
apiVersion: v1
kind: Secret
metadata:
  name: service-a
  namespace: service-a
type: Opaque
stringData:
  BUILD_NO: "293"
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: service-a
  namespace: service-a
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: service-a
  annotations: {}
  name: service-a
  namespace: service-a
spec:
  replicas: 3
  selector:
    matchLabels:
      app: service-a
  strategy:
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 1
    type: RollingUpdate
  template:
    metadata:
      labels:
        app: service-a
      annotations: {}
    spec:
      containers:
        - env:
            - name: BUILD_NO
              valueFrom:
                secretKeyRef:
                  key: BUILD_NO
                  name: service-a
          image: "dockerhub.io/service-a:build-293"
          imagePullPolicy: Always
          name: service-a
          securityContext: {}
          ports:
            - name: http
              containerPort: 8199
              protocol: TCP
          resources:
            limits:
              memory: 500Mi
            requests:
              memory: 128Mi
          terminationMessagePath: /dev/termination-log
          terminationMessagePolicy: File
          volumeMounts:
            - name: service-a
              mountPath: /etc/service-a
              readOnly: true
      dnsPolicy: ClusterFirst
      securityContext:
        fsGroup: 1000
        runAsUser: 1000
      nodeSelector:
        pool-type: large
      restartPolicy: Always
      schedulerName: default-scheduler
      terminationGracePeriodSeconds: 15
      serviceAccountName: service-a
      volumes:
        - name: service-a
          secret:
            defaultMode: 420
            secretName: service-a
`;

const docs = (): KObject[] => YAML.parseAllDocuments(SERVICE_A).map((d) => d.toJSON() as KObject);
const deployment = (): KObject => structuredClone(docs()[3]!);

/** What the API does on create: default, prepare, validate. */
function create(obj: KObject): FieldError[] {
  const type = resourceByKind(obj.apiVersion!, obj.kind!);
  if (!type) throw new Error(`no type for ${obj.apiVersion} ${obj.kind}`);
  type.default(obj);
  type.prepareForCreate?.(obj);
  return [...validateObjectMeta(obj, type), ...type.validate(obj)];
}

function update(obj: KObject, old: KObject): FieldError[] {
  const type = resourceByKind(obj.apiVersion!, obj.kind!)!;
  type.default(obj);
  type.prepareForUpdate?.(obj, old);
  return [...validateObjectMeta(obj, type, old), ...type.validate(obj, old)];
}

const brief = (errs: FieldError[]) => errs.map((e) => `${e.field}: ${e.message}`);

const SUBDOMAIN_MSG = (v: string) =>
  `Invalid value: "${v}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
const LABEL_MSG = (v: string) =>
  `Invalid value: "${v}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;

t.test('service-a.yaml is accepted after defaults', async (t) => {
  for (const obj of docs()) t.same(create(obj), [], `${obj.kind}`);
});

t.test("the article's original names are refused with Kubernetes' fields and messages", async (t) => {
  // [kind/what, mutate, expected errors (field: message)]
  const table: [string, (o: KObject) => KObject, string[]][] = [
    ['Namespace Service-A', (o) => ({ ...o, metadata: { name: 'Service-A' } }), [`metadata.name: ${LABEL_MSG('Service-A')}`]],
    ['Namespace with a dot', (o) => ({ ...o, metadata: { name: 'service.a' } }), ['metadata.name: Invalid value: "service.a": must not contain dots']],
    [
      'Secret service-A in namespace service-A',
      (o) => ({ ...o, metadata: { name: 'service-A', namespace: 'service-A' } }),
      [`metadata.name: ${SUBDOMAIN_MSG('service-A')}`, `metadata.namespace: ${LABEL_MSG('service-A')}`],
    ],
  ];
  const [ns, secret] = docs();
  for (const [what, mutate, want] of table) {
    const base = what.startsWith('Namespace') ? ns! : secret!;
    t.same(brief(create(mutate(structuredClone(base)))), want, what);
  }

  // The Deployment exactly as the article wrote it (names in upper case).
  const d = deployment();
  d.metadata.name = 'service-A';
  d.metadata.namespace = 'service-A';
  const pod = d.spec.template.spec;
  pod.containers[0].name = 'service-A';
  pod.serviceAccountName = 'service-A';
  pod.volumes[0].name = 'service-A';
  pod.containers[0].volumeMounts[0].name = 'service-A';
  const errs = create(d);
  t.same(brief(errs), [
    `metadata.name: ${SUBDOMAIN_MSG('service-A')}`,
    `metadata.namespace: ${LABEL_MSG('service-A')}`,
    `spec.template.spec.volumes[0].name: ${LABEL_MSG('service-A')}`,
    `spec.template.spec.containers[0].name: ${LABEL_MSG('service-A')}`,
    'spec.template.spec.containers[0].volumeMounts[0].name: Not found: "service-A"',
    `spec.template.spec.serviceAccountName: ${SUBDOMAIN_MSG('service-A')}`,
  ]);
  t.equal(errs[0]!.type, 'FieldValueInvalid');
  t.equal(errs[4]!.type, 'FieldValueNotFound');
});

t.test('Deployment validation table', async (t) => {
  const C = 'spec.template.spec.containers[0]';
  // [what, mutate, expected errors]
  const table: [string, (d: KObject) => void, string[]][] = [
    ['selector does not match', (d) => { d.spec.selector = { matchLabels: { app: 'other' } }; },
      ['spec.template.metadata.labels: Invalid value: {"app":"service-a"}: `selector` does not match template `labels`']],
    ['no selector', (d) => { delete d.spec.selector; }, ['spec.selector: Required value']],
    ['empty selector', (d) => { d.spec.selector = {}; },
      ['spec.selector: Invalid value: {}: empty selector is invalid for deployment']],
    ['restartPolicy Never', (d) => { d.spec.template.spec.restartPolicy = 'Never'; },
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']],
    ['restartPolicy bogus', (d) => { d.spec.template.spec.restartPolicy = 'Sometimes'; }, [
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always"',
    ]],
    ['negative replicas', (d) => { d.spec.replicas = -1; }, ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    ['no containers', (d) => { d.spec.template.spec.containers = []; }, ['spec.template.spec.containers: Required value']],
    ['container without name and image', (d) => { delete d.spec.template.spec.containers[0].name; delete d.spec.template.spec.containers[0].image; },
      [`${C}.name: Required value`, `${C}.image: Required value`]],
    ['duplicate container names', (d) => { d.spec.template.spec.containers.push({ ...structuredClone(d.spec.template.spec.containers[0]) }); },
      ['spec.template.spec.containers[1].name: Duplicate value: "service-a"']],
    ['port 0 and 70000, duplicate port names', (d) => {
      d.spec.template.spec.containers[0].ports = [
        { name: 'http', containerPort: 70000, protocol: 'TCP' },
        { name: 'http', containerPort: 8080, protocol: 'TCP' },
        { containerPort: 0, protocol: 'HTTP' },
      ];
    }, [
      `${C}.ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive`,
      `${C}.ports[1].name: Duplicate value: "http"`,
      `${C}.ports[2].containerPort: Required value`,
      `${C}.ports[2].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"`,
    ]],
    ['bad port name', (d) => { d.spec.template.spec.containers[0].ports[0].name = 'HTTP_port-name-x'; }, [
      `${C}.ports[0].name: Invalid value: "HTTP_port-name-x": must be no more than 15 characters`,
      `${C}.ports[0].name: Invalid value: "HTTP_port-name-x": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
    ]],
    ['requests above limits', (d) => { d.spec.template.spec.containers[0].resources = { limits: { memory: '128Mi', cpu: '500m' }, requests: { memory: '1Gi', cpu: '0.5' } }; },
      [`${C}.resources.requests: Invalid value: "1Gi": must be less than or equal to memory limit of 128Mi`]],
    ['bad quantity', (d) => { d.spec.template.spec.containers[0].resources = { limits: { memory: '500MB' } }; },
      [`${C}.resources.limits[memory]: Invalid value: "500MB": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`]],
    ['negative quantity and unknown resource', (d) => { d.spec.template.spec.containers[0].resources = { requests: { cpu: '-1', gpu: '1' } }; }, [
      `${C}.resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0`,
      `${C}.resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers`,
    ]],
    ['env var names', (d) => { d.spec.template.spec.containers[0].env = [{ name: '', value: 'x' }, { name: 'A=B', value: 'y' }, { name: 'C' , valueFrom: {} }]; }, [
      `${C}.env[0].name: Required value`,
      `${C}.env[0].name: Invalid value: "": environment variable name must be non-empty`,
      `${C}.env[1].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
      `${C}.env[2].valueFrom: Invalid value: "": must specify one of: \`fieldRef\`, \`resourceFieldRef\`, \`configMapKeyRef\` or \`secretKeyRef\``,
    ]],
    ['duplicate volumes and a mount of a missing volume', (d) => {
      d.spec.template.spec.volumes.push({ name: 'service-a', emptyDir: {} });
      d.spec.template.spec.containers[0].volumeMounts.push({ name: 'nope', mountPath: '/etc/service-a' });
    }, [
      'spec.template.spec.volumes[1].name: Duplicate value: "service-a"',
      `${C}.volumeMounts[1].name: Not found: "nope"`,
      `${C}.volumeMounts[1].mountPath: Invalid value: "/etc/service-a": must be unique`,
    ]],
    ['maxSurge and maxUnavailable both 0', (d) => { d.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: '0%' }; },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0']],
    ['bad int-or-percent', (d) => { d.spec.strategy.rollingUpdate = { maxSurge: '25', maxUnavailable: '120%' }; }, [
      "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"25\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "120%": must not be greater than 100%',
    ]],
    ['unknown strategy', (d) => { d.spec.strategy = { type: 'Blue' }; },
      ['spec.strategy: Unsupported value: {"type":"Blue"}: supported values: "Recreate", "RollingUpdate"']],
    ['Recreate with rollingUpdate', (d) => { d.spec.strategy.type = 'Recreate'; },
      ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]],
    ['bad label key', (d) => { d.metadata.labels = { 'a/b/c': 'x' }; }, [
      "metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]],
    ['annotations too large', (d) => { d.metadata.annotations = { big: 'x'.repeat(256 * 1024) }; },
      ['metadata.annotations: Too long: must have at most 262144 bytes']],
    ['progressDeadlineSeconds not above minReadySeconds', (d) => { d.spec.minReadySeconds = 600; },
      ['spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds']],
  ];
  for (const [what, mutate, want] of table) {
    const d = deployment();
    mutate(d);
    t.same(brief(create(d)), want, what);
  }
});

t.test('updates: immutable selector and metadata', async (t) => {
  const old = deployment();
  create(old);
  Object.assign(old.metadata, { uid: 'u1', creationTimestamp: '2024-01-01T00:00:00Z', resourceVersion: '5' });
  const d = structuredClone(old);
  d.spec.replicas = 5;
  d.spec.template.spec.containers[0].image = 'dockerhub.io/service-a:build-294';
  t.same(update(d, old), [], 'scaling and a new image are fine');

  const moved = structuredClone(old);
  moved.spec.selector = { matchLabels: { app: 'service-a', tier: 'web' } };
  moved.spec.template.metadata.labels.tier = 'web';
  t.same(brief(update(moved, old)), ['spec.selector: Invalid value: {"matchLabels":{"app":"service-a","tier":"web"}}: field is immutable']);

  const renamed = structuredClone(old);
  renamed.metadata.uid = 'u2';
  renamed.metadata.namespace = 'other';
  t.same(brief(update(renamed, old)), [
    'metadata.namespace: Invalid value: "other": field is immutable',
    'metadata.uid: Invalid value: "u2": field is immutable',
  ]);
});

t.test('Pod: validation and update rules', async (t) => {
  const pod = (): KObject => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' },
    spec: { containers: [{ name: 'web', image: 'nginx' }] },
  });
  t.same(create(pod()), []);
  const old = pod();
  create(old);
  const img = structuredClone(old);
  img.spec.containers[0].image = 'nginx:1.27';
  t.same(update(img, old), [], 'image may change');
  const tol = structuredClone(old);
  tol.spec.tolerations.push({ key: 'k', operator: 'Exists', effect: 'NoSchedule' });
  t.same(update(tol, old), [], 'tolerations may be added');
  const env = structuredClone(old);
  env.spec.containers[0].env = [{ name: 'A', value: 'b' }];
  const errs = update(env, old);
  t.equal(errs.length, 1);
  t.equal(errs[0]!.field, 'spec');
  t.equal(errs[0]!.type, 'FieldValueForbidden');
  t.match(errs[0]!.message, /^Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,/);

  const bad = pod();
  bad.spec.restartPolicy = 'Sometimes';
  bad.spec.tolerations = [{ operator: 'Equal', value: 'x' }, { key: 'k', operator: 'Exists', effect: 'Bad', tolerationSeconds: 5 }];
  t.same(brief(create(bad)), [
    'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    "spec.tolerations[1].effect: Invalid value: \"Bad\": effect must be 'NoExecute' when `tolerationSeconds` is set",
    'spec.tolerations[1].effect: Unsupported value: "Bad": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
  ]);
  const spaced = pod();
  spaced.spec.containers[0].image = ' nginx';
  t.same(brief(create(spaced)), ['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace']);
});

t.test('other kinds: required fields and limits', async (t) => {
  const table: [string, KObject, string[]][] = [
    ['Node in a namespace', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', namespace: 'x' } }, ['metadata.namespace: Forbidden: not allowed on this type']],
    ['Pod without namespace', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }] } }, ['metadata.namespace: Required value']],
    ['control bytes print as Go quotes them', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '\u0000\u0001', namespace: 'd' } }, [
      `metadata.name: ${SUBDOMAIN_MSG('\\x00\\x01')}`,
    ]],
    ['nameless ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'd' } }, ['metadata.name: Required value: name or generateName is required']],
    ['generateName ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cfg-', namespace: 'd' } }, []],
    ['ConfigMap keys', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'd' }, data: { 'a b': 'x', ok: 'y' }, binaryData: { ok: 'eQ==' } }, [
      "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      'data[ok]: Invalid value: "ok": duplicate of key present in binaryData',
      'binaryData[ok]: Invalid value: "ok": duplicate of key present in data',
    ]],
    ['Secret not base64', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'd' }, data: { k: 'abc!' } }, ['data[k]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 3']],
    ['TLS secret without keys', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'd' }, type: 'kubernetes.io/tls', data: {} }, ['data[tls.crt]: Required value', 'data[tls.key]: Required value']],
    ['finalizer without a slash', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'd', finalizers: ['mine'] } }, ['metadata.finalizers[0]: Invalid value: "mine": name is neither a standard finalizer name nor is it fully qualified']],
    ['HPA bounds', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'd' }, spec: { minReplicas: 3, maxReplicas: 2 } }, [
      'spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`',
      'spec.scaleTargetRef.kind: Required value',
      'spec.scaleTargetRef.name: Required value',
    ]],
    ['Lease durations', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l', namespace: 'd' }, spec: { leaseDurationSeconds: 0, leaseTransitions: -1 } }, [
      'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
      'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
    ]],
    ['Event in another namespace', { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'a' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'b' } }, ['involvedObject.namespace: Invalid value: "b": does not match event.namespace']],
    ['StatefulSet without selector', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', namespace: 'd' }, spec: { template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } }, ['spec.selector: Required value']],
    ['ReplicaSet OK', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r', namespace: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } }, []],
  ];
  for (const [what, obj, want] of table) t.same(brief(create(obj)), want, what);
});

t.test('registry: lookups and discovery facts', async (t) => {
  const table: [string, string, string, string, string[], string[]][] = [
    // [group, version, plural, kind, shortNames, categories]
    ['', 'v1', 'namespaces', 'Namespace', ['ns'], []],
    ['', 'v1', 'pods', 'Pod', ['po'], ['all']],
    ['', 'v1', 'nodes', 'Node', ['no'], []],
    ['', 'v1', 'services', 'Service', ['svc'], ['all']],
    ['', 'v1', 'endpoints', 'Endpoints', ['ep'], []],
    ['', 'v1', 'secrets', 'Secret', [], []],
    ['', 'v1', 'configmaps', 'ConfigMap', ['cm'], []],
    ['', 'v1', 'serviceaccounts', 'ServiceAccount', ['sa'], []],
    ['', 'v1', 'events', 'Event', ['ev'], []],
    ['apps', 'v1', 'deployments', 'Deployment', ['deploy'], ['all']],
    ['apps', 'v1', 'replicasets', 'ReplicaSet', ['rs'], ['all']],
    ['apps', 'v1', 'statefulsets', 'StatefulSet', ['sts'], ['all']],
    ['autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', ['hpa'], ['all']],
    ['coordination.k8s.io', 'v1', 'leases', 'Lease', [], []],
    ['discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', [], []],
    ['rbac.authorization.k8s.io', 'v1', 'roles', 'Role', [], []],
    ['rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', [], []],
    ['rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', [], []],
    ['rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', [], []],
  ];
  t.equal(RESOURCES.length, table.length);
  for (const [group, version, plural, kind, shortNames, categories] of table) {
    const r = resourceByPath(group, version, plural);
    t.ok(r, plural);
    t.equal(r?.kind, kind);
    t.same(r?.shortNames, shortNames, `${plural} shortNames`);
    t.same(r?.categories, categories, `${plural} categories`);
    t.equal(resourceByKind(group ? `${group}/${version}` : version, kind), r);
    t.equal(r?.columns.length, r?.cells({ metadata: { name: 'x' } } as KObject, 0).length, `${plural} cells match columns`);
  }
  t.equal(resourceByPath('apps', 'v1', 'pods'), undefined);
  t.equal(resourceByKind('v1', 'Deployment'), undefined);
  t.same(resourceByPath('apps', 'v1', 'deployments')?.subresources.scale, { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' });
  t.same(resourceByPath('', 'v1', 'namespaces')?.verbs, ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
});
