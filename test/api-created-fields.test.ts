// The one-walk FieldsV1 of a create (created-fields.ts) against the general path it stands in
// for: encodeFieldsV1(scoped(changedFields(nothing → object))), on objects of many shapes.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { changedFields, recordUpdate, scoped, type Ownership } from '../src/api/patch/apply.js';
import { createdFieldsV1 } from '../src/api/patch/created-fields.js';
import { encodeFieldsV1 } from '../src/api/patch/fieldsets.js';
import { kindCursor } from '../src/api/openapi/schemas.js';
import { podObject } from '../bench/store.js';
import { deployment, pod } from '../bench/manifests.js';

type Obj = Record<string, any>;

function general(obj: Obj, scope: 'main' | 'status'): Obj {
  const { managedFields: _, ...meta } = obj.metadata ?? {};
  const stripped = obj.metadata ? { ...obj, metadata: meta } : obj;
  return encodeFieldsV1(scoped(changedFields(undefined, stripped, kindCursor(obj.apiVersion, obj.kind)), scope));
}

const fixture = parseAllDocuments(readFileSync(new URL('../../../shared/fixtures/service-a.yaml', import.meta.url), 'utf8'))
  .map((d) => d.toJS() as Obj).filter((o) => o && o.kind);

const objects: [string, Obj][] = [
  ['a pod as a ReplicaSet makes it, with status', podObject(7)],
  ['a bare pod', pod('p', { app: 'a' })],
  ['a Deployment', deployment('d', 3)],
  ...fixture.map((o): [string, Obj] => [`fixture ${o.kind} ${o.metadata?.name}`, o]),
  ['a Node with status', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', labels: { 'kubernetes.io/os': 'linux' } },
    spec: { taints: [{ key: 'k', effect: 'NoSchedule' }], podCIDR: '10.0.0.0/24', podCIDRs: ['10.0.0.0/24'] },
    status: { capacity: { cpu: '4', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] } }],
  ['a ConfigMap with data and binaryData', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', annotations: {} }, data: { a: '1', 'b.yaml': 'x: 1' }, binaryData: { z: 'AA==' } }],
  ['nulls, empty maps and lists, server fields', { apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'p', namespace: 'n', uid: 'u', resourceVersion: '5', generation: 1, creationTimestamp: null, labels: {}, finalizers: ['a/b', 'c/d'], ownerReferences: [], managedFields: [{ manager: 'x' }] },
    spec: { containers: [{ name: 'c', image: 'i', args: ['a', 'b'], ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }], env: [], resources: {} }], nodeSelector: null, volumes: [{ name: 'v', emptyDir: {} }] } }],
  ['intOrString, atomic objects and fields no schema knows', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' },
    spec: { selector: { matchLabels: { a: 'b' } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i', readinessProbe: { httpGet: { port: 'http', path: '/' } } }] } },
      extra: { free: { form: [1, 2] }, n: null } } }],
  ['an Event (no status)', { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'n' }, involvedObject: { kind: 'Pod', name: 'p' }, reason: 'R', count: 1 }],
  ['a list-map element without its key', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ image: 'no-name' }, { name: 'c', image: 'i' }] } }],
];

t.test('one walk gives the FieldsV1 the general path gives, for every shape and both scopes', async (t) => {
  for (const [name, obj] of objects) {
    for (const scope of ['main', 'status'] as const) {
      const fast = createdFieldsV1(obj, kindCursor(obj.apiVersion, obj.kind), scope) ?? {};
      const slow = general(obj, scope);
      t.same(fast, slow, `${name} (${scope})`);
      t.equal(JSON.stringify(fast), JSON.stringify(slow), `${name} (${scope}): keys in the same order`);
    }
  }
});

t.test('two list elements of one key are left to the general path, which merges them', async (t) => {
  const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'a' }, { name: 'c', image: 'b', tty: true }] } };
  t.throws(() => createdFieldsV1(obj, kindCursor('v1', 'Pod'), 'main'), { name: 'MergedElements' });
  const o: Ownership = { schema: kindCursor('v1', 'Pod'), manager: 'm', apiVersion: 'v1', scope: 'main', time: '2024-01-01T00:00:00Z' };
  const entries = recordUpdate(undefined, obj, o);
  t.same(entries[0]!.fieldsV1, general(obj, 'main'), 'recordUpdate still records the merged element');
  t.ok((entries[0]!.fieldsV1 as Obj)['f:spec']['f:containers']['k:{"name":"c"}']['f:tty'], 'with the fields of both');
});

t.test('recordUpdate on a create: one Update entry, or none when nothing is owned', async (t) => {
  const o: Ownership = { schema: kindCursor('v1', 'Pod'), manager: 'kubectl', apiVersion: 'v1', scope: 'main', time: '2024-01-01T00:00:00Z' };
  const obj = pod('p', { app: 'a' });
  t.same(recordUpdate(undefined, obj, o), [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: '2024-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: general(obj, 'main') }]);
  t.same(recordUpdate(undefined, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' } }, o), [], 'name and namespace are the server\'s: no entry');
  const status = recordUpdate(undefined, obj, { ...o, scope: 'status', subresource: 'status' });
  t.equal(status.length, 0, 'a create owns no status when it has none');
});
