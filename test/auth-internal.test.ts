// The control plane's own actors write as service identities, checked by the
// store gateway against the bootstrap RBAC policy and the node restriction:
// a kubelet may write its own pods' status, not another node's.
import t from 'tap';
import { WriteAuthorizer } from '../actors/write-authorizer.js';
import { refs, type OpResult, type WireOp } from '../actors/protocol.js';
import type { Address } from '../src/runtime/address.js';
import { gatewayRuntime } from './helpers/gateway.js';
import type { KObject } from '../src/store/types.js';

const pod = (name: string, node: string): KObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' },
  spec: { nodeName: node, containers: [{ name: 'c', image: 'i' }] },
});
const statusOf = (p: KObject, phase: string): WireOp => ({ op: 'update', resource: refs.pods, subresource: 'status', object: { ...p, status: { phase } } });

t.test('write authorizer: identities from spawn records, RBAC and the node restriction', async (t) => {
  const bound: Record<string, string> = { 'default/on-1': 'node-1', 'default/on-2': 'node-2', 'default/unbound': '' };
  const w = new WriteAuthorizer((ns, name) => bound[`${ns}/${name}`]);
  w.spawned('1/Node/node-1', 'kubelet', { object: { metadata: { name: 'node-1' } } });
  w.spawned('1/Pod/default/on-1', 'pod', { node: 'node-1' });
  w.spawned('0/scheduler', 'scheduler', undefined);
  w.spawned('1/ReplicaSet/default/rs', 'replicaset', {});
  w.spawned('1/Deployment/default/d', 'deployment', {});
  w.spawned('1/controller/kubelet', 'kubelet-controller', {});
  const lease = (name: string, namespace = 'kube-node-lease'): WireOp => ({ op: 'create', resource: refs.leases, object: { metadata: { name, namespace } } });
  const table: [string, string | null, WireOp, string | null][] = [
    ['a kubelet writes its own pod\'s status', '1/Pod/default/on-1', statusOf(pod('on-1', 'node-1'), 'Running'), null],
    ['a kubelet writes no other node\'s pod status', '1/Pod/default/on-1', statusOf(pod('on-2', 'node-2'), 'Running'),
      'pods "on-2" is forbidden: node "node-1" can only update pod status for pods with spec.nodeName set to itself'],
    ['nor an unbound pod\'s', '1/Node/node-1', statusOf(pod('unbound', ''), 'Running'),
      'pods "unbound" is forbidden: node "node-1" can only update pod status for pods with spec.nodeName set to itself'],
    ['a kubelet confirms its own pod\'s deletion', '1/Pod/default/on-1', { op: 'delete', resource: refs.pods, namespace: 'default', name: 'on-1', gracePeriodSeconds: 0 }, null],
    ['not another node\'s', '1/Pod/default/on-1', { op: 'delete', resource: refs.pods, namespace: 'default', name: 'on-2' },
      'pods "on-2" is forbidden: node "node-1" can only delete pods with spec.nodeName set to itself'],
    ['a kubelet writes no pod spec', '1/Pod/default/on-1', { op: 'update', resource: refs.pods, object: pod('on-1', 'node-1') },
      'pods "on-1" is forbidden: User "system:node:node-1" cannot update resource "pods" in API group "" in the namespace "default"'],
    ['a kubelet renews its own Lease', '1/Node/node-1', lease('node-1'), null],
    ['not another node\'s', '1/Node/node-1', lease('node-2'), 'leases.coordination.k8s.io "node-2" is forbidden: can only access node lease with the same name as the requesting node'],
    ['nor a Lease elsewhere', '1/Node/node-1', lease('node-1', 'default'), 'leases.coordination.k8s.io "node-1" is forbidden: can only access node lease with the same name as the requesting node'],
    ['the scheduler binds', '0/scheduler', { op: 'bind', namespace: 'default', name: 'unbound', uid: 'u', node: 'node-1' }, null],
    ['the scheduler deletes no pods', '0/scheduler', { op: 'delete', resource: refs.pods, namespace: 'default', name: 'on-1' },
      'pods "on-1" is forbidden: User "system:kube-scheduler" cannot delete resource "pods" in API group "" in the namespace "default"'],
    ['the ReplicaSet controller creates pods', '1/ReplicaSet/default/rs', { op: 'create', resource: refs.pods, object: pod('x', '') }, null],
    ['and writes its status', '1/ReplicaSet/default/rs', { op: 'update', resource: refs.replicasets, subresource: 'status', object: { metadata: { name: 'rs', namespace: 'default' } } }, null],
    ['but not a Deployment\'s', '1/ReplicaSet/default/rs', { op: 'update', resource: refs.deployments, subresource: 'status', object: { metadata: { name: 'd', namespace: 'default' } } },
      'deployments.apps "d" is forbidden: User "system:serviceaccount:kube-system:replicaset-controller" cannot update resource "deployments/status" in API group "apps" in the namespace "default"'],
    ['the Deployment controller writes ReplicaSets', '1/Deployment/default/d', { op: 'create', resource: refs.replicasets, object: { metadata: { name: 'rs', namespace: 'default' } } }, null],
    ['the kubelet controller writes nothing', '1/controller/kubelet', lease('node-1'),
      'leases.coordination.k8s.io "node-1" is forbidden: User "system:serviceaccount:kube-system:kubelet-controller" cannot create resource "leases" in API group "coordination.k8s.io" in the namespace "kube-node-lease"'],
    ['a writer the runtime never reported is anonymous', '1/who-knows', lease('node-1'),
      'leases.coordination.k8s.io "node-1" is forbidden: User "system:anonymous" cannot create resource "leases" in API group "coordination.k8s.io" in the namespace "kube-node-lease"'],
    ['and so is no sender at all', null, statusOf(pod('on-1', 'node-1'), 'Running'),
      'pods "on-1" is forbidden: User "system:anonymous" cannot update resource "pods/status" in API group "" in the namespace "default"'],
  ];
  for (const [what, sender, op, message] of table) {
    const r = w.check(sender, op);
    t.same(r, message === null ? null : { ok: false, reason: 'Forbidden', message, code: 403 }, what);
  }
  w.ended('1/Pod/default/on-1');
  t.match(w.check('1/Pod/default/on-1', statusOf(pod('on-1', 'node-1'), 'Running')), { code: 403 }, 'an ended actor\'s address writes as nobody');
});

t.test('through the gateway: a pod worker of node-1 cannot write node-2\'s pod status', async (t) => {
  const { store, runtime } = await gatewayRuntime(t);
  const onNode2 = (await store.create(refs.pods, pod('web', 'node-2'))).object;

  // Probes on the worker thread, spawned as pod workers of node-1 and of node-2.
  const kubelet1 = runtime.spawn('pod', { id: 'Pod/default/web-as-node-1', worker: 1, input: { node: 'node-1' } });
  const kubelet2 = runtime.spawn('pod', { id: 'Pod/default/web-as-node-2', worker: 1, input: { node: 'node-2' } });
  const write = (a: Address, ops: WireOp[]) => runtime.ask<OpResult[]>(a, { type: 'write', ops } as { type: string });

  const refused = await write(kubelet1, [statusOf(onNode2, 'Running')]);
  t.same(refused, [{ ok: false, reason: 'Forbidden', code: 403, message: 'pods "web" is forbidden: node "node-1" can only update pod status for pods with spec.nodeName set to itself' }]);
  t.notOk((await store.get(refs.pods, 'default', 'web')).status?.phase, 'the status was not written');

  const written = await write(kubelet2, [statusOf(onNode2, 'Running')]);
  t.equal(written[0]?.ok, true, 'the pod\'s own node writes it');
  t.equal((await store.get(refs.pods, 'default', 'web')).status?.phase, 'Running');

  const scheduler = runtime.spawn('scheduler', { id: 'scheduler', worker: 1 });
  const [del] = await write(scheduler, [{ op: 'delete', resource: refs.pods, namespace: 'default', name: 'web' }]);
  t.match(del, { ok: false, code: 403, message: /User "system:kube-scheduler" cannot delete resource "pods"/ });
  const nobody = runtime.spawn('unknown', { id: 'nobody', worker: 1 });
  const [anon] = await write(nobody, [statusOf(onNode2, 'Failed')]);
  t.match(anon, { ok: false, code: 403, message: /User "system:anonymous"/ });
  t.equal((await store.get(refs.pods, 'default', 'web')).status?.phase, 'Running');
});

t.test('createCluster with tokens: its own calls use a loopback token; controllers run as their identities', async (t) => {
  const { createCluster } = await import('../src/index.js');
  const cluster = await createCluster({ nodes: 1, workers: 1, tokens: [{ token: 'alice-token', user: 'alice', uid: '', groups: [] }] });
  t.teardown(() => cluster.close());
  await cluster.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  const running = await cluster.waitFor('Pod', 'p', (p) => p.status?.phase === 'Running', { timeoutMs: 20_000 });
  t.equal(running.spec.nodeName, 'node-1', 'scheduled and run by the scheduler and node-1\'s kubelet, through the gateway\'s checks');
  t.equal((await fetch(`${cluster.url}/api/v1/namespaces/default/pods`)).status, 401);
  const denied = await fetch(`${cluster.url}/api/v1/namespaces/default/pods`, { headers: { authorization: 'Bearer alice-token' } });
  t.equal(denied.status, 403);
});
