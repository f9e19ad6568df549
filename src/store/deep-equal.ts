// Structural equality of JSON-like values (what decides whether `spec` changed). Keys whose
// value is undefined or null count as absent, as Kubernetes decodes into typed structs: a null
// member (kubectl sends `creationTimestamp: null` in templates) and an absent one are the same
// zero value. No arrays are built per object: the keys of `a` are checked against `b`, then
// `b`'s present keys are counted.
const hasOwn = Object.prototype.hasOwnProperty;

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>, y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (!hasOwn.call(x, k) || x[k] === undefined || x[k] === null) continue;
    n++;
    if (!hasOwn.call(y, k) || !deepEqual(x[k], y[k])) return false;
  }
  for (const k in y) if (hasOwn.call(y, k) && y[k] !== undefined && y[k] !== null) n--;
  return n === 0;
}
