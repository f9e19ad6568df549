// RBAC's rule and subject matching, as Kubernetes' rbac/validation does it.
// Pure: table-tested in test/auth-rbac.test.ts.
import type { RequestAttributes } from './request-attributes.js';
import type { UserInfo } from './user.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** The kinds that hold the policy: what the stored policy re-reads and the escalation check sees. */
export const RBAC_KINDS: ReadonlySet<unknown> = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

export interface PolicyRule {
  verbs: readonly string[];
  apiGroups?: readonly string[];
  resources?: readonly string[];
  resourceNames?: readonly string[];
  nonResourceURLs?: readonly string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  apiGroup?: string;
  kind: string;
  name: string;
}

const has = (list: readonly string[] | undefined, v: string) => list !== undefined && (list.includes('*') || list.includes(v));

/** pods, pods/status, * and * /status match as Kubernetes' ResourceMatches says. */
function resourceMatches(rules: readonly string[] | undefined, resource: string, subresource: string): boolean {
  if (!rules) return false;
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of rules) {
    if (r === '*' || r === combined) return true;
    if (subresource && r === `*/${subresource}`) return true;
  }
  return false;
}

/** `/apis/*` matches `/apis/apps` and `/apis/`; `*` matches every path. */
function nonResourceURLMatches(urls: readonly string[] | undefined, path: string): boolean {
  if (!urls) return false;
  for (const u of urls) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

export function ruleAllows(a: RequestAttributes, rule: PolicyRule): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.resourceRequest) return nonResourceURLMatches(rule.nonResourceURLs, a.path);
  if (!has(rule.apiGroups, a.apiGroup) || !resourceMatches(rule.resources, a.resource, a.subresource)) return false;
  // resourceNames limit a rule to named requests: a list or create (no name) is not covered.
  if (rule.resourceNames && rule.resourceNames.length > 0) return a.name !== '' && rule.resourceNames.includes(a.name);
  return true;
}

export function rulesAllow(a: RequestAttributes, rules: readonly PolicyRule[]): boolean {
  for (const r of rules) if (ruleAllows(a, r)) return true;
  return false;
}

/** ServiceAccount subjects are users named system:serviceaccount:<namespace>:<name>. */
export function serviceAccountUser(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** Whether a binding's subject is this user; a RoleBinding's ServiceAccount without a namespace is in the binding's. */
export function subjectMatches(s: Subject, user: UserInfo, bindingNamespace = ''): boolean {
  switch (s.kind) {
    case 'User': return s.name === user.name;
    case 'Group': return user.groups.includes(s.name);
    case 'ServiceAccount': {
      const ns = s.namespace || bindingNamespace;
      return ns !== '' && user.name === serviceAccountUser(ns, s.name);
    }
  }
  return false;
}
