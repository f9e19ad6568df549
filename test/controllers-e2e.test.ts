import t from 'tap';
import { readFile } from 'node:fs/promises';
import { createCluster } from '../src/index.js';
import type { KObject, WatchEvent } from '../src/store/types.js';

const FIXTURE = new URL('../../../shared/fixtures/service-a.yaml', import.meta.url);

const ready = (p: KObject) => (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
const available = (d: KObject) => (d.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Available' && c.status === 'True');

t.test("the article's 13 steps, asserted on the journal's revisions", async (t) => {
  const cluster = await createCluster({ nodes: 3, workers: 1 });
  t.teardown(() => cluster.close());
  const events: { kind: string; ev: WatchEvent }[] = [];
  const stops = ['Deployment', 'ReplicaSet', 'Pod'].map((kind) => cluster.watch(kind, (ev) => events.push({ kind, ev }), { namespace: 'service-a' }));
  t.teardown(() => stops.forEach((s) => s()));

  await cluster.apply(await readFile(FIXTURE, 'utf8'));
  // No node has pool-type=large: the pods stay Pending, Unschedulable.
  const pods0 = await waitForPods(cluster, 3, (p) => (p.status?.conditions ?? []).some((c: { type: string; status: string; reason?: string }) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable'));
  for (const p of pods0) {
    const c = p.status.conditions.find((x: { type: string }) => x.type === 'PodScheduled');
    // kube-scheduler 1.32 words it so, preemption's verdict appended.
    t.equal(c.message, '0/3 nodes are available: 3 node(s) didn\'t match Pod\'s node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.', `${p.metadata.name} says why`);
    t.equal(p.status.phase, 'Pending');
  }

  // A labelled node arrives: the pods are scheduled there and run.
  const node = await cluster.get('Node', 'node-2');
  await cluster.apply({ ...node!, metadata: { ...node!.metadata, labels: { ...node!.metadata.labels, 'pool-type': 'large' } } });
  const d = await cluster.waitFor('Deployment', 'service-a', available, { namespace: 'service-a', timeoutMs: 30_000 });
  t.equal(d.status.readyReplicas, 3);
  const pods = await cluster.list('Pod', { namespace: 'service-a' });
  t.equal(pods.length, 3);
  for (const p of pods) {
    t.equal(p.spec.nodeName, 'node-2', `${p.metadata.name} runs on the labelled node`);
    t.ok(ready(p), `${p.metadata.name} is Ready`);
    t.match(p.status.podIP, /^\d+\.\d+\.\d+\.\d+$/);
  }

  // The order of the journal: Deployment → ReplicaSet → Pods → bindings → Running → RS ready → Deployment available.
  const firstRev = (kind: string, pred: (o: KObject, type: string) => boolean) =>
    events.find((e) => e.kind === kind && e.ev.type !== 'BOOKMARK' && pred(e.ev.object as KObject, e.ev.type))?.ev.revision ?? Infinity;
  const lastRev = (kind: string, names: string[], pred: (o: KObject) => boolean) =>
    Math.max(...names.map((n) => firstRev(kind, (o) => o.metadata.name === n && pred(o))));
  const names = pods.map((p) => p.metadata.name!);
  const steps: [string, number][] = [
    ['Deployment stored', firstRev('Deployment', (_, type) => type === 'ADDED')],
    ['ReplicaSet created', firstRev('ReplicaSet', (_, type) => type === 'ADDED')],
    ['Pods created', lastRev('Pod', names, () => true)],
    ['Pods bound', lastRev('Pod', names, (o) => !!o.spec?.nodeName)],
    ['Pods Running and Ready', lastRev('Pod', names, (o) => o.status?.phase === 'Running' && ready(o))],
    ['ReplicaSet ready', firstRev('ReplicaSet', (o) => o.status?.readyReplicas === 3)],
    ['Deployment available', firstRev('Deployment', (o) => available(o) && o.status?.readyReplicas === 3)],
  ];
  for (const [name, rev] of steps) t.ok(Number.isFinite(rev), `${name} at revision ${rev}`);
  for (let i = 1; i < steps.length; i++) {
    t.ok(steps[i - 1]![1] < steps[i]![1], `${steps[i - 1]![0]} (r${steps[i - 1]![1]}) before ${steps[i]![0]} (r${steps[i]![1]})`);
  }
  const rs = (await cluster.list('ReplicaSet', { namespace: 'service-a' }))[0]!;
  t.match(rs.metadata.name, /^service-a-[a-z0-9]+$/, 'ReplicaSet named by pod-template-hash');
  t.equal(rs.metadata.ownerReferences?.[0]?.uid, d.metadata.uid, 'owned by the Deployment');
  t.equal(pods[0]!.metadata.ownerReferences?.[0]?.uid, rs.metadata.uid, 'pods owned by the ReplicaSet');
});

t.test('deleting a Deployment cascades; deleting a pod brings a replacement', async (t) => {
  const cluster = await createCluster({ nodes: 2, workers: 1 });
  t.teardown(() => cluster.close());
  await cluster.apply({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  });
  await cluster.waitFor('Deployment', 'web', (d) => d.status?.availableReplicas === 4, { timeoutMs: 30_000 });
  const before = await cluster.list('Pod', { labelSelector: 'app=web', namespace: 'default' });
  t.equal(before.length, 4);
  const res = await fetch(`${cluster.url}/api/v1/namespaces/default/pods/${before[0]!.metadata.name}`, { method: 'DELETE' });
  t.equal(res.status, 200);
  await waitUntil(async () => {
    const now = await cluster.list('Pod', { labelSelector: 'app=web', namespace: 'default' });
    return now.length === 4 && !now.some((p) => p.metadata.name === before[0]!.metadata.name) && now.every(ready);
  });
  t.pass('the ReplicaSet replaced the deleted pod with a Ready one');
  const del = await fetch(`${cluster.url}/apis/apps/v1/namespaces/default/deployments/web`, { method: 'DELETE' });
  t.equal(del.status, 200);
  await waitUntil(async () => (await cluster.list('ReplicaSet', { namespace: 'default' })).length === 0 && (await cluster.list('Pod', { namespace: 'default', labelSelector: 'app=web' })).length === 0);
  t.pass('ReplicaSets and pods went with the Deployment');
});

t.test('foreground deletion: pods, then their ReplicaSet, then the Deployment', async (t) => {
  const cluster = await createCluster({ nodes: 2, workers: 1 });
  t.teardown(() => cluster.close());
  const gone = new Map<string, number>();
  const stops = ['Deployment', 'ReplicaSet', 'Pod'].map((kind) => cluster.watch(kind, (ev: WatchEvent) => {
    if (ev.type === 'DELETED') gone.set(`${kind}/${(ev.object as KObject).metadata.name}`, ev.revision);
  }, { namespace: 'default' }));
  t.teardown(() => stops.forEach((s) => s()));
  await cluster.apply({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'fg', namespace: 'default' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'fg' } }, template: { metadata: { labels: { app: 'fg' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  });
  await cluster.waitFor('Deployment', 'fg', (d) => d.status?.availableReplicas === 3, { namespace: 'default' });
  const del = await fetch(`${cluster.url}/apis/apps/v1/namespaces/default/deployments/fg`, {
    method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' }),
  });
  t.equal(del.status, 200);
  t.same((await del.json() as KObject).metadata.finalizers, ['foregroundDeletion'], 'the Deployment waits with the foregroundDeletion finalizer');
  await waitUntil(async () => gone.has('Deployment/fg'));
  const at = (prefix: string) => [...gone].filter(([k]) => k.startsWith(prefix)).map(([, r]) => r);
  t.equal(at('Pod/').length, 3, 'its 3 pods went');
  t.equal(at('ReplicaSet/').length, 1, 'its ReplicaSet went');
  t.ok(Math.max(...at('Pod/')) < at('ReplicaSet/')[0]! && at('ReplicaSet/')[0]! < gone.get('Deployment/fg')!, 'in that order: pods, ReplicaSet, Deployment');
});

async function waitUntil(check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitForPods(cluster: Awaited<ReturnType<typeof createCluster>>, n: number, pred: (p: KObject) => boolean): Promise<KObject[]> {
  let pods: KObject[] = [];
  await waitUntil(async () => {
    pods = await cluster.list('Pod', { namespace: 'service-a' });
    return pods.length === n && pods.every(pred);
  });
  return pods;
}
