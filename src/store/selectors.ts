// Label and field selectors, parsed and matched as Kubernetes does
// (apimachinery labels.Parse, metav1.LabelSelectorAsSelector,
// fields.ParseSelector + the apiserver's per-kind field conversion), with the
// same error messages. Pure functions; the journal uses the *Requirements /
// *Equalities helpers to pick a secondary index before matching.

import {
  aggregate,
  fieldInvalid,
  goQuote,
  goStringSlice,
  isQualifiedName,
  isValidLabelValue,
} from './selectors-validate.js';
import { kindFields } from './selectors-fields.js';

export { KIND_FIELDS, DEFAULT_KIND_FIELDS, kindFields } from './selectors-fields.js';
export type { KindFields } from './selectors-fields.js';
export { isQualifiedName, isValidLabelValue, isDNS1123Subdomain } from './selectors-validate.js';

export class SelectorError extends Error {
  override name = 'SelectorError';
}

// ───────────────────────────── labels ─────────────────────────────

export type LabelSelectorObject = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
};
export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

/** selection.Operator values, as Kubernetes spells them. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** sorted and deduplicated for parsed strings, as sets.String leaves them */
  readonly values: readonly string[];
}

/** Validates like labels.NewRequirement (path = nil, so fields read "key", "values[i][key]"). */
function newRequirement(key: string, operator: LabelOperator, values: string[] | undefined): LabelRequirement {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) errs.push(fieldInvalid('key', goQuote(key), keyErrs.join('; ')));
  const n = values?.length ?? 0;
  switch (operator) {
    case 'in':
    case 'notin':
      if (n === 0)
        errs.push(fieldInvalid('values', goStringSlice(values), "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (n !== 1) errs.push(fieldInvalid('values', goStringSlice(values), 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (n !== 0)
        errs.push(fieldInvalid('values', goStringSlice(values), 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (n !== 1) errs.push(fieldInvalid('values', goStringSlice(values), "for 'Gt', 'Lt' operators, exactly one value is required"));
      values?.forEach((v, i) => {
        if (!isInt(v)) errs.push(fieldInvalid(`values[${i}]`, goQuote(v), "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
  }
  values?.forEach((v, i) => {
    const vErrs = isValidLabelValue(v);
    if (vErrs.length) errs.push(fieldInvalid(`values[${i}][${key}]`, goQuote(v), vErrs.join('; ')));
  });
  if (errs.length) throw new SelectorError(aggregate(errs));
  return { key, operator, values: values ?? [] };
}

const isInt = (v: string): boolean => /^[+-]?[0-9]+$/.test(v) && Number.isSafeInteger(Number(v));

// The lexer and parser follow labels/selector.go token for token, so that
// odd inputs ("x in (,a)", "in in (in)", "!a=b") and error texts agree.
const enum Tok {
  Error,
  End,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

const string2token: ReadonlyMap<string, Tok> = new Map([
  [')', Tok.ClosedPar],
  [',', Tok.Comma],
  ['!', Tok.DoesNotExist],
  ['==', Tok.DoubleEquals],
  ['=', Tok.Equals],
  ['>', Tok.GreaterThan],
  ['in', Tok.In],
  ['<', Tok.LessThan],
  ['!=', Tok.NotEquals],
  ['notin', Tok.NotIn],
  ['(', Tok.OpenPar],
]);

const isWhitespace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string): boolean =>
  c === '=' || c === '!' || c === '(' || c === ')' || c === ',' || c === '>' || c === '<';

type Item = { tok: Tok; lit: string };

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos]!)) pos++;
    if (pos >= s.length) {
      items.push({ tok: Tok.End, lit: '' });
      return items;
    }
    const start = pos;
    if (isSpecial(s[pos]!)) {
      // Longest run of special characters that is still a known token.
      let best: Item | undefined;
      while (pos < s.length && isSpecial(s[pos]!)) {
        const t = string2token.get(s.slice(start, pos + 1));
        if (t !== undefined) best = { tok: t, lit: s.slice(start, pos + 1) };
        else if (best) break;
        pos++;
      }
      if (!best) {
        items.push({ tok: Tok.Error, lit: `error expected: keyword found '${s.slice(start, pos)}'` });
      } else {
        pos = start + best.lit.length;
        items.push(best);
      }
    } else {
      while (pos < s.length && !isSpecial(s[pos]!) && !isWhitespace(s[pos]!)) pos++;
      const lit = s.slice(start, pos);
      items.push({ tok: string2token.get(lit) ?? Tok.Identifier, lit });
    }
  }
}

const binaryOperators = 'in, notin, =, ==, !=, gt, lt';

class LabelParser {
  private p = 0;
  constructor(private readonly items: Item[]) {}

  /** In value position, 'in' and 'notin' are plain identifiers. */
  private look(values: boolean): Item {
    const it = this.items[this.p]!;
    return values && (it.tok === Tok.In || it.tok === Tok.NotIn) ? { tok: Tok.Identifier, lit: it.lit } : it;
  }
  private take(values: boolean): Item {
    const it = this.look(values);
    this.p++;
    return it;
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.look(true);
      if (tok === Tok.Identifier || tok === Tok.DoesNotExist) {
        try {
          reqs.push(this.requirement());
        } catch (e) {
          throw new SelectorError(`unable to parse requirement: ${(e as Error).message}`);
        }
        const t = this.take(true);
        if (t.tok === Tok.End) return reqs;
        if (t.tok === Tok.Comma) {
          const t2 = this.look(true);
          if (t2.tok !== Tok.Identifier && t2.tok !== Tok.DoesNotExist)
            throw new SelectorError(`found '${t2.lit}', expected: identifier after ','`);
        } else {
          throw new SelectorError(`found '${t.lit}', expected: ',' or 'end of string'`);
        }
      } else if (tok === Tok.End) {
        return reqs;
      } else {
        throw new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private requirement(): LabelRequirement {
    let op: LabelOperator | undefined;
    let t = this.take(true);
    if (t.tok === Tok.DoesNotExist) {
      op = '!';
      t = this.take(true);
    }
    if (t.tok !== Tok.Identifier) throw new Error(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) throw new Error(fieldInvalid(null, goQuote(key), keyErrs.join('; ')));
    const next = this.look(true).tok;
    if (next === Tok.End || next === Tok.Comma) op ??= 'exists';
    if (op === 'exists' || op === '!') return newRequirement(key, op, []);

    const o = this.take(false);
    switch (o.tok) {
      case Tok.In: op = 'in'; break;
      case Tok.NotIn: op = 'notin'; break;
      case Tok.Equals: op = '='; break;
      case Tok.DoubleEquals: op = '=='; break;
      case Tok.NotEquals: op = '!='; break;
      case Tok.GreaterThan: op = 'gt'; break;
      case Tok.LessThan: op = 'lt'; break;
      default: throw new Error(`found '${o.lit}', expected: ${binaryOperators}`);
    }
    const set = op === 'in' || op === 'notin' ? this.valueSet() : this.exactValue();
    return newRequirement(key, op, [...set].sort(byCodeUnit));
  }

  private valueSet(): Set<string> {
    let t = this.take(true);
    if (t.tok !== Tok.OpenPar) throw new Error(`found '${t.lit}' expected: '('`);
    t = this.look(true);
    if (t.tok === Tok.Identifier || t.tok === Tok.Comma) {
      const s = this.identifierList();
      // Go reports the literal it looked at before the list, not the stray token.
      if (this.take(true).tok !== Tok.ClosedPar) throw new Error(`found '${t.lit}', expected: ')'`);
      return s;
    }
    if (t.tok === Tok.ClosedPar) {
      this.take(true);
      return new Set(['']);
    }
    throw new Error(`found '${t.lit}', expected: ',', ')' or identifier`);
  }

  /** Comma-separated, possibly empty identifiers: "(a,,b)" and "(,a)" hold "". */
  private identifierList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const t = this.take(true);
      if (t.tok === Tok.Identifier) {
        s.add(t.lit);
        const t2 = this.look(true);
        if (t2.tok === Tok.Comma) continue;
        if (t2.tok === Tok.ClosedPar) return s;
        throw new Error(`found '${t2.lit}', expected: ',' or ')'`);
      } else if (t.tok === Tok.Comma) {
        if (s.size === 0) s.add('');
        const t2 = this.look(true).tok;
        if (t2 === Tok.ClosedPar) {
          s.add('');
          return s;
        }
        if (t2 === Tok.Comma) s.add('');
      } else {
        throw new Error(`found '${t.lit}', expected: ',', or identifier`);
      }
    }
  }

  private exactValue(): Set<string> {
    const t = this.look(true).tok;
    if (t === Tok.End || t === Tok.Comma) return new Set(['']);
    const v = this.take(true);
    if (v.tok === Tok.Identifier) return new Set([v.lit]);
    throw new Error(`found '${v.lit}', expected: identifier`);
  }
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byKey = (a: LabelRequirement, b: LabelRequirement): number => byCodeUnit(a.key, b.key);

/** labels.ParseToRequirements: the parsed requirements, sorted by key. '' → []. */
export function labelSelectorRequirements(s: string): LabelRequirement[] {
  return new LabelParser(lex(s)).parse().sort(byKey);
}

/**
 * metav1.LabelSelectorAsSelector's requirements. null/undefined → null,
 * which Kubernetes reads as "matches nothing" (a nil selector); {} → [].
 */
export function labelRequirementsFromObject(sel: LabelSelectorObject | null | undefined): LabelRequirement[] | null {
  if (sel === null || sel === undefined) return null;
  const reqs: LabelRequirement[] = [];
  const ml = sel.matchLabels ?? {};
  for (const k of Object.keys(ml).sort(byCodeUnit)) reqs.push(newRequirement(k, '=', [ml[k]!]));
  for (const e of sel.matchExpressions ?? []) {
    const op = objectOperators[e.operator as string];
    if (!op) throw new SelectorError(`${goQuote(String(e.operator))} is not a valid label selector operator`);
    // Go copies with append(nil, ...): an empty list is nil either way.
    reqs.push(newRequirement(e.key, op, e.values?.length ? [...e.values] : undefined));
  }
  return reqs.sort(byKey);
}

const objectOperators: Record<string, LabelOperator | undefined> = Object.assign(Object.create(null), {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
});

const has = (labels: Record<string, string>, key: string): boolean => Object.hasOwn(labels, key);
const EMPTY: Record<string, string> = Object.freeze({}) as Record<string, string>;

function requirementMatcher(r: LabelRequirement): LabelMatcher {
  const { key, values } = r;
  // Sets only pay off for long value lists.
  const inValues: (v: string) => boolean =
    values.length > 8 ? ((set) => (v: string) => set.has(v))(new Set(values)) : (v) => values.includes(v);
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return (l) => l !== undefined && has(l, key) && inValues(l[key]!);
    case '!=':
    case 'notin':
      return (l) => l === undefined || !has(l, key) || !inValues(l[key]!);
    case 'exists':
      return (l) => l !== undefined && has(l, key);
    case '!':
      return (l) => l === undefined || !has(l, key);
    case 'gt':
    case 'lt': {
      const bound = Number(values[0]);
      const gt = r.operator === 'gt';
      return (l) => {
        if (l === undefined || !has(l, key) || !isInt(l[key]!)) return false;
        const v = Number(l[key]);
        return gt ? v > bound : v < bound;
      };
    }
  }
}

const matchAll: LabelMatcher = () => true;
const matchNone: LabelMatcher = () => false;

/** AND of requirements; null (a nil selector) matches nothing, [] everything. */
export function labelMatcherFromRequirements(reqs: readonly LabelRequirement[] | null): LabelMatcher {
  if (reqs === null) return matchNone;
  if (reqs.length === 0) return matchAll;
  const ms = reqs.map(requirementMatcher);
  if (ms.length === 1) return ms[0]!;
  return (labels) => {
    const l = labels ?? EMPTY;
    for (const m of ms) if (!m(l)) return false;
    return true;
  };
}

export function parseLabelSelector(s: string): LabelMatcher {
  return labelMatcherFromRequirements(labelSelectorRequirements(s));
}

export function labelSelectorFromObject(sel: LabelSelectorObject): LabelMatcher {
  return labelMatcherFromRequirements(labelRequirementsFromObject(sel));
}

/**
 * Labels a selector pins to one value (=, ==, or `in` with one value), as
 * RequiresExactMatch sees them: an index may narrow by any of them, then the
 * full matcher still decides. Accepts a string or parsed requirements.
 */
export function labelSelectorEqualities(s: string | readonly LabelRequirement[]): Record<string, string> {
  const reqs = typeof s === 'string' ? labelSelectorRequirements(s) : s;
  const out: Record<string, string> = {}; // keys are validated label keys or known field names, never __proto__
  for (const r of reqs) {
    if (Object.hasOwn(out, r.key)) continue; // first requirement on a key decides, as in Go
    if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) out[r.key] = r.values[0]!;
  }
  return out;
}

/** The canonical string form (labels.Selector.String()), handy as a cache key. */
export function labelRequirementsString(reqs: readonly LabelRequirement[]): string {
  return reqs
    .map((r) => {
      switch (r.operator) {
        case 'exists': return r.key;
        case '!': return `!${r.key}`;
        case 'in': return `${r.key} in (${r.values.join(',')})`;
        case 'notin': return `${r.key} notin (${r.values.join(',')})`;
        case 'gt': return `${r.key}>${r.values[0]}`;
        case 'lt': return `${r.key}<${r.values[0]}`;
        default: return `${r.key}${r.operator}${r.values[0]}`;
      }
    })
    .join(',');
}

// ───────────────────────────── fields ─────────────────────────────

export type FieldMatcher = (obj: any) => boolean;

export interface FieldRequirement {
  /** after the kind's aliases (Pod spec.host → spec.nodeName) */
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

/** fields.splitTerms: commas split terms unless backslash-escaped. */
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

const termOperators = ['!=', '==', '='] as const;

/** fields.splitTerm: the first operator occurrence splits; '!=' and '==' win over '='. */
function splitTerm(term: string): { lhs: string; op: (typeof termOperators)[number]; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

/** fields.UnescapeValue: only \\ \, \= are escapes; bare , or = is an error. */
function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=')
        throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
    } else if (c === '\\') inSlash = true;
    // Go prints the rune with %v, i.e. its code point number.
    else if (c === ',' || c === '=')
      throw new SelectorError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (inSlash) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/**
 * fields.ParseSelector then the kind's conversion, as the apiserver applies
 * them to ?fieldSelector=: terms sorted, syntax checked first, then each
 * field checked against the kind. '' → [].
 */
export function fieldSelectorRequirements(kind: string, s: string): FieldRequirement[] {
  const parts = splitTerms(s).sort(byCodeUnit);
  const raw: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const t = splitTerm(part);
    if (!t) throw new SelectorError(`invalid selector: '${s}'; can't understand '${part}'`);
    raw.push({ field: t.lhs, operator: t.op === '!=' ? '!=' : '=', value: unescapeValue(t.rhs) });
  }
  const kf = kindFields(kind);
  return raw.map((r) => {
    const field = (kf.aliases && Object.hasOwn(kf.aliases, r.field) ? kf.aliases[r.field] : r.field)!;
    if (!Object.hasOwn(kf.fields, field)) throw new SelectorError(kf.unknown(r.field));
    return field === r.field ? r : { ...r, field };
  });
}

const matchAllFields: FieldMatcher = () => true;

export function fieldMatcherFromRequirements(kind: string, reqs: readonly FieldRequirement[]): FieldMatcher {
  if (reqs.length === 0) return matchAllFields;
  const kf = kindFields(kind);
  const terms = reqs.map((r) => ({ get: kf.fields[r.field]!, eq: r.operator === '=', value: r.value }));
  return (obj) => {
    for (const t of terms) if ((t.get(obj) === t.value) !== t.eq) return false;
    return true;
  };
}

export function parseFieldSelector(kind: string, s: string): FieldMatcher {
  return fieldMatcherFromRequirements(kind, fieldSelectorRequirements(kind, s));
}

/**
 * Fields the selector pins with = or == (first wins, as RequiresExactMatch),
 * e.g. { 'spec.nodeName': 'n1' }. An index lookup on one of them is exact for
 * that term; the full matcher still decides the rest.
 */
export function fieldSelectorEqualities(kind: string, s: string | readonly FieldRequirement[]): Record<string, string> {
  const reqs = typeof s === 'string' ? fieldSelectorRequirements(kind, s) : s;
  const out: Record<string, string> = {}; // keys are validated label keys or known field names, never __proto__
  for (const r of reqs) if (r.operator === '=' && !Object.hasOwn(out, r.field)) out[r.field] = r.value;
  return out;
}

/** One selectable field's value for an object ('' when absent); undefined if the kind does not serve it. */
export function fieldValue(kind: string, field: string, obj: any): string | undefined {
  const kf = kindFields(kind);
  return Object.hasOwn(kf.fields, field) ? kf.fields[field]!(obj) : undefined;
}

/** Every selectable field of an object, as the registry's ToSelectableFields (for building indexes). */
export function selectableFields(kind: string, obj: any): Record<string, string> {
  const kf = kindFields(kind);
  const out: Record<string, string> = {};
  for (const f of Object.keys(kf.fields)) out[f] = kf.fields[f]!(obj);
  return out;
}
