// One describe page per kind, laid out as kubectl's describers lay them out
// (Deployment, ReplicaSet, Pod, Node, Secret, ConfigMap), and a generic page
// for the rest: every field of spec and status, nested. Pure: the object and
// what describe fetched next to it come in, aligned text goes out.
import { DescribeText, describeTime, eventsSection, show } from './describe-text.js';
import { REVISION_ANNOTATION } from './rollout-logic.js';
import { labelSelectorString } from './selector.js';
import { DESCRIBE_TABS, tabwrite } from './tabwriter.js';

export interface DescribeInput {
  obj: any;
  events: any[];
  /** Deployment: its ReplicaSets; ReplicaSet: its pods. */
  related?: any[];
  now: number;
}

export function describePage(input: DescribeInput): string {
  const out = new DescribeText();
  const describer = DESCRIBERS[input.obj?.kind] ?? genericPage;
  describer(out, input);
  eventsSection(out, input.events, input.now);
  return tabwrite(out.toString(), DESCRIBE_TABS);
}

type Describer = (out: DescribeText, input: DescribeInput) => void;

const DESCRIBERS: Record<string, Describer> = {
  Deployment: deploymentPage,
  ReplicaSet: replicaSetPage,
  Pod: podPage,
  Node: nodePage,
  Secret: (out, { obj }) => dataPage(out, obj, true),
  ConfigMap: (out, { obj }) => dataPage(out, obj, false),
};

function header(out: DescribeText, obj: any): void {
  out.line(0, 'Name', obj.metadata?.name);
  if (obj.metadata?.namespace) out.line(0, 'Namespace', obj.metadata.namespace);
}

function controlledBy(obj: any): string | undefined {
  const ref = (obj.metadata?.ownerReferences ?? []).find((r: any) => r?.controller);
  return ref ? `${ref.kind}/${ref.name}` : undefined;
}

function conditionsTable(out: DescribeText, conditions: any[] | undefined, columns: string[]): void {
  if (!conditions?.length) return;
  out.line(0, 'Conditions');
  out.raw(1, columns.join('\t'));
  out.raw(1, columns.map((c) => '-'.repeat(c.length)).join('\t'));
  for (const c of conditions) {
    const cell = (col: string): string => {
      const key = col.charAt(0).toLowerCase() + col.slice(1);
      const v = c[key];
      return /Time$/.test(col) ? describeTime(v) : v === undefined ? '' : String(v);
    };
    out.raw(1, columns.map(cell).join('\t'));
  }
}

// ─── workloads ───

function deploymentPage(out: DescribeText, { obj, related = [] }: DescribeInput): void {
  const spec = obj.spec ?? {};
  const st = obj.status ?? {};
  header(out, obj);
  out.line(0, 'CreationTimestamp', describeTime(obj.metadata?.creationTimestamp));
  out.labels(0, 'Labels', obj.metadata?.labels);
  out.annotations(0, obj.metadata?.annotations);
  out.line(0, 'Selector', labelSelectorString(spec.selector));
  out.line(0, 'Replicas', `${spec.replicas ?? 0} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable`);
  out.line(0, 'StrategyType', spec.strategy?.type);
  out.line(0, 'MinReadySeconds', spec.minReadySeconds ?? 0);
  const ru = spec.strategy?.rollingUpdate;
  if (spec.strategy?.type === 'RollingUpdate' && ru) out.line(0, 'RollingUpdateStrategy', `${ru.maxUnavailable ?? '25%'} max unavailable, ${ru.maxSurge ?? '25%'} max surge`);
  if (spec.paused) out.line(0, 'Paused', 'true');
  podTemplate(out, spec.template);
  conditionsTable(out, st.conditions, ['Type', 'Status', 'Reason']);
  // Newest revision: the ReplicaSet of the current template; the others with pods are old.
  const byRevision = [...related].sort((a, b) => Number(b.metadata?.annotations?.[REVISION_ANNOTATION] ?? 0) - Number(a.metadata?.annotations?.[REVISION_ANNOTATION] ?? 0));
  const rsLine = (rs: any) => `${rs.metadata?.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`;
  const [newest, ...older] = byRevision;
  out.list(0, 'OldReplicaSets', older.filter((rs) => (rs.spec?.replicas ?? 0) > 0 || (rs.status?.replicas ?? 0) > 0).map(rsLine));
  out.line(0, 'NewReplicaSet', newest ? rsLine(newest) : '<none>');
}

function replicaSetPage(out: DescribeText, { obj, related = [] }: DescribeInput): void {
  const spec = obj.spec ?? {};
  header(out, obj);
  out.line(0, 'Selector', labelSelectorString(spec.selector));
  out.labels(0, 'Labels', obj.metadata?.labels);
  out.annotations(0, obj.metadata?.annotations);
  const owner = controlledBy(obj);
  if (owner) out.line(0, 'Controlled By', owner);
  out.line(0, 'Replicas', `${obj.status?.replicas ?? 0} current / ${spec.replicas ?? 0} desired`);
  const phase = (p: string) => related.filter((pod) => pod.status?.phase === p).length;
  out.line(0, 'Pods Status', `${phase('Running')} Running / ${phase('Pending')} Waiting / ${phase('Succeeded')} Succeeded / ${phase('Failed')} Failed`);
  podTemplate(out, spec.template);
  conditionsTable(out, obj.status?.conditions, ['Type', 'Status', 'Reason']);
}

/** The "Pod Template:" section of Deployments and ReplicaSets. */
function podTemplate(out: DescribeText, template: any): void {
  out.line(0, 'Pod Template');
  out.labels(1, 'Labels', template?.metadata?.labels);
  const annotations = template?.metadata?.annotations;
  if (annotations && Object.keys(annotations).length) out.annotations(1, annotations);
  const spec = template?.spec ?? {};
  if (spec.serviceAccountName) out.line(1, 'Service Account', spec.serviceAccountName);
  containers(out, 1, 'Containers', spec.containers, undefined);
  volumes(out, 1, spec.volumes, false);
  out.labels(1, 'Node-Selectors', spec.nodeSelector);
  tolerations(out, 1, spec.tolerations);
}

// ─── pods ───

function podPage(out: DescribeText, { obj, now }: DescribeInput): void {
  const spec = obj.spec ?? {};
  const st = obj.status ?? {};
  header(out, obj);
  out.line(0, 'Priority', spec.priority ?? 0);
  if (spec.serviceAccountName) out.line(0, 'Service Account', spec.serviceAccountName);
  out.line(0, 'Node', spec.nodeName ? `${spec.nodeName}${st.hostIP ? `/${st.hostIP}` : ''}` : '<none>');
  if (st.startTime) out.line(0, 'Start Time', describeTime(st.startTime));
  out.labels(0, 'Labels', obj.metadata?.labels);
  out.annotations(0, obj.metadata?.annotations);
  if (obj.metadata?.deletionTimestamp) {
    out.line(0, 'Status', `Terminating (lasts ${describeAgo(obj.metadata.deletionTimestamp, now)})`);
    out.line(0, 'Termination Grace Period', `${obj.metadata.deletionGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30}s`);
  } else {
    out.line(0, 'Status', st.phase);
  }
  if (st.reason) out.line(0, 'Reason', st.reason);
  if (st.message) out.line(0, 'Message', st.message);
  out.line(0, 'IP', st.podIP ?? '');
  if (st.podIPs?.length) { out.line(0, 'IPs'); for (const ip of st.podIPs) out.line(1, 'IP', ip.ip); } else out.line(0, 'IPs', '<none>');
  const owner = controlledBy(obj);
  if (owner) out.line(0, 'Controlled By', owner);
  containers(out, 0, 'Containers', spec.containers, st.containerStatuses ?? []);
  conditionsTable(out, st.conditions, ['Type', 'Status']);
  volumes(out, 0, spec.volumes, true);
  if (st.qosClass) out.line(0, 'QoS Class', st.qosClass);
  out.labels(0, 'Node-Selectors', spec.nodeSelector);
  tolerations(out, 0, spec.tolerations);
}

function describeAgo(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '<unknown>';
  const s = Math.round((now - t) / 1000);
  return s >= 0 ? `${s}s ago` : `in ${-s}s`;
}

/** Containers of a pod (with their statuses) or of a template (statuses undefined). */
function containers(out: DescribeText, level: number, key: string, list: any[] | undefined, statuses: any[] | undefined): void {
  if (!list?.length) { out.line(level, key, '<none>'); return; }
  out.line(level, key);
  for (const c of list) {
    const l = itemHeading(out, level, c.name, statuses !== undefined);
    const status = statuses?.find((s) => s?.name === c.name);
    if (status?.containerID) out.line(l, 'Container ID', status.containerID);
    out.line(l, 'Image', c.image);
    if (status?.imageID) out.line(l, 'Image ID', status.imageID);
    const ports = (c.ports ?? []).map((p: any) => `${p.containerPort}/${p.protocol ?? 'TCP'}`);
    out.line(l, ports.length > 1 ? 'Ports' : 'Port', ports.join(', ') || '<none>');
    if (c.command?.length) out.list(l, 'Command', c.command);
    if (c.args?.length) out.list(l, 'Args', c.args);
    if (statuses) {
      containerState(out, l, 'State', status?.state);
      if (status?.lastState && Object.keys(status.lastState).length) containerState(out, l, 'Last State', status.lastState);
      out.line(l, 'Ready', status?.ready ? 'True' : 'False');
      out.line(l, 'Restart Count', status?.restartCount ?? 0);
    }
    for (const kind of ['limits', 'requests'] as const) {
      const r = c.resources?.[kind];
      if (!r || !Object.keys(r).length) continue;
      out.line(l, kind === 'limits' ? 'Limits' : 'Requests');
      for (const [k, v] of Object.entries(r)) out.line(l + 1, k, v);
    }
    environment(out, l, c.env);
    const mounts = (c.volumeMounts ?? []).map((m: any) => `${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'})`);
    if (mounts.length) { out.line(l, 'Mounts'); for (const m of mounts) out.raw(l + 1, m); } else out.line(l, 'Mounts', '<none>');
  }
}

function containerState(out: DescribeText, level: number, key: string, state: any): void {
  const [name, detail] = Object.entries<any>(state ?? {})[0] ?? ['Waiting', {}];
  out.line(level, key, name.charAt(0).toUpperCase() + name.slice(1));
  if (detail?.reason) out.line(level + 1, 'Reason', detail.reason);
  if (detail?.message) out.line(level + 1, 'Message', detail.message);
  if (detail?.exitCode !== undefined) out.line(level + 1, 'Exit Code', detail.exitCode);
  if (detail?.startedAt) out.line(level + 1, 'Started', describeTime(detail.startedAt));
  if (detail?.finishedAt) out.line(level + 1, 'Finished', describeTime(detail.finishedAt));
}

function environment(out: DescribeText, level: number, env: any[] | undefined): void {
  if (!env?.length) { out.line(level, 'Environment', '<none>'); return; }
  out.line(level, 'Environment');
  for (const e of env) {
    const from = e.valueFrom;
    let value: string;
    if (from?.secretKeyRef) value = `<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name}'>\tOptional: ${from.secretKeyRef.optional ?? false}`;
    else if (from?.configMapKeyRef) value = `<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name}'>\tOptional: ${from.configMapKeyRef.optional ?? false}`;
    else if (from?.fieldRef) value = `(${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})`;
    else value = e.value ?? '';
    out.line(level + 1, e.name, value);
  }
}

/**
 * kubectl indents a pod's containers and volumes by a level ("  web:"), a
 * template's by one space ("   web:"); their fields sit a level deeper still.
 */
function itemHeading(out: DescribeText, level: number, name: string, inPod: boolean): number {
  out.raw(inPod ? level + 1 : level, `${inPod ? '' : ' '}${name}:`);
  return inPod ? level + 2 : level + 1;
}

function volumes(out: DescribeText, level: number, list: any[] | undefined, inPod: boolean): void {
  if (!list?.length) { out.line(level, 'Volumes', '<none>'); return; }
  out.line(level, 'Volumes');
  for (const v of list) {
    const l = itemHeading(out, level, v.name, inPod);
    if (v.secret) {
      out.line(l, 'Type', 'Secret (a volume populated by a Secret)');
      out.line(l, 'SecretName', v.secret.secretName);
      out.line(l, 'Optional', v.secret.optional ?? false);
    } else if (v.configMap) {
      out.line(l, 'Type', 'ConfigMap (a volume populated by a ConfigMap)');
      out.line(l, 'Name', v.configMap.name);
      out.line(l, 'Optional', v.configMap.optional ?? false);
    } else if (v.emptyDir) {
      out.line(l, 'Type', 'EmptyDir (a temporary directory that shares a pod\'s lifetime)');
      out.line(l, 'Medium', v.emptyDir.medium ?? '');
    } else {
      const [type, detail] = Object.entries(v).find(([k]) => k !== 'name') ?? ['unknown', {}];
      out.line(l, 'Type', type);
      nested(out, l, detail);
    }
  }
}

function tolerations(out: DescribeText, level: number, list: any[] | undefined): void {
  out.list(level, 'Tolerations', (list ?? []).map((t: any) => {
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += ' op=Exists';
    if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
    return s || 'op=Exists';
  }));
}

// ─── nodes, data ───

function nodePage(out: DescribeText, { obj }: DescribeInput): void {
  const spec = obj.spec ?? {};
  const st = obj.status ?? {};
  out.line(0, 'Name', obj.metadata?.name);
  const roles = Object.keys(obj.metadata?.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice(24));
  out.line(0, 'Roles', roles.join(',') || '<none>');
  out.labels(0, 'Labels', obj.metadata?.labels);
  out.annotations(0, obj.metadata?.annotations);
  out.line(0, 'CreationTimestamp', describeTime(obj.metadata?.creationTimestamp));
  out.list(0, 'Taints', (spec.taints ?? []).map((t: any) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`));
  out.line(0, 'Unschedulable', spec.unschedulable ?? false);
  conditionsTable(out, st.conditions, ['Type', 'Status', 'LastHeartbeatTime', 'LastTransitionTime', 'Reason', 'Message']);
  out.line(0, 'Addresses');
  for (const a of st.addresses ?? []) out.line(1, a.type, a.address);
  for (const [key, values] of [['Capacity', st.capacity], ['Allocatable', st.allocatable]] as const) {
    if (!values) continue;
    out.line(0, key);
    for (const [k, v] of Object.entries(values)) out.line(1, k, v);
  }
  if (st.nodeInfo) {
    out.line(0, 'System Info');
    for (const [k, v] of Object.entries(st.nodeInfo)) out.line(1, titleCase(k), v);
  }
}

function dataPage(out: DescribeText, obj: any, secret: boolean): void {
  header(out, obj);
  out.labels(0, 'Labels', obj.metadata?.labels);
  out.annotations(0, obj.metadata?.annotations);
  out.blank();
  if (secret) { out.line(0, 'Type', obj.type ?? 'Opaque'); out.blank(); }
  out.raw(0, 'Data');
  out.raw(0, '====');
  for (const [k, v] of Object.entries<string>(obj.data ?? {})) {
    // A Secret's values stay secret: their size only, as kubectl shows them.
    if (secret) out.line(0, k, `${base64Length(v)} bytes`);
    else { out.raw(0, `${k}:`); out.raw(0, '----'); out.raw(0, v); out.blank(); }
  }
  if (!secret && obj.binaryData) {
    out.blank(); out.raw(0, 'BinaryData'); out.raw(0, '====');
    for (const [k, v] of Object.entries<string>(obj.binaryData)) out.line(0, k, `${base64Length(v)} bytes`);
  }
  out.blank();
}

function base64Length(b64: string): number {
  const clean = b64.replace(/\s/g, '');
  return Math.floor((clean.length * 3) / 4) - (clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0);
}

// ─── anything else ───

/** kubectl's generic describer: metadata, then spec, status and any other field, nested. */
function genericPage(out: DescribeText, { obj }: DescribeInput): void {
  header(out, obj);
  out.labels(0, 'Labels', obj.metadata?.labels);
  out.annotations(0, obj.metadata?.annotations);
  out.line(0, 'API Version', obj.apiVersion);
  out.line(0, 'Kind', obj.kind);
  const { name: _n, namespace: _ns, labels: _l, annotations: _a, managedFields: _m, ...metadata } = obj.metadata ?? {};
  out.line(0, 'Metadata');
  nested(out, 1, metadata);
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind' || k === 'metadata') continue;
    if (v !== null && typeof v === 'object') { out.line(0, titleCase(k)); nested(out, 1, v); } else out.line(0, titleCase(k), v);
  }
}

/** `creationTimestamp` → `Creation Timestamp`, as kubectl's generic describer names fields. */
export function titleCase(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function nested(out: DescribeText, level: number, value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item !== null && typeof item === 'object') nested(out, level, item);
      else out.raw(level, show(item));
    }
    return;
  }
  if (value === null || typeof value !== 'object') { out.raw(level, show(value)); return; }
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && typeof v === 'object' && Object.keys(v).length > 0) { out.line(level, titleCase(k)); nested(out, level + 1, v); } else out.line(level, titleCase(k), Array.isArray(v) ? '<none>' : v);
  }
}
