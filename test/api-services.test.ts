// Services over HTTP: the `kubernetes` Service, addresses and node ports given once each (also
// to concurrent creates, and after a restart), refusals as Kubernetes words them, updates that
// keep what they left out, the table, and kubectl's expose and create service; the kubernetes
// Service made again when deleted.
import t from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './helpers/eventually.js';
import { startServer, requester } from './helpers/api.js';
import { kubectl, skipWithoutKubectl } from './helpers/kubectl.js';
import { serve } from '../src/serve.js';
import { inRange, parseCidr, SERVICE_CIDR } from '../src/api/services/ranges.js';

const RANGE = parseCidr(SERVICE_CIDR);
const SVCS = '/api/v1/namespaces/default/services';
const svc = (name: string, spec: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } });

t.test('the kubernetes Service, discovery, addresses, refusals, updates, table', async (t) => {
  const s = await startServer(t);
  const k = await s.request('GET', `${SVCS}/kubernetes`);
  t.equal(k.status, 200);
  t.equal(k.body.spec.clusterIP, '10.96.0.1', 'the first address of the range');
  t.same(k.body.spec.ports, [{ name: 'https', port: 443, protocol: 'TCP', targetPort: Number(new URL(s.url).port) }]);

  const v1 = (await s.request('GET', '/api/v1')).body;
  const entry = v1.resources.find((r: any) => r.name === 'services');
  t.same([entry.kind, entry.namespaced, entry.shortNames, entry.categories], ['Service', true, ['svc'], ['all']]);
  t.ok(v1.resources.some((r: any) => r.name === 'services/status'), 'services/status');

  // Twenty at once: twenty addresses, none given twice.
  const made = await Promise.all(Array.from({ length: 20 }, (_, i) => s.request('POST', SVCS, svc(`s${i}`))));
  t.same(made.map((r) => r.status), made.map(() => 201));
  const ips = made.map((r) => r.body.spec.clusterIP as string);
  t.equal(new Set(ips).size, 20, 'distinct');
  t.ok(ips.every((ip) => inRange(RANGE, ip) && ip !== '10.96.0.1'), 'in the range, not the kubernetes Service\'s');

  const taken = await s.request('POST', SVCS, svc('taken', { clusterIP: ips[0] }));
  t.equal(taken.status, 422);
  t.equal(taken.body.reason, 'Invalid');
  t.equal(taken.body.message, `Service "taken" is invalid: spec.clusterIPs: Invalid value: ["${ips[0]}"]: failed to allocate IP ${ips[0]}: provided IP is already allocated`);
  t.same(taken.body.details.causes.map((c: any) => c.field), ['spec.clusterIPs']);
  t.equal((await s.request('GET', `${SVCS}/taken`)).status, 404, 'nothing was written');

  // Deleted, its address is free again.
  t.equal((await s.request('DELETE', `${SVCS}/s0`)).status, 200);
  const reused = await s.request('POST', SVCS, svc('reused', { clusterIP: ips[0] }));
  t.equal(reused.status, 201, JSON.stringify(reused.body));

  // Two ask for the same node port at once: one gets it.
  const both = await Promise.all(['np-a', 'np-b'].map((n) => s.request('POST', SVCS, svc(n, { type: 'NodePort', ports: [{ port: 80, nodePort: 31000 }] }))));
  t.same(both.map((r) => r.status).sort(), [201, 422]);

  // A PUT of the manifest as written (no clusterIP, no node port) keeps both.
  const np = await s.request('POST', SVCS, svc('np', { type: 'NodePort' }));
  const put = await s.request('PUT', `${SVCS}/np`, { ...svc('np', { type: 'NodePort' }), metadata: { name: 'np', resourceVersion: np.body.metadata.resourceVersion } });
  t.equal(put.status, 200, JSON.stringify(put.body));
  t.equal(put.body.spec.clusterIP, np.body.spec.clusterIP);
  t.equal(put.body.spec.ports[0].nodePort, np.body.spec.ports[0].nodePort);
  // To ClusterIP: the node port goes back to the pool.
  const patched = await s.request('PATCH', `${SVCS}/np`, { spec: { type: 'ClusterIP' } }, { 'content-type': 'application/merge-patch+json' });
  t.equal(patched.status, 200, JSON.stringify(patched.body));
  t.equal(patched.body.spec.ports[0].nodePort, undefined);
  const again = await s.request('POST', SVCS, svc('np2', { type: 'NodePort', ports: [{ port: 80, nodePort: np.body.spec.ports[0].nodePort }] }));
  t.equal(again.status, 201, 'its old node port is free');

  const table = await s.request('GET', `${SVCS}?labelSelector=provider%3Dkubernetes`, undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
  t.same(table.body.columnDefinitions.map((c: any) => c.name), ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector']);
  t.same(table.body.rows[0].cells.slice(0, 5), ['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP']);
});

t.test('what Services hold is still held after a restart', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-svc-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const options = { port: 0, dataDir: join(dir, 'data'), nodes: 0, workers: 0, controllers: false } as const;
  let server = await serve(options);
  const first = await requester(server.url)('POST', SVCS, svc('a', { type: 'NodePort' }));
  t.equal(first.status, 201);
  await server.close();
  server = await serve(options);
  t.teardown(() => server.close());
  const request = requester(server.url);
  const ip = await request('POST', SVCS, svc('b', { clusterIP: first.body.spec.clusterIP }));
  t.equal(ip.status, 422, 'its address');
  const port = await request('POST', SVCS, svc('c', { type: 'NodePort', ports: [{ port: 80, nodePort: first.body.spec.ports[0].nodePort }] }));
  t.equal(port.status, 422, 'its node port');
  t.match(port.body.message, /provided port is already allocated/);
});

t.test('kubectl expose, create service (a protobuf body), get svc', async (t) => {
  if (await skipWithoutKubectl(t)) return;
  const s = await startServer(t);
  t.equal((await kubectl(s, ['create', 'deployment', 'web', '--image=nginx:1.27'])).code, 0);
  const exposed = await kubectl(s, ['expose', 'deployment', 'web', '--port=80', '--target-port=8080']);
  t.equal(exposed.code, 0, exposed.stderr);
  t.match(exposed.stdout, /service\/web exposed/);
  const np = await kubectl(s, ['create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080']);
  t.equal(np.code, 0, np.stderr);
  const clash = await kubectl(s, ['create', 'service', 'nodeport', 'np2', '--tcp=80:8080', '--node-port=30080']);
  t.not(clash.code, 0);
  t.match(clash.stderr, /spec.ports\[0\].nodePort: Invalid value: 30080: provided port is already allocated/);
  const ext = await kubectl(s, ['create', 'service', 'externalname', 'db', '--external-name=db.example.com']);
  t.equal(ext.code, 0, ext.stderr);
  const got = await kubectl(s, ['get', 'svc', '-o', 'wide']);
  t.equal(got.code, 0, got.stderr);
  const lines = got.stdout.trim().split('\n');
  t.match(lines[0], /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR$/);
  t.match(got.stdout, /\ndb\s+ExternalName\s+<none>\s+db\.example\.com\s+<none>\s+\S+\s+app=db/);
  t.match(got.stdout, /\nkubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP/);
  t.match(got.stdout, /\nnp\s+NodePort\s+10\.\d+\.\d+\.\d+\s+<none>\s+80:30080\/TCP/);
  t.match(got.stdout, /\nweb\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+80\/TCP\s+\S+\s+app=web/);
  const described = await kubectl(s, ['describe', 'svc', 'web']);
  t.equal(described.code, 0, described.stderr);
  t.match(described.stdout, /TargetPort:\s+8080\/TCP/);
});

t.test('the kubernetes Service is made again when deleted; the namespaces it lives in may not be deleted', async (t) => {
  const s = await startServer(t);
  const before = await s.request('GET', `${SVCS}/kubernetes`);
  const gone = await s.request('DELETE', `${SVCS}/kubernetes`);
  t.equal(gone.status, 200, 'deleted');
  const again = await eventually('the kubernetes Service made again', async () => {
    const r = await s.request('GET', `${SVCS}/kubernetes`);
    return r.status === 200 ? r.body : undefined;
  }, 20_000);
  t.not(again.metadata.uid, before.body.metadata.uid, 'a new object');
  t.same([again.spec.clusterIP, again.spec.ports], [before.body.spec.clusterIP, before.body.spec.ports], 'at the same address and port');

  for (const name of ['default', 'kube-system', 'kube-public']) {
    const refused = await s.request('DELETE', `/api/v1/namespaces/${name}`);
    t.same([refused.status, refused.body.reason, refused.body.message], [403, 'Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`], name);
  }
  t.equal((await s.request('GET', '/api/v1/namespaces/default')).body.metadata.deletionTimestamp, undefined, 'default is not terminating');
  const made = await s.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scratch' } });
  t.equal(made.status, 201);
  t.equal((await s.request('DELETE', '/api/v1/namespaces/scratch')).status, 200, 'any other namespace may');
});
