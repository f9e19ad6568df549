// rbac.authorization.k8s.io/v1: Role, ClusterRole, RoleBinding, ClusterRoleBinding.
// What they grant is evaluated by src/api/auth/policy.ts.
import { ROLE_COLUMNS, ROLEBINDING_COLUMNS, roleBindingCells, roleCells } from '../tables.js';
import { defaultBinding, pathSegmentNameErrors, validateBinding, validateRules } from '../validation/rbac.js';
import type { NameValidator } from '../validation/names.js';
import { VERBS_ALL, type ResourceType } from './types.js';

const nameIsPathSegment: NameValidator = (name) => pathSegmentNameErrors(name);

function rbac(kind: string, resource: string, namespaced: boolean) {
  return {
    group: 'rbac.authorization.k8s.io', version: 'v1', kind, resource, namespaced,
    singular: kind.toLowerCase(), listKind: `${kind}List`,
    shortNames: [] as string[], categories: [] as string[], verbs: VERBS_ALL,
    subresources: {}, nameFn: nameIsPathSegment,
  };
}

export const roles: ResourceType = {
  ...rbac('Role', 'roles', true),
  default() {},
  validate: (obj) => validateRules(obj, true),
  columns: ROLE_COLUMNS,
  cells: roleCells,
};

export const clusterroles: ResourceType = {
  ...rbac('ClusterRole', 'clusterroles', false),
  default() {},
  validate: (obj) => validateRules(obj, false),
  columns: ROLE_COLUMNS,
  cells: roleCells,
};

export const rolebindings: ResourceType = {
  ...rbac('RoleBinding', 'rolebindings', true),
  default: defaultBinding,
  validate: (obj, old) => validateBinding(obj, true, old),
  columns: ROLEBINDING_COLUMNS,
  cells: roleBindingCells,
};

export const clusterrolebindings: ResourceType = {
  ...rbac('ClusterRoleBinding', 'clusterrolebindings', false),
  default: defaultBinding,
  validate: (obj, old) => validateBinding(obj, false, old),
  columns: ROLEBINDING_COLUMNS,
  cells: roleBindingCells,
};

export const RBAC_RESOURCES: readonly ResourceType[] = [roles, clusterroles, rolebindings, clusterrolebindings];
