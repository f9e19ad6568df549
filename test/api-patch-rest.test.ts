// Strategic merge patch and server-side apply over HTTP: content types,
// options, create-on-apply, conflicts as Status, managedFields on every
// write, and the status and scale subresources.
import t from 'tap';
import { startServer, type TestServer } from './helpers/api.js';

const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';
const SMP = { 'content-type': 'application/strategic-merge-patch+json' };
const APPLY = { 'content-type': 'application/apply-patch+yaml' };

const deployment = (name: string, replicas = 2) => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27', env: [{ name: 'A', value: '1' }] }] } },
  },
});

const applyYaml = (name: string, replicas: number, image = 'nginx:1.27') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: main
        image: ${image}
`;

/** A failure's body, for the message of a status check. */
function why(r: { status: number; text: string }, expected = 200): string {
  return r.status === expected ? '' : `: ${r.text}`;
}

function managers(obj: any): string[] {
  return (obj.metadata.managedFields ?? []).map((m: any) => `${m.manager}/${m.operation}${m.subresource ? '/' + m.subresource : ''}`).sort();
}

async function create(s: TestServer, body: unknown, query = ''): Promise<any> {
  const r = await s.request('POST', DEPLOYS + query, body);
  if (r.status !== 201) throw new Error(`create: ${r.status} ${r.text}`);
  return r.body;
}

t.test('content types and options', async (t) => {
  const s = await startServer(t);
  await create(s, deployment('web'));
  const bad = await s.request('PATCH', `${DEPLOYS}/web`, '{}', { 'content-type': 'application/yaml' });
  t.equal(bad.status, 415);
  t.match(bad.body.message, /application\/strategic-merge-patch\+json, application\/apply-patch\+yaml/);

  const noManager = await s.request('PATCH', `${DEPLOYS}/web`, applyYaml('web', 3), APPLY);
  t.equal(noManager.status, 422);
  t.equal(noManager.body.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  t.match(noManager.body.details, { group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueRequired', field: 'fieldManager' }] });

  const force = await s.request('PATCH', `${DEPLOYS}/web?force=true`, { spec: { replicas: 3 } }, SMP);
  t.equal(force.status, 422);
  t.match(force.body.message, /force: Forbidden: may not be specified for non-apply patch/);

  const dup = await s.request('PATCH', `${DEPLOYS}/web?fieldManager=m`, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  name: web\n', APPLY);
  t.equal(dup.status, 400, 'duplicate keys in an apply configuration');
  t.match(dup.body.message, /unique|duplicate/);

  const notObject = await s.request('PATCH', `${DEPLOYS}/web?fieldManager=m`, '- a\n- b\n', APPLY);
  t.equal(notObject.status, 400);
  const withManaged = await s.request('PATCH', `${DEPLOYS}/web?fieldManager=m`, JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', managedFields: [{ manager: 'x' }] } }), APPLY);
  t.equal(withManaged.status, 400);
  t.match(withManaged.body.message, /managedFields must be nil/);
  const wrongKind = await s.request('PATCH', `${DEPLOYS}/web?fieldManager=m`, 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n', APPLY);
  t.equal(wrongKind.status, 400);

  const badSmp = await s.request('PATCH', `${DEPLOYS}/web`, { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }, SMP);
  t.equal(badSmp.status, 400, 'a list element without its merge key');
  t.match(badSmp.body.message, /merge key/);

  // merge and JSON patches still work
  t.equal((await s.request('PATCH', `${DEPLOYS}/web`, { metadata: { labels: { m: '1' } } }, { 'content-type': 'application/merge-patch+json' })).status, 200);
  t.equal((await s.request('PATCH', `${DEPLOYS}/web`, [{ op: 'replace', path: '/spec/replicas', value: 4 }], { 'content-type': 'application/json-patch+json' })).status, 200);
});

t.test('strategic merge patch over HTTP', async (t) => {
  const s = await startServer(t);
  await create(s, deployment('web'));
  const r = await s.request('PATCH', `${DEPLOYS}/web`, {
    metadata: { labels: { tier: 'front' } },
    spec: { template: { spec: { containers: [{ name: 'main', env: [{ name: 'B', value: '2' }] }, { name: 'side', image: 'redis' }] } } },
  }, SMP);
  t.equal(r.status, 200, why(r));
  t.same(r.body.metadata.labels, { app: 'web', tier: 'front' });
  const containers = r.body.spec.template.spec.containers;
  t.same(containers.map((c: any) => c.name).sort(), ['main', 'side']);
  // a new element goes before the server's (the current kubectl patch docs show the added container first)
  t.same(containers.find((c: any) => c.name === 'main').env, [{ name: 'B', value: '2' }, { name: 'A', value: '1' }]);
  t.equal(containers.find((c: any) => c.name === 'main').image, 'nginx:1.27', 'fields the patch does not name stay');

  const del = await s.request('PATCH', `${DEPLOYS}/web`, { spec: { template: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } } } }, SMP);
  t.same(del.body.spec.template.spec.containers.map((c: any) => c.name), ['main']);
  const strategy = await s.request('PATCH', `${DEPLOYS}/web`, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }, SMP);
  t.same(strategy.body.spec.strategy, { type: 'Recreate' }, 'retainKeys: rollingUpdate (defaulted) dropped');

  // status: conditions merge by type
  await s.request('PATCH', `${DEPLOYS}/web/status`, { status: { conditions: [{ type: 'Available', status: 'False' }, { type: 'Progressing', status: 'True' }] } }, SMP);
  const st = await s.request('PATCH', `${DEPLOYS}/web/status`, { status: { conditions: [{ type: 'Available', status: 'True' }] } }, SMP);
  t.equal(st.status, 200, why(st));
  t.same(st.body.status.conditions.map((c: any) => [c.type, c.status]), [['Available', 'True'], ['Progressing', 'True']]);

  // scale: a strategic patch of the Scale
  const sc = await s.request('PATCH', `${DEPLOYS}/web/scale`, { spec: { replicas: 6 } }, SMP);
  t.equal(sc.status, 200, why(sc));
  t.equal(sc.body.spec.replicas, 6);
  t.equal((await s.request('GET', `${DEPLOYS}/web`)).body.spec.replicas, 6);
});

t.test('server-side apply over HTTP', async (t) => {
  const s = await startServer(t);
  const created = await s.request('PATCH', `${DEPLOYS}/web?fieldManager=alice`, applyYaml('web', 2), APPLY);
  t.equal(created.status, 201, `apply of a missing object creates it${why(created, 201)}`);
  t.equal(created.body.spec.replicas, 2);
  t.equal(created.body.spec.strategy.type, 'RollingUpdate', 'defaults applied');
  t.same(managers(created.body), ['alice/Apply']);
  const entry = created.body.metadata.managedFields[0];
  t.match(entry, { manager: 'alice', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', time: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/ });
  t.notOk(entry.fieldsV1['f:spec']['f:strategy'], 'defaulted fields are not the applier\'s');

  const again = await s.request('PATCH', `${DEPLOYS}/web?fieldManager=alice`, applyYaml('web', 3), APPLY);
  t.equal(again.status, 200);
  t.equal(again.body.spec.replicas, 3);

  const conflict = await s.request('PATCH', `${DEPLOYS}/web?fieldManager=bob`, applyYaml('web', 5, 'nginx:2'), APPLY);
  t.equal(conflict.status, 409);
  t.equal(conflict.body.reason, 'Conflict');
  t.equal(conflict.body.message, 'Apply failed with 2 conflicts: conflicts with "alice":\n- .spec.replicas\n- .spec.template.spec.containers[name="main"].image');
  t.same(conflict.body.details.causes, [
    { reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' },
    { reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.template.spec.containers[name="main"].image' },
  ]);
  const forced = await s.request('PATCH', `${DEPLOYS}/web?fieldManager=bob&force=true`, applyYaml('web', 5, 'nginx:2'), APPLY);
  t.equal(forced.status, 200, why(forced));
  t.equal(forced.body.spec.replicas, 5);

  // An update by another means is recorded too, and then conflicts with appliers.
  const put = structuredClone(forced.body);
  put.spec.replicas = 1;
  const updated = await s.request('PUT', `${DEPLOYS}/web?fieldManager=editor`, put);
  t.equal(updated.status, 200, why(updated));
  t.same(managers(updated.body), ['alice/Apply', 'bob/Apply', 'editor/Update']);
  const c2 = await s.request('PATCH', `${DEPLOYS}/web?fieldManager=bob`, applyYaml('web', 5, 'nginx:2'), APPLY);
  t.equal(c2.status, 409);
  t.equal(c2.body.message, 'Apply failed with 1 conflict: conflict with "editor" using apps/v1: .spec.replicas');

  // The default manager is the User-Agent's product.
  const ua = await s.request('PATCH', `${DEPLOYS}/web`, { metadata: { labels: { via: 'ua' } } }, { ...SMP, 'user-agent': 'kubectl-edit/v1.32.4 (linux/amd64) kubernetes/abc' });
  t.ok(managers(ua.body).includes('kubectl-edit/Update'));

  // dryRun writes nothing
  const dry = await s.request('PATCH', `${DEPLOYS}/other?fieldManager=alice&dryRun=All`, applyYaml('other', 1), APPLY);
  t.equal(dry.status, 201);
  t.equal((await s.request('GET', `${DEPLOYS}/other`)).status, 404);
  t.match(dry.body.metadata, { name: 'other', namespace: 'default', generation: 1, uid: /^[0-9a-f-]{36}$/, creationTimestamp: /Z$/ }, 'an apply-create dry run shows the metadata the store would set');
  t.equal(dry.body.metadata.resourceVersion, undefined, 'and no resourceVersion: nothing was committed');
});

t.test('dryRun=All on POST: the store\'s metadata rules and its AlreadyExists, nothing stored', async (t) => {
  const s = await startServer(t);
  const dry = await s.request('POST', `${DEPLOYS}?dryRun=All`, deployment('fresh'));
  t.equal(dry.status, 201, why(dry, 201));
  t.match(dry.body.metadata, { name: 'fresh', generation: 1, uid: /^[0-9a-f-]{36}$/, creationTimestamp: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/ });
  t.equal(dry.body.metadata.resourceVersion, undefined);
  t.equal((await s.request('GET', `${DEPLOYS}/fresh`)).status, 404, 'nothing stored');
  const generated = await s.request('POST', `${DEPLOYS}?dryRun=All`, { ...deployment('x'), metadata: { generateName: 'gen-' } });
  t.equal(generated.status, 201, why(generated, 201));
  t.match(generated.body.metadata.name, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/, 'generateName gets its suffix');
  await s.request('POST', DEPLOYS, deployment('taken'));
  const taken = await s.request('POST', `${DEPLOYS}?dryRun=All`, deployment('taken'));
  t.equal(taken.status, 409, 'a dry run of a create that would collide is refused as the create would be');
  t.equal(taken.body.reason, 'AlreadyExists');
});

t.test('managedFields on create, update, status and scale', async (t) => {
  const s = await startServer(t);
  const created = await create(s, deployment('web'), '?fieldManager=creator');
  t.same(managers(created), ['creator/Update']);
  const fields = created.metadata.managedFields[0].fieldsV1;
  t.same(fields['f:metadata']['f:labels'], { '.': {}, 'f:app': {} }, 'a new map is owned itself and by entry');
  t.ok(fields['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"main"}']['f:image'], 'list-map elements by key');
  t.ok(fields['f:spec']['f:revisionHistoryLimit'], 'an updater owns what defaulting set, as in Kubernetes');
  t.notOk(fields['f:status'], 'status is not the main resource\'s');

  const st = await s.request('PATCH', `${DEPLOYS}/web/status?fieldManager=ctrl`, { status: { replicas: 2 } }, { 'content-type': 'application/merge-patch+json' });
  t.equal(st.status, 200, why(st));
  t.same(managers(st.body), ['creator/Update', 'ctrl/Update/status']);
  t.same(Object.keys(st.body.metadata.managedFields.find((m: any) => m.manager === 'ctrl').fieldsV1), ['f:status']);

  const applyStatus = await s.request('PATCH', `${DEPLOYS}/web/status?fieldManager=ssa-ctrl`, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nstatus:\n  observedGeneration: 1\n', APPLY);
  t.equal(applyStatus.status, 200, why(applyStatus));
  t.equal(applyStatus.body.status.observedGeneration, 1);
  t.equal(applyStatus.body.spec.replicas, 2, 'an apply to status leaves spec');
  t.ok(managers(applyStatus.body).includes('ssa-ctrl/Apply/status'));
  t.equal((await s.request('PATCH', `${DEPLOYS}/missing/status?fieldManager=x`, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: missing}\nstatus: {replicas: 1}\n', APPLY)).status, 404, 'apply to status does not create');

  // scale: a merge patch records an updater with subresource scale; an apply to scale checks ownership of replicas
  const sc = await s.request('PATCH', `${DEPLOYS}/web/scale?fieldManager=scaler`, { spec: { replicas: 4 } }, { 'content-type': 'application/merge-patch+json' });
  t.equal(sc.status, 200, why(sc));
  let obj = (await s.request('GET', `${DEPLOYS}/web`)).body;
  const scaler = obj.metadata.managedFields.find((m: any) => m.manager === 'scaler');
  t.match(scaler, { operation: 'Update', subresource: 'scale', apiVersion: 'apps/v1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
  t.notOk(obj.metadata.managedFields.find((m: any) => m.manager === 'creator').fieldsV1['f:spec']['f:replicas'], 'the creator lost replicas');
  const scaleApply = 'apiVersion: autoscaling/v1\nkind: Scale\nmetadata: {name: web}\nspec: {replicas: 7}\n';
  const sc2 = await s.request('PATCH', `${DEPLOYS}/web/scale?fieldManager=hpa`, scaleApply, APPLY);
  t.equal(sc2.status, 409);
  t.equal(sc2.body.message, 'Apply failed with 1 conflict: conflict with "scaler" using apps/v1: .spec.replicas');
  const sc3 = await s.request('PATCH', `${DEPLOYS}/web/scale?fieldManager=hpa&force=true`, scaleApply, APPLY);
  t.equal(sc3.status, 200, why(sc3));
  t.equal(sc3.body.kind, 'Scale');
  t.equal(sc3.body.spec.replicas, 7);
  obj = (await s.request('GET', `${DEPLOYS}/web`)).body;
  t.ok(managers(obj).includes('hpa/Apply/scale'));
  t.notOk(managers(obj).includes('scaler/Update/scale'), 'forced out of its only field');

  // A write that changes managedFields sets them (how kubectl migrates client-side apply owners).
  const reset = await s.request('PATCH', `${DEPLOYS}/web`, [{ op: 'replace', path: '/metadata/managedFields', value: [{}] }], { 'content-type': 'application/json-patch+json', 'user-agent': 'resetter/1' });
  t.equal(reset.status, 200, why(reset));
  t.same(managers(reset.body), [], '[{}] clears ownership');
});

t.test('dryRun=All on /scale and /status: the would-be object, nothing stored', async (t) => {
  const s = await startServer(t);
  await create(s, deployment('web'), '?fieldManager=creator');
  const before = (await s.request('GET', `${DEPLOYS}/web`)).body;
  const rv = before.metadata.resourceVersion;
  const unchanged = async (what: string) => {
    const now = (await s.request('GET', `${DEPLOYS}/web`)).body;
    t.equal(now.metadata.resourceVersion, rv, `${what}: resourceVersion unchanged`);
    t.same(now, before, `${what}: the stored object, managedFields included, unchanged`);
  };

  const sc = await s.request('PATCH', `${DEPLOYS}/web/scale?dryRun=All&fieldManager=scaler`, { spec: { replicas: 9 } }, { 'content-type': 'application/merge-patch+json' });
  t.equal(sc.status, 200, why(sc));
  t.match(sc.body, { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'web', resourceVersion: rv }, spec: { replicas: 9 } }, 'scale merge patch: the Scale it would be');
  await unchanged('scale merge patch');

  const scApply = await s.request('PATCH', `${DEPLOYS}/web/scale?dryRun=All&fieldManager=hpa&force=true`, 'apiVersion: autoscaling/v1\nkind: Scale\nmetadata: {name: web}\nspec: {replicas: 8}\n', APPLY);
  t.equal(scApply.status, 200, why(scApply));
  t.match(scApply.body, { kind: 'Scale', metadata: { resourceVersion: rv }, spec: { replicas: 8 } }, 'scale apply: the Scale it would be');
  await unchanged('scale apply');

  // A status write leaves spec and metadata alone even when the patch names them: the would-be object says so too.
  const st = await s.request('PATCH', `${DEPLOYS}/web/status?dryRun=All&fieldManager=ctrl`, { metadata: { labels: { sneaky: 'yes' } }, spec: { replicas: 7 }, status: { replicas: 2, readyReplicas: 1 } }, { 'content-type': 'application/merge-patch+json' });
  t.equal(st.status, 200, why(st));
  t.match(st.body.status, { replicas: 2, readyReplicas: 1 }, 'status patch: the status it would have');
  t.equal(st.body.metadata.resourceVersion, rv);
  t.equal(st.body.spec.replicas, 2, 'spec as stored, not as the status patch said');
  t.same(st.body.metadata.labels, { app: 'web' }, 'labels as stored');
  t.same(managers(st.body), ['creator/Update', 'ctrl/Update/status'], 'the would-be object records the status writer');
  await unchanged('status patch');

  const stApply = await s.request('PATCH', `${DEPLOYS}/web/status?dryRun=All&fieldManager=ssa-ctrl`, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nstatus:\n  observedGeneration: 1\n', APPLY);
  t.equal(stApply.status, 200, why(stApply));
  t.equal(stApply.body.status.observedGeneration, 1, 'status apply: the status it would have');
  t.equal(stApply.body.metadata.resourceVersion, rv);
  await unchanged('status apply');

  // dryRun on the main resource: a spec change counts a generation in the answer (as kubectl diff shows), not in the store.
  const main = await s.request('PATCH', `${DEPLOYS}/web?dryRun=All`, { spec: { replicas: 5 } }, SMP);
  t.equal(main.status, 200, why(main));
  t.equal(main.body.spec.replicas, 5);
  t.equal(main.body.metadata.generation, before.metadata.generation + 1, 'the would-be generation');
  t.equal(main.body.metadata.resourceVersion, rv);
  const labelsOnly = await s.request('PATCH', `${DEPLOYS}/web?dryRun=All`, { metadata: { labels: { x: 'y' } } }, SMP);
  t.equal(labelsOnly.body.metadata.generation, before.metadata.generation, 'no spec change: the same generation');
  const stale = await s.request('PATCH', `${DEPLOYS}/web?dryRun=All`, { metadata: { resourceVersion: `${rv}0` }, spec: { replicas: 5 } }, SMP);
  t.equal(stale.status, 409, `a stale resourceVersion conflicts in a dry run too${why(stale, 409)}`);
  await unchanged('main resource patches');
});
