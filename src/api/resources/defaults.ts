// Kubernetes' defaulting for pods and pod templates (pkg/apis/core/v1/defaults.go),
// the admission plugins that mutate new pods (ServiceAccount, Priority,
// DefaultTolerationSeconds), and the pod's initial status with its QoS class.

import type { KObject } from '../../store/types.js';
import { addQuantities, canonicalQuantity, compareQuantities, sign, tryParseQuantity, type Quantity } from '../quantity.js';

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const unset = (v: unknown): boolean => v === undefined || v === null || v === '';

/** parsers.ParseImageName's tag, "latest" when there is neither tag nor digest; undefined when it does not parse. */
export function imageTag(image: string): string | undefined {
  if (!image || image !== image.trim() || /[A-Z]/.test(image.split('@')[0]!.split('/').slice(-1)[0]!.split(':')[0]!)) return undefined;
  const at = image.indexOf('@');
  const named = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : '';
  const lastSlash = named.lastIndexOf('/');
  const colon = named.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? named.slice(colon + 1) : '';
  if (colon >= 0 && !/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  if (!tag && !digest) return 'latest';
  return tag;
}

/** SetDefaults_Container's imagePullPolicy: Always for :latest (or no tag), else IfNotPresent. */
export function defaultPullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  return imageTag(typeof image === 'string' ? image : '') === 'latest' ? 'Always' : 'IfNotPresent';
}

function canonicalizeResourceList(list: unknown): void {
  if (!isObj(list)) return;
  for (const [k, v] of Object.entries(list)) {
    const c = canonicalQuantity(v);
    if (c !== undefined) list[k] = c;
  }
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (isObj(p.httpGet)) {
    if (unset(p.httpGet.path)) p.httpGet.path = '/';
    if (unset(p.httpGet.scheme)) p.httpGet.scheme = 'HTTP';
  }
  if (isObj(p.grpc) && p.grpc.service === undefined) p.grpc.service = '';
}

function defaultLifecycleHandler(h: unknown): void {
  if (isObj(h) && isObj(h.httpGet)) {
    if (unset(h.httpGet.path)) h.httpGet.path = '/';
    if (unset(h.httpGet.scheme)) h.httpGet.scheme = 'HTTP';
  }
}

function defaultContainer(c: Record<string, any>): void {
  if (unset(c.imagePullPolicy)) c.imagePullPolicy = defaultPullPolicy(c.image);
  if (unset(c.terminationMessagePath)) c.terminationMessagePath = '/dev/termination-log';
  if (unset(c.terminationMessagePolicy)) c.terminationMessagePolicy = 'File';
  if (!isObj(c.resources)) c.resources = {};
  canonicalizeResourceList(c.resources.limits);
  canonicalizeResourceList(c.resources.requests);
  for (const p of Array.isArray(c.ports) ? c.ports : []) if (isObj(p) && unset(p.protocol)) p.protocol = 'TCP';
  for (const e of Array.isArray(c.env) ? c.env : []) {
    const ref = e?.valueFrom?.fieldRef;
    if (isObj(ref) && unset(ref.apiVersion)) ref.apiVersion = 'v1';
    const rref = e?.valueFrom?.resourceFieldRef;
    if (isObj(rref) && rref.divisor !== undefined) {
      const d = canonicalQuantity(rref.divisor);
      if (d !== undefined) rref.divisor = d;
    }
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isObj(c.lifecycle)) {
    defaultLifecycleHandler(c.lifecycle.postStart);
    defaultLifecycleHandler(c.lifecycle.preStop);
  }
}

function defaultVolume(v: Record<string, any>): void {
  const sources = ['emptyDir', 'hostPath', 'secret', 'configMap', 'persistentVolumeClaim', 'projected', 'downwardAPI', 'nfs', 'csi', 'ephemeral', 'image',
    'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc', 'azureFile',
    'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos'];
  if (!sources.some((s) => v[s] !== undefined && v[s] !== null)) v.emptyDir = {};
  for (const s of ['secret', 'configMap', 'projected', 'downwardAPI']) if (isObj(v[s]) && v[s].defaultMode === undefined) v[s].defaultMode = 420;
  if (isObj(v.hostPath) && v.hostPath.type === undefined) v.hostPath.type = '';
  if (isObj(v.emptyDir) && v.emptyDir.sizeLimit !== undefined) {
    const c = canonicalQuantity(v.emptyDir.sizeLimit);
    if (c !== undefined) v.emptyDir.sizeLimit = c;
  }
  if (isObj(v.image) && unset(v.image.pullPolicy)) v.image.pullPolicy = defaultPullPolicy(v.image.reference);
}

/** SetDefaults_PodSpec and the per-field defaults below it (pods and templates alike). */
export function defaultPodSpec(spec: Record<string, any>): void {
  if (unset(spec.dnsPolicy)) spec.dnsPolicy = 'ClusterFirst';
  if (unset(spec.restartPolicy)) spec.restartPolicy = 'Always';
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30;
  if (unset(spec.schedulerName)) spec.schedulerName = 'default-scheduler';
  // v1 conversion keeps the deprecated serviceAccount mirroring serviceAccountName.
  if (unset(spec.serviceAccountName) && !unset(spec.serviceAccount)) spec.serviceAccountName = spec.serviceAccount;
  if (!unset(spec.serviceAccountName)) spec.serviceAccount = spec.serviceAccountName;
  for (const c of Array.isArray(spec.containers) ? spec.containers : []) if (isObj(c)) defaultContainer(c);
  for (const c of Array.isArray(spec.initContainers) ? spec.initContainers : []) if (isObj(c)) defaultContainer(c);
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) if (isObj(v)) defaultVolume(v);
  if (spec.hostNetwork === true) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])])
      for (const p of Array.isArray(c?.ports) ? c.ports : []) if (isObj(p) && p.hostPort === undefined) p.hostPort = p.containerPort;
  }
  if (isObj(spec.overhead)) canonicalizeResourceList(spec.overhead);
}

/** A pod template (Deployment, ReplicaSet, StatefulSet): metadata and spec defaulted. */
export function defaultPodTemplate(template: unknown): void {
  if (!isObj(template)) return;
  if (!isObj(template.metadata)) template.metadata = {};
  if (!isObj(template.spec)) template.spec = {};
  defaultPodSpec(template.spec);
}

/** SetDefaults_Pod: requests default to limits, enableServiceLinks true, plus the spec defaults. */
export function defaultPod(obj: KObject): void {
  if (!isObj(obj.spec)) obj.spec = {};
  const spec = obj.spec;
  for (const c of [...(Array.isArray(spec.containers) ? spec.containers : []), ...(Array.isArray(spec.initContainers) ? spec.initContainers : [])]) {
    if (!isObj(c) || !isObj(c.resources) || !isObj(c.resources.limits)) continue;
    if (!isObj(c.resources.requests)) c.resources.requests = {};
    for (const [k, v] of Object.entries(c.resources.limits)) if (!Object.hasOwn(c.resources.requests, k)) c.resources.requests[k] = v;
  }
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  defaultPodSpec(spec);
}

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

/** Mutating admission for a new pod: ServiceAccount (default SA), Priority (0, PreemptLowerPriority), DefaultTolerationSeconds. */
export function admitNewPod(obj: KObject): void {
  const spec = isObj(obj.spec) ? obj.spec : (obj.spec = {});
  if (unset(spec.serviceAccountName)) {
    spec.serviceAccountName = 'default';
    spec.serviceAccount = 'default';
  }
  if (unset(spec.priorityClassName)) {
    spec.priority ??= 0;
    spec.preemptionPolicy ??= 'PreemptLowerPriority';
  }
  const tolerations: any[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  const tolerates = (taint: string) =>
    tolerations.some((t) => (t?.key === taint || !t?.key) && (t?.effect === 'NoExecute' || !t?.effect));
  const added: any[] = [];
  if (!tolerates(NOT_READY)) added.push({ key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  if (!tolerates(UNREACHABLE)) added.push({ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  if (added.length) spec.tolerations = [...tolerations, ...added];
}

/** qos.GetPodQOS: Guaranteed, Burstable or BestEffort, from cpu and memory requests and limits. */
export function podQOSClass(spec: unknown): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const s = isObj(spec) ? spec : {};
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const sum = (into: Map<string, Quantity>, name: string, q: Quantity) => {
    const prev = into.get(name);
    into.set(name, prev ? addQuantities(prev, q) : q);
  };
  for (const c of [...(Array.isArray(s.containers) ? s.containers : []), ...(Array.isArray(s.initContainers) ? s.initContainers : [])]) {
    const res = isObj(c?.resources) ? c.resources : {};
    for (const [name, raw] of Object.entries(isObj(res.requests) ? res.requests : {})) {
      if (name !== 'cpu' && name !== 'memory') continue;
      const q = tryParseQuantity(raw);
      if (typeof q !== 'string' && sign(q) > 0) sum(requests, name, q);
    }
    const found = new Set<string>();
    for (const [name, raw] of Object.entries(isObj(res.limits) ? res.limits : {})) {
      if (name !== 'cpu' && name !== 'memory') continue;
      const q = tryParseQuantity(raw);
      if (typeof q !== 'string' && sign(q) > 0) {
        found.add(name);
        sum(limits, name, q);
      }
    }
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantities(lim, req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
