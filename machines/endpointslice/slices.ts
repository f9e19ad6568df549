// The EndpointSlices a Service should have, from the pods its selector picks, and the writes that
// take what it has there: Kubernetes' EndpointSlice controller's reconciler, pure. Each pod with
// an IP and not finished is an endpoint (a terminating one too, marked so); its ports are the
// Service's target ports as that pod resolves them (a named one by its container port's name,
// skipped where the pod has none), and pods resolving them alike share slices of at most 100.
// A Service that picks no pod keeps one empty slice, as Kubernetes' placeholder.
import type { KObject } from '../../src/store/types.js';
import { isPodReady } from '../replicaset/pods.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
export const MAX_ENDPOINTS_PER_SLICE = 100;

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The Service's selector, or null when it has none (its endpoints are someone else's to keep) or is ExternalName. */
export function selectorOf(svc: KObject): Record<string, string> | null {
  const sel = svc.spec?.selector;
  if (svc.spec?.type === 'ExternalName' || !isObj(sel) || Object.keys(sel).length === 0) return null;
  return sel as Record<string, string>;
}

export function selects(sel: Record<string, string>, pod: KObject): boolean {
  const labels = pod.metadata?.labels ?? {};
  for (const k in sel) if (labels[k] !== sel[k]) return false;
  return true;
}

export interface EndpointPort { name: string; port: number; protocol: string; appProtocol?: string }


/** The pod's ports for the Service: each target port as the pod resolves it. */
export function portsFor(svc: KObject, pod: KObject): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of Array.isArray(svc.spec?.ports) ? svc.spec.ports : []) {
    const target = sp?.targetPort ?? sp?.port;
    let port: number | undefined;
    if (typeof target === 'number') port = target;
    else if (typeof target === 'string') {
      for (const c of pod.spec?.containers ?? []) {
        const cp = (c.ports ?? []).find((p: { name?: string; protocol?: string }) => p.name === target && (p.protocol ?? 'TCP') === (sp.protocol ?? 'TCP'));
        if (cp) { port = cp.containerPort; break; }
      }
    }
    if (port === undefined) continue;
    const p: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (typeof sp.appProtocol === 'string') p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out;
}

/** The endpoint a pod is for the Service, or null when it is none (no IP yet, or finished). */
export function endpointOf(svc: KObject, pod: KObject): Record<string, unknown> | null {
  const ip = pod.status?.podIP;
  const phase = pod.status?.phase;
  if (typeof ip !== 'string' || ip === '' || phase === 'Succeeded' || phase === 'Failed') return null;
  const publish = svc.spec?.publishNotReadyAddresses === true;
  const terminating = Boolean(pod.metadata?.deletionTimestamp);
  const serving = isPodReady(pod);
  const e: Record<string, unknown> = {
    addresses: [ip],
    // Never ready while terminating, unless the Service publishes not-ready addresses.
    conditions: { ready: publish || (serving && !terminating), serving, terminating },
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
  };
  if (typeof pod.spec?.nodeName === 'string' && pod.spec.nodeName) e.nodeName = pod.spec.nodeName;
  return e;
}

export interface SlicePlan {
  create: KObject[];
  /** existing slices with new content (their metadata kept, so the write is conditional) */
  update: KObject[];
  delete: KObject[];
}

/** The labels of the Service's slices: its own, and the two that say whose they are. */
function sliceLabels(svc: KObject): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  delete labels[MANAGED_BY_LABEL];
  if (svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
  labels[SERVICE_NAME_LABEL] = svc.metadata.name!;
  labels[MANAGED_BY_LABEL] = MANAGED_BY;
  return labels;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Ports as one key, whether planned here or read back from a stored slice (with the API's defaults). */
const portsKey = (ports: readonly Partial<EndpointPort>[]): string =>
  JSON.stringify(ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP', ...(p.appProtocol !== undefined ? { appProtocol: p.appProtocol } : {}) })));

/** `pods`: those the selector picks (more are ignored); `existing`: the Service's slices. */
export function planSlices(svc: KObject, pods: KObject[], existing: KObject[]): SlicePlan {
  const sel = selectorOf(svc);
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const managed = existing.filter((s) => s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY && !s.metadata.deletionTimestamp);
  // A managed slice with this Service's name but another owner (a Service of that name before
  // this one) is not adopted: it goes, as Kubernetes' reconciler deletes it.
  const ownedHere = (s: KObject) => (s.metadata.ownerReferences ?? []).some((o) => o.controller && o.uid === svc.metadata.uid);
  const mine = managed.filter(ownedHere);
  plan.delete.push(...managed.filter((s) => !ownedHere(s)));
  if (!sel) { plan.delete.push(...mine); return plan; }
  // Endpoints grouped by how they resolve the ports, in pod name order (stable slices).
  const groups = new Map<string, { ports: EndpointPort[]; endpoints: Record<string, unknown>[] }>();
  for (const pod of [...pods].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0))) {
    if (pod.metadata.namespace !== svc.metadata.namespace || !selects(sel, pod)) continue;
    const e = endpointOf(svc, pod);
    if (!e) continue;
    const ports = portsFor(svc, pod);
    const key = portsKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: [] }));
    g.endpoints.push(e);
  }
  if (groups.size === 0) groups.set('[]', { ports: [], endpoints: [] });
  const labels = sliceLabels(svc);
  const owner = { apiVersion: 'v1', kind: 'Service', name: svc.metadata.name!, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true };
  const byKey = new Map<string, KObject[]>();
  for (const s of [...mine].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))) {
    const key = portsKey(s.ports ?? []);
    let l = byKey.get(key);
    if (!l) byKey.set(key, (l = []));
    l.push(s);
  }
  for (const [key, g] of groups) {
    const chunks: Record<string, unknown>[][] = [];
    for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) chunks.push(g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE));
    if (chunks.length === 0) chunks.push([]);
    const have = byKey.get(key) ?? [];
    byKey.delete(key);
    chunks.forEach((endpoints, i) => {
      const s = have[i];
      if (!s) {
        plan.create.push({
          apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
          metadata: { generateName: `${svc.metadata.name}-`, namespace: svc.metadata.namespace, labels, ownerReferences: [owner] },
          addressType: 'IPv4', endpoints, ports: g.ports,
        });
      } else if (!same(s.endpoints ?? [], endpoints) || !same(s.metadata.labels ?? {}, labels)) {
        plan.update.push({ ...s, metadata: { ...s.metadata, labels }, endpoints, ports: g.ports });
      }
    });
    plan.delete.push(...have.slice(chunks.length));
  }
  for (const rest of byKey.values()) plan.delete.push(...rest);
  return plan;
}
