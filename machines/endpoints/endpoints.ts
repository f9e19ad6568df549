// The core/v1 Endpoints of a Service (the older form of its EndpointSlices, still what
// `kubectl get endpoints` lists): Kubernetes' endpoints controller, pure. One object, named as
// the Service, with a subset per way of resolving its ports: ready pods in `addresses`, the
// others in `notReadyAddresses`, terminating pods left out (unless the Service publishes
// not-ready addresses). Addresses sorted by IP, ports by name, as Kubernetes repacks them.
import type { KObject } from '../../src/store/types.js';
import { ipv4ToNumber } from '../../src/api/services/ranges.js';
import { isPodReady } from '../replicaset/pods.js';
import { portsFor, selectorOf, selects, type EndpointPort } from '../endpointslice/slices.js';

const ipOrder = (a: { ip: string }, b: { ip: string }) => (ipv4ToNumber(a.ip) ?? 0) - (ipv4ToNumber(b.ip) ?? 0);

/** The subsets the Service's pods make. */
export function subsetsOf(svc: KObject, pods: KObject[]): Record<string, unknown>[] {
  const sel = selectorOf(svc);
  if (!sel) return [];
  const publish = svc.spec?.publishNotReadyAddresses === true;
  const groups = new Map<string, { ports: EndpointPort[]; addresses: any[]; notReadyAddresses: any[] }>();
  for (const pod of pods) {
    if (pod.metadata.namespace !== svc.metadata.namespace || !selects(sel, pod)) continue;
    const ip = pod.status?.podIP;
    const phase = pod.status?.phase;
    if (typeof ip !== 'string' || ip === '' || phase === 'Succeeded' || phase === 'Failed') continue;
    if (pod.metadata.deletionTimestamp && !publish) continue;
    const ports = portsFor(svc, pod).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (ports.length === 0 && (svc.spec?.ports ?? []).length > 0) continue;
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, addresses: [], notReadyAddresses: [] }));
    const address: Record<string, unknown> = { ip, targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid } };
    if (typeof pod.spec?.nodeName === 'string' && pod.spec.nodeName) address.nodeName = pod.spec.nodeName;
    (publish || isPodReady(pod) ? g.addresses : g.notReadyAddresses).push(address);
  }
  return [...groups.values()].map((g) => {
    const subset: Record<string, unknown> = {};
    if (g.addresses.length) subset.addresses = g.addresses.sort(ipOrder);
    if (g.notReadyAddresses.length) subset.notReadyAddresses = g.notReadyAddresses.sort(ipOrder);
    if (g.ports.length) subset.ports = g.ports;
    return subset;
  });
}

/**
 * The write that makes `existing` (the Endpoints named as the Service, if any) what the Service's
 * pods say, or null when it is right already. A Service without a selector keeps whatever
 * Endpoints someone else writes for it.
 */
export function planEndpoints(svc: KObject, pods: KObject[], existing: KObject | undefined): { create?: KObject; update?: KObject } | null {
  if (!selectorOf(svc)) return null;
  const subsets = subsetsOf(svc, pods);
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  if (svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
  // (no endpoints: no subsets at all, as Kubernetes stores it)
  const body = subsets.length ? { subsets } : {};
  if (!existing) {
    return { create: { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace, labels }, ...body } };
  }
  if (JSON.stringify(existing.subsets ?? []) === JSON.stringify(subsets) && JSON.stringify(existing.metadata.labels ?? {}) === JSON.stringify(labels)) return null;
  const { subsets: _old, ...rest } = existing;
  return { update: { ...rest, metadata: { ...existing.metadata, labels }, ...body } };
}
