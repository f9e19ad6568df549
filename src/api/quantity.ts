// resource.Quantity, exactly: parsed as apimachinery's ParseQuantity scans it,
// held as mantissa × 10^exponent in bigints (never a float), rounded up to
// nano units as Kubernetes does, and printed in canonical form
// ("1.5" → "1500m", "1.5Gi" → "1536Mi", "1e3" → "1e3", "2000" → "2k").

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

export interface Quantity {
  /** value = mantissa × 10^exponent; the mantissa carries no trailing zero digits (0 → exponent 0). */
  readonly mantissa: bigint;
  readonly exponent: number;
  /** the suffix family the string used; canonical formatting keeps it */
  readonly format: QuantityFormat;
}

export const QUANTITY_REGEX = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_REGEX}'`;
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
export const ERR_SUFFIX = "unable to parse quantity's suffix";

export class QuantityError extends Error {
  override name = 'QuantityError';
}

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const SUFFIX_CHARS = 'eEinumkKMGTP';
const MAX_INT64 = (1n << 63n) - 1n;
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

export const ZERO: Quantity = Object.freeze({ mantissa: 0n, exponent: 0, format: 'DecimalSI' });

function normalize(mantissa: bigint, exponent: number, format: QuantityFormat): Quantity {
  if (mantissa === 0n) return { mantissa: 0n, exponent: 0, format };
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  return { mantissa, exponent, format };
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/** The number of decimal digits of |n| (n ≠ 0). */
const digits = (n: bigint): number => abs(n).toString().length;

/** Splits a quantity string like parseQuantityString: sign, integer digits, fraction digits, suffix. */
function scan(str: string): { negative: boolean; num: string; denom: string; suffix: string } {
  let pos = 0;
  const end = str.length;
  let negative = false;
  if (str[0] === '-') { negative = true; pos++; } else if (str[0] === '+') pos++;
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { negative, num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (pos < end && str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    pos = i;
  }
  const suffixStart = pos;
  while (pos < end && SUFFIX_CHARS.includes(str[pos]!)) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) throw new QuantityError(ERR_FORMAT_WRONG);
  return { negative, num, denom, suffix: str.slice(suffixStart) };
}

/** suffixer.interpret: base, exponent, format; undefined when not a suffix. */
function interpret(s: string): { base: 10 | 2; exponent: number; format: QuantityFormat } | undefined {
  if (Object.hasOwn(DECIMAL_SUFFIXES, s)) return { base: 10, exponent: DECIMAL_SUFFIXES[s]!, format: 'DecimalSI' };
  if (Object.hasOwn(BINARY_SUFFIXES, s)) return { base: 2, exponent: BINARY_SUFFIXES[s]!, format: 'BinarySI' };
  if (s.length > 1 && (s[0] === 'e' || s[0] === 'E')) {
    const rest = s.slice(1);
    // strconv.ParseInt(rest, 10, 64): optional sign, digits, in int64 range
    if (!/^[+-]?[0-9]+$/.test(rest)) return undefined;
    const n = BigInt(rest);
    if (n > MAX_INT64 || n < -MAX_INT64 - 1n) return undefined;
    // Go then truncates to int32; beyond ±2^31 such exponents are meaningless anyway.
    const e = Number(BigInt.asIntN(32, n));
    return { base: 10, exponent: e, format: 'DecimalExponent' };
  }
  return undefined;
}

/** resource.ParseQuantity. Throws QuantityError with Kubernetes' message. */
export function parseQuantity(input: string): Quantity {
  if (input.length === 0) throw new QuantityError(ERR_FORMAT_WRONG);
  if (input === '0') return ZERO;
  const { negative, num, denom, suffix } = scan(input);
  const sfx = interpret(suffix);
  if (!sfx) throw new QuantityError(ERR_SUFFIX);
  let { format } = sfx;
  let mantissa = BigInt(num + denom);
  let exponent = -denom.length;
  if (sfx.base === 10) exponent += sfx.exponent;
  else mantissa <<= BigInt(sfx.exponent);
  let q = normalize(mantissa, exponent, format);
  // Round non-zero values up (away from zero) to a whole number of nano units.
  if (q.mantissa !== 0n && q.exponent < -9) {
    const drop = pow10(-9 - q.exponent);
    const m = q.mantissa / drop + (q.mantissa % drop === 0n ? 0n : 1n);
    q = normalize(m, -9, format);
  }
  // BinarySI magnitudes are capped at 2^63-1.
  if (format === 'BinarySI' && compareMagnitude(q, { mantissa: MAX_INT64, exponent: 0, format }) > 0) {
    q = normalize(MAX_INT64, 0, format);
  }
  // A fraction below one cannot print in binary units.
  if (format === 'BinarySI' && q.mantissa !== 0n && q.exponent < 0 && compareMagnitude(q, { mantissa: 1n, exponent: 0, format }) < 0) {
    format = 'DecimalSI';
  }
  return { mantissa: negative ? -q.mantissa : q.mantissa, exponent: q.exponent, format };
}

/** parseQuantity without throwing: the quantity, or Kubernetes' error message. */
export function tryParseQuantity(input: unknown): Quantity | string {
  // JSON numbers are quantities too (Quantity.UnmarshalJSON); strings are trimmed.
  const s = typeof input === 'number' ? String(input) : typeof input === 'string' ? input.trim() : undefined;
  if (s === undefined) return ERR_FORMAT_WRONG;
  try {
    return parseQuantity(s);
  } catch (e) {
    if (e instanceof QuantityError) return e.message;
    throw e;
  }
}

function compareMagnitude(a: Quantity, b: Quantity): number {
  const am = abs(a.mantissa);
  const bm = abs(b.mantissa);
  if (am === 0n || bm === 0n) return am === bm ? 0 : am === 0n ? -1 : 1;
  // Order of magnitude first, so wildly different exponents never expand.
  const ao = digits(am) + a.exponent;
  const bo = digits(bm) + b.exponent;
  if (ao !== bo) return ao < bo ? -1 : 1;
  const e = Math.min(a.exponent, b.exponent);
  const x = am * pow10(a.exponent - e);
  const y = bm * pow10(b.exponent - e);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Quantity.Cmp: -1, 0 or 1. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const sa = a.mantissa < 0n ? -1 : a.mantissa > 0n ? 1 : 0;
  const sb = b.mantissa < 0n ? -1 : b.mantissa > 0n ? 1 : 0;
  if (sa !== sb) return sa < sb ? -1 : 1;
  const m = compareMagnitude(a, b);
  return (sa < 0 ? -m : m) as -1 | 0 | 1;
}

/** Quantity.Add: the sum, in a's format. */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  if (b.mantissa === 0n) return a;
  if (a.mantissa === 0n) return { ...b, format: a.format };
  const e = Math.min(a.exponent, b.exponent);
  return normalize(a.mantissa * pow10(a.exponent - e) + b.mantissa * pow10(b.exponent - e), e, a.format);
}

export const isZero = (q: Quantity): boolean => q.mantissa === 0n;
export const sign = (q: Quantity): -1 | 0 | 1 => (q.mantissa < 0n ? -1 : q.mantissa > 0n ? 1 : 0);

/** The value scaled by 10^scale, rounded up (away from zero): Quantity.ScaledValue; MilliValue is scale -3. */
export function scaledValue(q: Quantity, scale: number): bigint {
  const e = q.exponent - scale;
  if (e >= 0) return q.mantissa * pow10(e);
  const d = pow10(-e);
  const m = abs(q.mantissa);
  const r = m / d + (m % d === 0n ? 0n : 1n);
  return q.mantissa < 0n ? -r : r;
}

/** An approximate float (for display and ratios only). */
export function quantityToNumber(q: Quantity): number {
  return Number(q.mantissa) * 10 ** q.exponent;
}

/** Quantity.String(): the canonical form. */
export function formatQuantity(q: Quantity): string {
  if (q.mantissa === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const small = compareMagnitude(q, { mantissa: 1024n, exponent: 0, format }) < 0;
    if (small || q.exponent < 0) format = 'DecimalSI'; // between ±1024, or not a whole number
  }
  if (format === 'BinarySI') {
    let m = q.mantissa * pow10(q.exponent);
    let p = 0;
    while (p < BINARY_BY_POWER.length - 1 && m % 1024n === 0n) {
      m /= 1024n;
      p++;
    }
    return `${m}${BINARY_BY_POWER[p]}`;
  }
  // Decimal: no fraction digits, the exponent a multiple of 3 and as large as possible.
  let m = q.mantissa;
  let e = q.exponent;
  const r = ((e % 3) + 3) % 3;
  if (r !== 0) {
    m *= pow10(r);
    e -= r;
  }
  if (format === 'DecimalExponent') return e === 0 ? `${m}` : `${m}e${e}`;
  if (e > 18) {
    // beyond exa: Kubernetes has no suffix; keep the value exact with E
    m *= pow10(e - 18);
    e = 18;
  }
  return `${m}${DECIMAL_BY_EXPONENT.get(e)}`;
}

/** Canonical form of a quantity string or JSON number; undefined when it does not parse. */
export function canonicalQuantity(input: unknown): string | undefined {
  const q = tryParseQuantity(input);
  return typeof q === 'string' ? undefined : formatQuantity(q);
}
