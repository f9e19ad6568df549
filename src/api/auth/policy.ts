// An RBAC policy: stored Roles, ClusterRoles and their bindings plus the
// bootstrap ones, indexed, answering "may this user do this?". Each user's
// rules are gathered once per policy and reused until the policy is rebuilt.
import type { KObject } from '../../store/types.js';
import { BOOTSTRAP_CLUSTER_ROLES, BOOTSTRAP_CLUSTER_ROLE_BINDINGS } from './bootstrap-policy.js';
import { RBAC_GROUP, rulesAllow, subjectMatches, type PolicyRule, type RoleRef, type Subject } from './rbac.js';
import type { RequestAttributes } from './request-attributes.js';
import { MASTERS_GROUP, type UserInfo } from './user.js';

export interface RbacObjects {
  roles?: readonly KObject[];
  clusterRoles?: readonly KObject[];
  roleBindings?: readonly KObject[];
  clusterRoleBindings?: readonly KObject[];
}

export interface Decision {
  allowed: boolean;
  /** Why rules could not be read (a binding naming a missing role), as Kubernetes' "RBAC: ..." reason. */
  reason: string;
}

interface Binding { namespace: string; subjects: readonly Subject[]; roleRef: RoleRef }
interface UserRules { cluster: PolicyRule[]; byNamespace: Map<string, PolicyRule[]>; clusterErrors: string[]; errorsByNamespace: Map<string, string[]> }

const MAX_CACHED_USERS = 1000;

export class RbacPolicy {
  private readonly clusterRoles = new Map<string, readonly PolicyRule[]>();
  private readonly roles = new Map<string, readonly PolicyRule[]>();
  private readonly clusterBindings: Binding[] = [];
  private readonly roleBindings: Binding[] = [];
  private readonly users = new Map<string, UserRules>();

  constructor(objects: RbacObjects = {}, options: { bootstrap?: boolean } = {}) {
    if (options.bootstrap !== false) {
      for (const r of BOOTSTRAP_CLUSTER_ROLES) this.clusterRoles.set(r.name, r.rules);
      for (const b of BOOTSTRAP_CLUSTER_ROLE_BINDINGS) this.clusterBindings.push({ namespace: '', subjects: b.subjects, roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: b.role } });
    }
    // Stored ClusterRoles of a bootstrap name replace the built-in one, as edits of them would on Kubernetes.
    for (const r of objects.clusterRoles ?? []) this.clusterRoles.set(r.metadata.name!, rulesOf(r));
    for (const r of objects.roles ?? []) this.roles.set(`${r.metadata.namespace}/${r.metadata.name}`, rulesOf(r));
    for (const b of objects.clusterRoleBindings ?? []) { const x = bindingOf(b, ''); if (x) this.clusterBindings.push(x); }
    for (const b of objects.roleBindings ?? []) { const x = bindingOf(b, b.metadata.namespace ?? ''); if (x) this.roleBindings.push(x); }
  }

  authorize(user: UserInfo, a: RequestAttributes): Decision {
    if (user.groups.includes(MASTERS_GROUP)) return { allowed: true, reason: '' };
    const u = this.rulesFor(user);
    if (rulesAllow(a, u.cluster)) return { allowed: true, reason: '' };
    const ns = a.resourceRequest ? a.namespace : '';
    if (ns !== '' && rulesAllow(a, u.byNamespace.get(ns) ?? [])) return { allowed: true, reason: '' };
    const errors = [...u.clusterErrors, ...(ns !== '' ? u.errorsByNamespace.get(ns) ?? [] : [])];
    return { allowed: false, reason: errors.length === 0 ? '' : `RBAC: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}` };
  }

  /** The rules the user holds in `namespace` ('' for cluster scope): cluster-wide ones and that namespace's. */
  rulesIn(user: UserInfo, namespace: string): readonly PolicyRule[] {
    const u = this.rulesFor(user);
    return namespace === '' ? u.cluster : [...u.cluster, ...(u.byNamespace.get(namespace) ?? [])];
  }

  /** The rules of the role a binding in `namespace` refers to; undefined when there is no such role. */
  roleRules(ref: RoleRef, namespace: string): readonly PolicyRule[] | undefined {
    return ref.kind === 'ClusterRole' ? this.clusterRoles.get(ref.name) : this.roles.get(`${namespace}/${ref.name}`);
  }

  /** Every rule that applies to the user cluster-wide (ClusterRoleBindings): what internal actors are checked against. */
  clusterRulesFor(user: UserInfo): readonly PolicyRule[] {
    return this.rulesFor(user).cluster;
  }

  private rulesFor(user: UserInfo): UserRules {
    const key = `${user.name}\u0000${user.groups.join('\u0000')}`;
    let u = this.users.get(key);
    if (u) return u;
    u = { cluster: [], byNamespace: new Map(), clusterErrors: [], errorsByNamespace: new Map() };
    for (const b of this.clusterBindings) {
      if (!b.subjects.some((s) => subjectMatches(s, user))) continue;
      const rules = this.clusterRoles.get(b.roleRef.name);
      if (rules) u.cluster.push(...rules);
      else u.clusterErrors.push(`clusterrole.rbac.authorization.k8s.io "${b.roleRef.name}" not found`);
    }
    for (const b of this.roleBindings) {
      if (!b.subjects.some((s) => subjectMatches(s, user, b.namespace))) continue;
      const rules = this.roleRules(b.roleRef, b.namespace);
      if (rules) {
        const list = u.byNamespace.get(b.namespace);
        if (list) list.push(...rules); else u.byNamespace.set(b.namespace, [...rules]);
      } else {
        const what = `${b.roleRef.kind === 'ClusterRole' ? 'clusterrole' : 'role'}.rbac.authorization.k8s.io "${b.roleRef.name}" not found`;
        const list = u.errorsByNamespace.get(b.namespace);
        if (list) list.push(what); else u.errorsByNamespace.set(b.namespace, [what]);
      }
    }
    if (this.users.size >= MAX_CACHED_USERS) this.users.clear();
    this.users.set(key, u);
    return u;
  }
}

const strings = (v: unknown): string[] | undefined => Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;

/** A stored role's rules; validation keeps them well formed, this keeps a bad one from granting anything. */
export function rulesOf(o: KObject): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const r of Array.isArray(o.rules) ? o.rules : []) {
    const verbs = strings(r?.verbs);
    if (!verbs) continue;
    const rule: PolicyRule = { verbs };
    const apiGroups = strings(r.apiGroups), resources = strings(r.resources), resourceNames = strings(r.resourceNames), nonResourceURLs = strings(r.nonResourceURLs);
    if (apiGroups) rule.apiGroups = apiGroups;
    if (resources) rule.resources = resources;
    if (resourceNames) rule.resourceNames = resourceNames;
    if (nonResourceURLs) rule.nonResourceURLs = nonResourceURLs;
    out.push(rule);
  }
  return out;
}

function bindingOf(o: KObject, namespace: string): Binding | undefined {
  const ref = o.roleRef as RoleRef | undefined;
  if (!ref || typeof ref.name !== 'string' || typeof ref.kind !== 'string') return undefined;
  const subjects = (Array.isArray(o.subjects) ? o.subjects : []).filter((s: Subject) => s && typeof s.kind === 'string' && typeof s.name === 'string');
  return { namespace, subjects, roleRef: ref };
}
