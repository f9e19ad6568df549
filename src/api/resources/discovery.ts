// discovery.k8s.io/v1 EndpointSlice: defaults and validation as kube-apiserver's. The slices of
// a Service are the EndpointSlice controller's (actors/endpointslice-controller.ts); anyone may
// write others (a Service without a selector gets its endpoints that way).
import { ENDPOINTSLICE_COLUMNS, endpointSliceCells } from '../tables.js';
import { ipv4ToNumber } from '../services/ranges.js';
import { type FieldError, duplicate, invalid, notSupported, required, tooMany } from '../validation/field.js';
import { SUPPORTED_PROTOCOLS as PROTOCOLS, isDNS1123Label, isDNS1123Subdomain, nameIsDNSSubdomain } from '../validation/names.js';
import { VERBS_ALL, type ResourceType } from './types.js';

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const MAX_ENDPOINTS = 1000, MAX_ADDRESSES = 100, MAX_PORTS = 100;

function validateAddress(type: string, address: unknown, path: string): FieldError[] {
  const a = typeof address === 'string' ? address : '';
  if (type === 'IPv4' && ipv4ToNumber(a) === undefined) return [invalid(path, address, 'must be a valid IPv4 address')];
  if (type === 'IPv6' && !/^[0-9a-fA-F:.]+$/.test(a)) return [invalid(path, address, 'must be a valid IPv6 address')];
  if (type === 'FQDN') return isDNS1123Subdomain(a).map((m) => invalid(path, address, m));
  return [];
}

export const endpointslices: ResourceType = {
  group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', resource: 'endpointslices', namespaced: true,
  singular: 'endpointslice', listKind: 'EndpointSliceList',
  shortNames: [], categories: [], verbs: VERBS_ALL,
  subresources: {},
  nameFn: nameIsDNSSubdomain,
  default(obj) {
    // (client-go sends a nil list as null)
    if (obj.endpoints === null || obj.endpoints === undefined) obj.endpoints = [];
    for (const p of Array.isArray(obj.ports) ? obj.ports : []) {
      if (!isObj(p)) continue;
      p.name ??= '';
      p.protocol ??= 'TCP';
    }
  },
  validate(obj, old) {
    const errs: FieldError[] = [];
    const type = obj.addressType;
    if (type === undefined || type === '') errs.push(required('addressType'));
    else if (!ADDRESS_TYPES.includes(type)) errs.push(notSupported('addressType', type, ADDRESS_TYPES));
    if (old && old.addressType !== type) errs.push(invalid('addressType', type, 'field is immutable'));
    const endpoints = Array.isArray(obj.endpoints) ? obj.endpoints : [];
    if (!Array.isArray(obj.endpoints)) errs.push(invalid('endpoints', obj.endpoints, 'must be a list'));
    if (endpoints.length > MAX_ENDPOINTS) errs.push(tooMany('endpoints', endpoints.length, MAX_ENDPOINTS));
    endpoints.forEach((e: unknown, i: number) => {
      const path = `endpoints[${i}]`;
      if (!isObj(e)) { errs.push(invalid(path, e, 'must be an object')); return; }
      const addresses = Array.isArray(e.addresses) ? e.addresses : [];
      if (addresses.length === 0) errs.push(required(`${path}.addresses`, 'must contain at least 1 address'));
      if (addresses.length > MAX_ADDRESSES) errs.push(tooMany(`${path}.addresses`, addresses.length, MAX_ADDRESSES));
      addresses.forEach((a: unknown, j: number) => errs.push(...validateAddress(type, a, `${path}.addresses[${j}]`)));
      if (e.hostname !== undefined && e.hostname !== null) for (const m of isDNS1123Label(String(e.hostname))) errs.push(invalid(`${path}.hostname`, e.hostname, m));
      if (e.nodeName !== undefined && e.nodeName !== null) for (const m of isDNS1123Subdomain(String(e.nodeName))) errs.push(invalid(`${path}.nodeName`, e.nodeName, m));
    });
    const ports = Array.isArray(obj.ports) ? obj.ports : [];
    if (ports.length > MAX_PORTS) errs.push(tooMany('ports', ports.length, MAX_PORTS));
    const names = new Set<string>();
    ports.forEach((p: unknown, i: number) => {
      const path = `ports[${i}]`;
      if (!isObj(p)) { errs.push(invalid(path, p, 'must be an object')); return; }
      const name = typeof p.name === 'string' ? p.name : '';
      if (name !== '') for (const m of isDNS1123Label(name)) errs.push(invalid(`${path}.name`, name, m));
      if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
      names.add(name);
      if (!PROTOCOLS.includes(p.protocol)) errs.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
      if (p.port !== undefined && p.port !== null && !(Number.isInteger(p.port) && p.port >= 0 && p.port <= 65535)) {
        errs.push(invalid(`${path}.port`, p.port, 'must be between 0 and 65535, inclusive'));
      }
    });
    return errs;
  },
  columns: ENDPOINTSLICE_COLUMNS,
  cells: endpointSliceCells,
};
