// core/v1 Service: defaulting, the strategy's update rules and validation, as kube-apiserver's
// service REST storage applies them. Addresses and node ports are given by the API's allocator
// (src/api/rest/service-allocator.ts) after validation; the rules here keep what an update left
// out (an applied manifest has no clusterIP) and drop what a change of type no longer needs.
import type { KObject } from '../../store/types.js';
import { hasNodePorts, needsHealthCheckNodePort } from '../services/allocation.js';
import { ipv4ToNumber } from '../services/ranges.js';
import { SERVICE_COLUMNS, serviceCells } from '../tables.js';
import { type FieldError, duplicate, forbidden, invalid, jsonEqual, notSupported, required } from '../validation/field.js';
import { validateLabels } from '../validation/meta.js';
import { SUPPORTED_PROTOCOLS as PROTOCOLS, isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum, nameIsDNSLabel } from '../validation/names.js';
import type { ResourceType } from './types.js';

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const portsOf = (spec: Record<string, any>): Record<string, any>[] => (Array.isArray(spec.ports) ? spec.ports.filter(isObj) : []);

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const DEFAULT_CLIENT_IP_TIMEOUT = 10800;

/** SetDefaults_Service and the defaults the service registry sets (IP families, traffic policies). */
function defaultService(obj: KObject): void {
  if (!isObj(obj.spec)) obj.spec = {};
  const s = obj.spec;
  s.type ??= 'ClusterIP';
  s.sessionAffinity ??= 'None';
  if (s.sessionAffinity === 'ClientIP') {
    if (!isObj(s.sessionAffinityConfig)) s.sessionAffinityConfig = {};
    if (!isObj(s.sessionAffinityConfig.clientIP)) s.sessionAffinityConfig.clientIP = {};
    s.sessionAffinityConfig.clientIP.timeoutSeconds ??= DEFAULT_CLIENT_IP_TIMEOUT;
  }
  for (const p of portsOf(s)) {
    p.protocol ??= 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (s.type === 'NodePort' || s.type === 'LoadBalancer') s.externalTrafficPolicy ??= 'Cluster';
  if (s.type !== 'ExternalName') {
    s.internalTrafficPolicy ??= 'Cluster';
    s.ipFamilyPolicy ??= 'SingleStack';
    if (!Array.isArray(s.ipFamilies) || s.ipFamilies.length === 0) s.ipFamilies = ['IPv4'];
  }
  if (s.type === 'LoadBalancer') s.allocateLoadBalancerNodePorts ??= true;
  if (!isObj(obj.status)) obj.status = { loadBalancer: {} };
}

/**
 * What an update leaves out but the Service holds is kept (patchAllocatedValues): the cluster IP,
 * node ports (by port name), the health check port. What the new type no longer needs, and the
 * update did not change, is dropped (dropTypeDependentFields).
 */
function keepAllocated(obj: KObject, old: KObject): void {
  const s = obj.spec, o = isObj(old.spec) ? old.spec : {};
  if (!isObj(s)) return;
  const oldObj = { spec: o } as KObject;
  // (a headless Service's None is kept as an address is)
  if (o.type !== 'ExternalName' && s.type !== 'ExternalName') {
    if (s.clusterIP === undefined || s.clusterIP === '') s.clusterIP = o.clusterIP;
    if (!Array.isArray(s.clusterIPs) || s.clusterIPs.length === 0) s.clusterIPs = o.clusterIPs;
  }
  if (hasNodePorts(oldObj) && hasNodePorts(obj)) {
    const byName = new Map(portsOf(o).map((p) => [p.name ?? '', p.nodePort]));
    const used = new Set(portsOf(s).map((p) => p.nodePort).filter((n) => typeof n === 'number' && n > 0));
    for (const p of portsOf(s)) {
      if (p.nodePort !== undefined && p.nodePort !== 0) continue;
      const was = byName.get(p.name ?? '');
      if (typeof was === 'number' && was > 0 && !used.has(was)) p.nodePort = was;
    }
  }
  if (needsHealthCheckNodePort(oldObj) && needsHealthCheckNodePort(obj) && !s.healthCheckNodePort) s.healthCheckNodePort = o.healthCheckNodePort;

  // normalizeClusterIPs: a changed clusterIP with clusterIPs left as they were changes both
  // (an old client knows only the first), so validation speaks of the change, not of a mismatch.
  if (s.clusterIP !== o.clusterIP && jsonEqual(s.clusterIPs, o.clusterIPs)) {
    if (s.clusterIP === undefined || s.clusterIP === '') delete s.clusterIPs;
    else s.clusterIPs = [s.clusterIP, ...(Array.isArray(o.clusterIPs) ? o.clusterIPs.slice(1) : [])];
  }
  if (s.type === 'ExternalName' && o.type !== 'ExternalName') {
    // To ExternalName: the address (or None) goes, unless the update set one (which validation refuses).
    if (s.clusterIP === o.clusterIP) delete s.clusterIP;
    if (jsonEqual(s.clusterIPs, o.clusterIPs)) delete s.clusterIPs;
    if (jsonEqual(s.ipFamilies, o.ipFamilies)) delete s.ipFamilies;
    if (s.ipFamilyPolicy === o.ipFamilyPolicy) delete s.ipFamilyPolicy;
    if (s.internalTrafficPolicy === o.internalTrafficPolicy) delete s.internalTrafficPolicy;
  }
  if (hasNodePorts(oldObj) && !hasNodePorts(obj)) {
    const oldPorts = new Set(portsOf(o).map((p) => p.nodePort));
    for (const p of portsOf(s)) if (p.nodePort !== undefined && oldPorts.has(p.nodePort)) delete p.nodePort;
  }
  if (!needsHealthCheckNodePort(obj) && s.healthCheckNodePort === o.healthCheckNodePort) delete s.healthCheckNodePort;
  if (s.type !== 'LoadBalancer' && s.allocateLoadBalancerNodePorts === o.allocateLoadBalancerNodePorts) delete s.allocateLoadBalancerNodePorts;
  if (s.type !== 'NodePort' && s.type !== 'LoadBalancer' && s.externalTrafficPolicy === o.externalTrafficPolicy) delete s.externalTrafficPolicy;
}

function validatePorts(s: Record<string, any>): FieldError[] {
  const errs: FieldError[] = [];
  const ports = Array.isArray(s.ports) ? s.ports : [];
  const names = new Set<string>();
  const keys = new Set<string>();
  const exposed = s.type === 'NodePort' || s.type === 'LoadBalancer';
  ports.forEach((p: unknown, i: number) => {
    const path = `spec.ports[${i}]`;
    if (!isObj(p)) { errs.push(invalid(path, p, 'must be an object')); return; }
    const name = typeof p.name === 'string' ? p.name : '';
    if (ports.length > 1 && name === '') errs.push(required(`${path}.name`));
    if (name !== '') {
      for (const m of isDNS1123Label(name)) errs.push(invalid(`${path}.name`, name, m));
      if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
      names.add(name);
    }
    for (const m of isValidPortNum(p.port)) errs.push(invalid(`${path}.port`, p.port, m));
    if (!PROTOCOLS.includes(p.protocol)) errs.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
    const t = p.targetPort;
    if (typeof t === 'number') for (const m of isValidPortNum(t)) errs.push(invalid(`${path}.targetPort`, t, m));
    else if (typeof t === 'string') for (const m of isValidPortName(t)) errs.push(invalid(`${path}.targetPort`, t, m));
    if (p.nodePort !== undefined && p.nodePort !== 0) {
      if (!exposed) errs.push(forbidden(`${path}.nodePort`, `may not be used when \`type\` is '${String(s.type)}'`));
      else for (const m of isValidPortNum(p.nodePort)) errs.push(invalid(`${path}.nodePort`, p.nodePort, m));
    }
    const key = `${String(p.port)}/${String(p.protocol)}`;
    if (keys.has(key)) errs.push(duplicate(path, { port: p.port, protocol: p.protocol }));
    keys.add(key);
  });
  return errs;
}

function validateService(obj: KObject, old?: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const s = isObj(obj.spec) ? obj.spec : {};
  const type = s.type;
  if (!TYPES.includes(type)) errs.push(notSupported('spec.type', type, TYPES));
  const headless = s.clusterIP === 'None';
  if (portsOf(s).length === 0 && !headless && type !== 'ExternalName') errs.push(required('spec.ports'));
  errs.push(...validatePorts(s));
  if (!AFFINITIES.includes(s.sessionAffinity)) errs.push(notSupported('spec.sessionAffinity', s.sessionAffinity, AFFINITIES));
  const timeout = s.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  if (s.sessionAffinity === 'ClientIP' && (typeof timeout !== 'number' || timeout < 1 || timeout > 86400)) {
    errs.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, 'must be greater than 0 and less than 86400'));
  }
  if (s.sessionAffinity === 'None' && s.sessionAffinityConfig !== undefined && s.sessionAffinityConfig !== null) {
    errs.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  errs.push(...validateLabels(s.selector, 'spec.selector'));
  if (type === 'ExternalName') {
    const ext = typeof s.externalName === 'string' ? s.externalName.replace(/\.$/, '') : '';
    if (ext === '') errs.push(required('spec.externalName'));
    else for (const m of isDNS1123Subdomain(ext)) errs.push(invalid('spec.externalName', s.externalName, m));
    if ((s.clusterIP ?? '') !== '' || (Array.isArray(s.clusterIPs) && s.clusterIPs.length > 0)) {
      errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    }
  } else {
    if (s.clusterIP !== undefined && s.clusterIP !== '' && s.clusterIP !== 'None' && ipv4ToNumber(String(s.clusterIP)) === undefined) {
      errs.push(invalid('spec.clusterIPs[0]', s.clusterIP, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    }
    if (Array.isArray(s.clusterIPs) && s.clusterIPs.length > 0) {
      if ((s.clusterIP ?? '') === '') errs.push(invalid('spec.clusterIPs', s.clusterIPs, 'must be empty when `clusterIP` is not specified'));
      else if (s.clusterIPs[0] !== s.clusterIP) errs.push(invalid('spec.clusterIPs[0]', s.clusterIPs[0], 'must match `clusterIP` when both are specified'));
      if (s.clusterIPs.length > 1) errs.push(invalid('spec.clusterIPs', s.clusterIPs, 'may specify no more than one IP for each IP family, and this cluster has IPv4 only'));
    }
  }
  for (const [i, f] of (Array.isArray(s.ipFamilies) ? s.ipFamilies : []).entries()) {
    if (f !== 'IPv4') errs.push(f === 'IPv6' ? invalid(`spec.ipFamilies[${i}]`, f, 'not configured on this cluster') : notSupported(`spec.ipFamilies[${i}]`, f, ['IPv4', 'IPv6']));
  }
  if (s.ipFamilyPolicy !== undefined) {
    if (!FAMILY_POLICIES.includes(s.ipFamilyPolicy)) errs.push(notSupported('spec.ipFamilyPolicy', s.ipFamilyPolicy, FAMILY_POLICIES));
    else if (s.ipFamilyPolicy === 'RequireDualStack') errs.push(invalid('spec.ipFamilyPolicy', s.ipFamilyPolicy, 'this cluster is not configured for dual-stack services'));
  }
  if (s.externalTrafficPolicy !== undefined) {
    if (type !== 'NodePort' && type !== 'LoadBalancer') errs.push(invalid('spec.externalTrafficPolicy', s.externalTrafficPolicy, 'may only be set for externally-accessible services'));
    else if (!TRAFFIC_POLICIES.includes(s.externalTrafficPolicy)) errs.push(notSupported('spec.externalTrafficPolicy', s.externalTrafficPolicy, TRAFFIC_POLICIES));
  }
  if (s.internalTrafficPolicy !== undefined && !TRAFFIC_POLICIES.includes(s.internalTrafficPolicy)) {
    errs.push(notSupported('spec.internalTrafficPolicy', s.internalTrafficPolicy, TRAFFIC_POLICIES));
  }
  if (s.healthCheckNodePort !== undefined && s.healthCheckNodePort !== 0 && !(type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local')) {
    errs.push(invalid('spec.healthCheckNodePort', s.healthCheckNodePort, 'may only be set when `type` is \'LoadBalancer\' and `externalTrafficPolicy` is \'Local\''));
  }
  if (s.allocateLoadBalancerNodePorts !== undefined && type !== 'LoadBalancer') {
    errs.push(forbidden('spec.allocateLoadBalancerNodePorts', 'may only be used when `type` is \'LoadBalancer\''));
  }
  (Array.isArray(s.externalIPs) ? s.externalIPs : []).forEach((ip: unknown, i: number) => {
    if (typeof ip !== 'string' || ipv4ToNumber(ip) === undefined) errs.push(invalid(`spec.externalIPs[${i}]`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  if (old) {
    const o = isObj(old.spec) ? old.spec : {};
    // An address, once given, stays until the type becomes ExternalName (which clears it).
    if (type !== 'ExternalName' && (o.clusterIP ?? '') !== '' && s.clusterIP !== o.clusterIP) {
      errs.push(invalid('spec.clusterIPs[0]', s.clusterIP ?? '', 'may not change once set'));
    }
  }
  return errs;
}

export const services: ResourceType = {
  group: '', version: 'v1', kind: 'Service', resource: 'services', namespaced: true,
  singular: 'service', listKind: 'ServiceList',
  shortNames: ['svc'], categories: ['all'],
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: { status: true },
  // A Service's name is a DNS label: it becomes a DNS name in its namespace.
  nameFn: nameIsDNSLabel,
  default: defaultService,
  prepareForCreate(obj) {
    obj.status = { loadBalancer: {} };
  },
  prepareForUpdate(obj, old) {
    obj.status = old.status;
    keepAllocated(obj, old);
  },
  validate: validateService,
  columns: SERVICE_COLUMNS,
  cells: serviceCells,
};
