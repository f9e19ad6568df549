// What decoding a JSON object into Kubernetes' typed structs does, on our schemas: a value of
// the wrong JSON type is an error (`json: cannot unmarshal string into Go struct field
// DeploymentSpec.spec.replicas of type int32`), and a field the struct lacks is dropped (the
// field validation modes decide whether that is also a warning or an error). Null is every
// type's zero value. Free-form values (no type in the schema) take anything.
import { resolvedSchema, schemaName, SCHEMAS, splitApiVersion, type Schema } from './openapi/schemas.js';
import { REF_PREFIX } from './openapi/dsl.js';
import { formatPath } from './strict-json.js';

export interface DecodeOutcome {
  /** The first value of the wrong type, worded as Go's decoder words it; undefined when none. */
  typeError?: string;
  /** Paths of the fields the kind's schema does not have, in document order (all of them, past a type error too). */
  unknown: string[];
}

/** Checks `obj` as `apiVersion`/`kind`; with `prune`, unknown fields are deleted from it (in place). */
export function decodeAs(apiVersion: string, kind: string, obj: Record<string, unknown>, prune: boolean): DecodeOutcome {
  const out: DecodeOutcome = { unknown: [] };
  const name = schemaName(apiVersion, kind);
  const root = name === undefined ? undefined : SCHEMAS[name];
  if (root) walk(root, undefined, kind, obj, [], [], out, prune);
  return out;
}

/** The component a field refers to, if it names one. */
function refName(s: Schema): string | undefined {
  const ref = s.$ref ?? (s.allOf?.length === 1 ? s.allOf[0]!.$ref : undefined);
  return ref?.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : undefined;
}

/** Go's name for a component: `io.k8s.api.apps.v1.DeploymentSpec` → `v1.DeploymentSpec`. */
function goName(component: string): string {
  const parts = component.split('.');
  return parts.slice(-2).join('.');
}

const SPECIAL_GO_TYPES: Record<string, string> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'resource.Quantity',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'intstr.IntOrString',
};

function goType(raw: Schema): string {
  const name = refName(raw);
  if (name) return SPECIAL_GO_TYPES[name] ?? goName(name);
  const s = resolvedSchema(raw);
  if (s.type === 'array') return `[]${s.items ? goType(s.items) : 'interface {}'}`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') return `map[string]${goType(s.additionalProperties)}`;
  if (s.type === 'integer') return s.format === 'int32' ? 'int32' : 'int64';
  if (s.type === 'number') return 'float64';
  if (s.type === 'boolean') return 'bool';
  if (s.type === 'string') return s.format === 'byte' ? '[]uint8' : 'string';
  return 'interface {}';
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'string';
}

/**
 * `struct` is the schema of the innermost struct (undefined at the root, named `rootKind`),
 * `fields` the field names from the root (Go's error path: no list indices, no map keys),
 * `path` the full path, for unknown-field messages. Names are made only for an error.
 */
function walk(raw: Schema, struct: Schema | undefined, rootKind: string, value: unknown, fields: string[], path: (string | number)[], out: DecodeOutcome, prune: boolean): void {
  if (value === null || value === undefined) return;
  const s = resolvedSchema(raw);
  const mismatch = (detail = '') => {
    const structName = struct ? (refName(struct) ?? rootKind).split('.').pop()! : rootKind;
    out.typeError ??= `json: cannot unmarshal ${jsonKind(value)}${detail} into Go struct field ${structName}.${fields.join('.')} of type ${goType(raw)}`;
  };
  if (s['x-kubernetes-int-or-string']) {
    if (typeof value !== 'string' && typeof value !== 'number') mismatch();
    return;
  }
  if (s['x-kubernetes-preserve-unknown-fields']) return;
  switch (s.type) {
    case 'string':
      if (typeof value !== 'string') mismatch();
      return;
    case 'boolean':
      if (typeof value !== 'boolean') mismatch();
      return;
    case 'number':
      if (typeof value !== 'number') mismatch();
      return;
    case 'integer': {
      if (typeof value !== 'number') return mismatch();
      const limit = s.format === 'int32' ? 2 ** 31 : 2 ** 63;
      if (!Number.isInteger(value) || value < -limit || value >= limit) mismatch(` ${value}`);
      return;
    }
    case 'array': {
      if (!Array.isArray(value)) return mismatch();
      const items = s.items;
      if (!items) return;
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(items, struct, rootKind, value[i], fields, path, out, prune);
        path.pop();
      }
      return;
    }
    default:
      break;
  }
  const props = s.properties;
  const values = s.additionalProperties;
  if (!props && !(values && typeof values === 'object')) return; // free-form
  if (typeof value !== 'object' || Array.isArray(value)) return mismatch();
  const o = value as Record<string, unknown>;
  if (props) {
    // Entering a struct: its fields' errors name it (Go's innermost struct).
    const here = fields.length === 0 ? undefined : raw;
    for (const key in o) {
      const field = props[key];
      path.push(key);
      if (field === undefined) {
        out.unknown.push(formatPath(path));
        if (prune) delete o[key];
      } else {
        fields.push(key);
        walk(field, here, rootKind, o[key], fields, path, out, prune);
        fields.pop();
      }
      path.pop();
    }
    return;
  }
  for (const key in o) {
    path.push(key);
    walk(values as Schema, struct, rootKind, o[key], fields, path, out, prune);
    path.pop();
  }
}

/** The message Kubernetes answers a create or update with when decoding fails. */
export function cannotHandle(apiVersion: string, kind: string, error: string): string {
  return `${kind} in version ${JSON.stringify(splitApiVersion(apiVersion).version)} cannot be handled as a ${kind}: ${error}`;
}
