// The FieldsV1 a create records for its manager, in one walk of the new object: what
// encodeFieldsV1(scoped(createdFields(obj))) gives, without building the field set, pruning a
// copy of it for the scope and encoding it in further passes. Every create through the API
// records one, so this is the API's hot path.
import { SERVER_OWNED_METADATA, SERVER_OWNED_TOP, fieldElement, fieldSchema, listItemElement, listMode, owningContainer } from './fieldsets.js';
import { isObject, type PatchSchema } from './strategic.js';

type Fields = Record<string, unknown>;

/** Fields no manager owns, as scoped() in apply.ts leaves them out. */
const SERVER_TOP = new Set(SERVER_OWNED_TOP);
const SERVER_METADATA = new Set(SERVER_OWNED_METADATA);

/** Two list elements with one key: the set merges them, which this walk does not; the caller falls back. */
export class MergedElements extends Error { override readonly name = 'MergedElements'; }

/**
 * The node for value `v` (schema `s`): its FieldsV1, or undefined when it holds no member.
 * `member`: the walk of fieldSetOf made it one (a leaf, an atomic value, a map entry, a list
 * element, a field without a schema); a map or granular list with members is one too (createdFields).
 */
function node(v: unknown, s: PatchSchema | undefined, member: boolean): Fields | undefined {
  const children = childrenOf(v, s);
  if (children === undefined) return member ? {} : undefined;
  return fieldsOf(children, member || owningContainer(s));
}

/** Whether fieldSetOf makes the node of `v` a member by itself (not for what is under it). */
function leafMember(v: unknown, s: PatchSchema | undefined): boolean {
  const kind = s?.meta.kind;
  if (Array.isArray(v)) return listMode(s) === 'atomic';
  if (isObject(v) && kind !== 'scalar' && kind !== 'intOrString') return s?.meta.mapType === 'atomic';
  return true;
}

/** The encoded children of `v`'s node, sorted, or undefined when none holds a member. */
function childrenOf(v: unknown, s: PatchSchema | undefined): Entry[] | undefined {
  const kind = s?.meta.kind;
  if (Array.isArray(v)) {
    const mode = listMode(s);
    if (mode === 'atomic') return undefined;
    const itemSchema = s!.items();
    const out: Entry[] = [];
    for (let i = 0; i < v.length; i++) {
      const pe = listItemElement(v[i], s, i);
      if (pe === undefined) continue;
      // A list element is a member; a list-map's element holds its fields too.
      out.push([pe, mode === 'map' ? node(v[i], itemSchema, true)! : {}]);
    }
    if (out.length > 1) {
      out.sort(byKey);
      for (let i = 1; i < out.length; i++) if (out[i]![0] === out[i - 1]![0]) throw new MergedElements(out[i]![0]);
    }
    return out.length ? out : undefined;
  }
  if (!isObject(v) || kind === 'scalar' || kind === 'intOrString' || s?.meta.mapType === 'atomic') return undefined;
  const out: Entry[] = [];
  for (const k of Object.keys(v)) {
    const x = v[k];
    let c: Fields | undefined;
    if (kind === 'object') {
      const fs = s!.field(k);
      c = node(x, fs, !fs || leafMember(x, fs));
    } else {
      const cs = kind === 'map' ? s!.values() : undefined;
      c = node(x, cs, true);
    }
    if (c !== undefined) out.push([fieldElement(k), c]);
  }
  if (out.length === 0) return undefined;
  if (out.length > 1) out.sort(byKey);
  return out;
}

/** A node's children, sorted by path element. */
type Entry = [string, Fields];
const byKey = (a: Entry, b: Entry): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** The FieldsV1 object of a node: "." first when it is a member, then its children in order. */
function fieldsOf(children: Entry[], member: boolean): Fields {
  const out: Fields = member ? { '.': {} } : {};
  for (let i = 0; i < children.length; i++) out[children[i]![0]] = children[i]![1];
  return out;
}

/**
 * The FieldsV1 of a create of `obj` in `scope` (status: only status; main: all but status), or
 * undefined when the create sets no field a manager can own. Throws MergedElements for a list
 * with two elements of one key, which fieldSetOf merges (the caller takes the general path).
 */
export function createdFieldsV1(obj: Record<string, unknown>, schema: PatchSchema | undefined, scope: 'main' | 'status'): Fields | undefined {
  const out: Entry[] = [];
  for (const k of Object.keys(obj)) {
    if (SERVER_TOP.has(k) || (k === 'status') !== (scope === 'status')) continue;
    const v = obj[k];
    const fs = fieldSchema(schema, k);
    let c: Fields | undefined;
    if (k === 'metadata' && isObject(v) && fs?.meta.kind === 'object') {
      const kept: Record<string, unknown> = {};
      for (const m of Object.keys(v)) if (!SERVER_METADATA.has(m)) kept[m] = v[m];
      c = node(kept, fs, false);
    } else if (schema?.meta.kind === 'object') {
      c = node(v, fs, !fs || leafMember(v, fs));
    } else {
      c = node(v, fs, true);
    }
    if (c !== undefined) out.push([fieldElement(k), c]);
  }
  return out.length === 0 ? undefined : fieldsOf(out.sort(byKey), false);
}
