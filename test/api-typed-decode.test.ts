// Bodies and patch results decoded as Kubernetes decodes them into typed structs: a value of
// the wrong JSON type is a 400 worded as Go's decoder words it, in every fieldValidation mode;
// unknown fields are dropped (Strict: refused; Warn: a warning as well).
import t from 'tap';
import { decodeAs } from '../src/api/typed-decode.js';
import { startServer } from './helpers/api.js';
import { kubectl, skipWithoutKubectl } from './helpers/kubectl.js';

const dep = (spec: unknown) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec });

t.test('decodeAs: Go\'s wording for a wrong type, unknown fields found and dropped', async (t) => {
  const cases: [string, Record<string, unknown>, string | undefined, string[]][] = [
    ['a string for an int32', dep({ replicas: 'x' }), 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32', []],
    ['a fraction for an int32', dep({ replicas: 1.5 }), 'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32', []],
    ['out of int32\'s range', dep({ replicas: 2 ** 31 }), `json: cannot unmarshal number ${2 ** 31} into Go struct field DeploymentSpec.spec.replicas of type int32`, []],
    ['deep in a list: the innermost struct, the path without indices', dep({ template: { spec: { containers: [{ name: 'c', ports: [{ containerPort: '80' }] }] } } }),
      'json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32', []],
    ['a map\'s value: the map\'s field', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 3 } }, 'json: cannot unmarshal number into Go struct field ConfigMap.data of type string', []],
    ['a label', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { a: true } } }, 'json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string', []],
    ['an array for a struct', dep([]), 'json: cannot unmarshal array into Go struct field Deployment.spec of type v1.DeploymentSpec', []],
    ['a bool for a quantity', dep({ template: { spec: { containers: [{ name: 'c', resources: { limits: { cpu: true } } }] } } }),
      'json: cannot unmarshal bool into Go struct field ResourceRequirements.spec.template.spec.containers.resources.limits of type resource.Quantity', []],
    ['quantities and int-or-strings as numbers or strings; nulls anywhere', dep({ replicas: null, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } }, template: { metadata: { creationTimestamp: null }, spec: { containers: [{ name: 'c', resources: { limits: { cpu: 1, memory: '1Gi' } } }] } } }), undefined, []],
    ['unknown fields, in document order', dep({ foo: 1, template: { spec: { containers: [{ name: 'c', imagex: 'i' }] } } }), undefined, ['spec.foo', 'spec.template.spec.containers[0].imagex']],
  ];
  for (const [name, obj, error, unknown] of cases) {
    const copy = structuredClone(obj);
    const out = decodeAs(String(obj.apiVersion), String(obj.kind), copy, true);
    t.equal(out.typeError, error, name);
    t.same(out.unknown, unknown, `${name}: unknown fields`);
  }
  const o = dep({ replicas: 1, foo: 1, template: { spec: { containers: [{ name: 'c', imagex: 'i' }] } } });
  decodeAs('apps/v1', 'Deployment', o, true);
  t.same(o, dep({ replicas: 1, template: { spec: { containers: [{ name: 'c' }] } } }), 'pruned, in place');
});

t.test('over HTTP: create, update and patches', async (t) => {
  const s = await startServer(t);
  const CMS = '/api/v1/namespaces/default/configmaps';
  const made = await s.request('POST', CMS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' }, foo: 1 });
  t.equal(made.status, 201, made.text);
  t.match(made.headers.get('warning'), /unknown field \\"foo\\"/, 'Warn (the default): a warning');
  t.notOk('foo' in made.body, 'and the field is dropped, as a typed struct drops it');
  t.notOk('foo' in (await s.request('GET', `${CMS}/x`)).body, 'not stored');
  const put = await s.request('PUT', `${CMS}/x`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 3 } });
  t.equal(put.status, 400);
  t.equal(put.body.message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string');
  const ignored = await s.request('PUT', `${CMS}/x?fieldValidation=Ignore`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 3 } });
  t.equal(ignored.status, 400, 'a wrong type is refused whatever the mode');
  const merge = { 'content-type': 'application/merge-patch+json' };
  const strict = await s.request('PATCH', `${CMS}/x?fieldValidation=Strict`, { bar: 2 }, merge);
  t.equal(strict.status, 400);
  t.equal(strict.body.message, 'strict decoding error: unknown field "bar"', 'a patch\'s unknown field, in Strict mode');
  const warned = await s.request('PATCH', `${CMS}/x`, { bar: 2, data: { c: 'd' } }, merge);
  t.equal(warned.status, 200, warned.text);
  t.match(warned.headers.get('warning'), /unknown field \\"bar\\"/);
  t.same([('bar' in warned.body), warned.body.data], [false, { a: 'b', c: 'd' }], 'dropped, the rest patched');
  const typed = await s.request('PATCH', `${CMS}/x`, { data: { a: false } }, merge);
  t.equal(typed.status, 400);
  t.equal(typed.body.message, 'json: cannot unmarshal bool into Go struct field ConfigMap.data of type string');
  t.same((await s.request('GET', `${CMS}/x`)).body.data, { a: 'b', c: 'd' }, 'nothing written by the refused patches');
});

t.test('kubectl: a replicas of the wrong type is refused, an unknown field in a patch is dropped with a warning', async (t) => {
  if (await skipWithoutKubectl(t)) return;
  const s = await startServer(t);
  const manifest = (replicas: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
`;
  const bad = await kubectl(s, ['apply', '-f', '-'], manifest('"three"'));
  t.equal(bad.code, 1);
  t.match(bad.stderr, /cannot unmarshal string into Go struct field DeploymentSpec\.spec\.replicas of type int32/);
  t.equal((await kubectl(s, ['apply', '-f', '-'], manifest('2'))).code, 0);
  const patched = await kubectl(s, ['patch', 'deploy', 'web', '-p', '{"spec":{"foo":1}}']);
  t.equal(patched.code, 0, 'kubectl patch asks for no mode: Warn');
  t.match(patched.stderr, /Warning: unknown field "spec\.foo"/);
  t.notOk('foo' in JSON.parse((await kubectl(s, ['get', 'deploy', 'web', '-o', 'json'])).stdout).spec, 'and the field is dropped');
  const typed = await kubectl(s, ['patch', 'deploy', 'web', '--type', 'merge', '-p', '{"spec":{"replicas":"x"}}']);
  t.equal(typed.code, 1);
  t.match(typed.stderr, /cannot unmarshal string into Go struct field DeploymentSpec\.spec\.replicas of type int32/);
  t.equal(JSON.parse((await kubectl(s, ['get', 'deploy', 'web', '-o', 'json'])).stdout).spec.replicas, 2, 'still 2');
});

t.test('server-side apply: an unknown field is dropped before ownership, so nobody owns or conflicts over it', async (t) => {
  const s = await startServer(t);
  const apply = { 'content-type': 'application/apply-patch+yaml' };
  const cm = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data, bogus: { y: 1 } });
  const a = await s.request('PATCH', '/api/v1/namespaces/default/configmaps/ssa?fieldManager=a', cm({ x: '1' }), apply);
  t.equal(a.status, 201, a.text);
  t.match(a.headers.get('warning'), /unknown field \\"bogus\\"/);
  t.notOk('bogus' in a.body, 'not stored');
  t.notOk(JSON.stringify(a.body.metadata.managedFields).includes('bogus'), 'and not owned');
  const b = await s.request('PATCH', '/api/v1/namespaces/default/configmaps/ssa?fieldManager=b', cm({ z: '2' }), apply);
  t.equal(b.status, 200, `another manager applying it: no conflict over a field that is not there: ${b.text}`);
  const strict = await s.request('PATCH', '/api/v1/namespaces/default/configmaps/ssa?fieldManager=c&fieldValidation=Strict', cm({}), apply);
  t.equal(strict.status, 400);
  t.match(strict.body.message, /unknown field "bogus"/);
});

t.test('DELETE with dryRun: null in its options deletes, as none', async (t) => {
  const s = await startServer(t);
  t.equal((await s.request('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'n' } })).status, 201);
  const del = await s.request('DELETE', '/api/v1/namespaces/default/configmaps/n', { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: null });
  t.equal(del.status, 200, del.text);
  t.equal((await s.request('GET', '/api/v1/namespaces/default/configmaps/n')).status, 404);
});
