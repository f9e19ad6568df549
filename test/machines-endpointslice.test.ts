// The EndpointSlices a Service should have (machines/endpointslice/slices.ts): tables of pods and
// existing slices, and the writes planned.
import t from 'tap';
import type { KObject } from '../src/store/types.js';
import { MANAGED_BY, MANAGED_BY_LABEL, MAX_ENDPOINTS_PER_SLICE, SERVICE_NAME_LABEL, endpointOf, planSlices, portsFor } from '../machines/endpointslice/slices.js';
import { planEndpoints, subsetsOf } from '../machines/endpoints/endpoints.js';

const svc = (spec: Record<string, any> = {}): KObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 'svc-uid', labels: { team: 'a' } },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }], ...spec },
});
let n = 0;
function pod(name: string, o: { ip?: string; ready?: boolean; labels?: Record<string, string>; ns?: string; deleting?: boolean; phase?: string; ports?: { name: string; containerPort: number }[] } = {}): KObject {
  n++;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: o.ns ?? 'default', uid: `uid-${name}`, labels: o.labels ?? { app: 'web' }, ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'app', ports: o.ports ?? [] }] },
    status: { phase: o.phase ?? 'Running', ...(o.ip === '' ? {} : { podIP: o.ip ?? `10.0.0.${n}` }), conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
  };
}
const addresses = (s: KObject) => (s.endpoints as any[]).map((e) => e.addresses[0]);

t.test('which pods are endpoints, and how', async (t) => {
  const s = svc();
  t.same(endpointOf(s, pod('a', { ip: '10.0.1.1' })), {
    addresses: ['10.0.1.1'], conditions: { ready: true, serving: true, terminating: false },
    targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' }, nodeName: 'node-1',
  });
  t.same((endpointOf(s, pod('b', { ready: false })) as any).conditions, { ready: false, serving: false, terminating: false }, 'not Ready: listed, not ready');
  t.same((endpointOf(s, pod('c', { deleting: true })) as any).conditions, { ready: false, serving: true, terminating: true }, 'terminating: serving, not ready');
  t.same((endpointOf(svc({ publishNotReadyAddresses: true }), pod('d', { ready: false, deleting: true })) as any).conditions, { ready: true, serving: false, terminating: true }, 'publishNotReadyAddresses: ready whatever; serving is the pod\'s readiness');
  t.equal(endpointOf(s, pod('e', { ip: '' })), null, 'no IP yet');
  t.equal(endpointOf(s, pod('f', { phase: 'Succeeded' })), null, 'finished');
  t.same(portsFor(svc({ ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'web' }, { name: 'm', port: 9090, protocol: 'TCP', targetPort: 9090, appProtocol: 'http' }] }), pod('g', { ports: [{ name: 'web', containerPort: 8081 }] })),
    [{ name: 'http', port: 8081, protocol: 'TCP' }, { name: 'm', port: 9090, protocol: 'TCP', appProtocol: 'http' }], 'a named target port by the container port\'s name');
  t.same(portsFor(svc({ ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'web' }] }), pod('h')), [], 'a name the pod does not have: that port skipped');
});

t.test('new slices: one per port mapping, at most 100 endpoints each, in pod name order', async (t) => {
  const pods = [pod('b'), pod('a'), pod('other', { labels: { app: 'x' } }), pod('elsewhere', { ns: 'other' }), pod('pending', { ip: '' })];
  const plan = planSlices(svc(), pods, []);
  t.equal(plan.create.length, 1);
  const s = plan.create[0]!;
  t.same(s.metadata, {
    generateName: 'web-', namespace: 'default',
    labels: { team: 'a', [SERVICE_NAME_LABEL]: 'web', [MANAGED_BY_LABEL]: MANAGED_BY },
    ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'svc-uid', controller: true, blockOwnerDeletion: true }],
  });
  t.equal(s.addressType, 'IPv4');
  t.same((s.endpoints as any[]).map((e) => e.targetRef.name), ['a', 'b']);
  t.same(s.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);

  const named = svc({ ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'web' }] });
  const split = planSlices(named, [pod('x', { ports: [{ name: 'web', containerPort: 8080 }] }), pod('y', { ports: [{ name: 'web', containerPort: 9000 }] })], []);
  t.same(split.create.map((c) => [(c.ports as any[])[0].port, (c.endpoints as any[]).length]).sort(), [[8080, 1], [9000, 1]], 'pods resolving a port differently: a slice each');

  const many = Array.from({ length: 250 }, (_, i) => pod(`p${String(i).padStart(3, '0')}`, { ip: `10.1.${i >> 8}.${i & 255}` }));
  t.same(planSlices(svc(), many, []).create.map((c) => (c.endpoints as any[]).length), [MAX_ENDPOINTS_PER_SLICE, MAX_ENDPOINTS_PER_SLICE, 50]);

  const none = planSlices(svc(), [], []);
  t.same(none.create.map((c) => [c.endpoints, c.ports]), [[[], []]], 'no pods: one empty slice, as Kubernetes\' placeholder');
});

t.test('existing slices: kept when right, updated in place, surplus deleted, others left alone', async (t) => {
  const [a, b] = [pod('a', { ip: '10.0.9.1' }), pod('b', { ip: '10.0.9.2' })];
  const first = planSlices(svc(), [a, b], []).create[0]!;
  const stored = { ...first, metadata: { ...first.metadata, name: 'web-abcde', uid: 'slice-1', resourceVersion: '7' } } as KObject;
  const unmanaged: KObject = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-manual', namespace: 'default', labels: { [SERVICE_NAME_LABEL]: 'web' } }, addressType: 'IPv4', endpoints: [], ports: [] };

  const same = planSlices(svc(), [b, a], [stored, unmanaged]);
  t.same([same.create.length, same.update.length, same.delete.length], [0, 0, 0], 'the same pods: nothing to write');

  const fewer = planSlices(svc(), [a], [stored, unmanaged]);
  t.equal(fewer.update.length, 1);
  t.same(addresses(fewer.update[0]!), ['10.0.9.1']);
  t.equal(fewer.update[0]!.metadata.resourceVersion, '7', 'a conditional update of the slice as read');

  const extra = { ...stored, metadata: { ...stored.metadata, name: 'web-zzzzz', uid: 'slice-2' } } as KObject;
  const twice = planSlices(svc(), [a, b], [stored, extra]);
  t.same(twice.delete.map((s) => s.metadata.name), ['web-zzzzz'], 'a second slice for the same pods goes');

  const repointed = planSlices(svc({ ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 9090 }] }), [a, b], [stored]);
  t.same([repointed.create.length, repointed.delete.map((s) => s.metadata.name)], [1, ['web-abcde']], 'new ports: a new slice, the old one deleted');

  const stale = { ...stored, metadata: { ...stored.metadata, name: 'web-old', uid: 'slice-3', ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'an-earlier-web', controller: true }] } } as KObject;
  const adopted = planSlices(svc(), [a, b], [stored, stale]);
  t.same([adopted.update.length, adopted.delete.map((s) => s.metadata.name)], [0, ['web-old']], 'a slice of an earlier Service of the same name is not adopted: it goes');

  const unselected = planSlices(svc({ selector: undefined }), [a, b], [stored, unmanaged]);
  t.same([unselected.create.length, unselected.delete.map((s) => s.metadata.name)], [0, ['web-abcde']], 'selector removed: its slices go, not the ones someone else keeps');
  t.same(planSlices(svc({ type: 'ExternalName', externalName: 'db.example.com' }), [a], [stored]).delete.length, 1, 'ExternalName: none');
});

t.test('core/v1 Endpoints: ready and not-ready addresses by port mapping, terminating pods left out', async (t) => {
  const s = svc();
  const subsets = subsetsOf(s, [pod('b', { ip: '10.0.2.1' }), pod('a', { ip: '10.0.10.1' }), pod('c', { ip: '10.0.3.1', ready: false }), pod('d', { ip: '10.0.4.1', deleting: true }), pod('e', { ip: '' })]);
  t.same(subsets, [{
    addresses: [
      { ip: '10.0.2.1', targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: 'uid-b' }, nodeName: 'node-1' },
      { ip: '10.0.10.1', targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' }, nodeName: 'node-1' },
    ],
    notReadyAddresses: [{ ip: '10.0.3.1', targetRef: { kind: 'Pod', namespace: 'default', name: 'c', uid: 'uid-c' }, nodeName: 'node-1' }],
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  }], 'sorted by IP as numbers');
  t.same(subsetsOf(svc({ publishNotReadyAddresses: true }), [pod('d', { ip: '10.0.4.1', deleting: true, ready: false })]).map((x: any) => x.addresses.length), [1], 'publishNotReadyAddresses: every pod with an IP is an address');
  const made = planEndpoints(s, [pod('a', { ip: '10.0.0.9' })], undefined)!.create!;
  t.same([made.metadata.name, made.metadata.labels, (made.subsets as any[]).length], ['web', { team: 'a' }, 1]);
  const stored = { ...made, metadata: { ...made.metadata, uid: 'ep', resourceVersion: '4' } } as KObject;
  t.equal(planEndpoints(s, [pod('a', { ip: '10.0.0.9' })], stored), null, 'right already: nothing to write');
  const emptied = planEndpoints(s, [], stored)!.update!;
  t.equal(emptied.subsets, undefined, 'no endpoints: no subsets');
  t.equal(emptied.metadata.resourceVersion, '4');
  t.equal(planEndpoints(svc({ selector: undefined }), [], stored), null, 'a Service without a selector: its Endpoints are someone else\'s');
});
