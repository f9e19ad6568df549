// The served schemas hold every field Kubernetes' API has for the kinds served, with its JSON
// type: checked against the models of the Kubernetes client library (generated from Kubernetes'
// own OpenAPI document). A missing field makes a valid manifest fail strict field validation
// ("unknown field spec.volumes[0].nfs"), as kubectl apply asks for it.
import t from 'tap';
import * as k8s from '@kubernetes/client-node';
import { SCHEMAS, resolve, type Schema } from '../src/api/openapi/schemas.js';

const GROUPS: [prefix: string, classPrefix: string][] = [
  ['io.k8s.api.core.v1.', 'V1'], ['io.k8s.api.apps.v1.', 'V1'], ['io.k8s.apimachinery.pkg.apis.meta.v1.', 'V1'],
  ['io.k8s.api.rbac.v1.', 'V1'], ['io.k8s.api.autoscaling.v2.', 'V2'], ['io.k8s.api.autoscaling.v1.', 'V1'],
  ['io.k8s.api.coordination.v1.', 'V1'], ['io.k8s.api.discovery.v1.', 'V1'],
];

interface Attribute { baseName: string; type: string }
const models = k8s as unknown as Record<string, { attributeTypeMap?: Attribute[] } | undefined>;

/** The JSON type a client model's attribute type stands for. */
function jsonType(type: string): string {
  if (type === 'string' || type === 'Date' || type === 'V1MicroTime') return 'string';
  if (type === 'IntOrString') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'number') return 'number';
  if (type.startsWith('Array<')) return 'array';
  return 'object';
}

/** The JSON type(s) our schema accepts there. */
function ourTypes(s: Schema): string[] {
  const r = resolve(s);
  if (r['x-kubernetes-int-or-string']) return ['string', 'number'];
  if (r.type === 'integer' || r.type === 'number') return ['number'];
  if (r.type) return [r.type];
  // Quantity and free-form values: a string, a number or anything.
  return ['string', 'number', 'object', 'array', 'boolean'];
}

t.test('every field of every served component is in its schema, with a JSON type that fits', async (t) => {
  let compared = 0;
  const missing: string[] = [], mistyped: string[] = [];
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    const group = GROUPS.find(([prefix]) => name.startsWith(prefix));
    if (!group) continue;
    const model = models[group[1] + name.slice(group[0].length)];
    if (!model?.attributeTypeMap) continue;
    compared++;
    const props = resolve(schema).properties ?? {};
    for (const a of model.attributeTypeMap) {
      const ours = props[a.baseName];
      if (!ours) { missing.push(`${name}.${a.baseName}`); continue; }
      if (!ourTypes(ours).includes(jsonType(a.type))) mistyped.push(`${name}.${a.baseName}: ${a.type} vs ${ourTypes(ours).join('|')}`);
    }
  }
  t.ok(compared > 150, `${compared} components compared`);
  t.same(missing, [], 'no field missing');
  t.same(mistyped, [], 'no field typed otherwise');
});

t.test('a pod with NFS, CSI and generic ephemeral volumes has no unknown field', async (t) => {
  const { unknownFields } = await import('../src/api/field-validation.js');
  const pod = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'vols' },
    spec: {
      containers: [{ name: 'c', image: 'nginx', volumeMounts: [{ name: 'n', mountPath: '/n' }], restartPolicyRules: [{ action: 'Restart', exitCodes: { operator: 'In', values: [42] } }] }],
      volumes: [
        { name: 'n', nfs: { server: '10.0.0.1', path: '/exports', readOnly: true } },
        { name: 's', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'x' }, nodePublishSecretRef: { name: 'creds' } } },
        { name: 'e', ephemeral: { volumeClaimTemplate: { metadata: { labels: { a: 'b' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } },
        { name: 'i', iscsi: { targetPortal: '10.0.0.2:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0, portals: ['10.0.0.3:3260'] } },
      ],
    },
  };
  t.same(unknownFields('Pod', pod), []);
  t.same(unknownFields('Pod', { ...pod, spec: { ...pod.spec, volumes: [{ name: 'x', nfs: { server: 's', path: '/', mode: 1 } }] } }), ['spec.volumes[0].nfs.mode'], 'an unknown field inside one still is');
});
