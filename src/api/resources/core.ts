// core/v1 kinds: Namespace, Pod, Node, Secret, ConfigMap, ServiceAccount, Event.
import type { KObject } from '../../store/types.js';
import {
  CONFIGMAP_COLUMNS, EVENT_COLUMNS, NAMESPACE_COLUMNS, NODE_COLUMNS, POD_COLUMNS, SECRET_COLUMNS, SERVICEACCOUNT_COLUMNS,
  configMapCells, eventCells, namespaceCells, nodeCells, podCells, secretCells, serviceAccountCells,
} from '../tables.js';
import {
  type FieldError, forbidden, immutable, invalid, jsonEqual, key, nonNegative, required, tooLong,
} from '../validation/field.js';
import { validateFinalizers } from '../validation/meta.js';
import { byteLength, isConfigMapKey, isDNS1123Subdomain, isQualifiedName, nameIsDNSLabel, nameIsDNSSubdomain } from '../validation/names.js';
import { validatePodSpec, validatePodSpecUpdate, validateTaints } from '../validation/pod.js';
import { admitNewPod, defaultPod, podQOSClass } from './defaults.js';
import { VERBS_ALL, type ResourceType } from './types.js';

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const MAX_SECRET_SIZE = 1024 * 1024;
const IMMUTABLE_WHEN_SET = 'field is immutable when `immutable` is set';

function base(group: string, version: string, kind: string, resource: string, namespaced: boolean) {
  return {
    group, version, kind, resource, namespaced,
    singular: kind.toLowerCase(),
    listKind: `${kind}List`,
    nameFn: nameIsDNSSubdomain,
    categories: [] as string[],
    shortNames: [] as string[],
    verbs: VERBS_ALL,
    subresources: {},
  };
}

// ─────────────────────────── Namespace ───────────────────────────

export const namespaces: ResourceType = {
  ...base('', 'v1', 'Namespace', 'namespaces', false),
  shortNames: ['ns'],
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: { status: true },
  nameFn: nameIsDNSLabel,
  default(obj) {
    // SetDefaults_Namespace: the immutable kubernetes.io/metadata.name label.
    if (obj.metadata?.name) obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name };
    if (!isObj(obj.spec)) obj.spec = {};
    if (!isObj(obj.status)) obj.status = {};
    if (!obj.status.phase) obj.status.phase = 'Active';
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Active' };
    const fins: string[] = Array.isArray(obj.spec?.finalizers) ? obj.spec.finalizers : [];
    if (!fins.includes('kubernetes')) obj.spec = { ...(obj.spec ?? {}), finalizers: [...fins, 'kubernetes'] };
  },
  prepareForUpdate(obj, old) {
    // spec.finalizers change only through /finalize, status only through /status.
    obj.spec = { ...(obj.spec ?? {}), finalizers: old.spec?.finalizers };
    if (obj.spec.finalizers === undefined) delete obj.spec.finalizers;
    obj.status = old.status;
  },
  validate(obj) {
    const errs: FieldError[] = [];
    for (const f of Array.isArray(obj.spec?.finalizers) ? obj.spec.finalizers : [])
      errs.push(...validateFinalizers([f], 'spec.finalizers', false));
    return errs;
  },
  columns: NAMESPACE_COLUMNS,
  cells: namespaceCells,
};

// ─────────────────────────── Pod ───────────────────────────

function validatePodOnly(obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const list of ['containers', 'initContainers'] as const) {
    (Array.isArray(obj.spec?.[list]) ? obj.spec[list] : []).forEach((c: any, i: number) => {
      if (typeof c?.image === 'string' && c.image !== c.image.trim())
        errs.push(invalid(`spec.${list}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
    });
  }
  return errs;
}

export const pods: ResourceType = {
  ...base('', 'v1', 'Pod', 'pods', true),
  shortNames: ['po'],
  categories: ['all'],
  subresources: { status: true, binding: true },
  default: defaultPod,
  prepareForCreate(obj) {
    admitNewPod(obj);
    const status: Record<string, unknown> = { phase: 'Pending', qosClass: podQOSClass(obj.spec) };
    if (Array.isArray(obj.spec?.schedulingGates) && obj.spec.schedulingGates.length > 0) {
      status.conditions = [{
        type: 'PodScheduled', status: 'False', reason: 'SchedulingGated',
        message: 'Scheduling is blocked due to non-empty scheduling gates',
        lastProbeTime: null, lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      }];
    }
    obj.status = status;
    if (typeof obj.spec?.terminationGracePeriodSeconds === 'number' && obj.spec.terminationGracePeriodSeconds < 0)
      obj.spec.terminationGracePeriodSeconds = 1;
  },
  prepareForUpdate(obj, old) {
    obj.status = old.status;
    if (obj.status === undefined) delete obj.status;
  },
  validate(obj, old) {
    const errs = [...validatePodSpec(obj.spec, 'spec'), ...validatePodOnly(obj)];
    if (old) errs.push(...validatePodSpecUpdate(obj.spec, old.spec));
    return errs;
  },
  columns: POD_COLUMNS,
  cells: podCells,
};

// ─────────────────────────── Node ───────────────────────────

export const nodes: ResourceType = {
  ...base('', 'v1', 'Node', 'nodes', false),
  shortNames: ['no'],
  subresources: { status: true },
  default(obj) {
    // SetDefaults_NodeStatus: allocatable defaults to capacity.
    if (isObj(obj.status) && isObj(obj.status.capacity) && obj.status.allocatable === undefined)
      obj.status.allocatable = { ...obj.status.capacity };
  },
  prepareForUpdate(obj, old) {
    obj.status = old.status;
    if (obj.status === undefined) delete obj.status;
  },
  validate(obj, old) {
    const errs = validateTaints(obj.spec?.taints, 'spec.taints');
    if (old) {
      const oldCIDRs = old.spec?.podCIDRs ?? [];
      if (oldCIDRs.length > 0 && !jsonEqual(obj.spec?.podCIDRs ?? [], oldCIDRs))
        errs.push(forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
      if (old.spec?.providerID && obj.spec?.providerID !== old.spec.providerID)
        errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
    }
    return errs;
  },
  columns: NODE_COLUMNS,
  cells: nodeCells,
};

// ─────────────────────────── Secret ───────────────────────────

/** UTF-8 bytes of a string, base64-encoded (stringData → data). */
export function base64OfString(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

const B64 = /^[A-Za-z0-9+/]$/;

/** Go's base64.StdEncoding as encoding/json uses it: the decoded length, or Go's error. \r and \n are skipped. */
export function checkBase64(s: string): { bytes: number } | { error: string } {
  const chars: [string, number][] = [];
  for (let i = 0; i < s.length; i++) if (s[i] !== '\r' && s[i] !== '\n') chars.push([s[i]!, i]);
  let bytes = 0;
  for (let q = 0; q < chars.length; q += 4) {
    const quantum = chars.slice(q, q + 4);
    if (quantum.length < 4) return { error: `illegal base64 data at input byte ${chars[q]![1]}` };
    const pad = quantum.findIndex(([c]) => c === '=');
    for (let j = 0; j < 4; j++) {
      const [c, at] = quantum[j]!;
      if (pad >= 0 && j >= pad) {
        if (c !== '=' || pad < 2) return { error: `illegal base64 data at input byte ${at}` };
      } else if (!B64.test(c)) return { error: `illegal base64 data at input byte ${at}` };
    }
    if (pad >= 0 && q + 4 < chars.length) return { error: `illegal base64 data at input byte ${chars[q + 4]![1]}` };
    bytes += pad >= 0 ? pad - 1 : 3;
  }
  return { bytes };
}

function foldStringData(obj: KObject): void {
  if (isObj(obj.stringData)) {
    const data: Record<string, string> = isObj(obj.data) ? { ...obj.data } : {};
    for (const [k, v] of Object.entries(obj.stringData)) data[k] = base64OfString(String(v));
    obj.data = data;
  }
  delete obj.stringData;
}

export const secrets: ResourceType = {
  ...base('', 'v1', 'Secret', 'secrets', true),
  default(obj) {
    if (!obj.type) obj.type = 'Opaque';
  },
  prepareForCreate: foldStringData,
  prepareForUpdate: foldStringData,
  validate(obj, old) {
    const errs: FieldError[] = [];
    const data: Record<string, unknown> = isObj(obj.data) ? obj.data : {};
    let total = 0;
    for (const [k, v] of Object.entries(data)) {
      for (const m of isConfigMapKey(k)) errs.push(invalid(key('data', k), k, m));
      const decoded = checkBase64(typeof v === 'string' ? v : '');
      if ('error' in decoded) errs.push(invalid(key('data', k), '<secret contents redacted>', decoded.error));
      else total += decoded.bytes;
    }
    if (total > MAX_SECRET_SIZE) errs.push(tooLong('data', MAX_SECRET_SIZE));
    const has = (k: string) => Object.hasOwn(data, k);
    switch (obj.type) {
      case 'kubernetes.io/service-account-token':
        if (!obj.metadata?.annotations?.['kubernetes.io/service-account.name'])
          errs.push(required(key('metadata.annotations', 'kubernetes.io/service-account.name')));
        break;
      case 'kubernetes.io/dockercfg':
      case 'kubernetes.io/dockerconfigjson': {
        const k = obj.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
        if (!has(k)) errs.push(required(key('data', k)));
        else {
          try {
            const text = new TextDecoder().decode(Uint8Array.from(atob(String(data[k])), (c) => c.charCodeAt(0)));
            const parsed = JSON.parse(text);
            if (!isObj(parsed)) throw new Error('json: cannot unmarshal into Go value of type map[string]interface {}');
          } catch (e) {
            errs.push(invalid(key('data', k), '<secret contents redacted>', e instanceof Error ? e.message : String(e)));
          }
        }
        break;
      }
      case 'kubernetes.io/basic-auth':
        if (!has('username') && !has('password')) errs.push(required(key('data', 'username')), required(key('data', 'password')));
        break;
      case 'kubernetes.io/ssh-auth':
        if (!data['ssh-privatekey']) errs.push(required(key('data', 'ssh-privatekey')));
        break;
      case 'kubernetes.io/tls':
        if (!has('tls.crt')) errs.push(required(key('data', 'tls.crt')));
        if (!has('tls.key')) errs.push(required(key('data', 'tls.key')));
        break;
    }
    if (old) {
      errs.push(...immutable('type', obj.type, old.type));
      if (old.immutable === true) {
        if (obj.immutable !== true) errs.push(forbidden('immutable', IMMUTABLE_WHEN_SET));
        if (!jsonEqual(obj.data ?? {}, old.data ?? {})) errs.push(forbidden('data', IMMUTABLE_WHEN_SET));
      }
    }
    return errs;
  },
  columns: SECRET_COLUMNS,
  cells: secretCells,
};

// ─────────────────────────── ConfigMap ───────────────────────────

export const configmaps: ResourceType = {
  ...base('', 'v1', 'ConfigMap', 'configmaps', true),
  shortNames: ['cm'],
  default() {},
  validate(obj, old) {
    const errs: FieldError[] = [];
    const data: Record<string, unknown> = isObj(obj.data) ? obj.data : {};
    const bin: Record<string, unknown> = isObj(obj.binaryData) ? obj.binaryData : {};
    let total = 0;
    for (const [k, v] of Object.entries(data)) {
      for (const m of isConfigMapKey(k)) errs.push(invalid(key('data', k), k, m));
      if (Object.hasOwn(bin, k)) errs.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
      total += byteLength(String(v));
    }
    for (const [k, v] of Object.entries(bin)) {
      for (const m of isConfigMapKey(k)) errs.push(invalid(key('binaryData', k), k, m));
      if (Object.hasOwn(data, k)) errs.push(invalid(key('binaryData', k), k, 'duplicate of key present in data'));
      const decoded = checkBase64(typeof v === 'string' ? v : '');
      if ('error' in decoded) errs.push(invalid(key('binaryData', k), v, decoded.error));
      else total += decoded.bytes;
    }
    if (total > MAX_SECRET_SIZE) errs.push(tooLong('', MAX_SECRET_SIZE));
    if (old?.immutable === true) {
      if (obj.immutable !== true) errs.push(forbidden('immutable', IMMUTABLE_WHEN_SET));
      if (!jsonEqual(obj.data ?? {}, old.data ?? {})) errs.push(forbidden('data', IMMUTABLE_WHEN_SET));
      if (!jsonEqual(obj.binaryData ?? {}, old.binaryData ?? {})) errs.push(forbidden('binaryData', IMMUTABLE_WHEN_SET));
    }
    return errs;
  },
  columns: CONFIGMAP_COLUMNS,
  cells: configMapCells,
};

// ─────────────────────────── ServiceAccount ───────────────────────────

export const serviceaccounts: ResourceType = {
  ...base('', 'v1', 'ServiceAccount', 'serviceaccounts', true),
  shortNames: ['sa'],
  default() {},
  validate(obj) {
    const errs: FieldError[] = [];
    (Array.isArray(obj.imagePullSecrets) ? obj.imagePullSecrets : []).forEach((s: any, i: number) => {
      if (!s?.name) errs.push(required(`imagePullSecrets[${i}].name`));
    });
    return errs;
  },
  columns: SERVICEACCOUNT_COLUMNS,
  cells: serviceAccountCells,
};

// ─────────────────────────── Event ───────────────────────────

export const events: ResourceType = {
  ...base('', 'v1', 'Event', 'events', true),
  shortNames: ['ev'],
  default(obj) {
    // fields the v1 encoding always writes
    obj.reportingComponent ??= '';
    obj.reportingInstance ??= '';
    if (obj.eventTime === undefined) obj.eventTime = null;
    if (obj.firstTimestamp === undefined) obj.firstTimestamp = null;
    if (obj.lastTimestamp === undefined) obj.lastTimestamp = null;
    if (!isObj(obj.involvedObject)) obj.involvedObject = {};
    if (!isObj(obj.source)) obj.source = {};
  },
  validate(obj) {
    const errs: FieldError[] = [];
    const ns = obj.metadata?.namespace ?? '';
    const ioNs = obj.involvedObject?.namespace ?? '';
    if (!obj.eventTime) {
      if (!ioNs ? ns !== '' && ns !== 'default' : ns !== ioNs)
        errs.push(invalid('involvedObject.namespace', ioNs, 'does not match event.namespace'));
    } else {
      if (!ioNs && ns !== 'default' && ns !== 'kube-system')
        errs.push(invalid('involvedObject.namespace', ioNs, 'does not match event.namespace'));
      const rc = String(obj.reportingComponent ?? '');
      if (!rc) errs.push(required('reportingComponent'));
      for (const m of isQualifiedName(rc)) errs.push(invalid('reportingComponent', rc, m));
      const ri = String(obj.reportingInstance ?? '');
      if (!ri) errs.push(required('reportingInstance'));
      if (ri.length > 128) errs.push(invalid('reportingInstance', '', 'can have at most 128 characters'));
      const action = String(obj.action ?? '');
      if (!action) errs.push(required('action'));
      if (action.length > 128) errs.push(invalid('action', '', 'can have at most 128 characters'));
      const reason = String(obj.reason ?? '');
      if (!reason) errs.push(required('reason'));
      if (reason.length > 128) errs.push(invalid('reason', '', 'can have at most 128 characters'));
      if (String(obj.message ?? '').length > 1024) errs.push(invalid('message', '', 'can have at most 1024 characters'));
    }
    for (const m of isDNS1123Subdomain(ns)) errs.push(invalid('namespace', ns, m));
    errs.push(...nonNegative('count', obj.count));
    return errs;
  },
  columns: EVENT_COLUMNS,
  cells: eventCells,
};

export const CORE_RESOURCES: readonly ResourceType[] = [namespaces, pods, nodes, secrets, configmaps, serviceaccounts, events];
