// A compact vocabulary for writing Kubernetes-shaped OpenAPI v3 schemas.
//
// The published Kubernetes documents wrap every reference to another
// component in `allOf: [{$ref}]` so the referring field can carry its own
// description; `ref()` does the same. Patch metadata travels as the vendor
// extensions Kubernetes publishes (`x-kubernetes-patch-merge-key`,
// `x-kubernetes-patch-strategy`, `x-kubernetes-list-type`,
// `x-kubernetes-list-map-keys`, `x-kubernetes-map-type`).

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export type ListType = 'atomic' | 'set' | 'map';
export type PatchStrategy = 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';

export interface Schema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
  $ref?: string;
  enum?: unknown[];
  default?: unknown;
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-patch-strategy'?: PatchStrategy;
  'x-kubernetes-list-type'?: ListType;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

export const REF_PREFIX = '#/components/schemas/';

/** Namespaces of the component names, as Kubernetes spells them. */
export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
export const CORE = 'io.k8s.api.core.v1.';
export const APPS = 'io.k8s.api.apps.v1.';
export const AUTOSCALING_V1 = 'io.k8s.api.autoscaling.v1.';
export const AUTOSCALING_V2 = 'io.k8s.api.autoscaling.v2.';
export const COORDINATION = 'io.k8s.api.coordination.v1.';
export const RBAC = 'io.k8s.api.rbac.v1.';
export const DISCOVERY = 'io.k8s.api.discovery.v1.';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const TIME = META + 'Time';
export const MICRO_TIME = META + 'MicroTime';

export const str = (description: string, extra: Partial<Schema> = {}): Schema => ({ type: 'string', description, ...extra });
export const bool = (description: string): Schema => ({ type: 'boolean', description });
export const int32 = (description: string): Schema => ({ type: 'integer', format: 'int32', description });
export const int64 = (description: string): Schema => ({ type: 'integer', format: 'int64', description });
export const num = (description: string): Schema => ({ type: 'number', format: 'double', description });
export const bytes = (description: string): Schema => ({ type: 'string', format: 'byte', description });
export const enumStr = (description: string, values: string[]): Schema => ({ type: 'string', description, enum: values });

/** A field whose value is another component, described in place. */
export function ref(name: string, description?: string, extra: Partial<Schema> = {}): Schema {
  const s: Schema = { allOf: [{ $ref: REF_PREFIX + name }] };
  if (description !== undefined) s.description = description;
  return { ...s, ...extra };
}

export interface ListMeta {
  /** x-kubernetes-patch-merge-key */
  key?: string;
  /** x-kubernetes-patch-strategy */
  strategy?: PatchStrategy;
  /** x-kubernetes-list-type (default atomic when nothing else is said) */
  list?: ListType;
  /** x-kubernetes-list-map-keys */
  keys?: string[];
}

function listExt(meta: ListMeta): Partial<Schema> {
  const ext: Partial<Schema> = {};
  if (meta.key) ext['x-kubernetes-patch-merge-key'] = meta.key;
  if (meta.strategy) ext['x-kubernetes-patch-strategy'] = meta.strategy;
  if (meta.list) ext['x-kubernetes-list-type'] = meta.list;
  if (meta.keys) ext['x-kubernetes-list-map-keys'] = meta.keys;
  return ext;
}

/** An array field. */
export function arr(description: string, items: Schema, meta: ListMeta = { list: 'atomic' }): Schema {
  return { type: 'array', description, items, ...listExt(meta) };
}

/** An array of components. */
export function arrOf(description: string, name: string, meta: ListMeta = { list: 'atomic' }): Schema {
  return arr(description, { allOf: [{ $ref: REF_PREFIX + name }], default: {} }, meta);
}

/** A list keyed by `key` (strategic merge by that key, list-type map). */
export function keyedList(description: string, name: string, key: string, extra: Partial<ListMeta> = {}): Schema {
  return arrOf(description, name, { key, strategy: 'merge', list: 'map', keys: [key], ...extra });
}

/** An atomic list of strings. */
export const strs = (description: string, meta: ListMeta = { list: 'atomic' }): Schema =>
  arr(description, { type: 'string', default: '' }, meta);

/** A map of strings to strings. */
export const strMap = (description: string, extra: Partial<Schema> = {}): Schema => ({
  type: 'object',
  description,
  additionalProperties: { type: 'string', default: '' },
  ...extra,
});

/** A map of strings to components. */
export const mapOf = (description: string, name: string): Schema => ({
  type: 'object',
  description,
  additionalProperties: { allOf: [{ $ref: REF_PREFIX + name }] },
});

/** A structured component. */
export function obj(description: string, properties: Record<string, Schema>, required?: string[], extra: Partial<Schema> = {}): Schema {
  const s: Schema = { type: 'object', description, properties };
  if (required && required.length > 0) s.required = required;
  return { ...s, ...extra };
}

/** A structured component replaced as a whole by merges (`x-kubernetes-map-type: atomic`). */
export const atomicObj = (description: string, properties: Record<string, Schema>, required?: string[]): Schema =>
  obj(description, properties, required, { 'x-kubernetes-map-type': 'atomic' });

export const API_VERSION_FIELD = str('APIVersion names the versioned schema of this object, such as "v1" or "apps/v1".');
export const KIND_FIELD = str('Kind is the REST type this object represents, in CamelCase (for example "Deployment").');

/** A top-level kind: apiVersion, kind and metadata plus its own fields. */
export function kindSchema(
  description: string,
  gvk: GroupVersionKind,
  properties: Record<string, Schema>,
  opts: { required?: string[]; metadata?: 'object' | 'list' | 'none' } = {},
): Schema {
  const meta = opts.metadata ?? 'object';
  const props: Record<string, Schema> = { apiVersion: API_VERSION_FIELD, kind: KIND_FIELD };
  if (meta === 'object') {
    props.metadata = ref(META + 'ObjectMeta', "Standard object metadata: name, namespace, labels, annotations, owners and the server's bookkeeping.", { default: {} });
  } else if (meta === 'list') {
    props.metadata = ref(META + 'ListMeta', 'Standard list metadata: resourceVersion and the continue token.', { default: {} });
  }
  Object.assign(props, properties);
  return obj(description, props, opts.required, { 'x-kubernetes-group-version-kind': [gvk] });
}

/** The List kind for an item component. */
export function listSchema(itemName: string, gvk: GroupVersionKind, itemDescription: string): Schema {
  return kindSchema(
    `${gvk.kind} is a list of ${gvk.kind.replace(/List$/, '')} objects.`,
    gvk,
    { items: arrOf(itemDescription, itemName, {}) },
    { required: ['items'], metadata: 'list' },
  );
}
