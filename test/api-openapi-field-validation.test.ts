// Strict JSON parsing (duplicates with paths, typed errors for malformed,
// truncated and deeply nested bodies) and field validation messages.
import t from 'tap';
import { parseJsonStrict, StrictJsonError, formatPath } from '../src/api/strict-json.js';
import {
  checkFields, unknownFields, fieldValidationMode, applyFieldValidation, formatWarningHeader, strictDecodingStatus,
} from '../src/api/field-validation.js';

function parseError(text: string, maxDepth?: number): StrictJsonError {
  try {
    parseJsonStrict(text, maxDepth === undefined ? {} : { maxDepth });
  } catch (err) {
    if (err instanceof StrictJsonError) return err;
    throw new Error(`expected a StrictJsonError, got ${String(err)}`);
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

t.test('parses what JSON.parse parses, to the same value', async (t) => {
  const samples = [
    '{}', '[]', '0', '-0', '1.5e3', '-12.25E-2', '"x"', 'true', 'false', 'null',
    ' { "a" : [1, 2, {"b": null}], "c": "\\u00e9\\n\\t\\"\\\\\\/", "d": "\\ud83d\\ude00" } ',
    '{"__proto__": {"polluted": 1}, "x": 1}',
    JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a', labels: { app: 'b' } }, spec: { replicas: 3 } }),
  ];
  for (const s of samples) {
    const { value, duplicates } = parseJsonStrict(s);
    t.same(value, JSON.parse(s), s);
    t.same(duplicates, [], `no duplicates in ${s}`);
  }
  const proto = parseJsonStrict('{"__proto__": {"polluted": 1}}').value as Record<string, unknown>;
  t.equal(Object.getPrototypeOf(proto), Object.prototype, '__proto__ stays an own key');
  t.same(Object.keys(proto), ['__proto__']);
  t.equal(({} as Record<string, unknown>).polluted, undefined);
});

t.test('reports duplicate keys with their paths; the last one wins', async (t) => {
  const text = `{
    "metadata": {"name": "a", "name": "b", "labels": {"x": "1", "x": "2", "x": "3"}},
    "spec": {"template": {"spec": {"containers": [
      {"name": "c", "image": "i"},
      {"name": "d", "image": "i", "image": "j", "ports": [{"containerPort": 80, "containerPort": 81}]}
    ]}}},
    "kind": "Pod", "kind": "Pod"
  }`;
  const { value, duplicates } = parseJsonStrict(text);
  t.same(duplicates, [
    'metadata.name',
    'metadata.labels.x',
    'spec.template.spec.containers[1].image',
    'spec.template.spec.containers[1].ports[0].containerPort',
    'kind',
  ]);
  const v = value as { metadata: { name: string; labels: { x: string } } };
  t.equal(v.metadata.name, 'b');
  t.equal(v.metadata.labels.x, '3');
  t.same(parseJsonStrict('[{"a":1,"a":2}]').duplicates, ['[0].a']);
  t.equal(formatPath(['spec', 'containers', 0, 'name']), 'spec.containers[0].name');
});

t.test('malformed input fails with a typed syntax error', async (t) => {
  const cases: [string, RegExp][] = [
    ['{"a": 1,}', /invalid character '}' looking for beginning of object key string/],
    ['{"a" 1}', /invalid character '1' after object key/],
    ['{"a": 1 "b": 2}', /invalid character '"' after object key:value pair/],
    ['[1 2]', /invalid character '2' after array element/],
    ['{} {}', /invalid character '\{' after top-level value/],
    ["{'a': 1}", /invalid character '\\'' looking for beginning of object key string/],
    ['{"a": tru}', /invalid character '}' in literal true \(expecting 'e'\)/],
    ['{"a": 01}', /invalid character '1' after object key:value pair/],
    ['{"a": -x}', /invalid character 'x' in numeric literal/],
    ['{"a": 1.}', /invalid character '}' after decimal point in numeric literal/],
    ['{"a": 1e}', /invalid character '}' in exponent of numeric literal/],
    ['"\\x"', /invalid character 'x' in string escape code/],
    ['"\\u12G4"', /invalid character 'G' in \\u hexadecimal character escape/],
    ['"a\nb"', /invalid character '\\x0a' in string literal/],
    ['NaN', /invalid character 'N' looking for beginning of value/],
    ['\ufeff{}', /looking for beginning of value/],
  ];
  for (const [text, message] of cases) {
    const err = parseError(text);
    t.equal(err.reason, 'syntax', `${JSON.stringify(text)} is a syntax error`);
    t.match(err.message, message, JSON.stringify(text));
    t.type(err.offset, 'number');
  }
});

t.test('truncated input fails with a typed truncation error', async (t) => {
  const full = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {"containers": [{"name": "c", "image": "nginx:1.27", "ports": [{"containerPort": 80}]}], "x": true, "y": -1.5e-3, "z": "\\u00e9"}}';
  t.same(parseJsonStrict(full).value, JSON.parse(full));
  for (let i = 0; i < full.length; i++) {
    const prefix = full.slice(0, i);
    let err: unknown;
    try {
      parseJsonStrict(prefix);
    } catch (e) {
      err = e;
    }
    if (!(err instanceof StrictJsonError)) {
      t.fail(`prefix of length ${i} did not fail with StrictJsonError`);
      continue;
    }
    if (err.reason !== 'truncated' || err.message !== 'unexpected end of JSON input') {
      t.fail(`prefix of length ${i}: ${err.reason} ${err.message}`);
    }
  }
  t.equal(parseError('').reason, 'truncated');
  t.equal(parseError('   ').reason, 'truncated');
  t.equal(parseError('"\\u00').reason, 'truncated');
});

t.test('nesting deeper than the limit fails with a typed depth error, never a stack overflow', async (t) => {
  t.doesNotThrow(() => parseJsonStrict('['.repeat(100) + ']'.repeat(100)), '100 levels are fine');
  const err = parseError('['.repeat(101) + ']'.repeat(101));
  t.equal(err.reason, 'depth');
  t.match(err.message, /maximum depth of 100/);
  const deep = parseError('{"a":'.repeat(1_000_000) + '1' + '}'.repeat(1_000_000));
  t.equal(deep.reason, 'depth');
  t.equal(parseError('[[[', 2).reason, 'depth');
  t.doesNotThrow(() => parseJsonStrict('[[[]]]', { maxDepth: 3 }));
});

t.test('bytes that are not UTF-8 fail with a typed encoding error', async (t) => {
  let err: unknown;
  try {
    parseJsonStrict(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]));
  } catch (e) {
    err = e;
  }
  t.ok(err instanceof StrictJsonError);
  t.equal((err as StrictJsonError).reason, 'encoding');
  t.same(parseJsonStrict(new TextEncoder().encode('{"é": 1}')).value, { 'é': 1 });
});

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' }, annotations: {}, ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u', colour: 'red' }] },
  spec: {
    replicas: 2,
    foo: 1,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'a', image: 'nginx', resources: { limits: { cpu: '1', memory: '1Gi' } }, env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] },
          { name: 'b', image: 'nginx', imagePolicy: 'x', ports: [{ containerPort: 80, containerPortZ: 81 }] },
        ],
        volumes: [{ name: 'v', emptyDir: {}, secret: { secretName: 's', mode: 1 } }],
        nodeSelector: { 'pool-type': 'large' },
      },
    },
  },
  status: { replicas: 0, bogus: true },
};

t.test('unknown fields are found against the kind schema, with Kubernetes paths', async (t) => {
  const expected = [
    'metadata.ownerReferences[0].colour',
    'spec.foo',
    'spec.template.spec.containers[1].imagePolicy',
    'spec.template.spec.containers[1].ports[0].containerPortZ',
    'spec.template.spec.volumes[0].secret.mode',
    'status.bogus',
  ];
  t.same(unknownFields('Deployment', deployment), expected);
  t.same(unknownFields({ apiVersion: 'apps/v1', kind: 'Deployment' }, deployment), expected);
  t.same(checkFields('Deployment', deployment, ['metadata.name']), [
    ...expected.map((p) => `unknown field "${p}"`),
    'duplicate field "metadata.name"',
  ]);
  t.same(checkFields('NoSuchKind', { a: 1 }, ['a']), ['duplicate field "a"'], 'an unknown kind reports duplicates only');
  t.same(unknownFields('Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }] } }), []);
  t.same(unknownFields('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', data: { 'any.key': 'v' }, binaryData: {} }), [], 'map values are not fields');
  t.same(unknownFields('Secret', { apiVersion: 'v1', kind: 'Secret', stringData: { a: 'b' }, type: 'Opaque', extra: 1 }), ['extra']);
  t.same(unknownFields('Lease', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', spec: { holderIdentity: 'x', renewTime: '2024-01-01T00:00:00.000000Z', nope: 1 } }), ['spec.nope']);
  t.same(unknownFields('HorizontalPodAutoscaler', {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler',
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50, typo: 1 } } }] },
  }), ['spec.metrics[0].resource.target.typo']);
});

t.test('the fieldValidation modes', async (t) => {
  t.same(fieldValidationMode(undefined), { mode: 'Warn' });
  t.same(fieldValidationMode(null), { mode: 'Warn' });
  t.same(fieldValidationMode(''), { mode: 'Warn' });
  t.same(fieldValidationMode('Strict'), { mode: 'Strict' });
  t.same(fieldValidationMode('Ignore'), { mode: 'Ignore' });
  const bad = fieldValidationMode('strict');
  t.ok('error' in bad);
  t.match((bad as { error: string }).error, /Unsupported value: "strict": supported values: "Ignore", "Warn", "Strict"/);

  const problems = checkFields('Deployment', deployment, ['metadata.name']);
  t.same(applyFieldValidation('Ignore', problems), { warnings: [] });
  t.same(applyFieldValidation('Warn', problems).warnings, problems);
  t.same(applyFieldValidation('Strict', []), { warnings: [] });
  const strict = applyFieldValidation('Strict', ['unknown field "spec.foo"', 'duplicate field "metadata.name"'], { apiVersion: 'apps/v1', kind: 'Deployment' });
  t.same(strict.error, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'BadRequest', code: 400,
    message: 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo", duplicate field "metadata.name"',
  });
  t.equal(strictDecodingStatus(['unknown field "spec.foo"']).message, 'strict decoding error: unknown field "spec.foo"');
  t.equal(formatWarningHeader('unknown field "spec.foo"'), '299 - "unknown field \\"spec.foo\\""');
  t.equal(formatWarningHeader('a\nb\\c é'), '299 - "a b\\\\c \\u00e9"');
});
