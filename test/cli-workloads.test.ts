// Each verb against a `cybernetes serve` process, on the project's fixture
// (service-a.yaml): apply, get (tables, wide, yaml, json, -l, -A, -w),
// describe with Events, scale, rollout status|history|undo, logs, delete --cascade.
import t from 'tap';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { columnStarts, startCliServer } from './helpers/cli.js';
import { eventually } from './helpers/eventually.js';

const FIXTURE = fileURLToPath(new URL('../../../shared/fixtures/service-a.yaml', import.meta.url));

const s = await startCliServer(t, { nodes: 3 });
const NS = ['-n', 'service-a'];
const lines = (text: string) => text.trimEnd().split('\n');

t.test('the fixture, verb by verb', async (t) => {
  const applied = await s.run(['apply', '-f', FIXTURE]);
  t.equal(applied.code, 0, applied.stderr);
  t.equal(applied.stdout, [
    'namespace/service-a serverside-applied',
    'secret/service-a serverside-applied',
    'serviceaccount/service-a serverside-applied',
    'deployment.apps/service-a serverside-applied', ''].join('\n'), 'every document of the multi-document file, in order');

  // Its pods want a node labelled pool-type=large: until one exists, they wait.
  await eventually('3 pending pods', async () => {
    const r = await s.run(['get', 'pods', ...NS, '--no-headers']);
    return lines(r.stdout).filter((l) => /\s0\/1\s+Pending\s/.test(l)).length === 3 ? true : undefined;
  });
  await s.api('PATCH', '/api/v1/nodes/node-1', { metadata: { labels: { 'pool-type': 'large' } } });

  const status = await s.run(['rollout', 'status', 'deploy/service-a', ...NS, '--timeout', '3m']);
  t.equal(status.code, 0, status.stderr);
  const said = lines(status.stdout);
  t.equal(said.at(-1), 'deployment "service-a" successfully rolled out');
  for (const l of said.slice(0, -1)) t.match(l, /^Waiting for deployment "service-a" rollout to finish: (\d+ of 3 updated replicas are available|\d+ out of 3 new replicas have been updated|\d+ old replicas are pending termination)\.\.\.$|^Waiting for deployment spec update to be observed\.\.\.$/);

  // Tables as kubectl prints them: upper-case headers, columns 3 spaces apart, aligned.
  const deploy = await s.run(['get', 'deployments.apps', ...NS]);
  t.equal(deploy.code, 0);
  const [header, row] = lines(deploy.stdout);
  t.match(header, /^NAME {8}READY {3}UP-TO-DATE {3}AVAILABLE {3}AGE$/);
  t.match(row, /^service-a {3}3\/3 {5}3 {12}3 {11}\d+s$/);
  t.same(columnStarts(row!), columnStarts(header!), 'cells start under their headers');

  const pods = await s.run(['get', 'po', '-A']);
  const podLines = lines(pods.stdout);
  t.match(podLines[0], /^NAMESPACE {3}NAME {2,}READY {3}STATUS {4}RESTARTS {3}AGE$/, '-A adds NAMESPACE');
  t.equal(podLines.length, 4);
  for (const l of podLines.slice(1)) t.match(l, /^service-a {3}service-a-[a-z0-9]+-[a-z0-9]{5} {3}1\/1 {5}Running {3}0 {10}\d+s$/);

  const wide = await s.run(['get', 'pods', ...NS, '-o', 'wide']);
  t.match(lines(wide.stdout)[0], /READY {3}STATUS {4}RESTARTS {3}AGE {3}IP {2,}NODE {5}NOMINATED NODE {3}READINESS GATES$/, 'wide columns with -o wide');
  t.match(lines(wide.stdout)[1], / node-1 {3}<none> {11}<none>$/);
  t.notMatch(pods.stdout, /NODE/, 'and not without');

  const selected = await s.run(['get', 'pods', '-A', '-l', 'app=service-a', '-o', 'name']);
  t.equal(lines(selected.stdout).length, 3);
  for (const l of lines(selected.stdout)) t.match(l, /^pod\/service-a-/);
  const none = await s.run(['get', 'pods', ...NS, '-l', 'app=other']);
  t.same([none.code, none.stdout, none.stderr], [0, '', 'No resources found in service-a namespace.\n']);

  const asJson = JSON.parse((await s.run(['get', 'deploy/service-a', ...NS, '-o', 'json'])).stdout);
  t.same([asJson.kind, asJson.apiVersion, asJson.metadata.name, asJson.spec.replicas], ['Deployment', 'apps/v1', 'service-a', 3]);
  t.notOk(asJson.metadata.managedFields, 'managedFields left out, as kubectl does');
  const asYaml = parse((await s.run(['get', 'secret,sa', 'service-a', ...NS, '-o', 'yaml'])).stdout);
  t.equal(asYaml.kind, 'List');
  t.same(asYaml.items.map((i: any) => `${i.kind}/${i.metadata.name}`), ['Secret/service-a', 'ServiceAccount/service-a']);
  const all = await s.run(['get', 'all', ...NS]);
  t.match(all.stdout, /^NAME {2,}READY {3}STATUS/m);
  t.match(all.stdout, /^pod\/service-a-\S+ {3}1\/1 /m, 'several types: kind/name');
  t.match(all.stdout, /^deployment\.apps\/service-a {3}3\/3 /m);
  t.match(all.stdout, /^replicaset\.apps\/service-a-[a-z0-9]+ {3}3 {9}3 {9}3 /m);

  const described = await s.run(['describe', 'deploy', 'service-a', ...NS]);
  t.equal(described.code, 0, described.stderr);
  for (const re of [
    /^Name: {19}service-a$/m, /^Namespace: {14}service-a$/m, /^Replicas: {15}3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable$/m,
    /^RollingUpdateStrategy: {2}1 max unavailable, 1 max surge$/m, /^ {4}Image: {2}dockerhub\.io\/service-a:build-293$/m,
    /^ {6}BUILD_NO: {2}<set to the key 'BUILD_NO' in secret 'service-a'> {2}Optional: false$/m, /^ {2}Node-Selectors: {2}pool-type=large$/m,
    /^ {2}Available +True +MinimumReplicasAvailable$/m, /^NewReplicaSet: +service-a-[a-z0-9]+ \(3\/3 replicas created\)$/m,
    /^Events:\n {2}Type {4}Reason {13}Age +From {19}Message\n/m,
    /^ {2}Normal {2}ScalingReplicaSet {2}\S+ +deployment-controller {2}Scaled up replica set service-a-[a-z0-9]+ to 3$/m,
  ]) t.match(described.stdout, re);
  const podName = lines(selected.stdout)[0]!.slice('pod/'.length);
  const podPage = await s.run(['describe', `pod/${podName}`, ...NS]);
  t.match(podPage.stdout, /^Node: +node-1\//m);
  t.match(podPage.stdout, /^Controlled By: +ReplicaSet\/service-a-/m);
  t.match(podPage.stdout, new RegExp(`^  Normal +Scheduled +\\S+ +default-scheduler +Successfully assigned service-a/${podName} to node-1$`, 'm'), "the pod's own Events");
  t.notMatch(podPage.stdout, /ScalingReplicaSet/, "and not the Deployment's");

  const logs = await s.run(['logs', podName, ...NS]);
  t.equal(logs.code, 1);
  t.match(logs.stderr, /^cybernetes: simulated pods have no container logs yet: .*no pods\/log subresource/);
  t.equal(lines(logs.stderr).length, 1);

  // get -w: the table, then a row per change, aligned with the header.
  const watch = s.start(['get', 'deploy', 'service-a', ...NS, '-w']);
  await eventually('the watch to print the current row', async () => (/3\/3/.test(watch.out()) ? true : undefined));
  const scaled = await s.run(['scale', '--replicas', '4', 'deploy/service-a', ...NS]);
  t.same([scaled.code, scaled.stdout], [0, 'deployment.apps/service-a scaled\n']);
  await eventually('a row with 4 replicas ready', async () => (/^service-a {3}4\/4 /m.test(watch.out()) ? true : undefined));
  await watch.stop();
  const watched = lines(watch.out());
  t.match(watched[0], /^NAME {8}READY {3}UP-TO-DATE/);
  for (const l of watched.slice(1)) t.same(columnStarts(l), columnStarts(watched[0]!), `watch row aligned: ${l}`);
  t.ok(watched.some((l) => /^service-a {3}3\/4 /.test(l)), 'the row went through 3/4');
  t.equal((await s.api('GET', '/apis/apps/v1/namespaces/service-a/deployments/service-a/scale')).spec.replicas, 4);
  t.equal((await s.run(['rollout', 'status', 'deploy/service-a', ...NS, '--timeout', '3m'])).code, 0);

  // A new revision from stdin, with a change-cause, then history and undo.
  const fixture = await readFile(FIXTURE, 'utf8');
  const v2 = fixture.replace('build-293', 'build-294').replace('  replicas: 3\n', '  replicas: 4\n');
  t.equal((await s.run(['apply', '-f', '-'], v2)).code, 0);
  t.equal((await s.run(['rollout', 'status', 'deployment/service-a', ...NS, '--timeout', '3m'])).code, 0);
  const history = await s.run(['rollout', 'history', 'deploy/service-a', ...NS]);
  t.equal(history.stdout, 'deployment.apps/service-a\nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n');

  const undo = await s.run(['rollout', 'undo', 'deploy/service-a', ...NS]);
  t.same([undo.code, undo.stdout], [0, 'deployment.apps/service-a rolled back\n'], undo.stderr);
  t.equal((await s.run(['rollout', 'status', 'deploy/service-a', ...NS, '--timeout', '3m'])).code, 0);
  const back = JSON.parse((await s.run(['get', 'deploy', 'service-a', ...NS, '-o', 'json'])).stdout);
  t.equal(back.spec.template.spec.containers[0].image, 'dockerhub.io/service-a:build-293', 'the template of revision 1 is back');
  t.notOk(back.spec.template.metadata.labels['pod-template-hash'], 'without the ReplicaSet\'s hash label');
  t.match((await s.run(['rollout', 'history', 'deploy/service-a', ...NS])).stdout, /\n2 {9}<none>\n3 {9}<none>\n$/, 'revision 1 became 3');
  const same = await s.run(['rollout', 'undo', 'deploy/service-a', ...NS, '--to-revision', '3']);
  t.equal(same.stdout, 'deployment.apps/service-a skipped rollback (current template already matches revision 3)\n');
  const missing = await s.run(['rollout', 'undo', 'deploy/service-a', ...NS, '--to-revision', '9']);
  t.same([missing.code, missing.stderr], [1, 'cybernetes: unable to find specified revision 9 in history: see "cybernetes rollout history deployment/service-a"\n']);
  const rsOnly = await s.run(['rollout', 'status', 'rs/x', ...NS]);
  t.same([rsOnly.code, rsOnly.stderr], [1, 'cybernetes: rollout status works on deployments only, not replicasets.apps\n']);
  const tooSoon = await s.run(['rollout', 'status', 'deploy/nope', ...NS, '--timeout', '5s']);
  t.same([tooSoon.code, tooSoon.stderr], [1, 'cybernetes: deployments.apps "nope" not found\n']);

  // delete --cascade: orphan keeps the ReplicaSets (without their owner), background takes the pods along.
  const rsNames = lines((await s.run(['get', 'rs', ...NS, '-o', 'name'])).stdout);
  t.equal(rsNames.length, 2, 'two revisions left, 2 and 3');
  const orphaned = await s.run(['delete', 'deploy/service-a', ...NS, '--cascade=orphan']);
  t.same([orphaned.code, orphaned.stdout], [0, 'deployments.apps "service-a" deleted\n'], orphaned.stderr);
  const kept = await s.api('GET', '/apis/apps/v1/namespaces/service-a/replicasets');
  t.equal(kept.items.length, 2, 'orphan: the ReplicaSets stay');
  t.ok(kept.items.every((rs: any) => !(rs.metadata.ownerReferences ?? []).length), 'with no owner');

  // Foreground: the empty old ReplicaSet waits for its (no) dependents, then goes; delete waits for that.
  const old = kept.items.find((rs: any) => rs.spec.replicas === 0);
  const fg = await s.run(['delete', 'rs', old.metadata.name, ...NS, '--cascade', 'foreground', '--timeout', '2m']);
  t.same([fg.code, fg.stdout], [0, `replicasets.apps "${old.metadata.name}" deleted\n`], fg.stderr);
  await t.rejects(s.api('GET', `/apis/apps/v1/namespaces/service-a/replicasets/${old.metadata.name}`), /404/, 'gone when delete returns');

  const bg = await s.run(['delete', 'rs', '-l', 'app=service-a', ...NS, '--cascade=background', '--timeout', '2m']);
  t.equal(bg.code, 0, bg.stderr);
  t.match(bg.stdout, /^replicasets\.apps "service-a-[a-z0-9]+" deleted\n$/);
  await eventually('the pods to go with their ReplicaSet', async () => {
    const r = await s.run(['get', 'pods', ...NS]);
    return r.stderr === 'No resources found in service-a namespace.\n' ? true : undefined;
  }, 120_000);
});
