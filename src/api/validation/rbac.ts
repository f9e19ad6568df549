// Validation of rbac.authorization.k8s.io/v1 objects, as Kubernetes'
// pkg/apis/rbac/validation does it: rules need verbs and either resources
// (with apiGroups) or non-resource URLs (ClusterRoles only); bindings need a
// known roleRef that never changes, and well-formed subjects.
import type { KObject } from '../../store/types.js';
import { type FieldError, invalid, notSupported, required } from './field.js';
import { isDNS1123Subdomain } from './names.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Role and binding names are path segments: anything but '.', '..' and names with '/' or '%' (e.g. "system:node"). */
export function pathSegmentNameErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const out: string[] = [];
  if (name.includes('/')) out.push(`may not contain '/'`);
  if (name.includes('%')) out.push(`may not contain '%'`);
  return out;
}

export function validateRules(obj: KObject, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  list(obj.rules).forEach((r, i) => {
    const p = `rules[${i}]`;
    if (!isObj(r)) { errs.push(invalid(p, r, 'must be an object')); return; }
    if (list(r.verbs).length === 0) errs.push(required(`${p}.verbs`, 'verbs must contain at least one value'));
    const urls = list(r.nonResourceURLs);
    if (urls.length > 0) {
      if (namespaced) errs.push(invalid(`${p}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs'));
      if (list(r.apiGroups).length > 0 || list(r.resources).length > 0 || list(r.resourceNames).length > 0)
        errs.push(invalid(`${p}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs'));
      return;
    }
    if (list(r.apiGroups).length === 0) errs.push(required(`${p}.apiGroups`, 'resource rules must supply at least one api group'));
    if (list(r.resources).length === 0) errs.push(required(`${p}.resources`, 'resource rules must supply at least one resource'));
  });
  return errs;
}

export function validateBinding(obj: KObject, namespaced: boolean, old?: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const ref = isObj(obj.roleRef) ? obj.roleRef : {};
  if (ref.apiGroup !== RBAC_GROUP) errs.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) errs.push(notSupported('roleRef.kind', ref.kind ?? '', kinds));
  const name = typeof ref.name === 'string' ? ref.name : '';
  if (name === '') errs.push(required('roleRef.name'));
  else for (const m of pathSegmentNameErrors(name)) errs.push(invalid('roleRef.name', name, m));
  list(obj.subjects).forEach((s, i) => errs.push(...validateSubject(s, namespaced, `subjects[${i}]`)));
  if (old && JSON.stringify(old.roleRef ?? null) !== JSON.stringify(obj.roleRef ?? null)) {
    errs.push(invalid('roleRef', obj.roleRef, 'cannot change roleRef'));
  }
  return errs;
}

function validateSubject(s: unknown, namespaced: boolean, p: string): FieldError[] {
  if (!isObj(s)) return [invalid(p, s, 'must be an object')];
  const errs: FieldError[] = [];
  const name = typeof s.name === 'string' ? s.name : '';
  if (name === '') errs.push(required(`${p}.name`));
  switch (s.kind) {
    case 'ServiceAccount':
      if (name !== '') for (const m of isDNS1123Subdomain(name)) errs.push(invalid(`${p}.name`, name, m));
      if (s.apiGroup) errs.push(notSupported(`${p}.apiGroup`, s.apiGroup, ['']));
      if (!namespaced && !s.namespace) errs.push(required(`${p}.namespace`));
      break;
    case 'User': case 'Group':
      if (s.apiGroup !== RBAC_GROUP) errs.push(notSupported(`${p}.apiGroup`, s.apiGroup ?? '', [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(`${p}.kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

/** v1 defaulting: roleRef.apiGroup and User/Group subjects' apiGroup are the RBAC group when left out. */
export function defaultBinding(obj: KObject): void {
  if (isObj(obj.roleRef) && !obj.roleRef.apiGroup) obj.roleRef.apiGroup = RBAC_GROUP;
  for (const s of list(obj.subjects)) {
    if (isObj(s) && !s.apiGroup && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = RBAC_GROUP;
  }
}
