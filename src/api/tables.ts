// Server-side Table columns and cells, as kube-apiserver's printers compute
// them (pkg/printers/internalversion/printers.go). Cells always include the
// wide columns (priority 1): the server prints wide, kubectl hides them
// unless `-o wide`. Ages read like duration.HumanDuration.

import type { KObject } from '../store/types.js';
import { labelRequirementsFromObject, labelRequirementsString } from '../store/selectors.js';
import { canonicalQuantity } from './quantity.js';

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  /** 0: always shown; 1: only with -o wide */
  priority: number;
}

const NAME_DOC =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const AGE_DOC =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

const col = (name: string, type: string, description: string, priority = 0, format = ''): ColumnDefinition => ({
  name, type, format, description, priority,
});
export const NAME_COLUMN = col('Name', 'string', NAME_DOC, 0, 'name');
export const AGE_COLUMN = col('Age', 'string', AGE_DOC);

// Its own module so the command-line client can print ages without loading the API.
import { humanDuration } from './human-duration.js';
export { humanDuration };

/** translateTimestampSince: '<unknown>' for a missing time. */
export function age(timestamp: unknown, now: number): string {
  if (typeof timestamp !== 'string' || !timestamp) return '<unknown>';
  const t = Date.parse(timestamp);
  if (Number.isNaN(t) || t <= Date.parse('0001-01-01T00:00:00Z')) return '<unknown>';
  return humanDuration(now - t);
}

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const int = (v: unknown): number => (typeof v === 'number' ? v : 0);
const name = (o: KObject): string => o.metadata?.name ?? '';

function selectorString(sel: unknown): string {
  try {
    const reqs = labelRequirementsFromObject(isObj(sel) ? (sel as any) : null);
    if (reqs === null) return ''; // labels.Nothing() prints as ''
    // Requirement.String() prints multi-value sets sorted (safeSort), whatever the object's order.
    return labelRequirementsString(reqs.map((r) => ({ ...r, values: [...r.values].sort() })));
  } catch {
    return '<invalid>';
  }
}

function containerCells(template: unknown): [string, string] {
  const cs = arr(isObj(template) ? template.spec?.containers : undefined);
  return [cs.map((c) => c?.name ?? '').join(','), cs.map((c) => c?.image ?? '').join(',')];
}

// ─────────────────────────── pods ───────────────────────────

export const POD_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN,
  col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
  col('Status', 'string', 'The aggregate status of the containers in this pod.'),
  col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
  AGE_COLUMN,
  col('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
  col('Node', 'string', 'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName.', 1),
  col('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.', 1),
  col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
];

const isRestartableInit = (c: unknown): boolean => isObj(c) && c.restartPolicy === 'Always';

export function podCells(pod: KObject, now: number): unknown[] {
  const spec = isObj(pod.spec) ? pod.spec : {};
  const status = isObj(pod.status) ? pod.status : {};
  const conditions = arr(status.conditions);
  const initSpecs = new Map<string, any>(arr(spec.initContainers).map((c) => [c?.name, c]));
  const total = arr(spec.containers).length + arr(spec.initContainers).filter(isRestartableInit).length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = 0;
  let lastSidecarRestart = 0;
  const phase = String(status.phase ?? '');
  let reason = status.reason ? String(status.reason) : phase;
  for (const c of conditions) if (c?.type === 'PodScheduled' && c?.reason === 'SchedulingGated') reason = 'SchedulingGated';
  const finishedAt = (cs: any): number => {
    const t = cs?.lastState?.terminated?.finishedAt;
    return typeof t === 'string' ? Date.parse(t) || 0 : 0;
  };

  let initializing = false;
  const initStatuses = arr(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    restarts += int(cs?.restartCount);
    lastRestart = Math.max(lastRestart, finishedAt(cs));
    const sidecar = isRestartableInit(initSpecs.get(cs?.name));
    if (sidecar) {
      sidecarRestarts += int(cs?.restartCount);
      lastSidecarRestart = Math.max(lastSidecarRestart, finishedAt(cs));
    }
    const term = cs?.state?.terminated;
    const waiting = cs?.state?.waiting;
    if (term && int(term.exitCode) === 0) continue;
    if (sidecar && cs?.started === true) {
      if (cs?.ready) ready++;
      continue;
    }
    if (term) {
      reason = term.reason
        ? `Init:${term.reason}`
        : term.signal
          ? `Init:Signal:${term.signal}`
          : `Init:ExitCode:${int(term.exitCode)}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${arr(spec.initContainers).length}`;
    }
    initializing = true;
    break;
  }

  const initializedTrue = conditions.some((c) => c?.type === 'Initialized' && c?.status === 'True');
  if (!initializing || initializedTrue) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = arr(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += int(cs?.restartCount);
      lastRestart = Math.max(lastRestart, finishedAt(cs));
      const st = isObj(cs?.state) ? cs.state : {};
      if (st.waiting?.reason) reason = st.waiting.reason;
      else if (st.terminated?.reason) reason = st.terminated.reason;
      else if (st.terminated) reason = st.terminated.signal ? `Signal:${st.terminated.signal}` : `ExitCode:${int(st.terminated.exitCode)}`;
      else if (cs?.ready && st.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditions.some((c) => c?.type === 'Ready' && c?.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  const deleting = !!pod.metadata?.deletionTimestamp;
  if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  const restartsCell = restarts !== 0 && lastRestart > 0 ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  const podIP = arr(status.podIPs)[0]?.ip || '<none>';
  let gates = '<none>';
  const readinessGates = arr(spec.readinessGates);
  if (readinessGates.length) {
    const trueCount = readinessGates.filter((g) => conditions.find((c) => c?.type === g?.conditionType)?.status === 'True').length;
    gates = `${trueCount}/${readinessGates.length}`;
  }
  return [
    name(pod),
    `${ready}/${total}`,
    reason,
    restartsCell,
    age(pod.metadata?.creationTimestamp, now),
    podIP,
    spec.nodeName || '<none>',
    status.nominatedNodeName || '<none>',
    gates,
  ];
}

// ─────────────────────────── apps ───────────────────────────

const CONTAINERS_COLUMN = col('Containers', 'string', 'Names of each container in the template.', 1);
const IMAGES_COLUMN = col('Images', 'string', 'Images referenced by each container in the template.', 1);
const SELECTOR_COLUMN = col('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', 1);

export const DEPLOYMENT_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN,
  col('Ready', 'string', 'Number of the pod with ready state'),
  col('Up-to-date', 'integer', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
  col('Available', 'integer', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  SELECTOR_COLUMN,
];

export function deploymentCells(d: KObject, now: number): unknown[] {
  const spec = isObj(d.spec) ? d.spec : {};
  const status = isObj(d.status) ? d.status : {};
  const [containers, images] = containerCells(spec.template);
  return [
    name(d),
    `${int(status.readyReplicas)}/${int(spec.replicas)}`,
    int(status.updatedReplicas),
    int(status.availableReplicas),
    age(d.metadata?.creationTimestamp, now),
    containers,
    images,
    selectorString(spec.selector),
  ];
}

export const REPLICASET_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN,
  col('Desired', 'integer', 'Replicas is the number of desired pods.'),
  col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
  col('Ready', 'integer', 'The number of ready replicas for this replica set. A pod is counted as ready when it has a Ready condition.'),
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  col('Selector', 'string', 'Selector is a label query over pods that should match the replica count.', 1),
];

export function replicaSetCells(rs: KObject, now: number): unknown[] {
  const spec = isObj(rs.spec) ? rs.spec : {};
  const status = isObj(rs.status) ? rs.status : {};
  const [containers, images] = containerCells(spec.template);
  return [
    name(rs),
    int(spec.replicas),
    int(status.replicas),
    int(status.readyReplicas),
    age(rs.metadata?.creationTimestamp, now),
    containers,
    images,
    selectorString(spec.selector),
  ];
}

export const STATEFULSET_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN,
  col('Ready', 'string', 'Number of the pod with ready state'),
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
];

export function statefulSetCells(s: KObject, now: number): unknown[] {
  const spec = isObj(s.spec) ? s.spec : {};
  const status = isObj(s.status) ? s.status : {};
  const [containers, images] = containerCells(spec.template);
  return [name(s), `${int(status.readyReplicas)}/${int(spec.replicas)}`, age(s.metadata?.creationTimestamp, now), containers, images];
}

// ─────────────────────────── core ───────────────────────────

export const NODE_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN,
  col('Status', 'string', 'The status of the node'),
  col('Roles', 'string', 'The roles of the node'),
  AGE_COLUMN,
  col('Version', 'string', 'Kubelet Version reported by the node.'),
  col('Internal-IP', 'string', 'List of addresses reachable to the node.', 1),
  col('External-IP', 'string', 'List of addresses reachable to the node.', 1),
  col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
  col('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
  col('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
];

/** findNodeRoles: node-role.kubernetes.io/<role> labels and kubernetes.io/role=<role>, sorted. */
export function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return [...roles].sort();
}

export function nodeCells(n: KObject, now: number): unknown[] {
  const status = isObj(n.status) ? n.status : {};
  const statuses: string[] = [];
  const readyCond = arr(status.conditions).filter((c) => c?.type === 'Ready').pop();
  if (readyCond) statuses.push(readyCond.status === 'True' ? 'Ready' : 'NotReady');
  if (statuses.length === 0) statuses.push('Unknown');
  if (n.spec?.unschedulable === true) statuses.push('SchedulingDisabled');
  const roles = nodeRoles(n.metadata?.labels).join(',') || '<none>';
  const info = isObj(status.nodeInfo) ? status.nodeInfo : {};
  const address = (type: string) => arr(status.addresses).find((a) => a?.type === type)?.address || '<none>';
  return [
    name(n),
    statuses.join(','),
    roles,
    age(n.metadata?.creationTimestamp, now),
    info.kubeletVersion ?? '',
    address('InternalIP'),
    address('ExternalIP'),
    info.osImage || '<unknown>',
    info.kernelVersion || '<unknown>',
    info.containerRuntimeVersion || '<unknown>',
  ];
}

export const NAMESPACE_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN,
  col('Status', 'string', 'The status of the namespace'),
  AGE_COLUMN,
];

export const namespaceCells = (ns: KObject, now: number): unknown[] => [
  name(ns),
  ns.status?.phase ?? '',
  age(ns.metadata?.creationTimestamp, now),
];

export const SECRET_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN,
  col('Type', 'string', 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types'),
  col('Data', 'string', 'Data contains the secret data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4'),
  AGE_COLUMN,
];

export const secretCells = (s: KObject, now: number): unknown[] => [
  name(s),
  s.type ?? '',
  Object.keys(isObj(s.data) ? s.data : {}).length,
  age(s.metadata?.creationTimestamp, now),
];

export const CONFIGMAP_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN,
  col('Data', 'string', 'Data contains the configuration data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.'),
  AGE_COLUMN,
];

export const configMapCells = (c: KObject, now: number): unknown[] => [
  name(c),
  Object.keys(isObj(c.data) ? c.data : {}).length + Object.keys(isObj(c.binaryData) ? c.binaryData : {}).length,
  age(c.metadata?.creationTimestamp, now),
];

export const SERVICEACCOUNT_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN,
  col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'),
  AGE_COLUMN,
];

export const serviceAccountCells = (sa: KObject, now: number): unknown[] => [
  name(sa),
  arr(sa.secrets).length,
  age(sa.metadata?.creationTimestamp, now),
];

export const EVENT_COLUMNS: ColumnDefinition[] = [
  col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
  col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
  col('Reason', 'string', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
  col('Object', 'string', 'The object that this event is about.'),
  col('Subobject', 'string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', 1),
  col('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', 1),
  col('Message', 'string', 'A human-readable description of the status of this operation.'),
  col('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
  col('Count', 'string', 'The number of times this event has occurred.', 1),
  { ...NAME_COLUMN, priority: 1 },
];

export function eventCells(e: KObject, now: number): unknown[] {
  let first = age(e.firstTimestamp, now);
  if (!e.firstTimestamp) first = age(e.eventTime, now);
  let last = e.lastTimestamp ? age(e.lastTimestamp, now) : first;
  let count = int(e.count);
  if (isObj(e.series)) {
    last = age(e.series.lastObservedTime, now);
    count = int(e.series.count);
  } else if (count === 0) count = 1;
  const io = isObj(e.involvedObject) ? e.involvedObject : {};
  const kind = String(io.kind ?? '').toLowerCase();
  const target = io.name ? `${kind}/${io.name}` : kind;
  const component = e.source?.component || e.reportingComponent || '';
  const instance = e.source?.host || e.reportingInstance || '';
  const source = instance ? `${component}, ${instance}` : component;
  return [last, e.type ?? '', e.reason ?? '', target, io.fieldPath ?? '', source, String(e.message ?? '').trim(), first, count, name(e)];
}

// ─────────────────────────── autoscaling, coordination ───────────────────────────

export const HPA_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN,
  col('Reference', 'string', 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.'),
  col('Targets', 'string', 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).'),
  col('MinPods', 'string', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
  col('MaxPods', 'string', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'),
  col('Replicas', 'string', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.'),
  AGE_COLUMN,
];

const q = (v: unknown): string => canonicalQuantity(v) ?? String(v ?? '');

/** formatHPAMetrics: at most two metrics, then "+ N more...". */
export function hpaTargets(specs: unknown, statuses: unknown): string {
  const list: string[] = [];
  const sp = arr(specs);
  const st = arr(statuses);
  if (sp.length === 0) return '<none>';
  sp.forEach((m, i) => {
    const cur = st[i];
    switch (m?.type) {
      case 'External':
      case 'Object': {
        const src = m?.type === 'External' ? 'external' : 'object';
        const t = m?.[src]?.target ?? {};
        const c = cur?.[src]?.current;
        if (t.averageValue !== undefined) list.push(`${c?.averageValue !== undefined ? q(c.averageValue) : '<unknown>'}/${q(t.averageValue)} (avg)`);
        else list.push(`${c ? q(c.value) : '<unknown>'}/${q(t.value)}`);
        break;
      }
      case 'Pods':
        list.push(`${cur?.pods ? q(cur.pods.current?.averageValue) : '<unknown>'}/${q(m?.pods?.target?.averageValue)}`);
        break;
      case 'Resource':
      case 'ContainerResource': {
        const src = m.type === 'Resource' ? 'resource' : 'containerResource';
        const r = m?.[src] ?? {};
        const c = cur?.[src];
        const prefix = `${r.name ?? ''}: `;
        if (r.target?.averageValue !== undefined) {
          list.push(`${prefix}${c ? q(c.current?.averageValue) : '<unknown>'}/${q(r.target.averageValue)}`);
        } else {
          const current = typeof c?.current?.averageUtilization === 'number' ? `${c.current.averageUtilization}%` : '<unknown>';
          const target = typeof r.target?.averageUtilization === 'number' ? `${r.target.averageUtilization}%` : '<auto>';
          list.push(`${prefix}${current}/${target}`);
        }
        break;
      }
      default:
        list.push('<unknown type>');
    }
  });
  return list.length > 2 ? `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...` : list.join(', ');
}

export function hpaCells(h: KObject, now: number): unknown[] {
  const spec = isObj(h.spec) ? h.spec : {};
  const ref = isObj(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
  return [
    name(h),
    `${ref.kind ?? ''}/${ref.name ?? ''}`,
    hpaTargets(spec.metrics, h.status?.currentMetrics),
    typeof spec.minReplicas === 'number' ? String(spec.minReplicas) : '<unset>',
    int(spec.maxReplicas),
    int(h.status?.currentReplicas),
    age(h.metadata?.creationTimestamp, now),
  ];
}

export const LEASE_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN,
  col('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.'),
  AGE_COLUMN,
];

export const leaseCells = (l: KObject, now: number): unknown[] => [
  name(l),
  l.spec?.holderIdentity ?? '',
  age(l.metadata?.creationTimestamp, now),
];

// rbac.authorization.k8s.io/v1: roles list their creation time, bindings the role and who is bound.
export const ROLE_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN,
  col('Created At', 'date', 'CreationTimestamp is a timestamp representing the server time when this object was created.'),
];

export const roleCells = (r: KObject): unknown[] => [
  name(r),
  typeof r.metadata?.creationTimestamp === 'string' ? r.metadata.creationTimestamp : '',
];

export const ROLEBINDING_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN,
  col('Role', 'string', 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.'),
  AGE_COLUMN,
  col('Users', 'string', 'Users in the binding', 1),
  col('Groups', 'string', 'Groups in the binding', 1),
  col('ServiceAccounts', 'string', 'ServiceAccounts in the binding', 1),
];

export function roleBindingCells(b: KObject, now: number): unknown[] {
  const subjects: { kind?: string; name?: string; namespace?: string }[] = Array.isArray(b.subjects) ? b.subjects : [];
  const of = (kind: string) => subjects.filter((s) => s?.kind === kind).map((s) => kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name ?? ''}` : s.name ?? '').join(', ');
  return [
    name(b),
    b.roleRef ? `${b.roleRef.kind ?? ''}/${b.roleRef.name ?? ''}` : '',
    age(b.metadata?.creationTimestamp, now),
    of('User'),
    of('Group'),
    of('ServiceAccount'),
  ];
}

// ─────────────────────────── services ───────────────────────────

export const SERVICE_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN,
  col('Type', 'string', 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.'),
  col('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
  col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
  col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
  AGE_COLUMN,
  col('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', 1),
];

/** printService's EXTERNAL-IP: by type; a load balancer not yet given an address is <pending>. */
function serviceExternalIP(spec: Record<string, any>, status: Record<string, any>): string {
  const externalIPs: string[] = arr(spec.externalIPs).filter((s) => typeof s === 'string');
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP': case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = arr(status.loadBalancer?.ingress).map((i) => i?.ip || i?.hostname || '').filter(Boolean);
      const all = [...lb, ...externalIPs];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return String(spec.externalName ?? '');
  }
  return '<unknown>';
}

export function serviceCells(s: KObject, now: number): unknown[] {
  const spec = isObj(s.spec) ? s.spec : {};
  const ips = arr(spec.clusterIPs);
  const ports = arr(spec.ports).map((p) => `${int(p?.port)}${int(p?.nodePort) > 0 ? `:${int(p.nodePort)}` : ''}/${p?.protocol ?? ''}`).join(',');
  const selector = isObj(spec.selector) ? Object.keys(spec.selector).sort().map((k) => `${k}=${String(spec.selector[k])}`).join(',') : '';
  return [
    name(s),
    String(spec.type ?? ''),
    ips.length ? String(ips[0]) : '<none>',
    serviceExternalIP(spec, isObj(s.status) ? s.status : {}),
    ports || '<none>',
    age(s.metadata?.creationTimestamp, now),
    selector || '<none>',
  ];
}

// ─────────────────────────── endpoint slices ───────────────────────────

export const ENDPOINTSLICE_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN,
  col('AddressType', 'string', 'addressType specifies the type of address carried by this EndpointSlice.'),
  col('Ports', 'string', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
  col('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice.'),
  AGE_COLUMN,
];

/** listWithMoreString: the first three, then "+ N more..."; nothing is <unset>. */
function firstThree(items: string[]): string {
  if (items.length > 3) return `${items.slice(0, 3).join(',')} + ${items.length - 3} more...`;
  return items.length ? items.join(',') : '<unset>';
}

export const endpointSliceCells = (s: KObject, now: number): unknown[] => [
  name(s),
  String(s.addressType ?? ''),
  firstThree(arr(s.ports).map((p) => (typeof p?.port === 'number' ? String(p.port) : typeof p?.name === 'string' ? p.name : '*'))),
  firstThree(arr(s.endpoints).flatMap((e) => arr(e?.addresses).map(String))),
  age(s.metadata?.creationTimestamp, now),
];

// ─────────────────────────── endpoints ───────────────────────────

export const ENDPOINTS_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN,
  col('Endpoints', 'string', 'Endpoints is the list of endpoints in this subset.'),
  AGE_COLUMN,
];

/** formatEndpoints: ip:port for each ready address and port, the first three, then "+ N more...". */
function endpointsCell(e: KObject): string {
  const subsets = arr(e.subsets);
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses = arr(ss?.addresses).map((a) => String(a?.ip ?? ''));
    const ports = arr(ss?.ports);
    if (ports.length === 0) { count += addresses.length; list.push(...addresses); continue; }
    for (const p of ports) { count += addresses.length; list.push(...addresses.map((ip) => `${ip}:${int(p?.port)}`)); }
  }
  return count > 3 ? `${list.slice(0, 3).join(',')} + ${count - 3} more...` : list.join(',');
}

export const endpointsCells = (e: KObject, now: number): unknown[] => [name(e), endpointsCell(e), age(e.metadata?.creationTimestamp, now)];
