import t from 'tap';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type TestServer } from './helpers/api.js';
import { hasKubectl, kubectl } from './helpers/kubectl.js';

const FIXTURE = new URL('../../../shared/fixtures/service-a.yaml', import.meta.url);



t.test('kubectl against the server', async (t) => {
  if (!(await hasKubectl())) {
    t.comment('kubectl is not on PATH: skipping the kubectl checks');
    t.pass('skipped: no kubectl');
    return;
  }
  const s = await startServer(t);
  const fixture = await readFile(FIXTURE, 'utf8');

  const applied = await kubectl(s, ['apply', '-f', '-'], fixture);
  t.equal(applied.code, 0, `kubectl apply service-a.yaml: ${applied.stderr}`);
  t.match(applied.stdout, /namespace\/service-a created/);
  t.match(applied.stdout, /deployment.apps\/service-a created/);
  const dep = JSON.parse((await kubectl(s, ['get', 'deployment', 'service-a', '-n', 'service-a', '-o', 'json'])).stdout);
  t.ok(dep.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], 'client-side apply recorded its configuration');
  const secret = JSON.parse((await kubectl(s, ['get', 'secret', 'service-a', '-n', 'service-a', '-o', 'json'])).stdout);
  t.equal(Buffer.from(secret.data.BUILD_NO, 'base64').toString(), '293', 'stringData was folded into data');

  const original = fixture.replace(/name: service-a\n  namespace: service-a\nspec:\n  replicas/, 'name: Service-A\n  namespace: service-a\nspec:\n  replicas');
  t.not(original, fixture, 'the test made the upper-case variant');
  const refused = await kubectl(s, ['apply', '-f', '-'], original);
  t.not(refused.code, 0, 'the article\'s upper-case name is refused');
  t.match(refused.stderr, /metadata.name: Invalid value: "Service-A"/);

  const created = await kubectl(s, ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2']);
  t.equal(created.code, 0, created.stderr);
  const table = await kubectl(s, ['get', 'deployments']);
  t.match(table.stdout, /NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
  t.match(table.stdout, /^web\s+0\/2\s+0\s+0\s+\d+s$/m);
  const yaml = await kubectl(s, ['get', 'deployment', 'web', '-o', 'yaml']);
  t.match(yaml.stdout, /kind: Deployment/);
  t.match(yaml.stdout, /replicas: 2/);
  const nodes = await kubectl(s, ['get', 'nodes']);
  t.match(nodes.stdout, /node-1\s+Ready\s+<none>/);
  const ns = await kubectl(s, ['get', 'ns']);
  t.match(ns.stdout, /kube-system\s+Active/);

  for (let i = 0; i < 5; i++) await kubectl(s, ['run', `p${i}`, '--image=busybox', `--labels=app=p,idx=${i}`]);
  const selected = await kubectl(s, ['get', 'pods', '-l', 'app=p,idx in (1,3)', '-o', 'name']);
  t.same(selected.stdout.trim().split('\n').sort(), ['pod/p1', 'pod/p3']);
  const chunked = await kubectl(s, ['get', 'pods', '-l', 'app=p', '--chunk-size=2', '-o', 'name']);
  t.equal(chunked.stdout.trim().split('\n').length, 5, 'pagination with --chunk-size gives every pod');

  const scaled = await kubectl(s, ['scale', 'deployment/web', '--replicas=5']);
  t.equal(scaled.code, 0, scaled.stderr);
  t.equal(JSON.parse((await kubectl(s, ['get', 'deploy', 'web', '-o', 'json'])).stdout).spec.replicas, 5);
  const mp = await kubectl(s, ['patch', 'deployment', 'web', '--type=merge', '-p', '{"metadata":{"labels":{"tier":"front"}}}']);
  t.equal(mp.code, 0, mp.stderr);
  const jp = await kubectl(s, ['patch', 'deployment', 'web', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":3}]']);
  t.equal(jp.code, 0, jp.stderr);
  const after = JSON.parse((await kubectl(s, ['get', 'deploy', 'web', '-o', 'json'])).stdout);
  t.same([after.metadata.labels.tier, after.spec.replicas], ['front', 3]);

  // Optimistic concurrency: replace with a stale resourceVersion.
  const stale = { ...dep, spec: { ...dep.spec, replicas: 9 } };
  await kubectl(s, ['scale', '-n', 'service-a', 'deployment/service-a', '--replicas=4']);
  const file = join(s.dir, 'stale.json');
  await writeFile(file, JSON.stringify(stale));
  const conflict = await kubectl(s, ['replace', '-f', file]);
  t.not(conflict.code, 0);
  t.match(conflict.stderr, /the object has been modified/);

  // get -w: a watch streamed as tables.
  const watcher = spawn('kubectl', ['--kubeconfig', s.kubeconfig, 'get', 'pods', '-w', '-l', 'app=watched', '--request-timeout=4s']);
  let watched = '';
  watcher.stdout.on('data', (d) => (watched += d));
  await new Promise((r) => setTimeout(r, 1000));
  await kubectl(s, ['run', 'seen-by-watch', '--image=busybox', '--labels=app=watched']);
  for (let i = 0; !watched.includes('seen-by-watch') && i < 60; i++) await new Promise((r) => setTimeout(r, 50));
  watcher.kill();
  t.match(watched, /seen-by-watch\s+0\/1\s+Pending/);

  // delete --wait, and each cascade mode stored as Kubernetes does.
  const del = await kubectl(s, ['delete', 'pod', 'p0', '--wait=true', '--timeout=20s']);
  t.equal(del.code, 0, del.stderr);
  t.equal((await kubectl(s, ['get', 'pod', 'p0'])).code, 1, 'gone after delete --wait');
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
