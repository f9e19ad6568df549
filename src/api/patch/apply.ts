// Server-side apply and field ownership (metadata.managedFields), after
// Kubernetes' "Server-Side Apply" and sigs.k8s.io/structured-merge-diff:
// - every write records who changed what: an Update entry per manager
//   (and API version and subresource) owning the fields it changed; the
//   fields it changed are taken from every other manager;
// - an Apply merges the manager's configuration into the live object
//   (structs field by field, granular maps by key, list-maps by key, sets by
//   value, anything atomic replaced) and makes its field set exactly the
//   configuration's; changing a field another manager owns is a conflict
//   unless forced (then the other manager loses it); a field the manager
//   applied before and applies no more is removed unless someone else owns it.
import {
  FieldSet, SERVER_OWNED_METADATA, SERVER_OWNED_TOP, decodeFieldsV1, encodeFieldsV1, fieldElement, fieldSchema, fieldSetOf, listItemElement, listMode, owningContainer, pathString, removeAt, valueAt,
} from './fieldsets.js';
import { isObject, type PatchSchema } from './strategic.js';
import { MergedElements, createdFieldsV1 } from './created-fields.js';

type Obj = Record<string, unknown>;

export type Operation = 'Apply' | 'Update';

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: unknown;
  subresource?: string;
}

/** One manager's record, decoded. */
export interface Manager {
  manager: string;
  operation: Operation;
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/** Which part of the object a write may own: the main resource (not status) or the status subresource (status only). */
export type Scope = 'main' | 'status';

export interface Ownership {
  schema: PatchSchema | undefined;
  manager: string;
  apiVersion: string;
  subresource?: string;
  scope: Scope;
  /** RFC 3339, seconds. */
  time: string;
}

export class ManagedFieldsError extends Error {
  override readonly name = 'ManagedFieldsError';
}

export interface ConflictItem {
  manager: Manager;
  path: string[];
}

/** An apply changed fields other managers own. */
export class ApplyConflictError extends Error {
  override readonly name = 'ApplyConflictError';
  constructor(readonly conflicts: ConflictItem[]) {
    super(conflictMessage(conflicts));
  }
  /** Status causes, one per conflicting field. */
  causes(): { reason: string; message: string; field: string }[] {
    return this.conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${describeManager(c.manager)}`, field: pathString(c.path) }));
  }
}

/** How Kubernetes names a manager in conflicts: `"kubectl"` for an applier, `"x" using apps/v1` for an updater. */
export function describeManager(m: Manager): string {
  return m.operation === 'Update' ? `${JSON.stringify(m.manager)} using ${m.apiVersion}` : JSON.stringify(m.manager);
}

function conflictMessage(conflicts: ConflictItem[]): string {
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    return `Apply failed with 1 conflict: conflict with ${describeManager(c.manager)}: ${pathString(c.path)}`;
  }
  const byManager = new Map<string, { m: Manager; paths: string[][] }>();
  for (const c of conflicts) {
    const id = managerId(c.manager);
    const e = byManager.get(id) ?? { m: c.manager, paths: [] };
    e.paths.push(c.path);
    byManager.set(id, e);
  }
  const lines: string[] = [];
  for (const id of [...byManager.keys()].sort()) {
    const e = byManager.get(id)!;
    lines.push(`conflicts with ${describeManager(e.m)}:`);
    for (const p of e.paths) lines.push(`- ${pathString(p)}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** A manager's identity: name, operation, subresource, and (updaters only) the API version. */
export function managerId(m: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return JSON.stringify([m.manager, m.operation, m.operation === 'Apply' ? '' : m.apiVersion, m.subresource ?? '']);
}

// ------------------------------------------------------------ decode / encode

export function decodeManagedFields(list: unknown): Manager[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new ManagedFieldsError('metadata.managedFields must be a list');
  const out: Manager[] = [];
  for (const [i, raw] of list.entries()) {
    if (!isObject(raw)) throw new ManagedFieldsError(`metadata.managedFields[${i}] must be an object`);
    const e = raw as ManagedFieldsEntry;
    // An entry without a manager is how a client resets ownership (`[{}]`).
    if (!e.manager && !e.operation && e.fieldsV1 === undefined) continue;
    if (e.operation !== 'Apply' && e.operation !== 'Update') {
      throw new ManagedFieldsError(`metadata.managedFields[${i}].operation: Unsupported value: ${JSON.stringify(e.operation ?? '')}: supported values: "Apply", "Update"`);
    }
    if (e.fieldsType !== undefined && e.fieldsType !== 'FieldsV1') {
      throw new ManagedFieldsError(`metadata.managedFields[${i}].fieldsType: Unsupported value: ${JSON.stringify(e.fieldsType)}: supported values: "FieldsV1"`);
    }
    let set: FieldSet;
    try {
      set = decodeFieldsV1(e.fieldsV1 ?? {});
    } catch (err) {
      throw new ManagedFieldsError(`metadata.managedFields[${i}].fieldsV1: ${(err as Error).message}`);
    }
    const m: Manager = { manager: String(e.manager ?? ''), operation: e.operation, apiVersion: String(e.apiVersion ?? ''), set };
    if (e.subresource) m.subresource = e.subresource;
    if (e.time) m.time = e.time;
    out.push(m);
  }
  return out;
}

export function encodeManagedFields(managers: Manager[]): ManagedFieldsEntry[] {
  const kept = managers.filter((m) => !m.set.empty());
  kept.sort((a, b) => {
    if (a.operation !== b.operation) return a.operation < b.operation ? -1 : 1;
    const ta = a.time ? Date.parse(a.time) : 0;
    const tb = b.time ? Date.parse(b.time) : 0;
    if (ta !== tb) return ta - tb;
    if (a.manager !== b.manager) return a.manager < b.manager ? -1 : 1;
    if (a.apiVersion !== b.apiVersion) return a.apiVersion < b.apiVersion ? -1 : 1;
    return (a.subresource ?? '') < (b.subresource ?? '') ? -1 : (a.subresource ?? '') > (b.subresource ?? '') ? 1 : 0;
  });
  return kept.map((m) => {
    const e: ManagedFieldsEntry = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion };
    if (m.time) e.time = m.time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = encodeFieldsV1(m.set);
    if (m.subresource) e.subresource = m.subresource;
    return e;
  });
}

// ------------------------------------------------------------ scopes

/** Fields no manager owns (fieldsets.ts), as path elements. */
const SERVER_TOP = new Set(SERVER_OWNED_TOP.map(fieldElement));
const SERVER_METADATA = new Set(SERVER_OWNED_METADATA.map(fieldElement));

/** A set without the fields a write in `scope` cannot own (whole subtrees), as a fresh pruned copy. */
export function scoped(set: FieldSet, scope: Scope): FieldSet {
  // A view sharing `set`'s subtrees, then one copy of it.
  const view = new FieldSet();
  for (const [top, sub] of set.children) {
    if ((top === 'f:status') !== (scope === 'status') || SERVER_TOP.has(top)) continue;
    if (top !== 'f:metadata') {
      view.children.set(top, sub);
      continue;
    }
    const meta = new FieldSet();
    meta.member = sub.member;
    for (const [k, v] of sub.children) if (!SERVER_METADATA.has(k)) meta.children.set(k, v);
    view.children.set(top, meta);
  }
  return view.pruned();
}

// ------------------------------------------------------------ comparisons

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameValue(v, bb[i]));
  }
  const ka = Object.keys(a as Obj);
  const kb = Object.keys(b as Obj);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Obj)[k], (b as Obj)[k]));
}

/** A value found (or not) at a path of an object, with the schema there. */
interface At { found: boolean; value?: unknown; schema: PatchSchema | undefined }

const NOT_FOUND: At = { found: false, schema: undefined };

/**
 * What valueAt(obj, [...path, pe]) gives, from what it gave for `path`: a walk down a field set
 * resolves each child from its parent instead of from the root (a pod's set has ~100 paths, and
 * a list-map element is found by its key). `children` is built once per parent, lazily.
 */
function childAt(parent: At, pe: string, listIndex: { map?: Map<string, number> }): At {
  if (!parent.found) return NOT_FOUND;
  const cur = parent.value, s = parent.schema;
  if (pe.startsWith('f:')) {
    const body = pe.slice(2);
    if (!isObject(cur) || !(body in cur)) return NOT_FOUND;
    return { found: true, value: cur[body], schema: fieldSchema(s, body) };
  }
  if (!Array.isArray(cur)) return NOT_FOUND;
  if (!listIndex.map) {
    // The first item with an element id wins, as findIndex does in valueAt.
    listIndex.map = new Map();
    for (let i = 0; i < cur.length; i++) {
      const id = listItemElement(cur[i], s, i);
      if (id !== undefined && !listIndex.map.has(id)) listIndex.map.set(id, i);
    }
  }
  const idx = listIndex.map.get(pe);
  return idx === undefined ? NOT_FOUND : { found: true, value: cur[idx], schema: s?.items() };
}

/**
 * The fields of `next` a write from `prev` to `next` sets: leaves whose value
 * is new or different, list elements and map entries that are new, and (so
 * that the new container itself is owned) maps and lists that are new.
 */
export function changedFields(prev: unknown, next: unknown, schema: PatchSchema | undefined): FieldSet {
  if (prev === undefined) return createdFields(next, schema);
  const nextSet = fieldSetOf(next, schema);
  const out = new FieldSet();
  const walk = (node: FieldSet, path: string[], before: At, after: At): void => {
    if (path.length > 0) {
      if (node.member) {
        if (node.children.size === 0) {
          if (!before.found || !sameValue(before.value, after.value)) out.insert(path);
        } else if (!before.found) out.insert(path);
      } else if (!before.found) {
        // Every path of next's set is found in next; its schema is schemaAt(schema, path).
        const s = after.schema;
        if (owningContainer(s)) out.insert(path);
      }
    }
    if (node.children.size === 0) return;
    const beforeList = {}, afterList = {};
    for (const [k, c] of node.children) walk(c, [...path, k], childAt(before, k, beforeList), childAt(after, k, afterList));
  };
  walk(nextSet, [], { found: true, value: prev, schema }, { found: true, value: next, schema });
  return out.pruned();
}

/**
 * changedFields from nothing, in one walk of next's set: a create sets every field it has and
 * owns every map and list it makes (the API's hot path: every POST records its manager).
 */
function createdFields(next: unknown, schema: PatchSchema | undefined): FieldSet {
  const set = fieldSetOf(next, schema);
  const mark = (node: FieldSet, s: PatchSchema | undefined): void => {
    for (const [k, c] of node.children) {
      const cs = k.startsWith('f:') ? fieldSchema(s, k.slice(2)) : s?.items();
      if (!c.member && owningContainer(cs)) c.member = true;
      if (c.children.size > 0) mark(c, cs);
    }
  };
  mark(set, schema);
  // fieldSetOf's set is pruned, and marking members empties no branch.
  return set;
}

/** A set with only the members whose paths exist in `obj`. */
export function existing(set: FieldSet, obj: unknown, schema: PatchSchema | undefined): FieldSet {
  const out = new FieldSet();
  const walk = (node: FieldSet, path: string[], at: At): void => {
    if (path.length > 0 && !at.found) return;
    if (node.member && path.length > 0) out.insert(path);
    if (node.children.size === 0) return;
    const list = {};
    for (const [k, c] of node.children) walk(c, [...path, k], childAt(at, k, list));
  };
  walk(set, [], { found: true, value: obj, schema });
  return out.pruned();
}

// ------------------------------------------------------------ Update

/**
 * The managers after a write (POST, PUT, merge/JSON/strategic patch) from
 * `live` (undefined on create) to `next`. When the write itself changed
 * managedFields, those are taken as the starting point, as Kubernetes does.
 */
export function recordUpdate(live: Obj | undefined, next: Obj, o: Ownership): ManagedFieldsEntry[] {
  const liveManaged = (live?.metadata as Obj | undefined)?.managedFields;
  const requested = (next.metadata as Obj | undefined)?.managedFields;
  const useRequested = Array.isArray(requested) && requested.length > 0 && !sameValue(requested, liveManaged);
  if (live === undefined && !useRequested && o.schema?.meta.kind === 'object') {
    const created = createdOnly(next, o);
    if (created !== null) return created;
  }
  const managers = decodeManagedFields(useRequested ? requested : liveManaged);
  const changed = scoped(changedFields(stripManaged(live), stripManaged(next), o.schema), o.scope);
  const id = managerId({ manager: o.manager, operation: 'Update', apiVersion: o.apiVersion, subresource: o.subresource });
  let mine = managers.find((m) => managerId(m) === id);
  for (const m of managers) if (m !== mine) m.set = m.set.difference(changed);
  if (!changed.empty()) {
    if (!mine) {
      // scoped() made `changed`, pruned, and nothing else holds it.
      mine = { manager: o.manager, operation: 'Update', apiVersion: o.apiVersion, set: changed };
      if (o.subresource) mine.subresource = o.subresource;
      managers.push(mine);
    } else mine.set = mine.set.union(changed);
    mine.time = o.time;
  }
  // On a create with no managedFields of its own, every set is `changed`: fields of next.
  if (live !== undefined || useRequested) for (const m of managers) m.set = existing(m.set, next, o.schema);
  return encodeManagedFields(managers);
}

/**
 * A create without managedFields of its own: one entry, the writer's, owning every field it set
 * (what the general path below gives, in one walk); null for the rare object it does not take.
 */
function createdOnly(next: Obj, o: Ownership): ManagedFieldsEntry[] | null {
  let fieldsV1;
  try {
    fieldsV1 = createdFieldsV1(next, o.schema, o.scope);
  } catch (e) {
    if (e instanceof MergedElements) return null;
    throw e;
  }
  if (fieldsV1 === undefined) return [];
  const e: ManagedFieldsEntry = { manager: o.manager, operation: 'Update', apiVersion: o.apiVersion, time: o.time, fieldsType: 'FieldsV1', fieldsV1 };
  if (o.subresource) e.subresource = o.subresource;
  return [e];
}

function stripManaged(obj: Obj | undefined): Obj | undefined {
  if (!obj) return obj;
  const meta = obj.metadata;
  if (!isObject(meta) || !('managedFields' in meta)) return obj;
  const { managedFields: _, ...rest } = meta;
  return { ...obj, metadata: rest };
}

// ------------------------------------------------------------ Apply

/** Drops nulls from an apply configuration: a null there sets nothing. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(withoutNulls);
  if (isObject(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = withoutNulls(x);
    return out;
  }
  return v;
}

/** Merges an apply configuration into a live value, per the schema (structured-merge-diff's merge). */
export function mergeApplied(live: unknown, config: unknown, schema: PatchSchema | undefined): unknown {
  if (config === undefined) return live;
  if (live === undefined) return structuredClone(config);
  const meta = schema?.meta;
  if (Array.isArray(config)) {
    const mode = listMode(schema);
    if (mode === 'atomic' || !Array.isArray(live)) return structuredClone(config);
    const itemSchema = schema!.items();
    const fromConfig = new Map<string, unknown>();
    config.forEach((item, i) => {
      const pe = listItemElement(item, schema, i);
      if (pe !== undefined) fromConfig.set(pe, item);
    });
    const out: unknown[] = [];
    const seen = new Set<string>();
    live.forEach((item, i) => {
      const pe = listItemElement(item, schema, i);
      if (pe !== undefined && fromConfig.has(pe)) {
        out.push(mode === 'map' ? mergeApplied(item, fromConfig.get(pe), itemSchema) : item);
        seen.add(pe);
      } else out.push(item);
    });
    for (const [pe, item] of fromConfig) if (!seen.has(pe)) out.push(structuredClone(item));
    return out;
  }
  if (isObject(config)) {
    if (!isObject(live) || meta?.mapType === 'atomic' || meta?.kind === 'scalar' || meta?.kind === 'intOrString') return structuredClone(config);
    const out: Obj = { ...live };
    for (const [k, v] of Object.entries(config)) {
      const sub = fieldSchema(schema, k);
      out[k] = mergeApplied(live[k], v, sub);
    }
    return out;
  }
  return config;
}

export interface ApplyRequest extends Ownership {
  force: boolean;
}

/**
 * Applies `config` for `o.manager` to `live` (undefined: the object does not
 * exist yet). Returns the new object, managedFields included. Throws
 * ApplyConflictError when the configuration changes fields other managers
 * own and `force` is not set.
 */
export function applyConfiguration(live: Obj | undefined, config: Obj, o: ApplyRequest): Obj {
  if (isObject(config.metadata) && config.metadata.managedFields !== undefined && config.metadata.managedFields !== null) {
    throw new ManagedFieldsError('metadata.managedFields must be nil');
  }
  const cfg = withoutNulls(config) as Obj;
  if (o.scope === 'main') delete cfg.status;
  const managers = decodeManagedFields((live?.metadata as Obj | undefined)?.managedFields);
  const base = stripManaged(live) ?? {};
  const configSet = scoped(fieldSetOf(cfg, o.schema), o.scope);
  const merged = mergeApplied(base, o.scope === 'status' ? { ...pick(cfg, ['apiVersion', 'kind']), status: cfg.status } : cfg, o.schema) as Obj;
  const id = managerId({ manager: o.manager, operation: 'Apply', apiVersion: o.apiVersion, subresource: o.subresource });
  let mine = managers.find((m) => managerId(m) === id);
  const others = managers.filter((m) => m !== mine);

  const changed = scoped(changedFields(base, merged, o.schema), o.scope).intersection(configSet);
  const conflicts: ConflictItem[] = [];
  for (const m of others) {
    for (const p of m.set.intersection(changed).paths()) conflicts.push({ manager: m, path: p });
  }
  if (conflicts.length > 0) {
    if (!o.force) throw new ApplyConflictError(conflicts);
    for (const m of others) m.set = m.set.difference(changed);
  }

  // Fields this manager applied before and applies no more go, unless another manager owns them.
  // A map or list it owned itself (".", as kubectl's client-side-apply migration hands over) stays
  // while the configuration still applies something in it: structured-merge-diff removes the
  // manager's old set and adds back every owned field with its parents. Removing it here took
  // the template's labels and containers with it, and the re-apply after migration failed validation.
  const dropped = mine ? mine.set.difference(configSet).paths() : [];
  dropped.sort((a, b) => a.length - b.length);
  for (const p of dropped) {
    if (configSet.hasAtOrUnder(p)) continue;
    if (others.some((m) => m.set.hasAtOrUnder(p) || m.set.coversPath(p))) continue;
    if (isKeyField(p)) continue;
    removeAt(merged, p, o.schema);
  }

  if (!mine) {
    mine = { manager: o.manager, operation: 'Apply', apiVersion: o.apiVersion, set: configSet };
    if (o.subresource) mine.subresource = o.subresource;
    managers.push(mine);
  }
  mine.set = configSet;
  mine.apiVersion = o.apiVersion;
  mine.time = o.time;
  for (const m of managers) m.set = existing(m.set, merged, o.schema);
  const metadata = isObject(merged.metadata) ? { ...merged.metadata } : {};
  metadata.managedFields = encodeManagedFields(managers);
  return { ...merged, metadata };
}

/** A key field of a list-map element (`...k:{"name":"c"}.f:name`): it goes only with its element. */
function isKeyField(path: readonly string[]): boolean {
  if (path.length < 2) return false;
  const parent = path[path.length - 2]!;
  const last = path[path.length - 1]!;
  if (!parent.startsWith('k:') || !last.startsWith('f:')) return false;
  const key = JSON.parse(parent.slice(2)) as Obj;
  return last.slice(2) in key;
}

function pick(o: Obj, keys: string[]): Obj {
  const out: Obj = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
