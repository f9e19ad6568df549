// Pod spec and pod template validation, after pkg/apis/core/validation:
// containers (names, images, ports, env, volume mounts, resources, probes),
// volumes, restart and DNS policies, node selector, tolerations, and the
// few fields a pod update may change.

import { compareQuantities, formatQuantity, scaledValue, sign, tryParseQuantity, type Quantity } from '../quantity.js';
import {
  type FieldError,
  child,
  duplicate,
  forbidden,
  index,
  invalid,
  jsonEqual,
  key,
  nonNegative,
  notFound,
  notSupported,
  required,
} from './field.js';
import { validateAnnotations, validateLabels } from './meta.js';
import {
  isConfigMapKey,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  SUPPORTED_PROTOCOLS as PROTOCOLS,
} from './names.js';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';

/** Every volume source a Volume may name (one and only one of them). */
export const VOLUME_SOURCES = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected',
  'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
] as const;

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

function dns1123Label(value: string, path: string): FieldError[] {
  return isDNS1123Label(value).map((m) => invalid(path, value, m));
}

function validateVolumeSource(vol: Record<string, any>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const src of VOLUME_SOURCES) {
    if (vol[src] === undefined || vol[src] === null) continue;
    if (n > 0) {
      errs.push(forbidden(child(path, src), 'may not specify more than 1 volume type'));
      continue;
    }
    n++;
    const s = isObj(vol[src]) ? vol[src] : {};
    const p = child(path, src);
    switch (src) {
      case 'secret':
        if (!s.secretName) errs.push(required(child(p, 'secretName')));
        errs.push(...fileMode(s.defaultMode, child(p, 'defaultMode')));
        break;
      case 'configMap':
        if (!s.name) errs.push(required(child(p, 'name')));
        errs.push(...fileMode(s.defaultMode, child(p, 'defaultMode')));
        break;
      case 'persistentVolumeClaim':
        if (!s.claimName) errs.push(required(child(p, 'claimName')));
        break;
      case 'hostPath':
        if (!s.path) errs.push(required(child(p, 'path')));
        break;
      case 'projected':
      case 'downwardAPI':
        errs.push(...fileMode(s.defaultMode, child(p, 'defaultMode')));
        break;
      case 'emptyDir':
        if (s.sizeLimit !== undefined && s.sizeLimit !== null) {
          const q = tryParseQuantity(s.sizeLimit);
          if (typeof q === 'string') errs.push(invalid(child(p, 'sizeLimit'), s.sizeLimit, q));
          else if (sign(q) < 0) errs.push(forbidden(child(p, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity'));
        }
        if (s.medium !== undefined && !['', 'Memory', 'HugePages'].includes(s.medium) && !String(s.medium).startsWith('HugePages-'))
          errs.push(notSupported(child(p, 'medium'), s.medium, ['', 'Memory', 'HugePages']));
        break;
    }
  }
  if (n === 0) errs.push(required(path, 'must specify a volume type'));
  return errs;
}

function fileMode(mode: unknown, path: string): FieldError[] {
  if (mode === undefined || mode === null) return [];
  return typeof mode === 'number' && Number.isInteger(mode) && mode >= 0 && mode <= 0o777 ? [] : [invalid(path, mode, FILE_MODE_ERROR)];
}

/** ValidateVolumes: the names of the volumes that are valid, and the errors. */
export function validateVolumes(volumes: unknown, path: string): { names: Set<string>; errors: FieldError[] } {
  const names = new Set<string>();
  const errors: FieldError[] = [];
  arr(volumes).forEach((vol, i) => {
    const v = isObj(vol) ? vol : {};
    const p = index(path, i);
    const namePath = child(p, 'name');
    const el = validateVolumeSource(v, p);
    const name = str(v.name);
    if (!name) el.push(required(namePath));
    else el.push(...dns1123Label(name, namePath));
    if (names.has(name)) el.push(duplicate(namePath, name));
    if (el.length === 0) names.add(name);
    else errors.push(...el);
  });
  return { names, errors };
}

function validatePorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(ports).forEach((port, i) => {
    const p = isObj(port) ? port : {};
    const ip = index(path, i);
    const name = str(p.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) for (const m of msgs) errs.push(invalid(child(ip, 'name'), name, m));
      else if (names.has(name)) errs.push(duplicate(child(ip, 'name'), name));
      else names.add(name);
    }
    if (!p.containerPort) errs.push(required(child(ip, 'containerPort')));
    else for (const m of isValidPortNum(p.containerPort)) errs.push(invalid(child(ip, 'containerPort'), p.containerPort, m));
    if (p.hostPort) for (const m of isValidPortNum(p.hostPort)) errs.push(invalid(child(ip, 'hostPort'), p.hostPort, m));
    if (!p.protocol) errs.push(required(child(ip, 'protocol')));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(notSupported(child(ip, 'protocol'), p.protocol, PROTOCOLS));
  });
  return errs;
}

function validateKeySelector(sel: Record<string, any>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!sel.name) errs.push(required(child(path, 'name')));
  if (!sel.key) errs.push(required(child(path, 'key')));
  else for (const m of isConfigMapKey(sel.key)) errs.push(invalid(child(path, 'key'), sel.key, m));
  return errs;
}

function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(env).forEach((ev, i) => {
    const e = isObj(ev) ? ev : {};
    const ip = index(path, i);
    const name = str(e.name);
    if (!name) errs.push(required(child(ip, 'name')));
    for (const m of isRelaxedEnvVarName(name)) errs.push(invalid(child(ip, 'name'), name, m));
    if (!isObj(e.valueFrom)) return;
    const vf = e.valueFrom;
    const vp = child(ip, 'valueFrom');
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) => isObj(vf[k]));
    if (isObj(vf.fieldRef)) {
      if (!vf.fieldRef.fieldPath) errs.push(required(child(vp, 'fieldRef', 'fieldPath')));
    }
    if (isObj(vf.resourceFieldRef) && !vf.resourceFieldRef.resource) errs.push(required(child(vp, 'resourceFieldRef', 'resource')));
    if (isObj(vf.configMapKeyRef)) errs.push(...validateKeySelector(vf.configMapKeyRef, child(vp, 'configMapKeyRef')));
    if (isObj(vf.secretKeyRef)) errs.push(...validateKeySelector(vf.secretKeyRef, child(vp, 'secretKeyRef')));
    if (e.value && sources.length > 0) errs.push(invalid(vp, '', 'may not be specified when `value` is not empty'));
    else if (sources.length === 0) errs.push(invalid(vp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    else if (sources.length > 1) errs.push(invalid(vp, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validateEnvFrom(envFrom: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(envFrom).forEach((ef, i) => {
    const e = isObj(ef) ? ef : {};
    const ip = index(path, i);
    const refs = ['configMapRef', 'secretRef'].filter((k) => isObj(e[k]));
    for (const r of refs) if (!e[r].name) errs.push(required(child(ip, r, 'name')));
    if (refs.length === 0) errs.push(invalid(ip, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (refs.length > 1) errs.push(invalid(ip, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validateVolumeMounts(mounts: unknown, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const points = new Set<string>();
  arr(mounts).forEach((mnt, i) => {
    const m = isObj(mnt) ? mnt : {};
    const ip = index(path, i);
    const name = str(m.name);
    const mountPath = str(m.mountPath);
    if (!name) errs.push(required(child(ip, 'name')));
    if (!volumes.has(name)) errs.push(notFound(child(ip, 'name'), name));
    if (!mountPath) errs.push(required(child(ip, 'mountPath')));
    if (points.has(mountPath)) errs.push(invalid(child(ip, 'mountPath'), mountPath, 'must be unique'));
    points.add(mountPath);
    if (m.subPath && m.subPathExpr) errs.push(invalid(child(ip, 'subPathExpr'), m.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
  });
  return errs;
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
const isExtended = (name: string): boolean =>
  !isNative(name) && !name.startsWith('requests.') && isQualifiedName(`requests.${name}`).length === 0;
/** helper.IsOvercommitAllowed: native resources other than hugepages. */
const overcommitAllowed = (name: string): boolean => isNative(name) && !isHugePages(name);

function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name))
      errs.push(invalid(path, name, 'must be a standard resource for containers'));
  } else if (!isNative(name) && !isExtended(name)) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** Parses a ResourceList; invalid quantities are reported at their key (Kubernetes refuses them while decoding). */
function parseResourceList(list: unknown, path: string, errs: FieldError[]): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  if (!isObj(list)) return out;
  for (const [name, raw] of Object.entries(list)) {
    const p = key(path, name);
    errs.push(...validateContainerResourceName(name, p));
    const q = tryParseQuantity(raw);
    if (typeof q === 'string') {
      errs.push(invalid(p, raw, q));
      continue;
    }
    if (sign(q) < 0) errs.push(invalid(p, formatQuantity(q), 'must be greater than or equal to 0'));
    if (isExtended(name) && scaledValue(q, -3) % 1000n !== 0n) errs.push(invalid(p, formatQuantity(q), 'must be an integer'));
    out.set(name, q);
  }
  return out;
}

/** ValidateResourceRequirements: quantities, names, and requests ≤ limits. */
export function validateResources(resources: unknown, path: string): FieldError[] {
  if (!isObj(resources)) return [];
  const errs: FieldError[] = [];
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  const limits = parseResourceList(resources.limits, limPath, errs);
  const requestErrs: FieldError[] = [];
  const requests = parseResourceList(resources.requests, reqPath, requestErrs);
  errs.push(...requestErrs);
  for (const [name, q] of requests) {
    const lim = limits.get(name);
    if (lim) {
      const c = compareQuantities(q, lim);
      if (c !== 0 && !overcommitAllowed(name))
        errs.push(invalid(reqPath, formatQuantity(q), `must be equal to ${name} limit of ${formatQuantity(lim)}`));
      else if (c > 0)
        errs.push(invalid(reqPath, formatQuantity(q), `must be less than or equal to ${name} limit of ${formatQuantity(lim)}`));
    } else if (!overcommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  const names = [...limits.keys(), ...requests.keys()];
  if (names.some(isHugePages) && !names.some((n) => n === 'cpu' || n === 'memory'))
    errs.push(forbidden(path, 'HugePages require cpu or memory'));
  return errs;
}

function validateProbe(probe: unknown, path: string, mustSucceedOnce: boolean): FieldError[] {
  if (!isObj(probe)) return [];
  const errs: FieldError[] = [];
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => isObj(probe[h]));
  if (handlers.length === 0) errs.push(required(path, 'must specify a handler type'));
  for (const h of handlers.slice(1)) errs.push(forbidden(child(path, h), 'may not specify more than 1 handler type'));
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'])
    errs.push(...nonNegative(child(path, f), probe[f]));
  if (mustSucceedOnce && probe.successThreshold !== undefined && probe.successThreshold !== 1)
    errs.push(invalid(child(path, 'successThreshold'), probe.successThreshold, 'must be 1'));
  return errs;
}

function validateContainer(c: Record<string, any>, volumes: Set<string>, path: string, init: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (!name) errs.push(required(child(path, 'name')));
  else errs.push(...dns1123Label(name, child(path, 'name')));
  if (!str(c.image)) errs.push(required(child(path, 'image')));
  const tmp = str(c.terminationMessagePolicy);
  if (!tmp) errs.push(required(child(path, 'terminationMessagePolicy')));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(tmp)) errs.push(notSupported(child(path, 'terminationMessagePolicy'), tmp, TERMINATION_MESSAGE_POLICIES));
  errs.push(...validatePorts(c.ports, child(path, 'ports')));
  errs.push(...validateEnv(c.env, child(path, 'env')));
  errs.push(...validateEnvFrom(c.envFrom, child(path, 'envFrom')));
  errs.push(...validateVolumeMounts(c.volumeMounts, volumes, child(path, 'volumeMounts')));
  const pull = str(c.imagePullPolicy);
  if (!pull) errs.push(required(child(path, 'imagePullPolicy')));
  else if (!PULL_POLICIES.includes(pull)) errs.push(notSupported(child(path, 'imagePullPolicy'), pull, PULL_POLICIES));
  errs.push(...validateResources(c.resources, child(path, 'resources')));
  const sidecar = init && c.restartPolicy === 'Always';
  if (init && c.restartPolicy !== undefined && c.restartPolicy !== 'Always')
    errs.push(notSupported(child(path, 'restartPolicy'), c.restartPolicy, ['Always']));
  if (!init && c.restartPolicy !== undefined)
    errs.push(forbidden(child(path, 'restartPolicy'), 'may not be set for non-init containers'));
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (c[probe] === undefined || c[probe] === null) continue;
    if (init && !sidecar) errs.push(forbidden(child(path, probe), 'may not be set for init containers without restartPolicy=Always'));
    else errs.push(...validateProbe(c[probe], child(path, probe), probe !== 'readinessProbe'));
  }
  if (init && !sidecar && (c.lifecycle !== undefined && c.lifecycle !== null))
    errs.push(forbidden(child(path, 'lifecycle'), 'may not be set for init containers without restartPolicy=Always'));
  return errs;
}

function validateTolerations(tolerations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(tolerations).forEach((tol, i) => {
    const t = isObj(tol) ? tol : {};
    const ip = index(path, i);
    const k = str(t.key);
    const op = str(t.operator);
    const effect = str(t.effect);
    if (k) for (const m of isQualifiedName(k)) errs.push(invalid(child(ip, 'key'), k, m));
    if (!k && op !== 'Exists')
      errs.push(invalid(child(ip, 'operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== 'NoExecute')
      errs.push(invalid(child(ip, 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    if (op === 'Equal' || op === '') {
      const msgs = isValidLabelValue(str(t.value));
      if (msgs.length) errs.push(invalid(child(ip, 'operator'), str(t.value), msgs.join(';')));
    } else if (op === 'Exists') {
      if (str(t.value)) errs.push(invalid(child(ip, 'operator'), t, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(child(ip, 'operator'), op, ['Equal', 'Exists']));
    }
    if (effect && !TAINT_EFFECTS.includes(effect)) errs.push(notSupported(child(ip, 'effect'), effect, TAINT_EFFECTS));
  });
  return errs;
}

/** ValidateTaints (Node spec.taints). */
export function validateTaints(taints: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  arr(taints).forEach((taint, i) => {
    const t = isObj(taint) ? taint : {};
    const ip = index(path, i);
    const k = str(t.key);
    for (const m of isQualifiedName(k)) errs.push(invalid(child(ip, 'key'), k, m));
    const v = str(t.value);
    for (const m of isValidLabelValue(v)) errs.push(invalid(child(ip, 'value'), v, m));
    const effect = str(t.effect);
    if (!effect) errs.push(required(child(ip, 'effect')));
    else if (!TAINT_EFFECTS.includes(effect)) errs.push(notSupported(child(ip, 'effect'), effect, TAINT_EFFECTS));
    const id = `${k}:${effect}`;
    if (seen.has(id)) errs.push(duplicate(ip, `${k}=${v}:${effect}`));
    seen.add(id);
  });
  return errs;
}

/** ValidatePodSpec. */
export function validatePodSpec(spec: unknown, path: string): FieldError[] {
  const s = isObj(spec) ? spec : {};
  const errs: FieldError[] = [];
  const { names: volumes, errors: volErrs } = validateVolumes(s.volumes, child(path, 'volumes'));
  errs.push(...volErrs);

  const containers = arr(s.containers);
  const cPath = child(path, 'containers');
  const names = new Set<string>();
  if (containers.length === 0) errs.push(required(cPath));
  containers.forEach((c, i) => {
    const cc = isObj(c) ? c : {};
    errs.push(...validateContainer(cc, volumes, index(cPath, i), false));
    const name = str(cc.name);
    if (names.has(name)) errs.push(duplicate(child(index(cPath, i), 'name'), name));
    else names.add(name);
  });
  const iPath = child(path, 'initContainers');
  arr(s.initContainers).forEach((c, i) => {
    const cc = isObj(c) ? c : {};
    errs.push(...validateContainer(cc, volumes, index(iPath, i), true));
    const name = str(cc.name);
    if (names.has(name)) errs.push(duplicate(child(index(iPath, i), 'name'), name));
    else names.add(name);
  });

  const restart = str(s.restartPolicy);
  if (!restart) errs.push(required(child(path, 'restartPolicy')));
  else if (!RESTART_POLICIES.includes(restart)) errs.push(notSupported(child(path, 'restartPolicy'), restart, RESTART_POLICIES));
  const dns = str(s.dnsPolicy);
  if (!dns) errs.push(required(child(path, 'dnsPolicy')));
  else if (!DNS_POLICIES.includes(dns)) errs.push(notSupported(child(path, 'dnsPolicy'), dns, DNS_POLICIES));
  if (dns === 'None' && !isObj(s.dnsConfig))
    errs.push(required(child(path, 'dnsConfig'), "must provide `dnsConfig` when `dnsPolicy` is None"));
  errs.push(...validateLabels(s.nodeSelector, child(path, 'nodeSelector')));
  if (s.serviceAccountName)
    for (const m of isDNS1123Subdomain(str(s.serviceAccountName))) errs.push(invalid(child(path, 'serviceAccountName'), s.serviceAccountName, m));
  if (s.nodeName) for (const m of isDNS1123Subdomain(str(s.nodeName))) errs.push(invalid(child(path, 'nodeName'), s.nodeName, m));
  if (s.activeDeadlineSeconds !== undefined && s.activeDeadlineSeconds !== null) {
    const v = s.activeDeadlineSeconds;
    if (typeof v !== 'number' || v < 1 || v > 2147483647)
      errs.push(invalid(child(path, 'activeDeadlineSeconds'), v, 'must be between 1 and 2147483647, inclusive'));
  }
  if (s.hostname) errs.push(...dns1123Label(str(s.hostname), child(path, 'hostname')));
  if (s.subdomain) errs.push(...dns1123Label(str(s.subdomain), child(path, 'subdomain')));
  errs.push(...validateTolerations(s.tolerations, child(path, 'tolerations')));
  if (s.preemptionPolicy !== undefined && s.preemptionPolicy !== null && !['Never', 'PreemptLowerPriority'].includes(s.preemptionPolicy))
    errs.push(notSupported(child(path, 'preemptionPolicy'), s.preemptionPolicy, ['Never', 'PreemptLowerPriority']));
  return errs;
}

/** ValidatePodTemplateSpec (its labels are reported at `<path>.labels`, as Kubernetes does). */
export function validatePodTemplateSpec(template: unknown, path: string): FieldError[] {
  const t = isObj(template) ? template : {};
  const meta = isObj(t.metadata) ? t.metadata : {};
  const errs: FieldError[] = [];
  errs.push(...validateLabels(meta.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(meta.annotations, child(path, 'annotations')));
  errs.push(...validatePodSpec(t.spec, child(path, 'spec')));
  if (isObj(t.spec) && arr(t.spec.ephemeralContainers).length > 0)
    errs.push(forbidden(child(path, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  return errs;
}

export const POD_UPDATABLE_FIELDS =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** ValidatePodUpdate's spec rules: only images, activeDeadlineSeconds, added tolerations and a negative grace period may change. */
export function validatePodSpecUpdate(spec: unknown, oldSpec: unknown): FieldError[] {
  const s = isObj(spec) ? spec : {};
  const o = isObj(oldSpec) ? oldSpec : {};
  const errs: FieldError[] = [];
  const ads = s.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null) {
    if (typeof ads !== 'number' || ads < 0 || ads > 2147483647)
      return [invalid('spec.activeDeadlineSeconds', ads, 'must be between 0 and 2147483647, inclusive')];
    if (typeof o.activeDeadlineSeconds === 'number' && o.activeDeadlineSeconds < ads)
      return [invalid('spec.activeDeadlineSeconds', ads, 'must be less than or equal to previous value')];
  } else if (o.activeDeadlineSeconds !== undefined && o.activeDeadlineSeconds !== null) {
    errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  if (arr(s.containers).length !== arr(o.containers).length)
    return [...errs, forbidden('spec.containers', 'pod updates may not add or remove containers')];
  if (arr(s.initContainers).length !== arr(o.initContainers).length)
    return [...errs, forbidden('spec.initContainers', 'pod updates may not add or remove containers')];
  const oldTols = arr(o.tolerations);
  const newTols = arr(s.tolerations);
  const tolerationsOk = oldTols.every((ot) =>
    newTols.some((nt) => jsonEqual({ ...nt, tolerationSeconds: undefined }, { ...ot, tolerationSeconds: undefined })),
  );
  if (!tolerationsOk)
    errs.push(forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
  const munged: Record<string, any> = {
    ...s,
    containers: arr(s.containers).map((c, i) => ({ ...c, image: arr(o.containers)[i]?.image })),
    initContainers: arr(s.initContainers).map((c, i) => ({ ...c, image: arr(o.initContainers)[i]?.image })),
    activeDeadlineSeconds: o.activeDeadlineSeconds,
    tolerations: tolerationsOk ? o.tolerations : s.tolerations,
  };
  if (typeof o.terminationGracePeriodSeconds === 'number' && o.terminationGracePeriodSeconds < 0 && s.terminationGracePeriodSeconds === 1)
    munged.terminationGracePeriodSeconds = o.terminationGracePeriodSeconds;
  if (!jsonEqual(munged, o)) {
    const changed = [...new Set([...Object.keys(munged), ...Object.keys(o)])]
      .filter((k) => !jsonEqual(munged[k] ?? null, o[k] ?? null))
      .sort();
    errs.push(forbidden('spec', `${POD_UPDATABLE_FIELDS}\n  core.PodSpec{ changed: ${changed.map((c) => `${c}`).join(', ')} }`));
  }
  return errs;
}
