// Every component schema the API serves, and lookups over them: by
// group/version/kind, by field path, and the patch metadata (merge key,
// patch strategy, list type) that strategic merge patch and server-side
// apply are driven by.

import { type ListType, type Schema, REF_PREFIX } from './dsl.js';
import { META_SCHEMAS } from './schemas-meta.js';
import { CORE_SCHEMAS } from './schemas-core.js';
import { CORE_VOLUME_SCHEMAS } from './schemas-core-volumes.js';
import { CORE_SERVICE_SCHEMAS } from './schemas-core-services.js';
import { DISCOVERY_SCHEMAS } from './schemas-discovery.js';
import { APPS_SCHEMAS } from './schemas-apps.js';
import { RBAC_SCHEMAS } from './schemas-rbac.js';

export type { GroupVersionKind, ListType, Schema } from './dsl.js';

/** All component schemas, keyed by their Kubernetes names (`io.k8s.api.apps.v1.Deployment`, ...). */
export const SCHEMAS: Readonly<Record<string, Schema>> = Object.freeze({
  ...META_SCHEMAS,
  ...CORE_SCHEMAS,
  ...CORE_VOLUME_SCHEMAS,
  ...CORE_SERVICE_SCHEMAS,
  ...DISCOVERY_SCHEMAS,
  ...APPS_SCHEMAS,
  ...RBAC_SCHEMAS,
});

const byGvk = new Map<string, string>();
for (const [name, schema] of Object.entries(SCHEMAS)) {
  for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
    byGvk.set(gvkKey(gvk.group, gvk.version, gvk.kind), name);
  }
}

function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

/** Splits "apps/v1" into group "apps" and version "v1"; "v1" is the core group. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The component name of a kind: `schemaName('apps/v1', 'Deployment')` is `io.k8s.api.apps.v1.Deployment`. */
export function schemaName(apiVersion: string, kind: string): string | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  return byGvk.get(gvkKey(group, version, kind));
}

/** The schema of a kind, or undefined for a kind the API does not serve. */
export function schemaForKind(apiVersion: string, kind: string): Schema | undefined {
  const name = schemaName(apiVersion, kind);
  return name === undefined ? undefined : SCHEMAS[name];
}

/** The component a `$ref` names, or undefined when it names none. */
export function resolveRef(ref: string): Schema | undefined {
  return ref.startsWith(REF_PREFIX) ? SCHEMAS[ref.slice(REF_PREFIX.length)] : undefined;
}

/** The component names a schema refers to directly (through $ref, allOf, items, properties, maps). */
export function directRefs(schema: Schema): string[] {
  const out: string[] = [];
  const visit = (s: Schema | boolean | undefined): void => {
    if (!s || typeof s === 'boolean') return;
    if (s.$ref?.startsWith(REF_PREFIX)) out.push(s.$ref.slice(REF_PREFIX.length));
    s.allOf?.forEach(visit);
    s.oneOf?.forEach(visit);
    visit(s.items);
    visit(s.additionalProperties);
    if (s.properties) Object.values(s.properties).forEach(visit);
  };
  visit(schema);
  return out;
}

/** Every component reachable from the named ones, the named ones included. */
export function closure(names: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...names];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    const schema = SCHEMAS[name];
    if (!schema) continue;
    seen.add(name);
    stack.push(...directRefs(schema));
  }
  return seen;
}

/**
 * A field's schema with references followed: the referenced component's
 * content, overlaid with what the referring field itself says (its
 * description and the patch extensions that Kubernetes puts on the field,
 * such as `x-kubernetes-patch-strategy: retainKeys` on a Deployment's
 * strategy).
 */
export function resolve(schema: Schema): Schema {
  let target: Schema | undefined;
  if (schema.$ref) target = resolveRef(schema.$ref);
  else if (schema.allOf && schema.allOf.length === 1 && schema.allOf[0]!.$ref) target = resolveRef(schema.allOf[0]!.$ref);
  if (!target) return schema;
  const merged: Schema = { ...resolve(target) };
  for (const [k, v] of Object.entries(schema) as [keyof Schema, unknown][]) {
    if (k === '$ref' || k === 'allOf' || k === 'default') continue;
    (merged as Record<string, unknown>)[k] = v;
  }
  return merged;
}

// ---------------------------------------------------------- patch metadata

/** How a value at some path is merged. */
export interface PatchMeta {
  /** object: a struct with known fields; map: string keys to values; list; scalar; intOrString; unknown (free-form). */
  kind: 'object' | 'map' | 'list' | 'scalar' | 'intOrString' | 'unknown';
  /** `x-kubernetes-patch-strategy` split on commas: "merge", "retainKeys", "replace". Empty when Kubernetes publishes none. */
  patchStrategies: string[];
  /** `x-kubernetes-patch-merge-key`: the field identifying list items for strategic merge. */
  patchMergeKey?: string;
  /** `x-kubernetes-list-type` (lists) — atomic when Kubernetes says nothing. */
  listType?: ListType;
  /** `x-kubernetes-list-map-keys` for list-type map. */
  listMapKeys?: string[];
  /** `x-kubernetes-map-type` (structs and maps): atomic ones are replaced as a whole. */
  mapType?: 'atomic' | 'granular';
  /** The description of the field, when one is published. */
  description?: string;
}

/** A position in a kind's schema, walked field by field. */
export interface SchemaCursor {
  readonly schema: Schema;
  readonly meta: PatchMeta;
  /** The named field of an object (undefined for an unknown field or a non-object). */
  field(name: string): SchemaCursor | undefined;
  /** The items of a list. */
  items(): SchemaCursor | undefined;
  /** The values of a map (additionalProperties). */
  values(): SchemaCursor | undefined;
  /** The names of the object's known fields. */
  fieldNames(): string[];
  /**
   * Follows a path. Segments are field names; "[]", "[N]" or a number step
   * into list items, and a segment that is not a field of a map steps into its values.
   * A field name segment on a list steps into the items first, so
   * "spec.template.spec.containers.ports" works as well as "containers[].ports".
   */
  at(path: string | readonly string[]): SchemaCursor | undefined;
}

function metaOf(schema: Schema): PatchMeta {
  const strategy = schema['x-kubernetes-patch-strategy'];
  const meta: PatchMeta = {
    kind: kindOf(schema),
    patchStrategies: strategy ? strategy.split(',') : [],
  };
  if (schema['x-kubernetes-patch-merge-key']) meta.patchMergeKey = schema['x-kubernetes-patch-merge-key'];
  if (meta.kind === 'list') meta.listType = schema['x-kubernetes-list-type'] ?? 'atomic';
  if (schema['x-kubernetes-list-map-keys']) meta.listMapKeys = [...schema['x-kubernetes-list-map-keys']];
  if (schema['x-kubernetes-map-type']) meta.mapType = schema['x-kubernetes-map-type'];
  if (schema.description) meta.description = schema.description;
  return meta;
}

function kindOf(schema: Schema): PatchMeta['kind'] {
  if (schema['x-kubernetes-int-or-string']) return 'intOrString';
  if (schema.type === 'array' || schema.items) return 'list';
  if (schema.properties) return 'object';
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') return 'map';
  if (schema.type === 'string' || schema.type === 'integer' || schema.type === 'number' || schema.type === 'boolean') return 'scalar';
  return 'unknown';
}

// Schemas are static: one cursor per schema object, its fields' cursors made once too (a
// write's managedFields walk every field of the object, on every request).
const cursors = new WeakMap<Schema, SchemaCursor>();

function cursor(raw: Schema): SchemaCursor {
  let c = cursors.get(raw);
  if (!c) cursors.set(raw, (c = makeCursor(raw)));
  return c;
}

/** resolve(raw), made once per schema object (the cursor's). */
export function resolvedSchema(raw: Schema): Schema {
  return cursor(raw).schema;
}

function makeCursor(raw: Schema): SchemaCursor {
  const schema = resolve(raw);
  const self: SchemaCursor = {
    schema,
    meta: metaOf(schema),
    field(name) {
      const p = schema.properties?.[name];
      return p ? cursor(p) : undefined;
    },
    items() {
      return schema.items ? cursor(schema.items) : undefined;
    },
    values() {
      const ap = schema.additionalProperties;
      return ap && typeof ap === 'object' ? cursor(ap) : undefined;
    },
    fieldNames() {
      return Object.keys(schema.properties ?? {});
    },
    at(path) {
      const segments = typeof path === 'string' ? splitPath(path) : path;
      let here: SchemaCursor | undefined = self;
      for (const seg of segments) {
        if (!here) return undefined;
        if (seg.startsWith('[') || /^\d+$/.test(seg)) {
          if (here.meta.kind === 'list') {
            here = here.items();
            continue;
          }
          if (seg.startsWith('[')) return undefined;
        }
        if (here.meta.kind === 'list') here = here.items();
        if (!here) return undefined;
        if (here.meta.kind === 'object') here = here.field(seg);
        else if (here.meta.kind === 'map') here = here.values();
        else return undefined;
      }
      return here;
    },
  };
  return self;
}

function splitPath(path: string): string[] {
  const out: string[] = [];
  for (const part of path.split('.')) {
    if (part === '') continue;
    const m = /^([^[]*)((?:\[\d*\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of m[2]!.match(/\[\d*\]/g) ?? []) out.push(idx);
  }
  return out;
}

/** A cursor at the root of a component schema, by name. */
export function schemaCursor(name: string): SchemaCursor | undefined {
  const s = SCHEMAS[name];
  return s ? cursor(s) : undefined;
}

/** A cursor at the root of a kind's schema: `kindCursor('apps/v1', 'Deployment')`. */
export function kindCursor(apiVersion: string, kind: string): SchemaCursor | undefined {
  const name = schemaName(apiVersion, kind);
  return name === undefined ? undefined : schemaCursor(name);
}

/**
 * The patch metadata of a kind, for paths within it:
 * `patchMetaFor('apps/v1', 'Deployment')?.('spec.template.spec.containers')`
 * gives `{kind: 'list', patchStrategies: ['merge'], patchMergeKey: 'name', listType: 'map', listMapKeys: ['name']}`.
 * The empty path gives the meta of the object itself. Undefined for an unknown
 * kind; the returned function gives undefined for a path not in the schema.
 */
export function patchMetaFor(apiVersion: string, kind: string): ((path: string | readonly string[]) => PatchMeta | undefined) | undefined {
  const root = kindCursor(apiVersion, kind);
  if (!root) return undefined;
  return (path) => root.at(path)?.meta;
}
