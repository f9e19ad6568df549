// kubectl against a whole cluster (controllers, scheduler, sim kubelets):
// rollout status/history, scale, describe with Events, set image / undo /
// pause / resume (strategic merge patch), delete --wait.
import t from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster, type Cluster } from '../src/create-cluster.js';
import type { KObject } from '../src/store/types.js';
import { hasKubectl, kubectl as runKubectl, writeKubeconfig, type KubectlResult } from './helpers/kubectl.js';

const kubectlFound = await hasKubectl();

type Run = KubectlResult;

async function withCluster(t: { teardown(fn: () => unknown): void }): Promise<{ cluster: Cluster; kubectl: (...args: string[]) => Promise<Run> }> {
  const cluster = await createCluster({ nodes: 3, workers: 1 });
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-kubectl-'));
  t.teardown(async () => { await cluster.close(); await rm(dir, { recursive: true, force: true }); });
  const kubeconfig = await writeKubeconfig(join(dir, 'kubeconfig'), cluster.url);
  return { cluster, kubectl: (...args: string[]) => runKubectl({ kubeconfig }, args) };
}

/** Runs kubectl until its output matches (Events are written in batches, a moment after the fact). */
async function eventually(kubectl: (...args: string[]) => Promise<Run>, args: string[], re: RegExp[], ms = 20_000): Promise<Run> {
  const end = Date.now() + ms;
  for (;;) {
    const r = await kubectl(...args);
    if (r.code === 0 && re.every((x) => x.test(r.stdout))) return r;
    if (Date.now() > end) return r;
    await new Promise((res) => setTimeout(res, 250));
  }
}

const WEB = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } } },
};

t.test('kubectl rollout, scale, describe and delete against a cluster', { skip: kubectlFound ? false : 'kubectl is not on PATH' }, async (t) => {
  const { cluster, kubectl } = await withCluster(t);
  await cluster.apply(WEB);

  const status = await kubectl('rollout', 'status', 'deployment/web', '--timeout=60s');
  t.equal(status.code, 0, `rollout status: ${status.stderr}`);
  t.match(status.stdout, /deployment "web" successfully rolled out/);

  const scaled = await kubectl('scale', 'deployment/web', '--replicas=5');
  t.equal(scaled.code, 0, `scale: ${scaled.stderr}`);
  t.match(scaled.stdout, /deployment.apps\/web scaled/);
  const status2 = await kubectl('rollout', 'status', 'deployment/web', '--timeout=60s');
  t.equal(status2.code, 0, `rollout status after scale: ${status2.stderr}`);
  const d = JSON.parse((await kubectl('get', 'deployment', 'web', '-o', 'json')).stdout) as KObject;
  t.equal(d.status.availableReplicas, 5, 'five available');

  const history = await kubectl('rollout', 'history', 'deployment/web');
  t.equal(history.code, 0, `rollout history: ${history.stderr}`);
  t.match(history.stdout, /REVISION\s+CHANGE-CAUSE\n1\s+<none>/);

  const describeDeploy = await eventually(kubectl, ['describe', 'deployment/web'], [/ScalingReplicaSet/, /Scaled up replica set web-\w+ .*to 5/]);
  t.match(describeDeploy.stdout, /Replicas:\s+5 desired \| 5 updated \| 5 total \| 5 available \| 0 unavailable/);
  t.match(describeDeploy.stdout, /NewReplicaSet:\s+web-\w+ \(5\/5 replicas created\)/);
  t.match(describeDeploy.stdout, /Normal\s+ScalingReplicaSet\s+.*deployment-controller\s+Scaled up replica set web-\w+ .*to 3/);

  const describeRs = await eventually(kubectl, ['describe', 'rs', '-l', 'app=web'], [/SuccessfulCreate/]);
  t.match(describeRs.stdout, /Normal\s+SuccessfulCreate\s+.*replicaset-controller\s+Created pod: web-\w+-\w+/);

  const pod = JSON.parse((await kubectl('get', 'pods', '-l', 'app=web', '-o', 'json')).stdout).items[0] as KObject;
  const describePod = await eventually(kubectl, ['describe', `pod/${pod.metadata.name}`], [/Scheduled/, /Started/]);
  const out = describePod.stdout;
  t.match(out, new RegExp(`Normal\\s+Scheduled\\s+.*default-scheduler\\s+Successfully assigned default/${pod.metadata.name} to node-\\d`));
  t.match(out, /Normal\s+Pulled\s+.*kubelet\s+Container image "nginx:1" already present on machine/);
  t.match(out, /Normal\s+Created\s+.*kubelet\s+Created container: c/);
  t.match(out, /Normal\s+Started\s+.*kubelet\s+Started container c/);
  const at = (re: RegExp) => out.search(re);
  t.ok(at(/Normal\s+Scheduled/) < at(/Normal\s+Pulled/) && at(/Normal\s+Pulled/) < at(/Normal\s+Created/) && at(/Normal\s+Created/) < at(/Normal\s+Started/),
    `the events in the order they happened (their names sort by time, as client-go makes them): ${out.slice(out.indexOf('Events:'))}`);
  const events = JSON.parse((await kubectl('get', 'events', '--field-selector', `involvedObject.name=${pod.metadata.name}`, '-o', 'json')).stdout).items as KObject[];
  const node = (await cluster.get('Pod', pod.metadata.name!, 'default'))!.spec.nodeName;
  const started = events.find((e) => e.reason === 'Started')!;
  t.match(started, { source: { component: 'kubelet', host: node }, reportingInstance: node, involvedObject: { fieldPath: 'spec.containers{c}' } }, 'a kubelet event names its node and the container');
  t.match(events.find((e) => e.reason === 'Scheduled'), { source: { component: 'default-scheduler' }, reportingInstance: '' });
  t.match(started.metadata.name, new RegExp(`^${pod.metadata.name}\\.[0-9a-f]{16}$`), 'named <object>.<hex nanoseconds>');
  t.match(out, /Status:\s+Running/);
  t.match(out, /node\.kubernetes\.io\/unreachable:NoExecute op=Exists for 300s/, 'default tolerations shown');

  const del = await kubectl('delete', 'deployment/web', '--wait', '--timeout=60s');
  t.equal(del.code, 0, `delete --wait: ${del.stderr}`);
  t.match(del.stdout, /deployment.apps "web" deleted/);
  const gone = await kubectl('get', 'deployment', 'web');
  t.not(gone.code, 0, 'the Deployment is gone when delete --wait returns');
  t.match(gone.stderr, /NotFound|not found/);
  const end = Date.now() + 30_000;
  while ((await cluster.list('Pod', { namespace: 'default', labelSelector: 'app=web' })).length > 0) {
    if (Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  t.equal((await cluster.list('Pod', { namespace: 'default', labelSelector: 'app=web' })).length, 0, 'its pods followed');
});

t.test('kubectl set image, rollout undo, pause and resume', { skip: kubectlFound ? false : 'kubectl is not on PATH' }, async (t) => {
  const { cluster, kubectl } = await withCluster(t);
  await cluster.apply(WEB);
  t.equal((await kubectl('rollout', 'status', 'deployment/web', '--timeout=60s')).code, 0);
  // These need strategic merge patch on the server.
  const probe = await fetch(`${cluster.url}/apis/apps/v1/namespaces/default/deployments/web`, {
    method: 'PATCH', headers: { 'content-type': 'application/strategic-merge-patch+json' }, body: JSON.stringify({ metadata: { labels: { probe: 'x' } } }),
  });
  t.equal(probe.status, 200, 'the server takes strategic merge patches');
  const set = await kubectl('set', 'image', 'deployment/web', 'c=nginx:2');
  t.equal(set.code, 0, `set image: ${set.stderr}`);
  t.match(set.stdout, /deployment.apps\/web image updated/);
  const status = await kubectl('rollout', 'status', 'deployment/web', '--timeout=60s');
  t.equal(status.code, 0, `rollout status after set image: ${status.stderr}`);
  t.match(status.stdout, /successfully rolled out/);
  const history = await kubectl('rollout', 'history', 'deployment/web');
  t.match(history.stdout, /\n1\s+<none>\n2\s+<none>/, 'two revisions');
  const images = async () => (JSON.parse((await kubectl('get', 'pods', '-l', 'app=web', '-o', 'json')).stdout).items as KObject[])
    .filter((p) => !p.metadata.deletionTimestamp).map((p) => p.spec.containers[0].image);
  t.same([...new Set(await images())], ['nginx:2'], 'every pod runs nginx:2');

  const undo = await kubectl('rollout', 'undo', 'deployment/web');
  t.equal(undo.code, 0, `rollout undo: ${undo.stderr}`);
  t.match(undo.stdout, /deployment.apps\/web rolled back/);
  t.equal((await kubectl('rollout', 'status', 'deployment/web', '--timeout=60s')).code, 0);
  const d = JSON.parse((await kubectl('get', 'deployment', 'web', '-o', 'json')).stdout) as KObject;
  t.equal(d.spec.template.spec.containers[0].image, 'nginx:1', 'template back to nginx:1');
  t.equal(d.metadata.annotations?.['deployment.kubernetes.io/revision'], '3', 'the undo is revision 3');

  const pause = await kubectl('rollout', 'pause', 'deployment/web');
  t.equal(pause.code, 0, `pause: ${pause.stderr}`);
  t.match(pause.stdout, /deployment.apps\/web paused/);
  await kubectl('set', 'image', 'deployment/web', 'c=nginx:3');
  // Paused: the controller observes the change but makes no new ReplicaSet.
  await cluster.waitFor('Deployment', 'web', (x) => x.status?.observedGeneration === x.metadata.generation, { timeoutMs: 20_000 });
  const rsPaused = JSON.parse((await kubectl('get', 'rs', '-l', 'app=web', '-o', 'json')).stdout).items as KObject[];
  t.notOk(rsPaused.some((r) => r.spec.template.spec.containers[0].image === 'nginx:3'), 'no ReplicaSet for nginx:3 while paused');
  const resume = await kubectl('rollout', 'resume', 'deployment/web');
  t.equal(resume.code, 0, `resume: ${resume.stderr}`);
  t.equal((await kubectl('rollout', 'status', 'deployment/web', '--timeout=60s')).code, 0);
  t.same([...new Set(await images())], ['nginx:3'], 'resumed: every pod runs nginx:3');
});
