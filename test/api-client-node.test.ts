import t, { type Test } from 'tap';
import * as k8s from '@kubernetes/client-node';
import { startServer, type ApiTarget } from './helpers/api.js';
import { eventually } from './helpers/eventually.js';
import { startServerProcess } from './helpers/server-process.js';


function clients(s: ApiTarget) {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(s.kubeconfig);
  return { kc, core: kc.makeApiClient(k8s.CoreV1Api), apps: kc.makeApiClient(k8s.AppsV1Api) };
}

/**
 * The same client-node session against either server. `controllers`: the
 * server runs the scheduler and kubelets (the child process), so pods get
 * bound and started, and their updates show in watches.
 */
async function session(t: Test, s: ApiTarget, controllers: boolean): Promise<void> {
  const { kc, core, apps } = clients(s);

  const ns = await core.listNamespace();
  t.ok(ns.items.some((n) => n.metadata?.name === 'kube-system'));
  const pod = await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'cn', labels: { app: 'cn' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } });
  t.equal(pod.metadata?.name, 'cn');
  t.equal(pod.spec?.restartPolicy, 'Always', 'defaults come back typed');
  const listed = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=cn' });
  t.same(listed.items.map((p) => p.metadata?.name), ['cn']);
  if (controllers) {
    // The child process runs the whole control plane: the scheduler binds the pod.
    const read = await eventually('the pod bound', async () => {
      const p = await core.readNamespacedPod({ name: 'cn', namespace: 'default' });
      return p.spec?.nodeName ? p : undefined;
    }, 20_000);
    t.match(read.spec?.nodeName, /^node-\d+$/, 'the scheduler in the child process bound the pod');
  }

  try {
    await core.readNamespacedPod({ name: 'absent', namespace: 'default' });
    t.fail('expected a 404');
  } catch (err) {
    const e = err as { code?: number; body?: string };
    t.equal(e.code, 404);
    t.equal(JSON.parse(e.body!).reason, 'NotFound');
  }

  const d = await apps.createNamespacedDeployment({ namespace: 'default', body: {
    metadata: { name: 'cd' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'cd' } }, template: { metadata: { labels: { app: 'cd' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  } });
  t.equal(d.spec?.strategy?.type, 'RollingUpdate');
  // Read-modify-write, as clients do: with controllers, the deployment's status moves under us.
  let replaced: k8s.V1Deployment | undefined;
  for (let attempt = 0; !replaced && attempt < 10; attempt++) {
    const cur = attempt === 0 ? d : await apps.readNamespacedDeployment({ name: 'cd', namespace: 'default' });
    try {
      replaced = await apps.replaceNamespacedDeployment({ name: 'cd', namespace: 'default', body: { ...cur, spec: { ...cur.spec!, replicas: 3 } } });
    } catch (err) {
      if ((err as { code?: number }).code !== 409) throw err;
    }
  }
  t.equal(replaced?.spec?.replicas, 3);
  const scale = await apps.readNamespacedDeploymentScale({ name: 'cd', namespace: 'default' });
  t.equal(scale.spec?.replicas, 3);
  const patched = await apps.patchNamespacedDeployment(
    { name: 'cd', namespace: 'default', body: { spec: { replicas: 2 } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
  );
  t.equal(patched.spec?.replicas, 2);

  // A Service: typed defaults and its allocated address come back; with controllers, its
  // EndpointSlice (discovery.k8s.io/v1) lists the Deployment's pods.
  const svc = await core.createNamespacedService({ namespace: 'default', body: { metadata: { name: 'cd' }, spec: { type: 'NodePort', selector: { app: 'cd' }, ports: [{ port: 80 }] } } });
  t.match(svc.spec?.clusterIP, /^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/, 'a cluster IP in 10.96.0.0/12');
  t.ok((svc.spec?.ports?.[0]?.nodePort ?? 0) >= 30000, 'a node port');
  t.same((await core.listNamespacedService({ namespace: 'default' })).items.map((x) => x.metadata?.name).sort(), ['cd', 'kubernetes']);
  if (controllers) {
    const discovery = kc.makeApiClient(k8s.DiscoveryV1Api);
    const slice = await eventually('the Service\'s EndpointSlice with the pods', async () => {
      const l = await discovery.listNamespacedEndpointSlice({ namespace: 'default', labelSelector: 'kubernetes.io/service-name=cd' });
      return l.items[0]?.endpoints?.length ? l.items[0] : undefined;
    }, 20_000);
    t.equal(slice.addressType, 'IPv4');
  }

  // Watch: events arrive as objects, in order, ending with the delete.
  const watch = new k8s.Watch(kc);
  const events: string[] = [];
  const done = new Promise<void>((resolve) => {
    void watch.watch('/api/v1/namespaces/default/pods', { labelSelector: 'app=w', resourceVersion: pod.metadata!.resourceVersion }, (type, obj) => {
      events.push(`${type} ${obj.metadata.name}`);
      if (type === 'DELETED') resolve();
    }, () => resolve()).then((req) => t.teardown(() => req.abort()));
  });
  await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'w1', labels: { app: 'w' } }, spec: { containers: [{ name: 'c', image: 'busybox' }], terminationGracePeriodSeconds: 2 } } });
  if (controllers) {
    // Bound and running first, so the delete below is a graceful one the kubelet confirms.
    await eventually('w1 Running', async () => ((await core.readNamespacedPod({ name: 'w1', namespace: 'default' })).status?.phase === 'Running' ? true : undefined), 20_000);
  }
  await core.deleteNamespacedPod({ name: 'w1', namespace: 'default' });
  await done;
  if (!controllers) t.same(events, ['ADDED w1', 'DELETED w1']);
  else {
    t.equal(events[0], 'ADDED w1', 'first the creation');
    t.equal(events.at(-1), 'DELETED w1', 'last the removal');
    t.ok(events.length >= 4, `binding, start and graceful deletion between (${events.join(', ')})`);
    t.same(events.slice(1, -1).filter((e) => e !== 'MODIFIED w1'), [], 'only updates of w1 between');
  }
}

t.test('@kubernetes/client-node against the server in-process', async (t) => {
  await session(t, await startServer(t), false);
});

t.test('@kubernetes/client-node against `cybernetes serve` as a child process', async (t) => {
  await session(t, await startServerProcess(t), true);
});

t.test('client-node Watch hears 410 Expired for a compacted revision', async (t) => {
  const s = await startServer(t);
  const { kc, core } = clients(s);
  const first = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'old' } } });
  await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'new' } } });
  await s.store.compact(s.store.revision);
  t.ok(s.store.compactedRevision > Number(first.metadata!.resourceVersion), 'the first revision is compacted away');
  const events: { type: string; obj: any }[] = [];
  const ended = await new Promise<unknown>((resolve) => {
    void new k8s.Watch(kc).watch('/api/v1/namespaces/default/configmaps', { resourceVersion: first.metadata!.resourceVersion },
      (type, obj) => events.push({ type, obj }), resolve).then((req) => t.teardown(() => req.abort()));
  });
  t.equal(ended, null, 'the stream ended cleanly (a 200 whose one event is the error)');
  t.equal(events.length, 1, 'one event, no objects');
  t.same([events[0]?.type, events[0]?.obj.kind, events[0]?.obj.code, events[0]?.obj.reason], ['ERROR', 'Status', 410, 'Expired']);
  t.match(events[0]?.obj.message, /too old resource version/);

  // From the current revision the same watch works.
  const now = await core.listNamespacedConfigMap({ namespace: 'default' });
  const seen = new Promise<string>((resolve) => {
    void new k8s.Watch(kc).watch('/api/v1/namespaces/default/configmaps', { resourceVersion: now.metadata!.resourceVersion },
      (type, obj) => resolve(`${type} ${obj.metadata.name}`), () => resolve('ended')).then((req) => t.teardown(() => req.abort()));
  });
  await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'newer' } } });
  t.equal(await seen, 'ADDED newer', 'after relisting, watching resumes');
});
