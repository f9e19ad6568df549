// Strategic merge patch (application/strategic-merge-patch+json), driven by
// the patch metadata the OpenAPI schemas publish: `x-kubernetes-patch-strategy`
// (merge, replace, retainKeys) and `x-kubernetes-patch-merge-key`.
//
// Semantics, after apimachinery's strategicpatch as documented:
// - maps merge key by key; `null` deletes a key;
// - `$patch: replace` in a map replaces it, `$patch: delete` removes it;
// - `$retainKeys: [...]` in a map drops the original's other keys first;
// - lists with strategy `merge` and a merge key merge element by element on
//   that key; an element `{$patch: delete, <key>: v}` removes one, an element
//   `{$patch: replace}` makes the rest of the patch list the whole list;
// - lists of primitives with strategy `merge` are unions; values named in
//   `$deleteFromPrimitiveList/<list>` are removed;
// - every other list is replaced by the patch's;
// - `$setElementOrder/<list>` fixes the order of the elements it names; others
//   (the server's own) keep their place relative to them.
import type { PatchMeta } from '../openapi/schemas.js';

/** The schema view the engine walks; a SchemaCursor is one. */
export interface PatchSchema {
  readonly meta: PatchMeta;
  field(name: string): PatchSchema | undefined;
  items(): PatchSchema | undefined;
  values(): PatchSchema | undefined;
}

/** A patch the engine cannot apply (the API answers it with a 400/422). */
export class PatchError extends Error {
  override readonly name = 'PatchError';
}

type Obj = Record<string, unknown>;

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Applies a strategic merge patch to a copy of `original`; `schema` is the kind's root (undefined: plain JSON merge rules, lists replaced). */
export function strategicMerge(original: unknown, patch: unknown, schema: PatchSchema | undefined): unknown {
  if (!isObject(patch)) throw new PatchError('a strategic merge patch must be a JSON object');
  const out = mergeMap(isObject(original) ? original : {}, patch, schema);
  if (out === DELETED) throw new PatchError('a strategic merge patch may not delete the whole object');
  return out;
}

const DELETED = Symbol('deleted');

function childSchema(schema: PatchSchema | undefined, key: string): PatchSchema | undefined {
  if (!schema) return undefined;
  if (schema.meta.kind === 'object') return schema.field(key);
  if (schema.meta.kind === 'map') return schema.values();
  return undefined;
}

function mergeMap(original: Obj, patch: Obj, schema: PatchSchema | undefined): Obj | typeof DELETED {
  const directive = patch[PATCH];
  if (directive !== undefined) {
    if (directive === 'delete') return DELETED;
    if (directive === 'replace') {
      const { [PATCH]: _, ...rest } = patch;
      return mergeMap({}, rest, schema) as Obj;
    }
    if (directive !== 'merge') throw new PatchError(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  }
  let out: Obj = { ...original };
  const retain = patch[RETAIN_KEYS];
  if (retain !== undefined) {
    if (!Array.isArray(retain) || retain.some((k) => typeof k !== 'string')) throw new PatchError('$retainKeys must be a list of strings');
    const keep = new Set(retain as string[]);
    for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
    for (const k of Object.keys(patch)) {
      if (k.startsWith('$')) continue;
      if (!keep.has(k) && patch[k] !== null) throw new PatchError(`not all fields in the patch are present in the $retainKeys list: ${k}`);
    }
  }
  // Deletions from primitive lists come first, then the merge of the lists themselves.
  for (const [k, v] of Object.entries(patch)) {
    if (!k.startsWith(DELETE_PRIMITIVE)) continue;
    const name = k.slice(DELETE_PRIMITIVE.length);
    if (!Array.isArray(v)) throw new PatchError(`${k} must be a list`);
    const current = out[name];
    if (Array.isArray(current)) {
      const drop = v.map((x) => JSON.stringify(x));
      const kept = current.filter((x) => !drop.includes(JSON.stringify(x)));
      if (kept.length === 0) delete out[name];
      else out[name] = kept;
    }
  }
  const orders: [string, unknown[]][] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (k === PATCH || k === RETAIN_KEYS || k.startsWith(DELETE_PRIMITIVE)) continue;
    if (k.startsWith(SET_ORDER)) {
      if (!Array.isArray(v)) throw new PatchError(`${k} must be a list`);
      orders.push([k.slice(SET_ORDER.length), v]);
      continue;
    }
    if (k.startsWith('$')) throw new PatchError(`unknown directive ${k}`);
    if (v === null) {
      delete out[k];
      continue;
    }
    const sub = childSchema(schema, k);
    const merged = mergeValue(out[k], v, sub);
    if (merged === DELETED) delete out[k];
    else out[k] = merged;
  }
  for (const [name, order] of orders) {
    const list = out[name];
    if (!Array.isArray(list)) continue;
    const sub = childSchema(schema, name);
    const key = sub?.meta.patchMergeKey;
    out = { ...out, [name]: orderList(list, order, originalListOf(original[name]), key) };
  }
  return out;
}

function originalListOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function mergeValue(original: unknown, patch: unknown, schema: PatchSchema | undefined): unknown {
  if (isObject(patch)) {
    const strategies = schema?.meta.patchStrategies ?? [];
    if (strategies.includes('replace')) {
      const { [PATCH]: _, ...rest } = patch;
      return mergeMap({}, rest, schema);
    }
    return mergeMap(isObject(original) ? original : {}, patch, schema);
  }
  if (Array.isArray(patch)) return mergeList(Array.isArray(original) ? original : [], patch, schema);
  return patch;
}

/** The value that identifies a list element: its merge key's value, or the element itself for primitives. */
function identity(item: unknown, key: string | undefined): string | undefined {
  if (key === undefined) return isObject(item) ? undefined : JSON.stringify(item);
  if (!isObject(item) || !(key in item)) return undefined;
  return JSON.stringify(item[key]);
}

function mergeList(original: unknown[], patch: unknown[], schema: PatchSchema | undefined): unknown[] | typeof DELETED {
  const meta = schema?.meta;
  const merging = meta?.kind === 'list' && meta.patchStrategies.includes('merge');
  const itemSchema = schema?.items();
  if (!merging) {
    // Replaced whole; a `{$patch: replace}` marker is dropped, maps lose their directives.
    return patch
      .filter((e) => !(isObject(e) && e[PATCH] === 'replace' && Object.keys(e).length === 1))
      .map((e) => (isObject(e) ? mergeMap({}, e, itemSchema) : e))
      .filter((e) => e !== DELETED);
  }
  const key = meta.patchMergeKey;
  const primitives = patch.every((e) => !isObject(e)) && original.every((e) => !isObject(e));
  if (primitives) {
    const seen = new Set<string>();
    const merged: unknown[] = [];
    for (const v of [...original, ...patch]) {
      const id = JSON.stringify(v);
      if (seen.has(id)) continue;
      seen.add(id);
      merged.push(v);
    }
    return order(merged, patch, original, undefined);
  }
  if (key === undefined) throw new PatchError('cannot merge lists of objects without a merge key');
  // Special elements first: replace (the whole list) and delete (one element).
  if (patch.some((e) => isObject(e) && e[PATCH] === 'replace')) {
    return patch
      .filter((e) => !(isObject(e) && e[PATCH] === 'replace'))
      .map((e) => (isObject(e) ? mergeMap({}, e, itemSchema) : e))
      .filter((e) => e !== DELETED);
  }
  let result = [...original];
  const rest: Obj[] = [];
  for (const e of patch) {
    if (!isObject(e)) throw new PatchError(`a list merged by ${key} must hold objects, got ${JSON.stringify(e)}`);
    const id = identity(e, key);
    if (id === undefined) throw new PatchError(`map: ${JSON.stringify(e)} does not contain declared merge key: ${key}`);
    if (e[PATCH] === 'delete') {
      result = result.filter((o) => identity(o, key) !== id);
      continue;
    }
    if (e[PATCH] !== undefined && e[PATCH] !== 'merge') throw new PatchError(`Unknown patch type: ${String(e[PATCH])} in list element`);
    rest.push(e);
  }
  const patchIds: unknown[] = [];
  for (const e of rest) {
    const id = identity(e, key)!;
    const at = result.findIndex((o) => identity(o, key) === id);
    if (at >= 0) {
      const m = mergeMap(isObject(result[at]) ? (result[at] as Obj) : {}, e, itemSchema);
      if (m === DELETED) result.splice(at, 1);
      else result[at] = m;
    } else {
      const m = mergeMap({}, e, itemSchema);
      if (m !== DELETED) result.push(m);
    }
    patchIds.push(e);
  }
  return order(result, patchIds, original, key);
}

/**
 * The order of a merged list: the elements the patch names in the patch's
 * order; the server's other elements in their original order; the two
 * interleaved so that a server element goes before a patch element when the
 * original list had it before that element.
 */
function order(merged: unknown[], patchOrder: unknown[], original: unknown[], key: string | undefined): unknown[] {
  const named = new Map<string, number>();
  patchOrder.forEach((e, i) => {
    const id = identity(e, key);
    if (id !== undefined && !named.has(id)) named.set(id, i);
  });
  const originalIndex = new Map<string, number>();
  original.forEach((e, i) => {
    const id = identity(e, key);
    if (id !== undefined && !originalIndex.has(id)) originalIndex.set(id, i);
  });
  const fromPatch = merged.filter((e) => named.has(identity(e, key) ?? '\0'));
  const serverOnly = merged.filter((e) => !named.has(identity(e, key) ?? '\0'));
  fromPatch.sort((a, b) => named.get(identity(a, key)!)! - named.get(identity(b, key)!)!);
  serverOnly.sort((a, b) => (originalIndex.get(identity(a, key) ?? '') ?? Infinity) - (originalIndex.get(identity(b, key) ?? '') ?? Infinity));
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < fromPatch.length) {
    if (j >= fromPatch.length) out.push(serverOnly[i++]);
    else if (i >= serverOnly.length) out.push(fromPatch[j++]);
    else {
      const li = originalIndex.get(identity(serverOnly[i], key) ?? '');
      const ri = originalIndex.get(identity(fromPatch[j], key) ?? '');
      if (li !== undefined && ri !== undefined && li < ri) out.push(serverOnly[i++]);
      else out.push(fromPatch[j++]);
    }
  }
  return out;
}

/** `$setElementOrder/<list>`: the order it gives wins over the patch's own. */
function orderList(list: unknown[], order_: unknown[], original: unknown[], key: string | undefined): unknown[] {
  if (key !== undefined) {
    for (const e of order_) {
      if (!isObject(e) || !(key in e)) throw new PatchError(`$setElementOrder element ${JSON.stringify(e)} does not contain the merge key ${key}`);
    }
  }
  return order(list, order_, original, key);
}
