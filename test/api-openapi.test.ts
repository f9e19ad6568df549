// The OpenAPI v3 documents and schemas: complete for every served kind,
// consistent (no dangling references), with the operations and patch
// metadata clients rely on.
import t from 'tap';
import { RESOURCES } from '../src/api/resources/index.js';
import { openapiIndex, openapiDocument, openapiDocumentHash, PATCH_CONTENT_TYPES } from '../src/api/openapi/document.js';
import { SCHEMAS, schemaName, patchMetaFor, kindCursor, directRefs } from '../src/api/openapi/schemas.js';

type Json = Record<string, any>;

const gvPath = (group: string, version: string) => (group === '' ? `api/${version}` : `apis/${group}/${version}`);
const apiVersion = (group: string, version: string) => (group === '' ? version : `${group}/${version}`);

t.test('the index names every served group-version, with a hash-stamped URL', async (t) => {
  const index = openapiIndex();
  const expected = [...new Set(RESOURCES.map((r) => gvPath(r.group, r.version)))].sort();
  t.same(Object.keys(index.paths).sort(), expected);
  for (const [p, { serverRelativeURL }] of Object.entries(index.paths)) {
    const hash = openapiDocumentHash(p);
    t.match(hash, /^[0-9A-F]{32}$/);
    t.equal(serverRelativeURL, `/openapi/v3/${p}?hash=${hash}`);
  }
  t.equal(openapiDocument('apis/nope/v1'), undefined);
  t.equal(openapiDocument('api/v2'), undefined);
  t.equal(openapiDocument('/openapi/v3/api/v1'), openapiDocument('api/v1'), 'prefixes are tolerated');
  t.equal(openapiDocumentHash('api/v1'), openapiDocumentHash('api/v1'), 'stable');
});

t.test('every served kind has its schema with x-kubernetes-group-version-kind, in its document', async (t) => {
  for (const r of RESOURCES) {
    const name = schemaName(apiVersion(r.group, r.version), r.kind);
    t.ok(name, `${r.kind} has a schema`);
    const doc = openapiDocument(gvPath(r.group, r.version)) as Json;
    const schema = doc.components.schemas[name!];
    t.ok(schema, `${name} is in ${gvPath(r.group, r.version)}`);
    t.same(schema['x-kubernetes-group-version-kind'], [{ group: r.group, version: r.version, kind: r.kind }]);
    t.same(schema.properties.metadata.allOf, [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
    const listName = schemaName(apiVersion(r.group, r.version), r.listKind);
    t.ok(listName && doc.components.schemas[listName], `${r.listKind} is in the document`);
  }
});

t.test('documents are self-contained and every operation is well formed', async (t) => {
  for (const p of Object.keys(openapiIndex().paths)) {
    const doc = openapiDocument(p) as Json;
    t.equal(doc.openapi, '3.0.0');
    t.ok(doc.info.title && doc.info.version);
    const text = JSON.stringify(doc);
    for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
      if (!doc.components.schemas[m[1]!]) t.fail(`${p}: dangling $ref ${m[1]}`);
    }
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      t.ok(path.startsWith(`/${p}/`), `${path} is under /${p}`);
      for (const method of ['get', 'put', 'post', 'patch', 'delete']) {
        const op = (item as Json)[method];
        if (!op) continue;
        t.notOk(ids.has(op.operationId), `${op.operationId} is unique`);
        ids.add(op.operationId);
        t.ok(op['x-kubernetes-action'], `${method} ${path} has x-kubernetes-action`);
        t.type(op['x-kubernetes-group-version-kind']?.kind, 'string', `${method} ${path} has x-kubernetes-group-version-kind`);
        for (const param of [...(op.parameters ?? []), ...((item as Json).parameters ?? [])]) {
          t.ok(param.name && param.in && !param.$ref, `${method} ${path}: parameters are inline`);
        }
        if (method === 'patch') {
          const names = op.parameters.map((x: Json) => x.name);
          for (const n of ['fieldValidation', 'dryRun', 'fieldManager', 'force']) t.ok(names.includes(n), `PATCH ${path} declares ${n}`);
          t.same(Object.keys(op.requestBody.content).sort(), [...PATCH_CONTENT_TYPES].sort(), `PATCH ${path} takes every patch type`);
        }
        if (method === 'post' || method === 'put') {
          t.ok(op.parameters.some((x: Json) => x.name === 'fieldValidation'), `${method} ${path} declares fieldValidation`);
        }
      }
    }
  }
});

t.test('each resource has the operations its verbs and subresources call for', async (t) => {
  const apps = openapiDocument('apis/apps/v1') as Json;
  const d = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
  t.same(Object.keys(d).filter((k) => k !== 'parameters').sort(), ['delete', 'get', 'patch', 'put']);
  t.equal(d.patch.operationId, 'patchAppsV1NamespacedDeployment');
  t.same(d.patch['x-kubernetes-group-version-kind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
  const c = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments'];
  t.same([c.get['x-kubernetes-action'], c.post['x-kubernetes-action'], c.delete['x-kubernetes-action']], ['list', 'post', 'deletecollection']);
  t.equal(c.delete.operationId, 'deleteAppsV1CollectionNamespacedDeployment');
  t.ok(apps.paths['/apis/apps/v1/deployments'].get, 'list across namespaces');
  const scale = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'];
  t.same(scale.patch['x-kubernetes-group-version-kind'], { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  t.ok(apps.components.schemas['io.k8s.api.autoscaling.v1.Scale']);
  t.ok(apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status'].patch);

  const core = openapiDocument('api/v1') as Json;
  const binding = core.paths['/api/v1/namespaces/{namespace}/pods/{name}/binding'];
  t.ok(binding?.post, 'pods/binding');
  t.same(binding.post['x-kubernetes-group-version-kind'], { group: '', version: 'v1', kind: 'Binding' });
  t.ok(core.paths['/api/v1/namespaces/{name}'], 'namespaces are cluster-scoped');
  t.notOk(core.paths['/api/v1/namespaces/{namespace}/namespaces'], 'and not namespaced');
  t.ok(core.paths['/api/v1/nodes/{name}/status'].patch);
});

t.test('patch metadata Kubernetes publishes is present and reachable by path', async (t) => {
  const s = SCHEMAS;
  const prop = (name: string, field: string) => s[name]!.properties![field]!;
  t.equal(prop('io.k8s.api.core.v1.PodSpec', 'containers')['x-kubernetes-patch-merge-key'], 'name');
  t.equal(prop('io.k8s.api.core.v1.PodSpec', 'containers')['x-kubernetes-patch-strategy'], 'merge');
  t.equal(prop('io.k8s.api.core.v1.Container', 'env')['x-kubernetes-patch-merge-key'], 'name');
  t.equal(prop('io.k8s.api.core.v1.Container', 'ports')['x-kubernetes-patch-merge-key'], 'containerPort');
  t.same(prop('io.k8s.api.core.v1.Container', 'ports')['x-kubernetes-list-map-keys'], ['containerPort', 'protocol']);
  t.equal(prop('io.k8s.api.core.v1.PodSpec', 'volumes')['x-kubernetes-patch-merge-key'], 'name');
  t.equal(prop('io.k8s.api.core.v1.PodSpec', 'volumes')['x-kubernetes-patch-strategy'], 'merge,retainKeys');

  const deploy = patchMetaFor('apps/v1', 'Deployment')!;
  const expect: [string, Json][] = [
    ['spec.template.spec.containers', { patchMergeKey: 'name', patchStrategies: ['merge'], listType: 'map', listMapKeys: ['name'] }],
    ['spec.template.spec.initContainers', { patchMergeKey: 'name', patchStrategies: ['merge'] }],
    ['spec.template.spec.containers.ports', { patchMergeKey: 'containerPort', patchStrategies: ['merge'] }],
    ['spec.template.spec.containers[0].env', { patchMergeKey: 'name', patchStrategies: ['merge'] }],
    ['spec.template.spec.containers.volumeMounts', { patchMergeKey: 'mountPath', patchStrategies: ['merge'] }],
    ['spec.template.spec.volumes', { patchMergeKey: 'name', patchStrategies: ['merge', 'retainKeys'] }],
    ['spec.template.spec.imagePullSecrets', { patchMergeKey: 'name', patchStrategies: ['merge'] }],
    ['spec.template.spec.tolerations', { patchStrategies: [], listType: 'atomic' }],
    ['spec.template.spec.containers.envFrom', { patchStrategies: [], listType: 'atomic' }],
    ['spec.strategy', { kind: 'object', patchStrategies: ['retainKeys'] }],
    ['spec.selector', { kind: 'object', mapType: 'atomic' }],
    ['metadata.finalizers', { patchStrategies: ['merge'], listType: 'set' }],
    ['metadata.ownerReferences', { patchMergeKey: 'uid', patchStrategies: ['merge'], listType: 'map', listMapKeys: ['uid'] }],
    ['status.conditions', { patchMergeKey: 'type', patchStrategies: ['merge'] }],
    ['spec.strategy.rollingUpdate.maxSurge', { kind: 'intOrString' }],
    ['spec.template.spec.containers.resources.limits', { kind: 'map' }],
    ['spec.template.spec.containers.resources.limits.cpu', { kind: 'intOrString' }],
    ['metadata.labels', { kind: 'map' }],
  ];
  for (const [path, meta] of expect) t.match(deploy(path), meta, path);
  t.equal(deploy('spec.nope'), undefined);
  t.equal(patchMetaFor('v1', 'Nope'), undefined);
  t.match(patchMetaFor('v1', 'Node')!('status.conditions'), { patchMergeKey: 'type' });
  t.match(patchMetaFor('v1', 'Node')!('status.addresses'), { patchMergeKey: 'type' });
  t.match(patchMetaFor('v1', 'Node')!('spec.taints'), { listType: 'atomic' });
  t.match(patchMetaFor('v1', 'ServiceAccount')!('secrets'), { patchMergeKey: 'name' });
  t.match(patchMetaFor('v1', 'Pod')!('status.conditions'), { patchMergeKey: 'type' });
  t.match(patchMetaFor('apps/v1', 'StatefulSet')!('spec.volumeClaimTemplates'), { listType: 'atomic' });
  t.match(patchMetaFor('apps/v1', 'StatefulSet')!('spec.volumeClaimTemplates.spec.resources.requests'), { kind: 'map' });
  t.same(kindCursor('apps/v1', 'Deployment')!.at('spec.strategy')!.fieldNames().sort(), ['rollingUpdate', 'type']);
});

t.test('schemas cover real manifests', async (t) => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    for (const r of directRefs(schema)) if (!SCHEMAS[r]) t.fail(`${name} refers to missing ${r}`);
    if (schema.type === 'object' && schema.properties) t.ok(schema.description, `${name} is described`);
    for (const [field, p] of Object.entries(schema.properties ?? {})) {
      if (!p.description) t.fail(`${name}.${field} has no description`);
    }
  }
  const pod = kindCursor('v1', 'Pod')!;
  for (const path of [
    'spec.containers.env.valueFrom.secretKeyRef.key', 'spec.containers.env.valueFrom.configMapKeyRef.name',
    'spec.containers.env.valueFrom.fieldRef.fieldPath', 'spec.containers.env.valueFrom.resourceFieldRef.divisor',
    'spec.containers.envFrom.secretRef.name', 'spec.containers.livenessProbe.httpGet.port', 'spec.containers.readinessProbe.tcpSocket.port',
    'spec.containers.startupProbe.exec.command', 'spec.containers.securityContext.capabilities.drop', 'spec.securityContext.fsGroup',
    'spec.volumes.secret.defaultMode', 'spec.volumes.configMap.items.path', 'spec.volumes.emptyDir.sizeLimit', 'spec.volumes.hostPath.type',
    'spec.volumes.persistentVolumeClaim.claimName', 'spec.volumes.projected.sources.serviceAccountToken.expirationSeconds',
    'spec.volumes.downwardAPI.items.fieldRef', 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.matchExpressions.operator',
    'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution.podAffinityTerm.topologyKey',
    'spec.tolerations.tolerationSeconds', 'spec.topologySpreadConstraints.maxSkew', 'spec.initContainers.restartPolicy', 'status.containerStatuses.state.waiting.reason',
  ]) t.ok(pod.at(path), `Pod ${path}`);
  t.ok(kindCursor('v1', 'Node')!.at('status.nodeInfo.kubeletVersion'));
  t.ok(kindCursor('v1', 'Event')!.at('involvedObject.uid'));
  t.ok(kindCursor('autoscaling/v2', 'HorizontalPodAutoscaler')!.at('spec.behavior.scaleDown.policies.periodSeconds'));
  t.ok(kindCursor('coordination.k8s.io/v1', 'Lease')!.at('spec.renewTime'));
  t.ok(kindCursor('autoscaling/v1', 'Scale')!.at('status.selector'));
  t.ok(kindCursor('v1', 'Status')!.at('details.causes.field'));
  t.ok(kindCursor('v1', 'DeleteOptions')!.at('preconditions.resourceVersion'));
});
