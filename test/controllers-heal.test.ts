// Auto-healing, end to end: a node lost (deleted, or its kubelet silent) and a
// worker thread crashed mid-rollout; every lost replica comes back Ready.
import t, { type Test } from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster, type Cluster } from '../src/create-cluster.js';
import { formatAddress, placeById, type Address } from '../src/runtime/address.js';
import { serve } from '../src/serve.js';
import type { KObject } from '../src/store/types.js';
import { waitForLifecycle } from './helpers/runtime.js';

const GRACE_MS = 1500;

const ready = (p: KObject) => (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
const live = (p: KObject) => !p.metadata.deletionTimestamp;

function deployment(name: string, replicas: number, podSpec: Record<string, unknown> = {}, image = 'nginx:1'): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }], ...podSpec } },
    },
  };
}

/** Pods leave an unreachable node at once (the default is 300 s) and go 1 s after eviction. */
const impatient = {
  terminationGracePeriodSeconds: 1,
  tolerations: [
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 },
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 },
  ],
};

async function waitUntil(what: string, check: () => Promise<boolean>, ms = 60_000, explain?: () => Promise<string>): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms${explain ? `; ${await explain()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function patch(url: string, path: string, body: unknown): Promise<KObject> {
  const res = await fetch(url + path, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify(body) });
  const json = await res.json() as KObject;
  if (res.status !== 200) throw new Error(`PATCH ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const podsOf = (cluster: Cluster, app: string) => cluster.list('Pod', { namespace: 'default', labelSelector: `app=${app}` });

/** The node running the most pods of the app. */
async function busiestNode(cluster: Cluster, app: string): Promise<string> {
  const count = new Map<string, number>();
  for (const p of await podsOf(cluster, app)) count.set(p.spec.nodeName, (count.get(p.spec.nodeName) ?? 0) + 1);
  return [...count.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

/** Every replica Ready, none on `lost` (not even terminating), the Deployment available. */
async function healed(cluster: Cluster, app: string, replicas: number, lost: string): Promise<boolean> {
  const pods = await podsOf(cluster, app);
  const d = await cluster.get('Deployment', app);
  return pods.length === replicas && pods.every((p) => live(p) && ready(p) && p.spec.nodeName && p.spec.nodeName !== lost)
    && d?.status?.availableReplicas === replicas && d.status.readyReplicas === replicas;
}

t.test('a deleted node: its pods are collected and replaced on the other nodes', async (t) => {
  const cluster = await createCluster({ nodes: 3, workers: 1, nodeMonitorGracePeriodMs: GRACE_MS });
  t.teardown(() => cluster.close());
  await cluster.apply(deployment('web', 6));
  await cluster.waitFor('Deployment', 'web', (d) => d.status?.availableReplicas === 6, { timeoutMs: 30_000 });
  const victim = await busiestNode(cluster, 'web');
  const lostPods = (await podsOf(cluster, 'web')).filter((p) => p.spec.nodeName === victim).map((p) => p.metadata.name);
  t.ok(lostPods.length > 0, `${victim} runs ${lostPods.length} pod(s)`);

  const res = await fetch(`${cluster.url}/api/v1/nodes/${victim}`, { method: 'DELETE' });
  t.equal(res.status, 200, 'node deleted');
  await waitUntil('replicas back on the other nodes', () => healed(cluster, 'web', 6, victim));
  const now = await podsOf(cluster, 'web');
  for (const name of lostPods) t.notOk(now.some((p) => p.metadata.name === name), `${name} was collected`);
  t.notOk((await cluster.list('Pod', { fieldSelector: `spec.nodeName=${victim}` })).length, 'no pod is bound to the deleted node');
});

t.test('a node whose kubelet stops heartbeating: Unknown, tainted, pods evicted and replaced; then back', async (t) => {
  const cluster = await createCluster({ nodes: 3, workers: 1, nodeMonitorGracePeriodMs: GRACE_MS });
  t.teardown(() => cluster.close());
  await cluster.apply(deployment('web', 6, impatient));
  // Default tolerations (300 s, from admission): these stay, marked not ready.
  await cluster.apply(deployment('patient', 3));
  await cluster.waitFor('Deployment', 'web', (d) => d.status?.availableReplicas === 6, { timeoutMs: 30_000 });
  await cluster.waitFor('Deployment', 'patient', (d) => d.status?.availableReplicas === 3, { timeoutMs: 30_000 });
  const patientPods = await podsOf(cluster, 'patient');
  t.ok(patientPods.every((p) => p.spec.tolerations.some((x: { key: string; tolerationSeconds: number }) => x.key === 'node.kubernetes.io/unreachable' && x.tolerationSeconds === 300)), 'admission gave the default 300 s');
  const victim = await busiestNode(cluster, 'web');
  const lostPods = (await podsOf(cluster, 'web')).filter((p) => p.spec.nodeName === victim).map((p) => p.metadata.name!);
  t.ok(lostPods.length > 0, `${victim} runs ${lostPods.length} web pod(s)`);

  await patch(cluster.url, `/api/v1/nodes/${victim}`, { metadata: { annotations: { 'cybernetes.io/sim-heartbeat': 'stopped' } } });
  const unknown = await cluster.waitFor('Node', victim, (n) => (n.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'Unknown')
    && (n.spec?.taints ?? []).some((x: { key: string; effect: string }) => x.key === 'node.kubernetes.io/unreachable' && x.effect === 'NoExecute'), { timeoutMs: 30_000 });
  const cond = unknown.status.conditions.find((c: { type: string }) => c.type === 'Ready');
  t.equal(cond.reason, 'NodeStatusUnknown');
  t.equal(cond.message, 'Kubelet stopped posting node status.');
  const taints = unknown.spec.taints as { key: string; effect: string; timeAdded?: string }[];
  t.ok(taints.some((x) => x.key === 'node.kubernetes.io/unreachable' && x.effect === 'NoSchedule'), 'NoSchedule taint');
  t.match(taints.find((x) => x.effect === 'NoExecute')!.timeAdded, /^\d{4}-\d\d-\d\dT/, 'NoExecute taint has timeAdded');

  await waitUntil('web replicas back on the other nodes', () => healed(cluster, 'web', 6, victim));
  t.pass('every lost web replica is back, Ready, elsewhere');
  // The evicted pods were deleted gracefully and went when their grace ran out (their kubelet is silent).
  await waitUntil('evicted pods gone', async () => {
    const names = new Set((await podsOf(cluster, 'web')).map((p) => p.metadata.name));
    return lostPods.every((n) => !names.has(n));
  });
  t.pass('the evicted pods are gone');
  // Tolerating for 300 s: still there, bound to the silent node, marked not ready.
  const onVictim = (await podsOf(cluster, 'patient')).filter((p) => p.spec.nodeName === victim);
  for (const p of onVictim) {
    t.notOk(p.metadata.deletionTimestamp, `${p.metadata.name} (300 s toleration) is not evicted`);
    await waitUntil(`${p.metadata.name} marked not ready`, async () => !ready((await cluster.get('Pod', p.metadata.name!))!));
  }
  await waitUntil('NodeNotReady event', async () => (await cluster.list('Event', { namespace: 'default', fieldSelector: `involvedObject.name=${victim},reason=NodeNotReady` })).length > 0);
  t.pass('NodeNotReady recorded on the node');
  const evictions = await cluster.list('Event', { namespace: 'default', fieldSelector: 'reason=TaintManagerEviction' });
  t.ok(evictions.some((e) => lostPods.includes(e.involvedObject.name)), 'eviction recorded as an Event');

  // Heartbeats resume: Ready again, health taints removed, the patient pods Ready again.
  await patch(cluster.url, `/api/v1/nodes/${victim}`, { metadata: { annotations: { 'cybernetes.io/sim-heartbeat': 'running' } } });
  await cluster.waitFor('Node', victim, (n) => (n.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')
    && !(n.spec?.taints ?? []).some((x: { key: string }) => x.key.startsWith('node.kubernetes.io/')), { timeoutMs: 30_000 });
  t.pass('Ready=True, taints removed');
  await waitUntil('patient pods Ready again', async () => {
    const pods = await podsOf(cluster, 'patient');
    return pods.length === 3 && pods.every((p) => live(p) && ready(p));
  });
  t.equal((await podsOf(cluster, 'patient')).filter((p) => p.spec.nodeName === victim).length, onVictim.length, 'the patient pods kept their place');
});

t.test('a worker thread crashing mid-rollout does not change the outcome', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-heal-'));
  const server = await serve({ port: 0, dataDir: join(dir, 'data'), nodes: 3, workers: 2 });
  t.teardown(async () => { await server.close(); await rm(dir, { recursive: true, force: true }); });
  const get = async (path: string) => (await (await fetch(server.url + path)).json()) as KObject;
  const post = await fetch(`${server.url}/apis/apps/v1/namespaces/default/deployments`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(deployment('roll', 8)),
  });
  t.equal(post.status, 201);
  await waitUntil('roll available', async () => (await get('/apis/apps/v1/namespaces/default/deployments/roll')).status?.availableReplicas === 8);

  await patch(server.url, '/apis/apps/v1/namespaces/default/deployments/roll', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } } });
  // Mid-rollout: a second ReplicaSet exists.
  await waitUntil('rollout started', async () => (await get('/apis/apps/v1/namespaces/default/replicasets')).items.length === 2);
  await server.runtime.crashWorker(1);
  t.pass('worker 1 crashed');

  await waitUntil('rollout complete', async () => {
    const d = await get('/apis/apps/v1/namespaces/default/deployments/roll');
    const s = d.status ?? {};
    if (!((d.metadata.generation ?? 0) <= s.observedGeneration && s.updatedReplicas === 8 && s.replicas === 8 && s.availableReplicas === 8)) return false;
    const pods = (await get('/api/v1/namespaces/default/pods?labelSelector=app%3Droll')).items as KObject[];
    return pods.length === 8 && pods.every((p) => live(p) && ready(p) && p.spec.containers[0].image === 'nginx:2');
  }, 90_000, async () => {
    // What stood still, for the failure message.
    const d = await get('/apis/apps/v1/namespaces/default/deployments/roll');
    const rss = (await get('/apis/apps/v1/namespaces/default/replicasets')).items as KObject[];
    const pods = (await get('/api/v1/namespaces/default/pods?labelSelector=app%3Droll')).items as KObject[];
    return `deployment ${JSON.stringify({ generation: d.metadata.generation, status: { ...d.status, conditions: undefined } })}; `
      + `replicasets ${rss.map((r) => `${r.spec.template.spec.containers[0].image}:${r.spec.replicas}/${JSON.stringify({ ...r.status, conditions: undefined })}`).join(' ')}; `
      + `pods ${pods.map((p) => `${p.spec.containers[0].image}@${p.spec.nodeName ?? '-'}:${p.status?.phase}${ready(p) ? '+ready' : ''}${p.metadata.deletionTimestamp ? '+deleting' : ''}`).join(' ')}`;
  });
  const rss = (await get('/apis/apps/v1/namespaces/default/replicasets')).items as KObject[];
  const byImage = new Map(rss.map((r) => [r.spec.template.spec.containers[0].image, r]));
  t.equal(byImage.get('nginx:2')?.status?.readyReplicas, 8, 'new ReplicaSet: 8 ready');
  await waitUntil('old ReplicaSet at 0', async () => {
    const old = ((await get('/apis/apps/v1/namespaces/default/replicasets')).items as KObject[]).find((r) => r.spec.template.spec.containers[0].image === 'nginx:1');
    return old?.spec.replicas === 0 && (old.status?.replicas ?? 0) === 0;
  });
  t.pass('old ReplicaSet scaled to 0');
});

/** A one-node cluster with one Deployment of one pod Available: its pod and ReplicaSet, and how to address actors. */
async function onePodCluster(t: Test, name: string) {
  const dir = await mkdtemp(join(tmpdir(), `cybernetes-${name}-`));
  const server = await serve({ port: 0, dataDir: join(dir, 'data'), nodes: 1, workers: 1 });
  t.teardown(async () => { await server.close(); await rm(dir, { recursive: true, force: true }); });
  const rt = server.runtime;
  const get = async (path: string) => (await (await fetch(server.url + path)).json()) as KObject;
  const addressOf = (id: string) => formatAddress(placeById(id, rt.workers), id) as Address;
  const post = await fetch(`${server.url}/apis/apps/v1/namespaces/default/deployments`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(deployment(name, 1, { terminationGracePeriodSeconds: 1 })),
  });
  t.equal(post.status, 201, 'Deployment created');
  await waitUntil(`${name} available`, async () => (await get(`/apis/apps/v1/namespaces/default/deployments/${name}`)).status?.availableReplicas === 1);
  const [pod] = (await get(`/api/v1/namespaces/default/pods?labelSelector=app%3D${name}`)).items as KObject[];
  const [rs] = (await get('/apis/apps/v1/namespaces/default/replicasets')).items as KObject[];
  /** The actors of the pod and its ReplicaSet, each with its parent. */
  const children: [Address, Address][] = [
    [addressOf(`Pod/default/${pod!.metadata.name}`), addressOf(`Node/${pod!.spec.nodeName}`)],
    [addressOf(`ReplicaSet/default/${rs!.metadata.name}`), addressOf('controller/replicaset')],
  ];
  /** Stops each child, tells its parent `event` about it, and waits for the parent to spawn it again. */
  const tellParents = async (event: { type: string; error?: string }) => {
    for (const [child, parent] of children) {
      const stopped = waitForLifecycle(rt, (r) => r.type === 'stopped' && r.address === child);
      rt.stop(child);
      await stopped;
      const spawned = waitForLifecycle(rt, (r) => r.type === 'spawned' && r.address === child, 30_000);
      rt.send(parent, { ...event, child });
      await spawned;
      t.pass(`${parent} spawned ${child} again`);
    }
  };
  /** Both at work: the pod's deletion is confirmed by its actor, its replacement made by the ReplicaSet's. */
  const deletedPodIsReplaced = async () => {
    const res = await fetch(`${server.url}/api/v1/namespaces/default/pods/${pod!.metadata.name}`, { method: 'DELETE' });
    t.equal(res.status, 200, 'pod deleted');
    await waitUntil('pod replaced', async () => {
      const pods = (await get(`/api/v1/namespaces/default/pods?labelSelector=app%3D${name}`)).items as KObject[];
      return pods.length === 1 && pods[0]!.metadata.uid !== pod!.metadata.uid && live(pods[0]!) && ready(pods[0]!);
    });
    t.pass('the old pod is gone, a new one Ready');
  };
  /** Fails each parent once (a supervised restart) and waits for its children to be spawned again by the new instance. */
  const restartParents = async () => {
    for (const [child, parent] of children) {
      const restarted = waitForLifecycle(rt, (r) => r.type === 'restarted' && r.address === parent);
      const respawned = waitForLifecycle(rt, (r) => r.type === 'spawned' && r.address === child, 30_000);
      rt.send(parent, { type: 'actor.failed', error: 'failure (test)' });
      await restarted;
      await respawned;
      t.pass(`${parent} restarted and spawned ${child} anew`);
    }
  };
  return { rt, addressOf, tellParents, restartParents, deletedPodIsReplaced };
}

t.test('told runtime.child.lost (sent here by hand; the runtime\'s own path is in runtime-supervision), the kubelet gives a pod its actor back and the controller a ReplicaSet its', async (t) => {
  const cluster = await onePodCluster(t, 'kept');
  // What the runtime tells a parent whose child's spawn went down with a worker: the child
  // is gone, and the parent still has its address.
  await cluster.tellParents({ type: 'runtime.child.lost' });
  await cluster.deletedPodIsReplaced();
});

t.test('a kubelet and the ReplicaSet controller restarted after a failure look after their pods and ReplicaSets again (not orphans of the failed instance)', async (t) => {
  const cluster = await onePodCluster(t, 'restarted');
  await cluster.restartParents();
  await cluster.deletedPodIsReplaced();
});

t.test('an actor that fails past its restart budget is brought back after a backoff: a controller by the control plane, a ReplicaSet\'s by its controller, a pod\'s by its kubelet', async (t) => {
  const { rt, addressOf, tellParents, deletedPodIsReplaced } = await onePodCluster(t, 'persistent');
  // A real failure past the budget, at the root: each `actor.failed` makes the node lifecycle
  // controller throw, and the runtime restarts it until its budget (20 in 10 s) runs out; then
  // it escalates, and the control plane is the one to bring it back.
  const root = addressOf('controller/node-lifecycle');
  let restarts = 0;
  for (;;) {
    // One failure at a time: what reaches an actor while it fails is not replayed to its restart.
    const next = waitForLifecycle(rt, (r) => (r.type === 'restarted' || r.type === 'escalated') && r.address === root);
    rt.send(root, { type: 'actor.failed', error: `failure ${restarts} (test)` });
    if ((await next).type === 'escalated') break;
    // The budget is 20 within 10 s: a machine too slow to fail 21 times in 10 s never escalates.
    if (++restarts > 100) throw new Error(`no escalation after ${restarts} restarts`);
  }
  t.equal(restarts, 20, 'restarted 20 times, then escalated');
  await waitForLifecycle(rt, (r) => r.type === 'spawned' && r.address === root, 30_000);
  t.pass('the node lifecycle controller escalated, and the control plane spawned it again');
  // What the runtime tells a parent when its child escalates, told here by hand (a ReplicaSet's
  // or a pod's actor has no failure a test can provoke from outside): the parent spawns it again.
  await tellParents({ type: 'runtime.child.escalated', error: 'test' });
  await deletedPodIsReplaced();
});
