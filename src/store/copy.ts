// Shallow copies for the write path. `{ ...o }` is fast, but V8 gives a spread copy a map
// outside the transition tree: the first property added to it (a uid, a resourceVersion, a
// deletionTimestamp) turns it into a slow dictionary object, ~1 KB and several microseconds per
// write, measured. These build the copy property by property instead, so it stays a fast object
// that shares its shape with every other copy of the same keys. Own enumerable string keys are
// copied, as a spread does; symbol keys are not (JSON-shaped objects have none).

const hasOwn = Object.prototype.hasOwnProperty;

function put(out: Record<string, unknown>, k: string, v: unknown): void {
  // An own "__proto__" key (JSON.parse makes them) must stay data, as a spread keeps it.
  if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  else out[k] = v;
}

/** `{ ...o }` without the keys in `drop`. */
export function copyObject<T extends object>(o: T, drop?: ReadonlySet<string>): T {
  const out: Record<string, unknown> = {};
  for (const k in o) {
    if (!hasOwn.call(o, k) || (drop !== undefined && drop.has(k))) continue;
    put(out, k, o[k]);
  }
  return out as T;
}

/**
 * `{ ...base, ...overrides }`: base's keys in their order (overridden values in place), then
 * the overrides' other keys. With `dropUndefined`, keys whose value is undefined are left out.
 */
export function mergeObject<T extends object>(base: T, overrides: Partial<T>, dropUndefined: boolean): T {
  const out: Record<string, unknown> = {};
  const b = base as Record<string, unknown>, o = overrides as Record<string, unknown>;
  for (const k in b) {
    if (!hasOwn.call(b, k)) continue;
    const v = hasOwn.call(o, k) ? o[k] : b[k];
    if (v !== undefined || !dropUndefined) put(out, k, v);
  }
  for (const k in o) {
    if (!hasOwn.call(o, k) || hasOwn.call(b, k)) continue;
    const v = o[k];
    if (v !== undefined || !dropUndefined) put(out, k, v);
  }
  return out as T;
}

/**
 * A deep copy of JSON-shaped data (objects, arrays, primitives), as structuredClone would
 * make of it, at a fraction of the cost: structuredClone serializes and deserializes, which
 * for a Deployment or a pod template costs several times a walk. Controllers copy objects
 * they then edit on every reconcile. Objects come out as fast objects (see put above).
 */
export function deepCopy<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = deepCopy(v[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in v) if (hasOwn.call(v, k)) put(out, k, deepCopy((v as Record<string, unknown>)[k]));
  return out as T;
}

/**
 * A copy of `s` that shares no memory with it. A string decoded from a message (msgpackr's
 * native extraction) is a slice of one string holding all of that message's strings, and a
 * slice kept keeps all of it: ~1 KB for a 36-character uid. What lives as long as an object
 * (index entries, map keys, records of actors) keeps own copies.
 */
export function ownString(s: string): string {
  // The concatenation is flattened into a new string by the slice, which then refers to that
  // one only (a third of the time of a JSON round trip; test/store-copy checks what it keeps).
  return (s + ' ').slice(0, -1);
}

/** `v` with every string in its plain objects and arrays an own copy (in place). */
export function ownStrings(v: unknown): unknown {
  if (typeof v === 'string') return ownString(v);
  if (Array.isArray(v)) { for (let i = 0; i < v.length; i++) v[i] = ownStrings(v[i]); return v; }
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const o = v as Record<string, unknown>;
    for (const k in o) if (Object.hasOwn(o, k)) o[k] = ownStrings(o[k]);
  }
  return v;
}
