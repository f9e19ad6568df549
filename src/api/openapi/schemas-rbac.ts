// rbac.authorization.k8s.io/v1: Role, ClusterRole, RoleBinding, ClusterRoleBinding.

import { META, RBAC, type Schema, str, obj, ref, arrOf, strs, atomicObj, kindSchema, listSchema } from './dsl.js';

const rbac = (kind: string) => ({ group: 'rbac.authorization.k8s.io', version: 'v1', kind });
const RULES = arrOf('The PolicyRules of this role.', RBAC + 'PolicyRule');

export const RBAC_SCHEMAS: Record<string, Schema> = {
  [RBAC + 'PolicyRule']: obj('What a rule allows: verbs on resources of API groups (optionally only some names), or verbs on non-resource URLs.', {
    verbs: strs('Verbs allowed: get, list, watch, create, update, patch, delete, deletecollection, or * for all.'),
    apiGroups: strs('API groups of the resources ("" is the core group, * all of them).'),
    resources: strs('Resources the rule applies to: "pods", "pods/status" for a subresource, "*/scale", or * for all.'),
    resourceNames: strs('Names the rule is limited to; empty means every name.'),
    nonResourceURLs: strs('Non-resource paths ("/healthz", "/apis/*"); only in ClusterRoles, and never beside resources.'),
  }, ['verbs']),
  [RBAC + 'Subject']: atomicObj('Who a binding grants its role to: a User, a Group or a ServiceAccount.', {
    kind: str('"User", "Group" or "ServiceAccount".'),
    apiGroup: str('"rbac.authorization.k8s.io" for User and Group (the default), "" for ServiceAccount.'),
    name: str('Name of the subject.'),
    namespace: str('Namespace of a ServiceAccount (a RoleBinding\'s own namespace when left empty).'),
  }, ['kind', 'name']),
  [RBAC + 'RoleRef']: atomicObj('The role a binding grants. It cannot change once the binding exists.', {
    apiGroup: str('The role\'s API group: rbac.authorization.k8s.io.'),
    kind: str('"Role" or "ClusterRole".'),
    name: str('Name of the role.'),
  }, ['apiGroup', 'kind', 'name']),
  [RBAC + 'AggregationRule']: obj('Selects ClusterRoles whose rules would be aggregated into this one (stored, not acted on by this server).', {
    clusterRoleSelectors: arrOf('Label selectors of the ClusterRoles to aggregate.', META + 'LabelSelector'),
  }),
  [RBAC + 'Role']: kindSchema('A Role grants the rules it lists within its namespace, to whoever a RoleBinding names.', rbac('Role'), { rules: RULES }),
  [RBAC + 'RoleList']: listSchema(RBAC + 'Role', rbac('RoleList'), 'List of roles.'),
  [RBAC + 'ClusterRole']: kindSchema('A ClusterRole lists rules that a ClusterRoleBinding grants across the cluster, or a RoleBinding within its namespace.', rbac('ClusterRole'), {
    rules: RULES,
    aggregationRule: ref(RBAC + 'AggregationRule', 'How the ClusterRole would be built from others (not acted on by this server).'),
  }),
  [RBAC + 'ClusterRoleList']: listSchema(RBAC + 'ClusterRole', rbac('ClusterRoleList'), 'List of cluster roles.'),
  [RBAC + 'RoleBinding']: kindSchema('A RoleBinding grants a Role, or a ClusterRole, to subjects within the binding\'s namespace.', rbac('RoleBinding'), {
    subjects: arrOf('The users, groups and service accounts granted the role.', RBAC + 'Subject'),
    roleRef: ref(RBAC + 'RoleRef', 'The role granted; it cannot change.', { default: {} }),
  }, { required: ['roleRef'] }),
  [RBAC + 'RoleBindingList']: listSchema(RBAC + 'RoleBinding', rbac('RoleBindingList'), 'List of role bindings.'),
  [RBAC + 'ClusterRoleBinding']: kindSchema('A ClusterRoleBinding grants a ClusterRole to subjects across the cluster.', rbac('ClusterRoleBinding'), {
    subjects: arrOf('The users, groups and service accounts granted the role.', RBAC + 'Subject'),
    roleRef: ref(RBAC + 'RoleRef', 'The ClusterRole granted; it cannot change.', { default: {} }),
  }, { required: ['roleRef'] }),
  [RBAC + 'ClusterRoleBindingList']: listSchema(RBAC + 'ClusterRoleBinding', rbac('ClusterRoleBindingList'), 'List of cluster role bindings.'),
};
