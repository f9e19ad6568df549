// The built-in ClusterRoles and ClusterRoleBindings, in code rather than in the
// journal: they are always there, cannot be edited or deleted, and cost no
// write at start. Stored objects of the same name take precedence (a binding
// finds a stored ClusterRole first). Names and contents follow Kubernetes'
// bootstrap policy, trimmed to the resources this server serves.
import { serviceAccountUser, type PolicyRule, type Subject } from './rbac.js';
import { AUTHENTICATED_GROUP, MASTERS_GROUP } from './user.js';

export interface BootstrapRole { name: string; rules: PolicyRule[] }
export interface BootstrapBinding { name: string; role: string; subjects: Subject[] }

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const EVENTS: PolicyRule = { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch', 'update'] };
const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({ apiGroups, resources, verbs });

/** The namespace of the built-in controllers' service accounts. */
export const SYSTEM_NAMESPACE = 'kube-system';
/** Kubelets are users system:node:<node> in this group. */
export const NODES_GROUP = 'system:nodes';
export const NODE_USER_PREFIX = 'system:node:';

/** The controllers' identities: system:serviceaccount:kube-system:<name>, bound to system:controller:<name>. */
export const CONTROLLER_ACCOUNTS = {
  deployment: 'deployment-controller',
  replicaset: 'replicaset-controller',
  garbageCollector: 'generic-garbage-collector',
  nodeLifecycle: 'node-controller',
  events: 'event-recorder',
  namespace: 'namespace-controller',
  endpointSlice: 'endpointslice-controller',
} as const;
export const SCHEDULER_USER = 'system:kube-scheduler';

const NAMESPACED_READABLE = ['pods', 'pods/status', 'services', 'services/status', 'endpoints', 'configmaps', 'events', 'serviceaccounts', 'replicasets', 'replicasets/status', 'replicasets/scale', 'deployments', 'deployments/status', 'deployments/scale', 'statefulsets', 'statefulsets/status', 'statefulsets/scale', 'horizontalpodautoscalers', 'horizontalpodautoscalers/status', 'leases'];
const VIEW_GROUPS = ['', 'apps', 'autoscaling', 'coordination.k8s.io', 'events.k8s.io'];

export const BOOTSTRAP_CLUSTER_ROLES: readonly BootstrapRole[] = [
  { name: 'cluster-admin', rules: [rule(['*'], ['*'], ['*']), { nonResourceURLs: ['*'], verbs: ['*'] }] },
  // The user-facing roles, for RoleBindings in a namespace (as on Kubernetes: view reads no Secrets).
  { name: 'view', rules: [rule(VIEW_GROUPS, NAMESPACED_READABLE, READ), rule([''], ['namespaces'], READ)] },
  { name: 'edit', rules: [rule(VIEW_GROUPS, [...NAMESPACED_READABLE, 'secrets'], [...READ, ...WRITE]), rule([''], ['namespaces'], READ)] },
  { name: 'admin', rules: [rule(VIEW_GROUPS, [...NAMESPACED_READABLE, 'secrets'], [...READ, ...WRITE]), rule([''], ['namespaces'], READ), rule(['rbac.authorization.k8s.io'], ['roles', 'rolebindings'], [...READ, ...WRITE])] },
  // Every authenticated user may discover the API (Kubernetes' system:discovery and system:public-info-viewer).
  { name: 'system:discovery', rules: [{ nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/readyz', '/openapi', '/openapi/*', '/version', '/version/'], verbs: ['get'] }] },
  { name: 'system:public-info-viewer', rules: [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }] },
  // Every authenticated user may ask what it may do and who it is (kubectl auth can-i, auth whoami).
  { name: 'system:basic-user', rules: [
    rule(['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], ['create']),
    rule(['authentication.k8s.io'], ['selfsubjectreviews'], ['create']),
  ] },
  { name: 'system:monitoring', rules: [{ nonResourceURLs: ['/metrics', '/metrics/*', '/healthz', '/healthz/*', '/livez', '/livez/*', '/readyz', '/readyz/*'], verbs: ['get'] }] },
  // The statechart inspector shows every object's state: its own role, bound to nobody by default.
  { name: 'cybernetes:inspector', rules: [{ nonResourceURLs: ['/inspector', '/inspector/*'], verbs: ['get', 'post'] }] },
  // The control plane's own actors (store-gateway writes are checked against these).
  { name: 'system:kube-scheduler', rules: [
    rule([''], ['pods', 'nodes'], READ), rule([''], ['pods/binding', 'bindings'], ['create']), rule([''], ['pods/status'], ['patch', 'update']), EVENTS,
  ] },
  { name: 'system:node', rules: [
    rule([''], ['nodes'], [...READ, 'create', 'update', 'patch']), rule([''], ['nodes/status'], ['patch', 'update']),
    rule([''], ['pods'], [...READ, 'delete']), rule([''], ['pods/status'], ['patch', 'update']),
    rule([''], ['secrets', 'configmaps', 'serviceaccounts'], READ),
    rule(['coordination.k8s.io'], ['leases'], ['get', 'create', 'update', 'patch', 'delete']), EVENTS,
  ] },
  { name: `system:controller:${CONTROLLER_ACCOUNTS.deployment}`, rules: [
    rule(['apps'], ['deployments'], [...READ, 'update']), rule(['apps'], ['deployments/status'], ['update']),
    rule(['apps'], ['replicasets'], [...READ, 'create', 'update', 'patch', 'delete']),
    rule([''], ['pods'], [...READ, 'update']), EVENTS,
  ] },
  { name: `system:controller:${CONTROLLER_ACCOUNTS.replicaset}`, rules: [
    rule(['apps'], ['replicasets'], [...READ, 'update']), rule(['apps'], ['replicasets/status'], ['update']),
    rule([''], ['pods'], [...READ, 'create', 'update', 'patch', 'delete']), EVENTS,
  ] },
  { name: `system:controller:${CONTROLLER_ACCOUNTS.garbageCollector}`, rules: [rule(['*'], ['*'], ['get', 'list', 'watch', 'patch', 'update', 'delete'])] },
  { name: `system:controller:${CONTROLLER_ACCOUNTS.nodeLifecycle}`, rules: [
    rule([''], ['nodes'], ['get', 'list', 'watch', 'update', 'patch', 'delete']), rule([''], ['nodes/status'], ['patch', 'update']),
    rule([''], ['pods'], ['list', 'watch', 'delete']), rule([''], ['pods/status'], ['patch', 'update']),
    rule(['coordination.k8s.io'], ['leases'], READ), EVENTS,
  ] },
  { name: `system:controller:${CONTROLLER_ACCOUNTS.events}`, rules: [EVENTS] },
  // As Kubernetes' namespace-controller (which deletes anything in a namespace), plus the default
  // ServiceAccount that Kubernetes' serviceaccount-controller makes.
  { name: `system:controller:${CONTROLLER_ACCOUNTS.namespace}`, rules: [
    rule(['*'], ['*'], ['get', 'list', 'watch', 'delete', 'deletecollection']),
    rule([''], ['namespaces/status', 'namespaces/finalize'], ['update']),
    rule([''], ['serviceaccounts'], ['create']),
  ] },
  { name: `system:controller:${CONTROLLER_ACCOUNTS.endpointSlice}`, rules: [
    rule([''], ['services', 'pods', 'nodes'], READ),
    rule(['discovery.k8s.io'], ['endpointslices'], ['create', 'delete', 'get', 'list', 'update']),
    rule([''], ['endpoints'], ['create', 'delete', 'get', 'list', 'update']), EVENTS,
  ] },
];

const group = (name: string): Subject => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name });
const controller = (name: string): BootstrapBinding => ({
  name: `system:controller:${name}`, role: `system:controller:${name}`,
  subjects: [{ kind: 'ServiceAccount', name, namespace: SYSTEM_NAMESPACE }],
});

export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: readonly BootstrapBinding[] = [
  { name: 'cluster-admin', role: 'cluster-admin', subjects: [group(MASTERS_GROUP)] },
  { name: 'system:discovery', role: 'system:discovery', subjects: [group(AUTHENTICATED_GROUP)] },
  { name: 'system:public-info-viewer', role: 'system:public-info-viewer', subjects: [group(AUTHENTICATED_GROUP)] },
  { name: 'system:basic-user', role: 'system:basic-user', subjects: [group(AUTHENTICATED_GROUP)] },
  { name: 'system:monitoring', role: 'system:monitoring', subjects: [group('system:monitoring')] },
  { name: 'system:kube-scheduler', role: 'system:kube-scheduler', subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: SCHEDULER_USER }] },
  // Kubernetes leaves system:nodes unbound and relies on its Node authorizer; here the
  // binding grants the kinds, and the node restriction (node-restriction.ts) narrows them to the node's own objects.
  { name: 'system:node', role: 'system:node', subjects: [group(NODES_GROUP)] },
  ...Object.values(CONTROLLER_ACCOUNTS).map(controller),
];

/** The identity of a controller's service account. */
export function controllerUser(account: string): { name: string; groups: string[] } {
  return { name: serviceAccountUser(SYSTEM_NAMESPACE, account), groups: ['system:serviceaccounts', `system:serviceaccounts:${SYSTEM_NAMESPACE}`, AUTHENTICATED_GROUP] };
}

/** A kubelet's identity. */
export function nodeUser(node: string): { name: string; groups: string[] } {
  return { name: NODE_USER_PREFIX + node, groups: [NODES_GROUP, AUTHENTICATED_GROUP] };
}
