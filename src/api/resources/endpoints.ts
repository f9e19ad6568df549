// core/v1 Endpoints: validation as kube-apiserver's. A Service with a selector has its Endpoints
// kept by the controller (actors/endpointslice-controller.ts); one without is written by whoever
// provides its endpoints.
import { ENDPOINTS_COLUMNS, endpointsCells } from '../tables.js';
import { ipv4ToNumber } from '../services/ranges.js';
import { type FieldError, duplicate, invalid, notSupported, required } from '../validation/field.js';
import { SUPPORTED_PROTOCOLS as PROTOCOLS, isDNS1123Label, isValidPortNum, nameIsDNSSubdomain } from '../validation/names.js';
import { VERBS_ALL, type ResourceType } from './types.js';

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

export const endpoints: ResourceType = {
  group: '', version: 'v1', kind: 'Endpoints', resource: 'endpoints', namespaced: true,
  singular: 'endpoints', listKind: 'EndpointsList',
  shortNames: ['ep'], categories: [], verbs: VERBS_ALL,
  subresources: {},
  nameFn: nameIsDNSSubdomain,
  default(obj) {
    for (const ss of Array.isArray(obj.subsets) ? obj.subsets : []) {
      for (const p of Array.isArray(ss?.ports) ? ss.ports : []) if (isObj(p)) p.protocol ??= 'TCP';
    }
  },
  validate(obj) {
    const errs: FieldError[] = [];
    (Array.isArray(obj.subsets) ? obj.subsets : []).forEach((ss: unknown, i: number) => {
      const path = `subsets[${i}]`;
      if (!isObj(ss)) { errs.push(invalid(path, ss, 'must be an object')); return; }
      for (const list of ['addresses', 'notReadyAddresses'] as const) {
        (Array.isArray(ss[list]) ? ss[list] : []).forEach((a: any, j: number) => {
          if (!a?.ip) errs.push(required(`${path}.${list}[${j}].ip`));
          else if (ipv4ToNumber(String(a.ip)) === undefined) errs.push(invalid(`${path}.${list}[${j}].ip`, a.ip, 'must be a valid IP address'));
        });
      }
      const ports = Array.isArray(ss.ports) ? ss.ports : [];
      const names = new Set<string>();
      ports.forEach((p: any, k: number) => {
        const pp = `${path}.ports[${k}]`;
        const name = typeof p?.name === 'string' ? p.name : '';
        if (ports.length > 1 && name === '') errs.push(required(`${pp}.name`));
        if (name !== '') for (const m of isDNS1123Label(name)) errs.push(invalid(`${pp}.name`, name, m));
        if (names.has(name)) errs.push(duplicate(`${pp}.name`, name));
        names.add(name);
        for (const m of isValidPortNum(p?.port)) errs.push(invalid(`${pp}.port`, p?.port, m));
        if (!PROTOCOLS.includes(p?.protocol)) errs.push(notSupported(`${pp}.protocol`, p?.protocol, PROTOCOLS));
      });
    });
    return errs;
  },
  columns: ENDPOINTS_COLUMNS,
  cells: endpointsCells,
};
