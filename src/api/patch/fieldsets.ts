// Field sets: which fields of an object a manager owns, as Kubernetes'
// server-side apply records them in `metadata.managedFields[].fieldsV1`.
//
// A set is a tree of path elements; a node is a *member* when the path to it
// is in the set. FieldsV1 writes a member leaf as `{}` and a member with
// children as `{".": {}, ...children}`. Path elements are encoded as
//   f:<name>          a struct field or map key
//   k:{"name":"c"}    a list-map element, by its key fields (JSON, sorted)
//   v:<json>          a set element, by its value
//   i:<n>             a list element by index
// Which paths an object yields follows structured-merge-diff's ToFieldSet:
// scalars, atomic lists and maps, list elements and map entries are members;
// struct fields that hold structs are not (only what is inside them).
import type { PatchSchema } from './strategic.js';
import { isObject } from './strategic.js';

export class FieldSet {
  member = false;
  readonly children = new Map<string, FieldSet>();

  static fromPaths(paths: readonly (readonly string[])[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** The child at path element `pe`, made (not a member) if there is none. */
  child(pe: string): FieldSet {
    let c = this.children.get(pe);
    if (!c) {
      c = new FieldSet();
      this.children.set(pe, c);
    }
    return c;
  }

  insert(path: readonly string[]): void {
    let node: FieldSet = this;
    for (const pe of path) {
      let next = node.children.get(pe);
      if (!next) {
        next = new FieldSet();
        node.children.set(pe, next);
      }
      node = next;
    }
    node.member = true;
  }

  has(path: readonly string[]): boolean {
    const node = this.node(path);
    return node?.member ?? false;
  }

  /** The subtree at `path` (members at or under it), if any. */
  node(path: readonly string[]): FieldSet | undefined {
    let node: FieldSet | undefined = this;
    for (const pe of path) {
      node = node.children.get(pe);
      if (!node) return undefined;
    }
    return node;
  }

  /** Whether the set has a member at `path` or below it. */
  hasAtOrUnder(path: readonly string[]): boolean {
    const node = this.node(path);
    return node !== undefined && !node.empty();
  }

  /**
   * Whether a leaf member (an atomic value, owned whole) is a proper prefix
   * of `path`. A member with members under it (a list element, a map entry)
   * does not own what is under it.
   */
  coversPath(path: readonly string[]): boolean {
    let node: FieldSet | undefined = this;
    for (const pe of path.slice(0, -1)) {
      node = node.children.get(pe);
      if (!node) return false;
      if (node.member && node.children.size === 0) return true;
    }
    return false;
  }

  empty(): boolean {
    if (this.member) return false;
    for (const c of this.children.values()) if (!c.empty()) return false;
    return true;
  }

  /** Every member path, depth first, in sorted element order. */
  paths(): string[][] {
    const out: string[][] = [];
    const walk = (n: FieldSet, prefix: string[]): void => {
      if (n.member && prefix.length > 0) out.push(prefix);
      for (const k of [...n.children.keys()].sort()) walk(n.children.get(k)!, [...prefix, k]);
    };
    walk(this, []);
    return out;
  }

  clone(): FieldSet {
    const s = new FieldSet();
    s.member = this.member;
    for (const [k, v] of this.children) s.children.set(k, v.clone());
    return s;
  }

  union(other: FieldSet): FieldSet {
    const s = this.clone();
    const add = (into: FieldSet, from: FieldSet): void => {
      if (from.member) into.member = true;
      for (const [k, v] of from.children) {
        let c = into.children.get(k);
        if (!c) {
          c = new FieldSet();
          into.children.set(k, c);
        }
        add(c, v);
      }
    };
    add(s, other);
    return s.pruned();
  }

  /** Members of this set that are not members of `other`. */
  difference(other: FieldSet): FieldSet {
    const diff = (a: FieldSet, b: FieldSet | undefined): FieldSet => {
      const s = new FieldSet();
      s.member = a.member && !(b?.member ?? false);
      for (const [k, v] of a.children) s.children.set(k, diff(v, b?.children.get(k)));
      return s;
    };
    return diff(this, other).pruned();
  }

  intersection(other: FieldSet): FieldSet {
    const inter = (a: FieldSet, b: FieldSet): FieldSet => {
      const s = new FieldSet();
      s.member = a.member && b.member;
      for (const [k, v] of a.children) {
        const w = b.children.get(k);
        if (w) s.children.set(k, inter(v, w));
      }
      return s;
    };
    return inter(this, other).pruned();
  }

  /** The same set without empty branches (a copy: nothing in it is shared with this one). */
  pruned(): FieldSet {
    return prunedCopy(this) ?? new FieldSet();
  }

  /** Drops empty branches in place; whether the set is empty now. */
  dropEmpty(): boolean {
    for (const [k, v] of this.children) if (v.dropEmpty()) this.children.delete(k);
    return !this.member && this.children.size === 0;
  }

  equals(other: FieldSet): boolean {
    return JSON.stringify(encodeFieldsV1(this)) === JSON.stringify(encodeFieldsV1(other));
  }
}

/** A copy of `n` without empty branches, or undefined when it has no member at all. */
function prunedCopy(n: FieldSet): FieldSet | undefined {
  let out: FieldSet | undefined;
  for (const [k, v] of n.children) {
    const c = prunedCopy(v);
    if (c === undefined) continue;
    out ??= new FieldSet();
    out.children.set(k, c);
  }
  if (!out) {
    if (!n.member) return undefined;
    out = new FieldSet();
  }
  out.member = n.member;
  return out;
}

// ------------------------------------------------------------ FieldsV1 JSON

/** The FieldsV1 object of a set. */
export function encodeFieldsV1(set: FieldSet): Record<string, unknown> {
  // One pass: a subtree with no member in it encodes to nothing (as if pruned first).
  const enc = (n: FieldSet): Record<string, unknown> | undefined => {
    let out: Record<string, unknown> | undefined;
    for (const k of [...n.children.keys()].sort()) {
      const c = enc(n.children.get(k)!);
      if (c === undefined) continue;
      out ??= n.member ? { '.': {} } : {};
      out[k] = c;
    }
    return out ?? (n.member ? {} : undefined);
  };
  return enc(set) ?? {};
}

/** The set a FieldsV1 object describes; throws on a malformed one. */
export function decodeFieldsV1(fields: unknown): FieldSet {
  const dec = (v: unknown, node: FieldSet, isRoot: boolean): void => {
    if (!isObject(v)) throw new Error('FieldsV1 must be a JSON object');
    const keys = Object.keys(v);
    if (!isRoot && keys.length === 0) node.member = true;
    for (const k of keys) {
      if (k === '.') {
        node.member = true;
        continue;
      }
      if (!/^[fkvi]:/.test(k)) throw new Error(`unexpected FieldsV1 key ${JSON.stringify(k)}`);
      const child = new FieldSet();
      node.children.set(k, child);
      dec(v[k], child, false);
    }
  };
  const root = new FieldSet();
  dec(fields ?? {}, root, true);
  return root;
}

// ------------------------------------------------------------ path elements

/**
 * `f:<name>`, made once per name: a key built anew each time is hashed and looked up again
 * where it becomes a property (field names repeat from object to object; map keys mostly too).
 */
const elements = new Map<string, string>();
export function fieldElement(name: string): string {
  let e = elements.get(name);
  if (e === undefined) {
    e = `f:${name}`;
    if (elements.size < 10_000) elements.set(name, e);
  }
  return e;
}

/** Fields no manager owns: type and identity (top level), and the server's bookkeeping (metadata). */
export const SERVER_OWNED_TOP: readonly string[] = ['apiVersion', 'kind'];
export const SERVER_OWNED_METADATA: readonly string[] = [
  'name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink', 'managedFields',
];

/** JSON of `obj` with its keys sorted (written directly: a list-map key is one or two fields). */
function sortedJson(obj: Record<string, unknown>): string {
  const keys = Object.keys(obj);
  if (keys.length > 1) keys.sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const v = JSON.stringify(obj[keys[i]!]);
    if (v === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(keys[i])}:${v}`;
  }
  return out + '}';
}

/**
 * Key fields of a list-map element. A key field the element leaves out takes
 * its schema default (Kubernetes publishes `protocol: TCP` as the default of
 * every port list key, so that is assumed when the schema names none).
 */
export function listKeyOf(item: unknown, keys: readonly string[], itemSchema: PatchSchema | undefined): Record<string, unknown> | undefined {
  if (!isObject(item)) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (item[k] !== undefined && item[k] !== null) out[k] = item[k];
    else {
      const dflt = (itemSchema?.field(k) as { schema?: { default?: unknown } } | undefined)?.schema?.default;
      if (dflt !== undefined) out[k] = dflt;
      else if (k === 'protocol') out[k] = 'TCP';
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** How a list's elements are named in paths: by key, by value, or (atomic) not at all. */
export function listMode(schema: PatchSchema | undefined): 'map' | 'set' | 'atomic' {
  const meta = schema?.meta;
  if (meta?.kind !== 'list') return 'atomic';
  if (meta.listType === 'map' && (meta.listMapKeys?.length ?? 0) > 0) return 'map';
  if (meta.listType === 'set') return 'set';
  return 'atomic';
}

/** A map or a granular list: a write that makes one with members owns it too (the "." of FieldsV1). */
export function owningContainer(s: PatchSchema | undefined): boolean {
  return s?.meta.kind === 'map' || (s?.meta.kind === 'list' && listMode(s) !== 'atomic');
}

/** The path element of a list element, or undefined when it cannot be named. */
export function listItemElement(item: unknown, schema: PatchSchema | undefined, index: number): string | undefined {
  const mode = listMode(schema);
  if (mode === 'set') return isObject(item) || Array.isArray(item) ? undefined : `v:${JSON.stringify(item)}`;
  if (mode === 'map') {
    const key = listKeyOf(item, schema!.meta.listMapKeys!, schema!.items());
    return key ? `k:${sortedJson(key)}` : undefined;
  }
  return `i:${index}`;
}

/** structured-merge-diff's printed form of a path: `.spec.template.spec.containers[name="c"].image`. */
export function pathString(path: readonly string[]): string {
  let out = '';
  for (const pe of path) {
    const body = pe.slice(2);
    if (pe.startsWith('f:')) out += `.${body}`;
    else if (pe.startsWith('k:')) {
      const key = JSON.parse(body) as Record<string, unknown>;
      out += `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    } else if (pe.startsWith('v:')) out += `[=${body}]`;
    else out += `[${body}]`;
  }
  return out;
}

// ------------------------------------------------------------ objects

function isAtomicObject(schema: PatchSchema | undefined): boolean {
  return schema?.meta.mapType === 'atomic';
}

/** The set of fields an object (or an apply configuration) sets. */
export function fieldSetOf(value: unknown, schema: PatchSchema | undefined): FieldSet {
  const set = new FieldSet();
  // `node` is the set's node for v's path: children are made as the walk goes down, not
  // inserted from the root path by path (a pod has ~100 paths; every POST walks one).
  const walk = (v: unknown, s: PatchSchema | undefined, node: FieldSet): void => {
    const kind = s?.meta.kind;
    if (Array.isArray(v)) {
      const mode = listMode(s);
      if (mode === 'atomic') {
        node.member = true;
        return;
      }
      const itemSchema = s!.items();
      for (let i = 0; i < v.length; i++) {
        const pe = listItemElement(v[i], s, i);
        if (pe === undefined) continue;
        const c = node.child(pe);
        if (mode === 'map') walk(v[i], itemSchema, c);
        c.member = true;
      }
      return;
    }
    if (isObject(v) && kind !== 'scalar' && kind !== 'intOrString') {
      if (isAtomicObject(s)) {
        node.member = true;
        return;
      }
      for (const k of Object.keys(v)) {
        const c = node.child(fieldElement(k));
        if (kind === 'object') {
          const fs = s!.field(k);
          walk(v[k], fs, c);
          if (!fs) c.member = true;
        } else {
          // a map (or a free-form object): its entries are members
          walk(v[k], kind === 'map' ? s!.values() : undefined, c);
          c.member = true;
        }
      }
      return;
    }
    node.member = true;
  };
  if (isObject(value)) walk(value, schema, set);
  set.dropEmpty();
  return set;
}

/** The schema of field `name` of a value with schema `s`: an object's field, or any map entry. */
export function fieldSchema(s: PatchSchema | undefined, name: string): PatchSchema | undefined {
  return s?.meta.kind === 'object' ? s.field(name) : s?.meta.kind === 'map' ? s.values() : undefined;
}

/** The value at a set path inside an object, and whether there is one. */
export function valueAt(obj: unknown, path: readonly string[], schema: PatchSchema | undefined): { found: boolean; value?: unknown; schema?: PatchSchema } {
  let cur: unknown = obj;
  let s = schema;
  for (const pe of path) {
    const body = pe.slice(2);
    if (pe.startsWith('f:')) {
      if (!isObject(cur) || !(body in cur)) return { found: false };
      cur = cur[body];
      s = fieldSchema(s, body);
      continue;
    }
    if (!Array.isArray(cur)) return { found: false };
    const idx = cur.findIndex((item, i) => listItemElement(item, s, i) === pe);
    if (idx < 0) return { found: false };
    cur = cur[idx];
    s = s?.items();
  }
  return { found: true, value: cur, schema: s };
}

/**
 * Removes the value at a set path from an object, in place. Maps and lists
 * the removal leaves empty go too, except the object's top-level fields.
 */
export function removeAt(obj: Record<string, unknown>, path: readonly string[], schema: PatchSchema | undefined): void {
  const rec = (container: unknown, s: PatchSchema | undefined, depth: number): void => {
    const pe = path[depth]!;
    const last = depth === path.length - 1;
    if (pe.startsWith('f:')) {
      const name = pe.slice(2);
      if (!isObject(container) || !(name in container)) return;
      if (!last) {
        rec(container[name], schemaAt(s, [pe]), depth + 1);
        if (depth === 0 || !isEmptyValue(container[name])) return;
      }
      delete container[name];
      return;
    }
    if (!Array.isArray(container)) return;
    const idx = container.findIndex((item, n) => listItemElement(item, s, n) === pe);
    if (idx < 0) return;
    if (!last) {
      rec(container[idx], s?.items(), depth + 1);
      if (!isEmptyValue(container[idx])) return;
    }
    container.splice(idx, 1);
  };
  if (path.length > 0) rec(obj, schema, 0);
}

function isEmptyValue(v: unknown): boolean {
  return (isObject(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0);
}

/** The schema at a set path. */
export function schemaAt(schema: PatchSchema | undefined, path: readonly string[]): PatchSchema | undefined {
  let s = schema;
  for (const pe of path) {
    if (!s) return undefined;
    if (pe.startsWith('f:')) s = fieldSchema(s, pe.slice(2));
    else s = s.items();
  }
  return s;
}
