import t, { type Test } from 'tap';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import YAML from 'yaml';
import { startServer, type ApiTarget } from './helpers/api.js';
import { skipWithoutKubectl, kubectl } from './helpers/kubectl.js';
import { startServerProcess } from './helpers/server-process.js';

const FIXTURE = new URL('../../../shared/fixtures/service-a.yaml', import.meta.url);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What every server must do for kubectl, in-process (API only) or as a child
 * process (`controllers`: the scheduler and kubelets bind and run pods, so
 * READY and STATUS columns move; the assertions allow for that there only).
 */
async function basics(t: Test, s: ApiTarget, controllers: boolean): Promise<void> {
  const fixture = await readFile(FIXTURE, 'utf8');

  const applied = await kubectl(s, ['apply', '-f', '-'], fixture);
  t.equal(applied.code, 0, `kubectl apply service-a.yaml: ${applied.stderr}`);
  t.match(applied.stdout, /namespace\/service-a created/);
  t.match(applied.stdout, /deployment.apps\/service-a created/);
  const dep = JSON.parse((await kubectl(s, ['get', 'deployment', 'service-a', '-n', 'service-a', '-o', 'json'])).stdout);
  t.ok(dep.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], 'client-side apply recorded its configuration');
  const secret = JSON.parse((await kubectl(s, ['get', 'secret', 'service-a', '-n', 'service-a', '-o', 'json'])).stdout);
  t.equal(Buffer.from(secret.data.BUILD_NO, 'base64').toString(), '293', 'stringData was folded into data');
  const again = await kubectl(s, ['apply', '-f', '-'], fixture);
  t.equal(again.code, 0, again.stderr);
  t.match(again.stdout, /deployment.apps\/service-a unchanged/, 'applying the same manifest again changes nothing');

  const original = fixture.replace(/name: service-a\n  namespace: service-a\nspec:\n  replicas/, 'name: Service-A\n  namespace: service-a\nspec:\n  replicas');
  t.not(original, fixture, 'the test made the upper-case variant');
  const refused = await kubectl(s, ['apply', '-f', '-'], original);
  t.not(refused.code, 0, 'the article\'s upper-case name is refused');
  t.match(refused.stderr, /metadata.name: Invalid value: "Service-A"/);

  const created = await kubectl(s, ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2']);
  t.equal(created.code, 0, created.stderr);
  const table = await kubectl(s, ['get', 'deployments']);
  t.match(table.stdout, /NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
  t.match(table.stdout, controllers ? /^web\s+[0-2]\/2\s+\d+\s+\d+\s+\d+s$/m : /^web\s+0\/2\s+0\s+0\s+\d+s$/m);
  const yaml = await kubectl(s, ['get', 'deployment', 'web', '-o', 'yaml']);
  t.equal(yaml.code, 0, yaml.stderr);
  const web = YAML.parse(yaml.stdout);
  t.same([web.apiVersion, web.kind, web.metadata.name, web.metadata.namespace, web.spec.replicas, web.spec.template.spec.containers[0].image],
    ['apps/v1', 'Deployment', 'web', 'default', 2, 'nginx:1.27'], 'get -o yaml: the object as YAML');

  // get -w: the list comes back empty, the watch opens (kubectl's request log says so),
  // then the pod is created and arrives through the watch, as a table row.
  const watcher = spawn('kubectl', ['--kubeconfig', s.kubeconfig, 'get', 'pods', '-w', '-l', 'app=watched', '--request-timeout=30s', '-v=6']);
  let watched = '', watchErr = '';
  watcher.stdout.on('data', (d) => (watched += d));
  watcher.stderr.on('data', (d) => (watchErr += d));
  t.teardown(() => { watcher.kill(); });
  const watchOpen = /GET \S+\/api\/v1\/namespaces\/default\/pods\?\S*watch=true\S* 200 OK/;
  for (let i = 0; !watchOpen.test(watchErr) && i < 300; i++) await sleep(50);
  t.match(watchErr, watchOpen, 'get -w opened its watch');
  t.equal(watched, '', 'and listed nothing before it');
  const run = await kubectl(s, ['run', 'seen-by-watch', '--image=busybox', '--labels=app=watched']);
  t.equal(run.code, 0, run.stderr);
  for (let i = 0; !watched.includes('seen-by-watch') && i < 300; i++) await sleep(50);
  watcher.kill();
  t.match(watched, controllers ? /seen-by-watch\s+[01]\/1\s+\S+/ : /seen-by-watch\s+0\/1\s+Pending/);

  // scale goes through the scale subresource.
  const scaled = await kubectl(s, ['scale', 'deployment/web', '--replicas=5', '-v=6']);
  t.equal(scaled.code, 0, scaled.code ? scaled.stderr : 'kubectl scale');
  t.match(scaled.stderr, /PATCH https?:\/\/\S+\/apis\/apps\/v1\/namespaces\/default\/deployments\/web\/scale 200 OK/, 'kubectl scale patched deployments/web/scale');
  t.equal(JSON.parse((await kubectl(s, ['get', 'deploy', 'web', '-o', 'json'])).stdout).spec.replicas, 5);
  const scale = JSON.parse((await kubectl(s, ['get', 'deploy', 'web', '--subresource=scale', '-o', 'json'])).stdout);
  t.same([scale.apiVersion, scale.kind, scale.spec.replicas, scale.status.selector], ['autoscaling/v1', 'Scale', 5, 'app=web']);

  const mp = await kubectl(s, ['patch', 'deployment', 'web', '--type=merge', '-p', '{"metadata":{"labels":{"tier":"front"}}}']);
  t.equal(mp.code, 0, mp.stderr);
  const jp = await kubectl(s, ['patch', 'deployment', 'web', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":3}]']);
  t.equal(jp.code, 0, jp.stderr);
  const after = JSON.parse((await kubectl(s, ['get', 'deploy', 'web', '-o', 'json'])).stdout);
  t.same([after.metadata.labels.tier, after.spec.replicas], ['front', 3]);

  const delPod = await kubectl(s, ['delete', 'pod', 'seen-by-watch', '--wait=true', '--timeout=60s']);
  t.equal(delPod.code, 0, delPod.stderr);
  t.match(delPod.stdout, /pod "seen-by-watch" deleted/);
  const gonePod = await kubectl(s, ['get', 'pod', 'seen-by-watch']);
  t.same([gonePod.code, /NotFound/.test(gonePod.stderr)], [1, true], 'gone once delete --wait returned');
  const delDeploy = await kubectl(s, ['delete', 'deployment', 'web']);
  t.equal(delDeploy.code, 0, delDeploy.stderr);
  t.equal((await kubectl(s, ['get', 'deployment', 'web'])).code, 1, 'the deployment is gone');
}

t.test('kubectl against the server in-process', async (t) => {
  if (await skipWithoutKubectl(t)) return;
  const s = await startServer(t);
  await basics(t, s, false);

  const nodes = await kubectl(s, ['get', 'nodes']);
  t.match(nodes.stdout, /node-1\s+Ready\s+<none>/);
  const ns = await kubectl(s, ['get', 'ns']);
  t.match(ns.stdout, /kube-system\s+Active/);

  for (let i = 0; i < 5; i++) await kubectl(s, ['run', `p${i}`, '--image=busybox', `--labels=app=p,idx=${i}`]);
  const selected = await kubectl(s, ['get', 'pods', '-l', 'app=p,idx in (1,3)', '-o', 'name']);
  t.same(selected.stdout.trim().split('\n').sort(), ['pod/p1', 'pod/p3']);
  const chunked = await kubectl(s, ['get', 'pods', '-l', 'app=p', '--chunk-size=2', '-o', 'name']);
  t.equal(chunked.stdout.trim().split('\n').length, 5, 'pagination with --chunk-size gives every pod');
  // The pages themselves, from kubectl's request log: 5 pods in pages of 2 take 3 requests,
  // the 2nd and 3rd continuing from different tokens. A server ignoring limit answers in one.
  const paged = await kubectl(s, ['get', 'pods', '-l', 'app=p', '--chunk-size=2', '-v=6']);
  t.equal(paged.code, 0, paged.code ? paged.stderr : 'kubectl get --chunk-size=2');
  const gets = [...paged.stderr.matchAll(/GET (https?:\/\/\S+\/api\/v1\/namespaces\/default\/pods\?\S+) 200 OK/g)].map((m) => new URL(m[1]!).searchParams);
  t.same(gets.map((q) => q.get('limit')), ['2', '2', '2'], 'three list requests, each with limit=2');
  const tokens = gets.map((q) => q.get('continue'));
  t.equal(tokens[0], null, 'the first page starts at the beginning');
  t.ok(tokens[1] && tokens[2] && tokens[1] !== tokens[2], 'each later page continues from the token of the one before');
  t.same(paged.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0]), ['p0', 'p1', 'p2', 'p3', 'p4'], 'every pod once, in order');

  // Optimistic concurrency: replace with a stale resourceVersion.
  const dep = JSON.parse((await kubectl(s, ['get', 'deployment', 'service-a', '-n', 'service-a', '-o', 'json'])).stdout);
  const stale = { ...dep, spec: { ...dep.spec, replicas: 9 } };
  await kubectl(s, ['scale', '-n', 'service-a', 'deployment/service-a', '--replicas=4']);
  const file = join(s.dir, 'stale.json');
  await writeFile(file, JSON.stringify(stale));
  const conflict = await kubectl(s, ['replace', '-f', file]);
  t.not(conflict.code, 0);
  t.match(conflict.stderr, /the object has been modified/);

  // delete --wait: an unbound pod goes at once.
  const del = await kubectl(s, ['delete', 'pod', 'p0', '--wait=true', '--timeout=20s']);
  t.equal(del.code, 0, del.stderr);
  t.equal((await kubectl(s, ['get', 'pod', 'p0'])).code, 1, 'gone after delete --wait');
  // A pod bound to a node terminates gracefully: with no kubelet here to confirm,
  // it stays (marked) until its grace runs out, and delete --wait waits that long.
  for (const name of ['bound', 'bound-nowait']) {
    await kubectl(s, ['run', name, '--image=busybox']);
    const b = await s.request('POST', `/api/v1/namespaces/default/pods/${name}/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: 'node-1' } });
    t.equal(b.status, 201, `${name} bound to node-1`);
  }
  const noWait = await kubectl(s, ['delete', 'pod', 'bound-nowait', '--wait=false', '--grace-period=30']);
  t.equal(noWait.code, 0, noWait.stderr);
  const marked = JSON.parse((await kubectl(s, ['get', 'pod', 'bound-nowait', '-o', 'json'])).stdout);
  t.ok(marked.metadata.deletionTimestamp, 'a bound pod deleted without waiting is still there, marked');
  const began = Date.now();
  const waited = await kubectl(s, ['delete', 'pod', 'bound', '--wait=true', '--grace-period=2', '--timeout=60s']);
  const took = Date.now() - began;
  t.equal(waited.code, 0, waited.stderr);
  t.ok(took >= 1000, `delete --wait waited for the grace to run out (${took} ms; deletionTimestamp has whole seconds, so ≥ 1 s of the 2)`);
  t.equal((await s.request('GET', '/api/v1/namespaces/default/pods/bound')).status, 404, 'and the pod is gone when it returns');

  // Each cascade mode stored as Kubernetes does.
  for (const [cascade, finalizer] of [['orphan', 'orphan'], ['foreground', 'foregroundDeletion']] as const) {
    await kubectl(s, ['create', 'deployment', `c-${cascade}`, '--image=nginx']);
    await kubectl(s, ['delete', 'deployment', `c-${cascade}`, `--cascade=${cascade}`, '--wait=false']);
    const kept = JSON.parse((await kubectl(s, ['get', 'deployment', `c-${cascade}`, '-o', 'json'])).stdout);
    t.same(kept.metadata.finalizers, [finalizer], `--cascade=${cascade} leaves the ${finalizer} finalizer`);
  }
  await kubectl(s, ['create', 'deployment', 'c-background', '--image=nginx']);
  t.equal((await kubectl(s, ['delete', 'deployment', 'c-background', '--cascade=background'])).code, 0);
  t.equal((await kubectl(s, ['get', 'deployment', 'c-background'])).code, 1);

  const explain = await kubectl(s, ['explain', 'deployment.spec.strategy']);
  t.equal(explain.code, 0, explain.stderr);
  t.match(explain.stdout, /FIELD:\s+strategy/);
  t.match(explain.stdout, /rollingUpdate/);

  // Namespace lifecycle through kubectl.
  await kubectl(s, ['create', 'namespace', 'temp']);
  await kubectl(s, ['run', 'x', '-n', 'temp', '--image=busybox']);
  const nsDel = await kubectl(s, ['delete', 'namespace', 'temp', '--timeout=30s']);
  t.equal(nsDel.code, 0, nsDel.stderr);
  t.equal((await kubectl(s, ['get', 'namespace', 'temp'])).code, 1, 'the namespace is gone with its content');
});

t.test('kubectl against `cybernetes serve` as a child process', async (t) => {
  if (await skipWithoutKubectl(t)) return;
  await basics(t, await startServerProcess(t), true);
});

t.test('kubectl rollout undo brings back the old ReplicaSet, and a template with null members is no change', async (t) => {
  if (await skipWithoutKubectl(t)) return;
  const s = await startServerProcess(t);
  const wait = async (args: string[]) => {
    const r = await kubectl(s, ['rollout', 'status', ...args, '--timeout=60s']);
    t.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  };
  t.equal((await kubectl(s, ['create', 'deployment', 'undo', '--image=nginx:1.27', '--replicas=2'])).code, 0);
  await wait(['deployment/undo']);
  t.equal((await kubectl(s, ['set', 'image', 'deployment/undo', 'nginx=nginx:2'])).code, 0);
  await wait(['deployment/undo']);
  const rsNames = async () => (await kubectl(s, ['get', 'rs', '-l', 'app=undo', '-o', 'name'])).stdout.trim().split('\n').sort();
  const before = await rsNames();
  t.equal(before.length, 2, 'one ReplicaSet per revision');
  // kubectl's patch replaces the template with the old ReplicaSet's, creationTimestamp: null and all.
  const undo = await kubectl(s, ['rollout', 'undo', 'deployment/undo']);
  t.equal(undo.code, 0, undo.stderr);
  await wait(['deployment/undo']);
  t.same(await rsNames(), before, 'no new ReplicaSet: the first one is scaled up again');
  const history = await kubectl(s, ['rollout', 'history', 'deployment/undo']);
  t.match(history.stdout, /^2\s+<none>\n3\s+<none>\n$/m, `revision 1 came back as 3: ${history.stdout}`);
  const dep = JSON.parse((await kubectl(s, ['get', 'deployment', 'undo', '-o', 'json'])).stdout);
  dep.spec.template.spec.nodeSelector = null;
  const replaced = await kubectl(s, ['replace', '-f', '-'], JSON.stringify(dep));
  t.equal(replaced.code, 0, replaced.stderr);
  const after = JSON.parse((await kubectl(s, ['get', 'deployment', 'undo', '-o', 'json'])).stdout);
  t.equal(after.metadata.generation, dep.metadata.generation, 'a null member where none was: no spec change, no new generation');
});
