// Field errors worded as apimachinery's util/validation/field renders them
// (ErrorBody: the message without the field path). Values print as Go does:
// strings quoted (%q), numbers and booleans bare, composite values as JSON
// (the rendering Kubernetes 1.34 adopted; 1.32/1.33 used Go's %#v).

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueDuplicate'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueNotFound';

export interface FieldError {
  type: FieldErrorType;
  /** e.g. 'metadata.name', 'spec.template.spec.containers[0].name', 'spec.containers[0].resources.limits[cpu]' */
  field: string;
  /** the error body, as in Status causes: `Invalid value: "Service-A": a lowercase RFC 1123 ...` */
  message: string;
}

/** Go's %q: JSON's escaping, with Go's spellings of control characters (\a, \v, \x00, \x7f). */
export function goQuote(s: string): string {
  return JSON.stringify(s)
    .replace(/\\(\\|u00([01][0-9a-f]))/g, (m, _e, hex?: string) =>
      hex === undefined ? m : hex === '07' ? '\\a' : hex === '0b' ? '\\v' : `\\x${hex}`)
    .replace(/\x7f/g, '\\x7f');
}

/** Sorts object keys recursively, as encoding/json does for Go maps. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** How ErrorBody prints a bad value. */
export function renderValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(sortKeys(v));
}

const withDetail = (s: string, detail: string): string => (detail ? `${s}: ${detail}` : s);

export function required(field: string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field, message: withDetail('Required value', detail) };
}

export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, message: withDetail(`Invalid value: ${renderValue(value)}`, detail) };
}

export function duplicate(field: string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, message: `Duplicate value: ${renderValue(value)}` };
}

export function notFound(field: string, value: unknown): FieldError {
  return { type: 'FieldValueNotFound', field, message: `Not found: ${renderValue(value)}` };
}

export function notSupported(field: string, value: unknown, valid: readonly string[]): FieldError {
  const detail = valid.length ? `supported values: ${valid.map(goQuote).join(', ')}` : '';
  return { type: 'FieldValueNotSupported', field, message: withDetail(`Unsupported value: ${renderValue(value)}`, detail) };
}

export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, message: withDetail('Forbidden', detail) };
}

/** field.TooLong: the value itself is never printed. */
export function tooLong(field: string, maxBytes: number): FieldError {
  return { type: 'FieldValueTooLong', field, message: `Too long: must have at most ${maxBytes} bytes` };
}

export function tooMany(field: string, actual: number, max: number): FieldError {
  return { type: 'FieldValueTooMany', field, message: `Too many: ${actual}: must have at most ${max} items` };
}

/** field.ErrorList.ToAggregate().Error(): `a: x` or `[a: x, b: y]`, duplicates dropped. */
export function aggregateFieldErrors(errs: readonly FieldError[]): string {
  const uniq = [...new Set(errs.map((e) => `${e.field}: ${e.message}`))];
  return uniq.length === 1 ? uniq[0]! : `[${uniq.join(', ')}]`;
}

/** Path helpers: child('spec', 'x'), index, key (`limits[cpu]`). */
export const child = (base: string, ...names: string[]): string =>
  [base, ...names].filter((s) => s !== '').join('.');
export const index = (base: string, i: number): string => `${base}[${i}]`;
export const key = (base: string, k: string): string => `${base}[${k}]`;

export const IMMUTABLE = 'field is immutable';
export const NEGATIVE = 'must be greater than or equal to 0';

export function nonNegative(field: string, v: unknown): FieldError[] {
  return typeof v === 'number' && v < 0 ? [invalid(field, v, NEGATIVE)] : [];
}

/** Semantic deep equality of JSON values (apiequality.Semantic.DeepEqual for plain JSON). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  // Go decodes null and an absent key alike, and Semantic.DeepEqual holds nil and empty lists equal.
  const present = (o: object) =>
    Object.keys(o).filter((k) => {
      const v = (o as any)[k];
      return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
    });
  const ak = present(a);
  const bk = present(b);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => bk.includes(k) && jsonEqual((a as any)[k], (b as any)[k]));
}

export function immutable(field: string, next: unknown, old: unknown): FieldError[] {
  return jsonEqual(next ?? null, old ?? null) ? [] : [invalid(field, next ?? null, IMMUTABLE)];
}
