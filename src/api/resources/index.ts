// The registry of built-in kinds: REST names, discovery facts, defaulting,
// validation, strategy hooks and table printing for each.
//
// Order of use for a write (as kube-apiserver does it):
//   create: default(obj) → prepareForCreate(obj) → validateObjectMeta(obj, type) + type.validate(obj)
//   update: default(obj) → prepareForUpdate(obj, old) → validateObjectMeta(obj, type, old) + type.validate(obj, old)
import type { KObject } from '../../store/types.js';
import type { FieldError } from '../validation/field.js';
import { validateMeta } from '../validation/meta.js';
import { APPS_RESOURCES } from './apps.js';
import { CORE_RESOURCES } from './core.js';
import { horizontalpodautoscalers, leases } from './other.js';
import { RBAC_RESOURCES } from './rbac.js';
import { services } from './service.js';
import { endpointslices } from './discovery.js';
import { endpoints } from './endpoints.js';
import type { ResourceType } from './types.js';

export type { ColumnDefinition, FieldError, FieldErrorType, ResourceType } from './types.js';
export { VERBS_ALL } from './types.js';
export { aggregateFieldErrors } from '../validation/field.js';
export { parseQuantity, formatQuantity, compareQuantities, tryParseQuantity, canonicalQuantity } from '../quantity.js';
export { podQOSClass, defaultPullPolicy } from './defaults.js';
export { namespaces, pods, nodes, secrets, configmaps, serviceaccounts, events } from './core.js';
export { services } from './service.js';
export { endpointslices } from './discovery.js';
export { endpoints } from './endpoints.js';
export { deployments, replicasets, statefulsets } from './apps.js';
export { horizontalpodautoscalers, leases } from './other.js';
export { roles, clusterroles, rolebindings, clusterrolebindings } from './rbac.js';

export const RESOURCES: readonly ResourceType[] = Object.freeze([...CORE_RESOURCES, services, endpoints, ...APPS_RESOURCES, horizontalpodautoscalers, leases, endpointslices, ...RBAC_RESOURCES]);

const byPath = new Map(RESOURCES.map((r) => [`${r.group}/${r.version}/${r.resource}`, r]));
const byKind = new Map(RESOURCES.map((r) => [`${r.group ? `${r.group}/${r.version}` : r.version}/${r.kind}`, r]));

/** '' group for core: resourceByPath('', 'v1', 'pods'). */
export function resourceByPath(group: string, version: string, plural: string): ResourceType | undefined {
  return byPath.get(`${group}/${version}/${plural}`);
}

/** resourceByKind('apps/v1', 'Deployment'), resourceByKind('v1', 'Pod'). */
export function resourceByKind(apiVersion: string, kind: string): ResourceType | undefined {
  return byKind.get(`${apiVersion}/${kind}`);
}

/** The kind's REST names, for CLI-style lookups: plural, singular, short names, kind (case-insensitive). */
export function resourceByName(name: string): ResourceType | undefined {
  const n = name.toLowerCase();
  return RESOURCES.find((r) => r.resource === n || r.singular === n || r.shortNames.includes(n) || r.kind.toLowerCase() === n);
}

/**
 * ObjectMeta rules: name (DNS-1123 subdomain, or label for Namespace), generateName, namespace
 * required iff namespaced, labels and annotations (≤ 256 KiB), owner references, finalizers;
 * on update, name/namespace/uid/creationTimestamp/deletion fields may not change.
 */
export function validateObjectMeta(obj: KObject, type: ResourceType, old?: KObject): FieldError[] {
  return validateMeta(obj, { namespaced: type.namespaced, nameFn: type.nameFn }, old);
}
