import t from 'tap';
import * as k8s from '@kubernetes/client-node';
import { startServer } from './helpers/api.js';

t.test('@kubernetes/client-node against the server', async (t) => {
  const s = await startServer(t);
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(s.kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const apps = kc.makeApiClient(k8s.AppsV1Api);

  const ns = await core.listNamespace();
  t.ok(ns.items.some((n) => n.metadata?.name === 'kube-system'));
  const pod = await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'cn', labels: { app: 'cn' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } });
  t.equal(pod.metadata?.name, 'cn');
  t.equal(pod.spec?.restartPolicy, 'Always', 'defaults come back typed');
  const listed = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=cn' });
  t.same(listed.items.map((p) => p.metadata?.name), ['cn']);

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
  const replaced = await apps.replaceNamespacedDeployment({ name: 'cd', namespace: 'default', body: { ...d, spec: { ...d.spec!, replicas: 3 } } });
  t.equal(replaced.spec?.replicas, 3);
  const scale = await apps.readNamespacedDeploymentScale({ name: 'cd', namespace: 'default' });
  t.equal(scale.spec?.replicas, 3);
  const patched = await apps.patchNamespacedDeployment(
    { name: 'cd', namespace: 'default', body: { spec: { replicas: 2 } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
  );
  t.equal(patched.spec?.replicas, 2);

  // Watch: events arrive as typed objects.
  const watch = new k8s.Watch(kc);
  const events: string[] = [];
  const done = new Promise<void>((resolve) => {
    void watch.watch('/api/v1/namespaces/default/pods', { labelSelector: 'app=w', resourceVersion: pod.metadata!.resourceVersion }, (type, obj) => {
      events.push(`${type} ${obj.metadata.name}`);
      if (events.length === 2) resolve();
    }, () => resolve()).then((req) => t.teardown(() => req.abort()));
  });
  await new Promise((r) => setTimeout(r, 200));
  await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'w1', labels: { app: 'w' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } });
  await core.deleteNamespacedPod({ name: 'w1', namespace: 'default' });
  await done;
  t.same(events, ['ADDED w1', 'DELETED w1']);
});
