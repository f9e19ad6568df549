// RBAC's escalation prevention, as kube-apiserver's rbac/validation does it: a user may
// write a Role or ClusterRole only with rules they hold themselves (or with the `escalate`
// verb on it), and bind a role only if they hold every rule in it (or have `bind` on it).
// Without it, whoever may write RoleBindings could bind cluster-admin.
import { ApiError } from '../status.js';
import type { KObject } from '../../store/types.js';
import { jsonEqual } from '../validation/field.js';
import { copyObject } from '../../store/copy.js';
import { rulesOf, type RbacPolicy } from './policy.js';
import { RBAC_GROUP, rulesAllow, type PolicyRule, type RoleRef } from './rbac.js';
import type { ResourceAttributes } from './request-attributes.js';
import { MASTERS_GROUP, type UserInfo } from './user.js';

const ROLE_KINDS: Record<string, string> = { Role: 'roles', ClusterRole: 'clusterroles' };
const BINDING_KINDS: Record<string, string> = { RoleBinding: 'rolebindings', ClusterRoleBinding: 'clusterrolebindings' };
/** Metadata an update may change without the escalation check (see onlyMutatesGCFields). */
const GC_AND_BOOKKEEPING: ReadonlySet<string> = new Set(['finalizers', 'ownerReferences', 'resourceVersion', 'managedFields', 'selfLink']);

/**
 * The parts of `servant` that `owner` does not cover, one verb, group, resource and name (or
 * one verb and path) each: Kubernetes' Covers, with each part asked as a request would be.
 * A `*` in the servant is covered only by a `*` in the owner.
 */
export function uncoveredRules(owner: readonly PolicyRule[], servant: readonly PolicyRule[]): PolicyRule[] {
  const missing: PolicyRule[] = [];
  for (const rule of servant) {
    for (const verb of rule.verbs) {
      for (const path of rule.nonResourceURLs ?? []) {
        if (!rulesAllow({ resourceRequest: false, verb, path }, owner)) missing.push({ verbs: [verb], nonResourceURLs: [path] });
      }
      for (const apiGroup of rule.apiGroups ?? []) {
        for (const resource of rule.resources ?? []) {
          const slash = resource.indexOf('/');
          const names = rule.resourceNames?.length ? rule.resourceNames : [''];
          for (const name of names) {
            const a: ResourceAttributes = {
              resourceRequest: true, verb, apiGroup, apiVersion: '', namespace: '', name,
              resource: slash < 0 ? resource : resource.slice(0, slash), subresource: slash < 0 ? '' : resource.slice(slash + 1),
            };
            if (!rulesAllow(a, owner)) missing.push({ verbs: [verb], apiGroups: [apiGroup], resources: [resource], ...(name ? { resourceNames: [name] } : {}) });
          }
        }
      }
    }
  }
  return missing;
}

/** `{APIGroups:["apps"], Resources:["deployments"], Verbs:["delete"]}`, as Kubernetes prints a rule. */
export function ruleText(r: PolicyRule): string {
  const list = (xs: readonly string[]) => `[${xs.map((x) => JSON.stringify(x)).join(' ')}]`;
  const parts: string[] = [];
  if (r.apiGroups) parts.push(`APIGroups:${list(r.apiGroups)}`);
  if (r.resources) parts.push(`Resources:${list(r.resources)}`);
  if (r.resourceNames) parts.push(`ResourceNames:${list(r.resourceNames)}`);
  if (r.nonResourceURLs) parts.push(`NonResourceURLs:${list(r.nonResourceURLs)}`);
  parts.push(`Verbs:${list(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/**
 * Whether `user` may write `object` (a Role, ClusterRole, RoleBinding or ClusterRoleBinding;
 * any other kind passes) under `policy`: null, or the 403 to answer.
 */
export function escalationCheck(policy: RbacPolicy, user: UserInfo, object: KObject): ApiError | null {
  const kind = String(object.kind ?? '');
  const resource = ROLE_KINDS[kind] ?? BINDING_KINDS[kind];
  if (!resource || user.groups.includes(MASTERS_GROUP)) return null;
  const namespace = object.metadata?.namespace ?? '';
  const name = object.metadata?.name ?? '';
  const may = (verb: string, r: string, n: string) =>
    policy.authorize(user, { resourceRequest: true, verb, apiGroup: RBAC_GROUP, apiVersion: 'v1', resource: r, subresource: '', namespace, name: n }).allowed;
  let granted: readonly PolicyRule[] | undefined;
  if (ROLE_KINDS[kind]) {
    if (may('escalate', resource, name)) return null;
    granted = rulesOf(object);
  } else {
    const ref = object.roleRef as RoleRef | undefined;
    const refResource = ref && ROLE_KINDS[ref.kind];
    if (!ref || !refResource) return null; // validation refuses it
    if (may('bind', refResource, ref.name)) return null;
    granted = policy.roleRules(ref, namespace);
    if (!granted) return forbiddenEscalation(resource, name, `the ${ref.kind.toLowerCase()} "${ref.name}" it binds was not found, so the permissions it grants cannot be checked against the user's own`);
  }
  const missing = uncoveredRules(policy.rulesIn(user, namespace), granted);
  if (missing.length === 0) return null;
  // Groups as Go prints a []string with %q: ["a" "b"].
  const groups = `[${user.groups.map((g) => JSON.stringify(g)).join(' ')}]`;
  return forbiddenEscalation(resource, name, `user "${user.name}" (groups=${groups}) is attempting to grant RBAC permissions not currently held:\n${missing.map(ruleText).join('\n')}`);
}

/**
 * Whether an update of `old` to `object` changes nothing but the fields the garbage collector
 * writes, finalizers and ownerReferences: Kubernetes' IsOnlyMutatingGCFields, under which an
 * update of a role or binding is not checked for escalation (whoever may update a binding may
 * take a finalizer off it, whatever it grants). The server's own bookkeeping in metadata
 * (resourceVersion, managedFields, selfLink) is left out of the comparison as well.
 */
export function onlyMutatesGCFields(object: KObject, old: KObject): boolean {
  const rest = (o: KObject): KObject => ({ ...o, metadata: copyObject(o.metadata, GC_AND_BOOKKEEPING) });
  return jsonEqual(rest(object), rest(old));
}

function forbiddenEscalation(resource: string, name: string, why: string): ApiError {
  return new ApiError('Forbidden', `${resource}.${RBAC_GROUP} "${name}" is forbidden: ${why}`, { name, group: RBAC_GROUP, kind: resource });
}
