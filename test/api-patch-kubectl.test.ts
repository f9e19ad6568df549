// Strategic merge patch and server-side apply through real kubectl 1.32.
import t from 'tap';
import { spawn } from 'node:child_process';
import { startServer, type TestServer } from './helpers/api.js';
import { skipWithoutKubectl, kubectl } from './helpers/kubectl.js';



async function getJson(s: TestServer, what: string[], managed = false): Promise<any> {
  const r = await kubectl(s, ['get', ...what, '-o', 'json', ...(managed ? ['--show-managed-fields'] : [])]);
  if (r.code !== 0) throw new Error(`kubectl get ${what.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const manifest = (o: { replicas: number; labels: Record<string, string>; env: Record<string, string>; image?: string; minReadySeconds?: number }) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
${Object.entries(o.labels).map(([k, v]) => `    ${k}: "${v}"`).join('\n')}
spec:
  replicas: ${o.replicas}${o.minReadySeconds === undefined ? '' : `\n  minReadySeconds: ${o.minReadySeconds}`}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: main
        image: ${o.image ?? 'nginx:1.27'}
        ports:
        - containerPort: 80
        env:
${Object.entries(o.env).map(([k, v]) => `        - name: ${k}\n          value: "${v}"`).join('\n')}
`;

const FILE_A = manifest({ replicas: 2, labels: { app: 'web', team: 'a' }, env: { A1: '1', B2: '2' } });
// A to B: replicas changed; a label and an env var removed; a label, an env var and minReadySeconds added.
const FILE_B = manifest({ replicas: 3, labels: { app: 'web', tier: 'front' }, env: { A1: '1', C3: '3' }, minReadySeconds: 10 });

/** What an object's user-visible content is, without the server's bookkeeping. */
function content(o: any): any {
  const c = structuredClone(o);
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields']) delete c.metadata[k];
  delete c.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
  if (c.metadata.annotations && Object.keys(c.metadata.annotations).length === 0) delete c.metadata.annotations;
  delete c.status;
  return c;
}

t.test('kubectl: client-side apply, set image, label, annotate, patch', async (t) => {
  if (await skipWithoutKubectl(t)) return;
  const s = await startServer(t);
  const a = await kubectl(s, ['apply', '-f', '-'], FILE_A);
  t.equal(a.code, 0, a.stderr);
  // kubectl apply creates with POST ?fieldManager=kubectl-client-side-apply: an Update by that manager.
  const createdBy = (await getJson(s, ['deployment', 'web'], true)).metadata.managedFields;
  t.same(createdBy.map((m: any) => [m.manager, m.operation]), [['kubectl-client-side-apply', 'Update']], 'the create is recorded as kubectl-client-side-apply');
  t.ok(createdBy[0].fieldsV1['f:metadata']['f:labels']['f:team'], 'it owns what the file set');
  // someone else's label, never in the file
  const other = await kubectl(s, ['label', 'deployment/web', 'owner=ops']);
  t.equal(other.code, 0, other.stderr);
  const b = await kubectl(s, ['apply', '-f', '-'], FILE_B);
  t.equal(b.code, 0, b.stderr);
  t.match(b.stdout, /deployment.apps\/web configured/);
  const after = await getJson(s, ['deployment', 'web']);
  t.same(after.metadata.labels, { app: 'web', owner: 'ops', tier: 'front' }, 'the label removed from the file is gone, the one added appears, the one set by someone else stays');
  t.equal(after.spec.replicas, 3);
  t.equal(after.spec.minReadySeconds, 10, 'the field added to the file appears');
  t.same(after.spec.template.spec.containers[0].env, [{ name: 'A1', value: '1' }, { name: 'C3', value: '3' }], 'the env var removed from the file is gone, the one added follows A1');
  t.same(after.spec.template.spec.containers[0].ports, [{ containerPort: 80, protocol: 'TCP' }]);
  // The second apply is a PATCH ?fieldManager=kubectl-client-side-apply: that Update owns what it added, not what it removed.
  const csa = (await getJson(s, ['deployment', 'web'], true)).metadata.managedFields.filter((m: any) => m.manager === 'kubectl-client-side-apply');
  t.equal(csa.length, 1, 'one kubectl-client-side-apply entry');
  t.equal(csa[0].operation, 'Update');
  t.ok(csa[0].fieldsV1['f:metadata']['f:labels']['f:tier'], 'kubectl-client-side-apply owns the added label');
  t.ok(csa[0].fieldsV1['f:spec']['f:minReadySeconds'], 'and the added minReadySeconds');
  t.ok(csa[0].fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"main"}']['f:env']['k:{"name":"C3"}'], 'and the added env var');
  t.notOk(csa[0].fieldsV1['f:metadata']['f:labels']['f:team'], 'but no longer the removed label');
  t.notOk(csa[0].fieldsV1['f:metadata']['f:labels']['f:owner'], 'nor the label kubectl label set');

  // Round trip: the same result as applying B to a fresh cluster (no other manager there).
  const fresh = await startServer(t);
  t.equal((await kubectl(fresh, ['apply', '-f', '-'], FILE_B)).code, 0);
  const direct = content(await getJson(fresh, ['deployment', 'web']));
  const unlabelled = content(after);
  delete unlabelled.metadata.labels.owner;
  t.same(unlabelled, direct, 'apply A then B = apply B');

  const img = await kubectl(s, ['set', 'image', 'deployment/web', 'main=nginx:2']);
  t.equal(img.code, 0, img.stderr);
  const withImage = await getJson(s, ['deployment', 'web']);
  t.equal(withImage.spec.template.spec.containers[0].image, 'nginx:2');
  t.same(withImage.spec.template.spec.containers[0].env, [{ name: 'A1', value: '1' }, { name: 'C3', value: '3' }], 'set image leaves the rest of the container');

  t.equal((await kubectl(s, ['annotate', 'deployment/web', 'note=hello'])).code, 0);
  t.equal((await getJson(s, ['deployment', 'web'])).metadata.annotations.note, 'hello');
  const managers = (await getJson(s, ['deployment', 'web'], true)).metadata.managedFields.map((m: any) => m.manager);
  t.ok(managers.includes('kubectl-label'), 'kubectl label recorded its manager');
  t.equal((await kubectl(s, ['label', 'deployment/web', 'owner-'])).code, 0);
  const managersAfter = (await getJson(s, ['deployment', 'web'], true)).metadata.managedFields.map((m: any) => m.manager);
  t.notOk(managersAfter.includes('kubectl-label'), 'its only field removed, kubectl-label owns nothing and its entry goes');
  t.notOk('owner' in (await getJson(s, ['deployment', 'web'])).metadata.labels, 'label KEY- removes it');

  // kubectl patch: strategic by default; a new container merges by name.
  const p = await kubectl(s, ['patch', 'deployment', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"side","image":"redis"}]}}}}']);
  t.equal(p.code, 0, p.stderr);
  const patched = await getJson(s, ['deployment', 'web']);
  t.same(patched.spec.template.spec.containers.map((c: any) => c.name).sort(), ['main', 'side'], 'strategic patch added a container beside the other');
  // --type strategic named, with a directive: $setElementOrder puts main first, side's image changes by name.
  const ordered = await kubectl(s, ['patch', 'deployment', 'web', '--type', 'strategic', '-p',
    '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"main"},{"name":"side"}],"containers":[{"name":"side","image":"redis:7"}]}}}}']);
  t.equal(ordered.code, 0, ordered.stderr);
  const reordered = (await getJson(s, ['deployment', 'web'])).spec.template.spec.containers;
  t.same(reordered.map((c: any) => [c.name, c.image]), [['main', 'nginx:2'], ['side', 'redis:7']], '$setElementOrder/containers fixed the order; side merged by name');
  t.same(reordered[0].env, [{ name: 'A1', value: '1' }, { name: 'C3', value: '3' }], 'main, not named in the patch, kept its fields');
  const retain = await kubectl(s, ['patch', 'deployment', 'web', '-p', '{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}']);
  t.equal(retain.code, 0, retain.stderr);
  t.same((await getJson(s, ['deployment', 'web'])).spec.strategy, { type: 'Recreate' }, '$retainKeys dropped rollingUpdate');

  // rollout pause/resume send strategic patches too
  t.equal((await kubectl(s, ['rollout', 'pause', 'deployment/web'])).code, 0);
  const paused = await getJson(s, ['deployment', 'web'], true);
  t.equal(paused.spec.paused, true);
  t.ok(paused.metadata.managedFields.some((m: any) => m.manager === 'kubectl-rollout' && m.fieldsV1['f:spec']['f:paused']), 'kubectl-rollout owns spec.paused');
  t.equal((await kubectl(s, ['rollout', 'resume', 'deployment/web'])).code, 0);
  t.notOk((await getJson(s, ['deployment', 'web'])).spec.paused);

  // kubectl edit: the editor changes the image; kubectl sends a strategic merge patch as kubectl-edit.
  const edit = await new Promise<{ code: number; stderr: string }>((resolve) => {
    const child = spawn('kubectl', ['--kubeconfig', s.kubeconfig, 'edit', 'deployment/web'], { env: { ...process.env, KUBE_EDITOR: 'sed -i -e s/nginx:2/nginx:3/' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
  t.equal(edit.code, 0, edit.stderr);
  const edited = await getJson(s, ['deployment', 'web'], true);
  t.equal(edited.spec.template.spec.containers.find((c: any) => c.name === 'main').image, 'nginx:3');
  t.ok(edited.metadata.managedFields.some((m: any) => m.manager === 'kubectl-edit'), 'kubectl-edit recorded');

  // From client-side to server-side apply: kubectl moves the client-side owner's fields to "kubectl"
  // first, so the only conflict left is the image kubectl edit (and set image) changed.
  const ssa = await kubectl(s, ['apply', '--server-side', '-f', '-'], FILE_B);
  t.not(ssa.code, 0);
  t.match(ssa.stderr, /Apply failed with 1 conflict: conflict with "kubectl-edit" using apps\/v1: \.spec\.template\.spec\.containers\[name="main"\]\.image/);
  const ssaForced = await kubectl(s, ['apply', '--server-side', '--force-conflicts', '-f', '-'], FILE_B);
  t.equal(ssaForced.code, 0, ssaForced.stderr);
  // After moving the owner's fields, kubectl applies once more; that apply must succeed (kubectl only warns when it fails).
  t.notMatch(ssaForced.stderr, /failed to re-apply/, 'the re-apply after the migration succeeded');
  const migrated = await getJson(s, ['deployment', 'web'], true);
  t.equal(migrated.spec.template.spec.containers.find((c: any) => c.name === 'main').image, 'nginx:1.27');
  t.notOk(migrated.metadata.managedFields.some((m: any) => m.manager === 'kubectl-client-side-apply'), 'the client-side owner was migrated');
  const kubectlApply = migrated.metadata.managedFields.find((m: any) => m.manager === 'kubectl' && m.operation === 'Apply');
  t.ok(kubectlApply.fieldsV1['f:spec']['f:minReadySeconds'], 'kubectl applies what the file says');
  t.notOk(kubectlApply.fieldsV1['f:spec']['f:revisionHistoryLimit'], 'and, re-applied, no longer owns the defaults the client-side owner had');
  t.equal(migrated.spec.revisionHistoryLimit, 10, 'defaulted again');

  const shown = await kubectl(s, ['get', 'deployment', 'web', '--show-managed-fields', '-o', 'yaml']);
  for (const m of ['kubectl', 'kubectl-annotate', 'kubectl-patch']) {
    t.match(shown.stdout, new RegExp(`manager: ${m}\\n`), `managedFields names ${m}`);
  }
  t.match(shown.stdout, /operation: Update/);
  t.match(shown.stdout, /fieldsType: FieldsV1/);
  const hidden = await kubectl(s, ['get', 'deployment', 'web', '-o', 'yaml']);
  t.notMatch(hidden.stdout, /managedFields/, 'hidden without --show-managed-fields');

  // --type strategic with $patch: delete on a list element: side goes by its merge key, main stays.
  const del = await kubectl(s, ['patch', 'deployment', 'web', '--type', 'strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"side","$patch":"delete"}]}}}}']);
  t.equal(del.code, 0, del.stderr);
  const afterDelete = await getJson(s, ['deployment', 'web'], true);
  t.same(afterDelete.spec.template.spec.containers.map((c: any) => c.name), ['main'], '$patch: delete removed the side container');
  t.notOk(afterDelete.metadata.managedFields.some((m: any) => m.fieldsV1['f:spec']?.['f:template']?.['f:spec']?.['f:containers']?.['k:{"name":"side"}']), 'nobody owns the deleted element any more');
});

t.test('kubectl: server-side apply, conflicts, --force-conflicts', async (t) => {
  if (await skipWithoutKubectl(t)) return;
  const s = await startServer(t);
  const first = await kubectl(s, ['apply', '--server-side', '-f', '-'], FILE_A);
  t.equal(first.code, 0, first.stderr);
  t.match(first.stdout, /deployment.apps\/web serverside-applied/);
  const again = await kubectl(s, ['apply', '--server-side', '-f', '-'], FILE_A);
  t.equal(again.code, 0, 'the same manager re-applies freely');

  const changed = manifest({ replicas: 5, labels: { app: 'web', team: 'a' }, env: { A1: '1', B2: '2' } });
  const conflict = await kubectl(s, ['apply', '--server-side', '--field-manager=other', '-f', '-'], changed);
  t.not(conflict.code, 0, 'a conflict fails');
  t.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "kubectl": \.spec\.replicas/);
  t.equal((await getJson(s, ['deployment', 'web'])).spec.replicas, 2, 'nothing changed');

  const forced = await kubectl(s, ['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'], changed);
  t.equal(forced.code, 0, forced.stderr);
  const dep = await getJson(s, ['deployment', 'web'], true);
  t.equal(dep.spec.replicas, 5, '--force-conflicts wins');
  const kubectlEntry = dep.metadata.managedFields.find((m: any) => m.manager === 'kubectl');
  t.notOk(kubectlEntry.fieldsV1['f:spec']['f:replicas'], 'the first manager no longer owns replicas');

  // B drops a label and an env var the first manager applied; "other" still owns them, so they stay,
  // until "other" drops them too. B also adds a label, an env var and minReadySeconds.
  const SSA_B = manifest({ replicas: 5, labels: { app: 'web', tier: 'front' }, env: { A1: '1', C3: '3' }, minReadySeconds: 10 });
  const second = await kubectl(s, ['apply', '--server-side', '-f', '-'], SSA_B);
  t.equal(second.code, 0, second.stderr);
  let now = await getJson(s, ['deployment', 'web'], true);
  t.equal(now.metadata.labels.team, 'a', 'still owned by "other"');
  t.equal(now.metadata.labels.tier, 'front', 'the added label appears');
  t.equal(now.spec.minReadySeconds, 10, 'the added minReadySeconds appears');
  t.same(now.spec.template.spec.containers[0].env.map((e: any) => `${e.name}=${e.value}`).sort(), ['A1=1', 'B2=2', 'C3=3'], 'the added env var appears; B2 (still "other"\'s) stays');
  const applier = now.metadata.managedFields.find((m: any) => m.manager === 'kubectl' && m.operation === 'Apply');
  t.ok(applier.fieldsV1['f:metadata']['f:labels']['f:tier'] && applier.fieldsV1['f:spec']['f:minReadySeconds'], 'kubectl now applies the added fields');
  t.notOk(applier.fieldsV1['f:metadata']['f:labels']['f:team'], 'and no longer the dropped label');
  t.equal((await kubectl(s, ['apply', '--server-side', '--field-manager=other', '-f', '-'], SSA_B)).code, 0);
  now = await getJson(s, ['deployment', 'web']);
  t.notOk('team' in now.metadata.labels, 'nobody applies it any more: removed');
  t.same(now.spec.template.spec.containers[0].env, [{ name: 'A1', value: '1' }, { name: 'C3', value: '3' }]);
  t.same(now.metadata.labels, { app: 'web', tier: 'front' });

  // Round trip for server-side apply: same content as B applied fresh.
  const fresh = await startServer(t);
  t.equal((await kubectl(fresh, ['apply', '--server-side', '-f', '-'], SSA_B)).code, 0);
  t.same(content(now), content(await getJson(fresh, ['deployment', 'web'])), 'apply A then B = apply B');

  const shown = await kubectl(s, ['get', 'deployment', 'web', '--show-managed-fields', '-o', 'yaml']);
  t.match(shown.stdout, /manager: kubectl\n\s+operation: Apply/);
  t.match(shown.stdout, /manager: other\n\s+operation: Apply/);

  // kubectl scale (a merge patch of /scale, no fieldManager: the User-Agent's "kubectl") is an updater of
  // replicas; the applier then conflicts with it.
  t.equal((await kubectl(s, ['scale', 'deployment/web', '--replicas=7'])).code, 0);
  const c2 = await kubectl(s, ['apply', '--server-side', '--field-manager=other', '-f', '-'], SSA_B);
  t.not(c2.code, 0);
  t.match(c2.stderr, /Apply failed with 1 conflict: conflict with "kubectl" using apps\/v1: \.spec\.replicas/);
});

t.test('kubectl diff: a server-side dry run shows the change and writes nothing', async (t) => {
  if (await skipWithoutKubectl(t)) return;
  const s = await startServer(t);
  t.equal((await kubectl(s, ['apply', '-f', '-'], FILE_A)).code, 0);
  const before = JSON.parse((await kubectl(s, ['get', 'deployment', 'web', '-o', 'json'])).stdout);
  const diff = await kubectl(s, ['diff', '-f', '-'], FILE_B);
  t.equal(diff.code, 1, `kubectl diff exits 1 when there are differences: ${diff.stderr}`);
  t.match(diff.stdout, /-\s+replicas: 2\n\+\s+replicas: 3/);
  t.match(diff.stdout, /-\s+team: a/);
  const after = JSON.parse((await kubectl(s, ['get', 'deployment', 'web', '-o', 'json'])).stdout);
  t.equal(after.metadata.resourceVersion, before.metadata.resourceVersion, 'dryRun=All wrote nothing');
  t.equal(after.spec.replicas, 2);
  const same = await kubectl(s, ['diff', '-f', '-'], FILE_A);
  t.equal(same.code, 0, 'no differences: exit 0');
});

t.test('kubectl delete --dry-run=server deletes nothing (dryRun in the DeleteOptions body)', async (t) => {
  if (await skipWithoutKubectl(t)) return;
  const s = await startServer(t);
  t.equal((await kubectl(s, ['apply', '-f', '-'], FILE_A)).code, 0);
  const dry = await kubectl(s, ['delete', 'deployment', 'web', '--dry-run=server']);
  t.equal(dry.code, 0, dry.stderr);
  t.match(dry.stdout, /deployment\.apps "web" deleted \(server dry run\)/);
  t.equal((await kubectl(s, ['get', 'deployment', 'web', '-o', 'name'])).stdout.trim(), 'deployment.apps/web', 'still there');
  const all = await kubectl(s, ['delete', 'deployments', '--all', '--dry-run=server']);
  t.equal(all.code, 0, all.stderr);
  t.equal((await kubectl(s, ['get', 'deployment', 'web', '-o', 'name'])).stdout.trim(), 'deployment.apps/web', 'a collection dry run deletes nothing either');
  const bad = await s.request('DELETE', '/apis/apps/v1/namespaces/default/deployments/web', { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['Some'] });
  t.equal(bad.status, 400, 'an unknown dryRun value is refused');
});

t.test('kubectl diff --server-side: an apply dry run against the live object writes nothing', async (t) => {
  if (await skipWithoutKubectl(t)) return;
  const s = await startServer(t);
  t.equal((await kubectl(s, ['apply', '--server-side', '-f', '-'], FILE_A)).code, 0);
  const before = await getJson(s, ['deployment', 'web'], true);
  const diff = await kubectl(s, ['diff', '--server-side', '-f', '-'], FILE_B);
  t.equal(diff.code, 1, `differences: exit 1: ${diff.stderr}`);
  t.match(diff.stdout, /-\s+replicas: 2\n\+\s+replicas: 3/, 'the changed field');
  t.match(diff.stdout, /-\s+team: a\n\+\s+tier: front/, 'the label the file dropped goes, the one it adds comes');
  t.match(diff.stdout, /\+\s+minReadySeconds: 10/, 'the added field');
  t.match(diff.stdout, /-\s+- name: B2\n-\s+value: "2"\n\+\s+- name: C3\n\+\s+value: "3"/, 'the env var dropped and the one added');
  t.match(diff.stdout, /-\s+generation: 1\n\+\s+generation: 2/, 'the would-be object has its spec change counted, as a real write would');
  const after = await getJson(s, ['deployment', 'web'], true);
  t.equal(after.metadata.resourceVersion, before.metadata.resourceVersion, 'dryRun=All wrote nothing');
  t.same(after, before, 'the stored object, managedFields included, is as it was');
  const same = await kubectl(s, ['diff', '--server-side', '-f', '-'], FILE_A);
  t.equal(same.code, 0, `no differences: exit 0: ${same.stdout}${same.stderr}`);
});

t.test('kubectl rollout undo: a JSON patch of the template, recorded for its manager', async (t) => {
  if (await skipWithoutKubectl(t)) return;
  // No controllers here: the two revisions' ReplicaSets are written by hand, as the deployment controller would.
  const s = await startServer(t);
  t.equal((await kubectl(s, ['apply', '-f', '-'], FILE_A)).code, 0);
  t.equal((await kubectl(s, ['set', 'image', 'deployment/web', 'main=nginx:2'])).code, 0);
  const dep = await getJson(s, ['deployment', 'web']);
  const replicaSet = (revision: number, image: string, cause: string) => {
    const template = structuredClone(dep.spec.template);
    template.metadata.labels = { ...template.metadata.labels, 'pod-template-hash': `h${revision}` };
    template.spec.containers[0].image = image;
    return {
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: {
        name: `web-h${revision}`, labels: template.metadata.labels,
        annotations: { 'deployment.kubernetes.io/revision': String(revision), 'kubernetes.io/change-cause': cause },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: dep.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas: 0, selector: { matchLabels: template.metadata.labels }, template },
    };
  };
  for (const rs of [replicaSet(1, 'nginx:1.27', 'first'), replicaSet(2, 'nginx:2', 'second')]) {
    const r = await s.request('POST', '/apis/apps/v1/namespaces/default/replicasets', rs);
    t.equal(r.status, 201, r.text);
  }
  const undo = await kubectl(s, ['rollout', 'undo', 'deployment/web']);
  t.equal(undo.code, 0, undo.stderr);
  t.match(undo.stdout, /deployment.apps\/web rolled back/);
  const back = await getJson(s, ['deployment', 'web'], true);
  t.equal(back.spec.template.spec.containers[0].image, 'nginx:1.27', 'the template is revision 1\'s');
  t.notOk('pod-template-hash' in back.spec.template.metadata.labels, 'without the ReplicaSet\'s hash label');
  t.equal(back.metadata.annotations['kubernetes.io/change-cause'], 'first', 'revision 1\'s annotations come with it');
  t.equal(back.metadata.generation, dep.metadata.generation + 1, 'a spec change: a new generation');
  // kubectl sends this patch without ?fieldManager: the manager is the User-Agent's product, "kubectl".
  const rollout = back.metadata.managedFields.find((m: any) => m.manager === 'kubectl' && m.operation === 'Update');
  t.match(rollout, { apiVersion: 'apps/v1' }, 'the JSON patch is recorded as an Update by "kubectl"');
  t.ok(rollout?.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"main"}']['f:image'], 'which owns the image it changed');
  t.notOk(back.metadata.managedFields.some((m: any) => m.manager === 'kubectl-set'), 'kubectl set image lost its only field');
  const again = await kubectl(s, ['rollout', 'undo', 'deployment/web', '--to-revision=1']);
  t.equal(again.code, 0, again.stderr);
  t.match(again.stdout, /skipped rollback \(current template already matches revision 1\)/, 'kubectl compares the template it reads back');
});
