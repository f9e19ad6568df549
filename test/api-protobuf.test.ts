import t, { type Test } from 'tap';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { decodeKubernetesProtobuf, isProtobuf, ProtobufError } from '../src/api/protobuf/index.js';
import { readVarint } from '../src/api/protobuf/wire.js';
import { startServer, type TestServer } from './helpers/api.js';
import { kubectl, skipWithoutKubectl } from './helpers/kubectl.js';

// ---- a tiny protobuf encoder, enough to build bodies by hand

type Bytes = number[];

function varint(v: number | bigint): Bytes {
  let x = BigInt.asUintN(64, BigInt(v));
  const out: Bytes = [];
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x) b |= 0x80;
    out.push(b);
  } while (x);
  return out;
}
const key = (field: number, wire: number): Bytes => varint(field * 8 + wire);
const utf8 = (s: string): Bytes => [...new TextEncoder().encode(s)];
const bytesField = (field: number, b: Bytes): Bytes => [...key(field, 2), ...varint(b.length), ...b];
const str = (field: number, s: string): Bytes => bytesField(field, utf8(s));
const int = (field: number, v: number | bigint): Bytes => [...key(field, 0), ...varint(v)];
const bool = (field: number, v: boolean): Bytes => int(field, v ? 1 : 0);
const msg = (field: number, ...parts: Bytes[]): Bytes => bytesField(field, parts.flat());
const strMap = (field: number, entries: Record<string, string> | [string, string][]): Bytes =>
  (Array.isArray(entries) ? entries : Object.entries(entries)).flatMap(([k, v]) => msg(field, str(1, k), str(2, v)));
const quantityMap = (field: number, entries: Record<string, string>): Bytes =>
  Object.entries(entries).flatMap(([k, v]) => msg(field, str(1, k), msg(2, str(1, v))));
const intOrStringInt = (field: number, v: number): Bytes => msg(field, int(1, 0), int(2, v), str(3, ''));
const intOrStringStr = (field: number, v: string): Bytes => msg(field, int(1, 1), int(2, 0), str(3, v));

function envelope(apiVersion: string, kind: string, raw: Bytes, extra: Bytes = [...str(3, ''), ...str(4, '')]): Uint8Array {
  return new Uint8Array([0x6b, 0x38, 0x73, 0x00, ...msg(1, str(1, apiVersion), str(2, kind)), ...bytesField(2, raw), ...extra]);
}

/** ObjectMeta as Go's generated code writes it: every non-pointer field present, zero or not. */
function meta(field: number, name: string, extra: Bytes[] = []): Bytes {
  return msg(field, str(1, name), str(2, ''), str(3, ''), str(4, ''), str(5, ''), str(6, ''), int(7, 0), msg(8), ...extra);
}

function throwsProtobuf(t: Test, fn: () => unknown, pattern: RegExp, what: string): void {
  try {
    fn();
    t.fail(`${what}: decoded without error`);
  } catch (err) {
    t.ok(err instanceof ProtobufError, `${what}: a ProtobufError (got ${(err as Error)?.name})`);
    t.match((err as Error).message, pattern, what);
  }
}

t.test('isProtobuf', async (t) => {
  t.ok(isProtobuf('application/vnd.kubernetes.protobuf'));
  t.ok(isProtobuf('Application/Vnd.Kubernetes.Protobuf; charset=binary'));
  t.notOk(isProtobuf('application/json'));
  t.notOk(isProtobuf('application/vnd.kubernetes.protobuf;stream=watch'.replace('protobuf', 'protobuff')));
  t.notOk(isProtobuf(''));
  t.notOk(isProtobuf(null));
});

t.test('varints: exact up to 2^53, bigints above, 64 bits at most', async (t) => {
  const read = (b: Bytes) => readVarint(new Uint8Array(b), 0, b.length).value;
  t.equal(read([0]), 0);
  t.equal(read([0xac, 0x02]), 300);
  t.equal(read(varint(2 ** 32)), 2 ** 32);
  t.equal(read(varint(Number.MAX_SAFE_INTEGER)), Number.MAX_SAFE_INTEGER);
  t.equal(read(varint(2n ** 53n)), 2n ** 53n);
  t.equal(read(varint(2n ** 64n - 1n)), 2n ** 64n - 1n);
  t.equal(read(varint(-1)), 2n ** 64n - 1n, 'negative numbers are 10-byte two\'s complement');
  t.throws(() => read([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]), ProtobufError, 'a 65th bit');
  t.throws(() => read(Array(11).fill(0xff)), ProtobufError, 'more than 10 bytes');
  t.throws(() => read([0x80, 0x80]), ProtobufError, 'ends mid-number');
});

interface Case {
  name: string;
  body: Uint8Array;
  expect: Record<string, unknown>;
}

const deploymentRaw: Bytes = [
  ...meta(1, 'web', [strMap(11, { app: 'web' })]),
  ...msg(2,
    int(1, 3), // replicas
    msg(2, strMap(1, { app: 'web' })), // selector
    msg(3, // template
      meta(1, '', [strMap(11, { app: 'web' })]),
      msg(2, // PodSpec
        msg(2, // containers[0]
          str(1, 'nginx'), str(2, 'nginx:1.27'), str(3, 'nginx'), str(3, '-g'), str(4, 'daemon off;'), str(5, ''),
          msg(6, str(1, 'http'), int(2, 0), int(3, 80), str(4, 'TCP'), str(5, '')),
          msg(6, str(1, ''), int(2, 0), int(3, 443), str(4, ''), str(5, '')),
          msg(7, str(1, 'PLAIN'), str(2, 'v')),
          msg(7, str(1, 'FROM_SECRET'), str(2, ''), msg(3, msg(4, msg(1, str(1, 's')), str(2, 'k'), bool(3, true)))),
          msg(7, str(1, 'FROM_CM'), str(2, ''), msg(3, msg(3, msg(1, str(1, 'cm')), str(2, 'a')))),
          msg(7, str(1, 'POD'), str(2, ''), msg(3, msg(1, str(1, 'v1'), str(2, 'metadata.name')))),
          msg(8, quantityMap(1, { cpu: '500m', memory: '128Mi' }), quantityMap(2, { cpu: '250m' })),
          msg(9, str(1, 'data'), bool(2, true), str(3, '/data'), str(4, ''), str(6, '')),
          msg(11, msg(1, msg(2, str(1, '/healthz'), intOrStringStr(2, 'http'), str(3, ''), str(4, 'HTTP'))), int(2, 0), int(3, 1), int(4, 5)),
          str(13, '/dev/termination-log'), str(14, 'IfNotPresent'), bool(16, false), bool(17, false), bool(18, false),
        ),
        msg(1, str(1, 'data'), msg(2, msg(2, str(1, '')))), // volumes[0]: emptyDir {}
        msg(1, str(1, 'cfg'), msg(2, msg(19, msg(1, str(1, 'cm')), int(3, 420)))),
        str(3, 'Always'), int(4, 0), str(6, 'ClusterFirst'), bool(11, false), int(25, -5),
      ),
    ),
    msg(4, str(1, 'RollingUpdate'), msg(2, intOrStringInt(1, 1), intOrStringStr(2, '25%'))),
    int(5, 0), // minReadySeconds: zero, omitempty
  ),
  ...msg(3), // status {}
];

const cases: Case[] = [
  {
    // As kubectl create service nodeport sends it: every non-pointer field written, zero or not.
    name: 'Service: ports with an int and a named target port, selector, node port, an unset pointer',
    body: envelope('v1', 'Service', [
      ...meta(1, 'np', [strMap(11, { app: 'np' })]),
      ...msg(2,
        msg(1, str(1, 'http'), str(2, 'TCP'), int(3, 80), intOrStringInt(4, 8080), int(5, 30080)),
        msg(1, str(1, 'web'), str(2, 'UDP'), int(3, 53), intOrStringStr(4, 'dns'), int(5, 0)),
        strMap(2, { app: 'np' }), str(3, ''), str(4, 'NodePort'), str(7, ''), str(8, ''), str(10, ''), str(11, ''),
        int(12, 0), bool(13, false), str(17, 'SingleStack'), str(19, 'IPv4'),
      ),
      ...msg(3, msg(1)),
    ]),
    expect: {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'np', labels: { app: 'np' } },
      spec: {
        ports: [
          { name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 },
          { name: 'web', protocol: 'UDP', port: 53, targetPort: 'dns' },
        ],
        selector: { app: 'np' }, type: 'NodePort', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
      },
      status: { loadBalancer: {} },
    },
  },
  {
    name: 'Namespace',
    body: envelope('v1', 'Namespace', [
      ...meta(1, 'foo', [strMap(11, { team: 'a' }), strMap(12, { note: 'x' })]),
      ...msg(2, str(1, 'kubernetes')),
      ...msg(3, str(1, '')),
    ]),
    expect: {
      apiVersion: 'v1', kind: 'Namespace',
      metadata: { name: 'foo', labels: { team: 'a' }, annotations: { note: 'x' } },
      spec: { finalizers: ['kubernetes'] }, status: {},
    },
  },
  {
    name: 'ConfigMap with data, binaryData and immutable: false (a pointer, so kept)',
    body: envelope('v1', 'ConfigMap', [
      ...meta(1, 'cm'), ...strMap(2, { a: 'b', empty: '' }),
      ...msg(3, str(1, 'bin'), bytesField(2, [0, 1, 2, 255])), ...bool(4, false),
    ]),
    expect: {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' },
      immutable: false, data: { a: 'b', empty: '' }, binaryData: { bin: 'AAEC/w==' },
    },
  },
  {
    name: 'Secret: data as base64, stringData, type',
    body: envelope('v1', 'Secret', [
      ...meta(1, 's'), ...msg(2, str(1, 'k'), bytesField(2, utf8('v'))), ...msg(2, str(1, 'none')),
      ...strMap(4, { plain: 'text' }), ...str(3, 'Opaque'),
    ]),
    expect: {
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' },
      data: { k: 'dg==', none: '' }, stringData: { plain: 'text' }, type: 'Opaque',
    },
  },
  {
    name: 'Deployment: containers, ports, env, resources, probes, volumes, strategy, IntOrString',
    body: envelope('apps/v1', 'Deployment', deploymentRaw),
    expect: {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'cm', defaultMode: 420 } }],
            containers: [{
              name: 'nginx', image: 'nginx:1.27', command: ['nginx', '-g'], args: ['daemon off;'],
              ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }],
              env: [
                { name: 'PLAIN', value: 'v' },
                { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k', optional: true } } },
                { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'cm', key: 'a' } } },
                { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
              ],
              resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m' } },
              volumeMounts: [{ name: 'data', readOnly: true, mountPath: '/data' }],
              readinessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 5 },
              terminationMessagePath: '/dev/termination-log', imagePullPolicy: 'IfNotPresent',
            }],
            restartPolicy: 'Always', terminationGracePeriodSeconds: 0, dnsPolicy: 'ClusterFirst', priority: -5,
          },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '25%' } },
      },
      status: {},
    },
  },
  {
    name: 'DeleteOptions: zero grace period kept, preconditions, policy, dryRun',
    body: envelope('meta.k8s.io/v1', 'DeleteOptions', [
      ...int(1, 0), ...msg(2, str(1, 'uid-1'), str(2, '42')), ...str(4, 'Foreground'), ...str(5, 'All'),
    ]),
    expect: {
      apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions',
      gracePeriodSeconds: 0, preconditions: { uid: 'uid-1', resourceVersion: '42' }, propagationPolicy: 'Foreground', dryRun: ['All'],
    },
  },
  {
    name: 'DeleteOptions from a group version, orphanDependents',
    body: envelope('apps/v1', 'DeleteOptions', [...bool(3, true)]),
    expect: { apiVersion: 'apps/v1', kind: 'DeleteOptions', orphanDependents: true },
  },
  {
    name: 'Lease: Time and MicroTime',
    body: envelope('coordination.k8s.io/v1', 'Lease', [
      ...meta(1, 'l', [msg(8, int(1, 1704067200), int(2, 999))]),
      ...msg(2, str(1, 'me'), int(2, 15), msg(3, int(1, 1704067200), int(2, 123456789)), msg(4, int(1, 0)), int(5, 0)),
    ]),
    expect: {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name: 'l', creationTimestamp: '2024-01-01T00:00:00Z' },
      spec: {
        holderIdentity: 'me', leaseDurationSeconds: 15, acquireTime: '2024-01-01T00:00:00.123456Z',
        renewTime: '1970-01-01T00:00:00.000000Z', leaseTransitions: 0,
      },
    },
  },
  {
    name: 'Scale (autoscaling/v1)',
    body: envelope('autoscaling/v1', 'Scale', [...meta(1, 'web'), ...msg(2, int(1, 5)), ...msg(3, int(1, 0), str(2, ''))]),
    expect: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web' }, spec: { replicas: 5 }, status: { replicas: 0 } },
  },
  {
    name: 'unknown fields of every wire type are skipped; repeated message fields merge',
    body: envelope('v1', 'ServiceAccount', [
      ...meta(1, 'sa'),
      ...int(99, 12345), ...key(98, 5), 1, 2, 3, 4, ...key(97, 1), 1, 2, 3, 4, 5, 6, 7, 8, ...msg(96, str(1, 'x')),
      ...msg(1, strMap(11, { later: 'yes' })), // a second metadata merges into the first
      ...msg(3, str(1, 'pull')), ...bool(4, false),
    ]),
    expect: {
      apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', labels: { later: 'yes' } },
      imagePullSecrets: [{ name: 'pull' }], automountServiceAccountToken: false,
    },
  },
  {
    name: 'Pod: affinity, tolerations, security context, packed int64 list, init containers',
    body: envelope('v1', 'Pod', [
      ...meta(1, 'p'),
      ...msg(2,
        msg(20, str(1, 'init'), str(2, 'busybox'), str(24, 'Always')),
        msg(2, str(1, 'c'), str(2, 'busybox'), msg(15, msg(1, str(2, 'ALL')), bool(5, true), int(4, 1000))),
        msg(14, int(2, 1000), bytesField(4, [...varint(1), ...varint(2)]), int(5, 2000)),
        msg(18, msg(1, msg(1, msg(1, msg(1, str(1, 'zone'), str(2, 'In'), str(3, 'a')))))),
        msg(22, str(1, 'k'), str(2, 'Exists'), str(3, ''), str(4, 'NoExecute'), int(5, 30)),
        strMap(7, { disk: 'ssd' }), str(8, 'sa1'), bool(30, false),
      ),
    ]),
    expect: {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
      spec: {
        initContainers: [{ name: 'init', image: 'busybox', restartPolicy: 'Always' }],
        containers: [{ name: 'c', image: 'busybox', securityContext: { capabilities: { drop: ['ALL'] }, runAsUser: 1000, runAsNonRoot: true } }],
        nodeSelector: { disk: 'ssd' }, serviceAccountName: 'sa1',
        securityContext: { runAsUser: 1000, supplementalGroups: [1, 2], fsGroup: 2000 },
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } },
        tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }],
        enableServiceLinks: false,
      },
    },
  },
];

t.test('decoding hand-built bodies', async (t) => {
  for (const c of cases) {
    const d = decodeKubernetesProtobuf(c.body);
    t.same(d.object, c.expect, c.name);
    t.equal(d.apiVersion, c.expect.apiVersion, `${c.name}: apiVersion`);
    t.equal(d.kind, c.expect.kind, `${c.name}: kind`);
    t.equal(JSON.stringify(d.object), JSON.stringify(c.expect), `${c.name}: the same JSON, key for key`);
  }
});

t.test('map keys are own properties, "__proto__" included', async (t) => {
  const d = decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', [...meta(1, 'cm'), ...strMap(2, [['__proto__', 'x'], ['constructor', 'y']])]));
  const data = d.object.data as Record<string, unknown>;
  t.same(Object.keys(data), ['__proto__', 'constructor']);
  t.equal(Object.getPrototypeOf(data), Object.prototype, 'the prototype is untouched');
  t.equal(JSON.stringify(data), '{"__proto__":"x","constructor":"y"}');
});

t.test('malformed, truncated and hostile bodies are ProtobufErrors', async (t) => {
  const deployment = envelope('apps/v1', 'Deployment', deploymentRaw);
  throwsProtobuf(t, () => decodeKubernetesProtobuf(new Uint8Array()), /does not start with/, 'empty body');
  throwsProtobuf(t, () => decodeKubernetesProtobuf(new TextEncoder().encode('{"kind":"Namespace"}')), /does not start with/, 'JSON sent as protobuf');
  throwsProtobuf(t, () => decodeKubernetesProtobuf(new Uint8Array([0x6b, 0x38, 0x73, 0x00])), /names no kind/, 'prefix only');
  throwsProtobuf(t, () => decodeKubernetesProtobuf(envelope('v1', 'Endpoints', [])), /^protobuf bodies of kind Endpoints are not supported; send application\/json$/, 'unsupported kind');
  throwsProtobuf(t, () => decodeKubernetesProtobuf(envelope('apps/v1beta1', 'Deployment', [])), /kind Deployment in apps\/v1beta1 are not supported/, 'known kind, other version');
  throwsProtobuf(t, () => decodeKubernetesProtobuf(envelope('v1', 'Namespace', [], [...str(3, 'gzip')])), /contentEncoding "gzip"/, 'content encoding');
  throwsProtobuf(t, () => decodeKubernetesProtobuf(envelope('v1', 'Namespace', [], [...str(4, 'application/json')])), /contentType/, 'content type');
  throwsProtobuf(t, () => decodeKubernetesProtobuf(envelope('v1', 'Namespace', [...key(1, 3), ...key(1, 4)])), /groups/, 'groups');
  throwsProtobuf(t, () => decodeKubernetesProtobuf(envelope('v1', 'Namespace', [...key(1, 6)])), /invalid wire type 6/, 'wire type 6');
  throwsProtobuf(t, () => decodeKubernetesProtobuf(envelope('v1', 'Namespace', [0x00, 0x01])), /field number 0/, 'field 0');
  throwsProtobuf(t, () => decodeKubernetesProtobuf(envelope('v1', 'Namespace', [...msg(1, int(1, 7))])), /Namespace\.metadata\.name: expected a length-delimited field, got varint/, 'wrong wire type for a known field');
  throwsProtobuf(t, () => decodeKubernetesProtobuf(envelope('v1', 'Namespace', [...msg(1, bytesField(1, [0xc3, 0x28]))])), /invalid UTF-8/, 'invalid UTF-8');
  throwsProtobuf(t, () => decodeKubernetesProtobuf(envelope('v1', 'Namespace', [...msg(1, [...key(1, 2), ...varint(1000), 0x61])])), /runs past the end/, 'length beyond the end');
  throwsProtobuf(t, () => decodeKubernetesProtobuf(envelope('v1', 'Namespace', [...msg(1, [...key(1, 2), ...varint(2n ** 40n)])])), /runs past the end/, 'absurd length');
  throwsProtobuf(t, () => decodeKubernetesProtobuf(envelope('apps/v1', 'Deployment', [...msg(2, msg(4, str(1, 'RollingUpdate'), msg(2, msg(2, int(1, 2)))))])), /IntOrString type 2/, 'IntOrString type 2');
  throwsProtobuf(t, () => decodeKubernetesProtobuf(envelope('v1', 'Namespace', [...meta(1, 'x', [int(7, 2n ** 60n)])])), /too large to represent exactly/, 'int64 beyond 2^53');
  throwsProtobuf(t, () => decodeKubernetesProtobuf(envelope('v1', 'Namespace', [...meta(1, 'x', [msg(9, int(1, 2n ** 40n))])])), /outside the years/, 'time out of range');
  throwsProtobuf(t, () => decodeKubernetesProtobuf(envelope('v1', 'Namespace', [...meta(1, 'x', [msg(17, msg(7, bytesField(1, utf8('{"f:'))))])])), /embedded JSON is invalid/, 'bad managedFields JSON');

  // Every truncation fails cleanly, except cuts at a field boundary of the
  // envelope: before the raw object (an object with no fields) or in the trailer.
  const full = decodeKubernetesProtobuf(deployment).object;
  const typeMetaEnd = envelope('apps/v1', 'Deployment', [], []).length - 2; // minus the empty raw field
  const rawEnd = deployment.length - 4; // the envelope ends with two empty string fields
  let failures = 0;
  for (let n = 0; n < deployment.length; n++) {
    try {
      const d = decodeKubernetesProtobuf(deployment.subarray(0, n)).object;
      if (n === typeMetaEnd) t.same(d, { apiVersion: 'apps/v1', kind: 'Deployment' }, `cut at ${n}: no raw object`);
      else if (n >= rawEnd) t.same(d, full, `cut at ${n}: in the trailer`);
      else t.fail(`cut at ${n} decoded`);
    } catch (err) {
      if (!(err instanceof ProtobufError)) t.fail(`cut at ${n}: ${(err as Error).stack}`);
      failures++;
    }
  }
  t.ok(failures >= rawEnd - 1, `every cut inside the object fails (${failures} of ${deployment.length})`);

  // Deep nesting in unknown fields costs no recursion (built inside out, in linear time).
  const levels = 50000;
  const lengths: number[] = [];
  for (let i = 0, len = 0; i < levels; i++) { lengths.push(len); len += key(99, 2).length + varint(len).length; }
  const nested: Bytes = [];
  for (let i = levels - 1; i >= 0; i--) nested.push(...key(99, 2), ...varint(lengths[i]!));
  t.same(decodeKubernetesProtobuf(envelope('v1', 'Namespace', [...meta(1, 'n'), ...nested])).object, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }, 'deeply nested unknown field skipped');

  // Random and mutated inputs: only ProtobufError or a result, never another error, never a hang.
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  let odd = 0;
  for (let i = 0; i < 3000; i++) {
    let input: Uint8Array;
    if (i % 2 === 0) {
      input = new Uint8Array(4 + Math.floor(rand() * 64));
      input.set([0x6b, 0x38, 0x73, 0x00]);
      for (let j = 4; j < input.length; j++) input[j] = Math.floor(rand() * 256);
    } else {
      input = deployment.slice();
      for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) input[4 + Math.floor(rand() * (input.length - 4))] = Math.floor(rand() * 256);
    }
    try {
      decodeKubernetesProtobuf(input);
    } catch (err) {
      if (!(err instanceof ProtobufError)) { odd++; t.fail(`input ${i}: ${(err as Error).stack}`); }
    }
  }
  t.equal(odd, 0, 'no fuzzed input fails with anything but ProtobufError');
});

// ---- over HTTP, in-process

async function post(s: TestServer, path: string, body: Uint8Array, method = 'POST'): Promise<{ status: number; body: any }> {
  const res = await fetch(s.url + path, { method, body: body as unknown as BodyInit, headers: { 'content-type': 'application/vnd.kubernetes.protobuf', accept: 'application/json' } });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) };
}

t.test('the server takes protobuf bodies', async (t) => {
  const s = await startServer(t);
  const created = await post(s, '/api/v1/namespaces', envelope('v1', 'Namespace', [...meta(1, 'pb', [strMap(11, { via: 'protobuf' })]), ...msg(2), ...msg(3, str(1, ''))]));
  t.equal(created.status, 201, JSON.stringify(created.body));
  t.equal(created.body.metadata.name, 'pb');
  t.equal(created.body.metadata.labels.via, 'protobuf');
  t.equal(created.body.status.phase, 'Active', 'defaulting ran on the decoded object');

  const dep = await post(s, '/apis/apps/v1/namespaces/pb/deployments', envelope('apps/v1', 'Deployment', deploymentRaw));
  t.equal(dep.status, 201, JSON.stringify(dep.body));
  t.same(dep.body.spec.strategy.rollingUpdate, { maxUnavailable: 1, maxSurge: '25%' });
  t.equal(dep.body.spec.template.spec.containers[0].ports[0].containerPort, 80);

  const invalid = await post(s, '/api/v1/namespaces/pb/configmaps', envelope('v1', 'ConfigMap', [...meta(1, 'Bad_Name')]));
  t.equal(invalid.status, 422, 'validation runs on the decoded object');

  const garbage = await post(s, '/api/v1/namespaces', new Uint8Array([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff]));
  t.equal(garbage.status, 400);
  t.equal(garbage.body.reason, 'BadRequest');
  t.match(garbage.body.message, /truncated|past the end/);

  const wrongKind = await post(s, '/api/v1/namespaces', envelope('v1', 'ConfigMap', [...meta(1, 'x')]));
  t.equal(wrongKind.status, 400, 'a body of another kind is refused as in JSON');
  t.match(wrongKind.body.message, /kind in the data \(ConfigMap\)/);
  const notSupportedKind = await post(s, '/api/v1/namespaces', envelope('v1', 'Endpoints', []));
  t.equal(notSupportedKind.status, 400);
  t.equal(notSupportedKind.body.message, 'protobuf bodies of kind Endpoints are not supported; send application/json');

  const deleted = await post(s, '/apis/apps/v1/namespaces/pb/deployments/web', envelope('meta.k8s.io/v1', 'DeleteOptions', [...str(4, 'Orphan')]), 'DELETE');
  t.equal(deleted.status, 200, JSON.stringify(deleted.body));
  const deleteNotOptions = await post(s, '/api/v1/namespaces/pb/configmaps/x', envelope('v1', 'Namespace', []), 'DELETE');
  t.equal(deleteNotOptions.status, 400);

  const badJson = await s.request('POST', '/api/v1/namespaces', '{"metadata": {');
  t.equal(badJson.status, 400, 'truncated JSON is a 400, not a 500');
});

// ---- kubectl

t.test('kubectl create sends protobuf, and it lands', async (t) => {
  if (await skipWithoutKubectl(t)) return;
  const s = await startServer(t);
  const k = (args: string[]) => kubectl(s, args);
  for (const args of [
    ['create', 'namespace', 'foo'],
    ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80'],
    ['create', 'configmap', 'cm', '--from-literal=a=b'],
    ['create', 'secret', 'generic', 's', '--from-literal=k=v'],
    ['create', 'serviceaccount', 'sa1'],
  ]) {
    const r = await k(args);
    t.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    t.match(r.stdout, /created/, `kubectl ${args.join(' ')} says created`);
  }
  const get = async (args: string[]) => {
    const r = await k(['get', ...args, '-o', 'json']);
    t.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout || '{}');
  };
  const ns = await get(['namespace', 'foo']);
  t.equal(ns.metadata.name, 'foo');
  t.equal(ns.status.phase, 'Active');
  const dep = await get(['deployment', 'web']);
  t.equal(dep.metadata.labels.app, 'web');
  t.equal(dep.spec.replicas, 2);
  t.same(dep.spec.selector.matchLabels, { app: 'web' });
  t.equal(dep.spec.template.spec.containers[0].image, 'nginx:1.27');
  t.equal(dep.spec.template.spec.containers[0].ports[0].containerPort, 80);
  const cm = await get(['configmap', 'cm']);
  t.same(cm.data, { a: 'b' });
  const secret = await get(['secret', 's']);
  t.equal(secret.data.k, Buffer.from('v').toString('base64'));
  t.equal(secret.type, 'Opaque');
  const sa = await get(['serviceaccount', 'sa1']);
  t.equal(sa.metadata.name, 'sa1');
  t.equal(sa.metadata.namespace, 'default');
});

t.test('bodies captured from kubectl decode to what kubectl itself renders as JSON', async (t) => {
  if (await skipWithoutKubectl(t)) return;
  const captured: { headers: IncomingHttpHeaders; body: Buffer }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST') captured.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'recorded', reason: 'InternalError', code: 500 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as AddressInfo).port;
  const dir = t.testdir({});
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, [
    'apiVersion: v1', 'kind: Config', 'current-context: c',
    'clusters:', '- name: c', '  cluster:', `    server: http://127.0.0.1:${port}`,
    'contexts:', '- name: c', '  context:', '    cluster: c', '    user: u', '    namespace: default',
    'users:', '- name: u', '  user: {}', '',
  ].join('\n'));

  for (const args of [
    ['create', 'namespace', 'foo'],
    ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80'],
    ['create', 'configmap', 'cm', '--from-literal=a=b', '--from-literal=empty='],
    ['create', 'secret', 'generic', 's', '--from-literal=k=v'],
    ['create', 'serviceaccount', 'sa1'],
  ]) {
    const before = captured.length;
    const sent = await kubectl({ kubeconfig }, [...args, '--validate=false']);
    t.not(sent.code, 0, `kubectl ${args.join(' ')} saw the 500`);
    const body = captured[before];
    if (!body) { t.fail(`kubectl ${args.join(' ')} sent no POST`); continue; }
    t.equal(body.headers['content-type'], 'application/vnd.kubernetes.protobuf', `kubectl ${args.join(' ')} sends protobuf`);
    const decoded = decodeKubernetesProtobuf(new Uint8Array(body.body));

    const rendered = await kubectl({ kubeconfig }, [...args, '--dry-run=client', '-o', 'json']);
    t.equal(rendered.code, 0, rendered.stderr);
    const expected = JSON.parse(rendered.stdout);
    // Go renders the zero creationTimestamp as null; the decoder leaves it out, as the server would.
    const dropNullTimes = (m: any) => { if (m?.creationTimestamp === null) delete m.creationTimestamp; };
    dropNullTimes(expected.metadata);
    dropNullTimes(expected.spec?.template?.metadata);
    t.same(decoded.object, expected, `kubectl ${args.join(' ')}: decoded protobuf equals kubectl's JSON`);
  }
});
