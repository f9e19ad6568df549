// The EndpointSlice controller in a running cluster: a Service's slice follows its pods as they
// come, scale down, change labels or get a Ready they lacked; it is garbage collected with its
// Service; a Service that picks nothing has an empty slice; kubectl describe shows the endpoints.
import t from 'tap';
import { createCluster } from '../src/index.js';
import type { KObject } from '../src/store/types.js';
import { eventually } from './helpers/eventually.js';
import { startServer } from './helpers/api.js';
import { kubectl, skipWithoutKubectl } from './helpers/kubectl.js';

const deployment = (replicas: number) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }] }] } } },
});
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } };

t.test('a Service\'s EndpointSlice follows its pods, and goes with it', async (t) => {
  const cluster = await createCluster({ nodes: 2, workers: 1 });
  t.teardown(() => cluster.close());
  const slices = async () => (await cluster.list('EndpointSlice', { namespace: 'default', labelSelector: 'kubernetes.io/service-name=web' }));
  /** The slice's ready addresses, sorted, once they are the pods' own: undefined until then. */
  const settled = async (n: number): Promise<KObject | undefined> => {
    const [s, ...rest] = await slices();
    const pods = (await cluster.list('Pod', { namespace: 'default', labelSelector: 'app=web' })).filter((p) => !p.metadata.deletionTimestamp && p.status?.podIP);
    if (!s || rest.length || pods.length !== n) return undefined;
    const got = (s.endpoints as any[]).filter((e) => e.conditions.ready).map((e) => e.addresses[0]).sort();
    const want = pods.filter((p) => (p.status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')).map((p) => p.status.podIP).sort();
    return want.length === n && JSON.stringify(got) === JSON.stringify(want) && s.endpoints.length === n ? s : undefined;
  };

  await cluster.apply([deployment(3), service]);
  const s = await eventually('a slice of 3 ready endpoints', () => settled(3), 30_000);
  t.same(s.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }], 'the named target port, as the pods name it');
  t.equal(s.metadata.ownerReferences?.[0]?.kind, 'Service');
  t.equal(s.metadata.labels?.['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');

  const ep = await eventually('Endpoints of 3 ready addresses', async () => {
    const e = await cluster.get('Endpoints', 'web', 'default');
    return e?.subsets?.[0]?.addresses?.length === 3 ? e : undefined;
  }, 30_000);
  t.same(ep.subsets[0].ports, [{ name: 'http', port: 8080, protocol: 'TCP' }], 'the older Endpoints beside the slice');

  await cluster.apply(deployment(1));
  await eventually('one endpoint after scaling down', () => settled(1), 30_000);

  // The one pod relabelled away: the ReplicaSet makes another, the slice lists that one only.
  const [p] = (await cluster.list('Pod', { namespace: 'default', labelSelector: 'app=web' })).filter((x) => !x.metadata.deletionTimestamp);
  await cluster.apply({ ...p!, metadata: { ...p!.metadata, labels: { app: 'gone' } } });
  const after = await eventually('the replacement only', () => settled(1), 30_000);
  t.notOk((after.endpoints as any[]).some((e) => e.targetRef.uid === p!.metadata.uid), 'the relabelled pod is no endpoint');

  t.equal((await fetch(`${cluster.url}/api/v1/namespaces/default/services/web`, { method: 'DELETE' })).status, 200);
  await eventually('the slice collected', async () => ((await slices()).length === 0 ? true : undefined), 30_000);
  await eventually('its Endpoints deleted', async () => ((await cluster.get('Endpoints', 'web', 'default')) === null ? true : undefined), 30_000);

  // Deleted in the foreground: the garbage collector takes its slice first, and it is not made again.
  await cluster.apply(service);
  await eventually('the slice of the new Service', () => settled(1), 30_000);
  const del = await fetch(`${cluster.url}/api/v1/namespaces/default/services/web`, { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ propagationPolicy: 'Foreground' }) });
  t.equal(del.status, 200);
  await eventually('the Service gone', async () => ((await cluster.get('Service', 'web', 'default')) === null ? true : undefined), 30_000);
  await new Promise((r) => setTimeout(r, 1000));
  t.same(await slices(), [], 'no slice left behind');

  await cluster.apply({ ...service, metadata: { name: 'none', namespace: 'default' }, spec: { ...service.spec, selector: { app: 'nothing' } } });
  const empty = await eventually('an empty slice', async () => (await cluster.list('EndpointSlice', { namespace: 'default', labelSelector: 'kubernetes.io/service-name=none' }))[0], 30_000);
  t.same([empty.endpoints, empty.ports], [[], []]);
});

t.test('kubectl: describe service lists its endpoints; get endpointslices', async (t) => {
  if (await skipWithoutKubectl(t)) return;
  const s = await startServer(t, { controllers: true });
  t.equal((await kubectl(s, ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2'])).code, 0);
  t.equal((await kubectl(s, ['expose', 'deployment', 'web', '--port=80', '--target-port=8080'])).code, 0);
  const described = await eventually('two endpoints described', async () => {
    const r = await kubectl(s, ['describe', 'svc', 'web']);
    return /Endpoints:\s+\d+\.\d+\.\d+\.\d+:8080,\d+\.\d+\.\d+\.\d+:8080\n/.test(r.stdout) ? r : undefined;
  }, 30_000);
  t.equal(described.code, 0);
  const got = await kubectl(s, ['get', 'endpointslices']);
  t.match(got.stdout, /^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE\n/);
  t.match(got.stdout, /\nweb-\w{5}\s+IPv4\s+8080\s+\d+\.\d+\.\d+\.\d+,\d+\.\d+\.\d+\.\d+\s+/);
});
