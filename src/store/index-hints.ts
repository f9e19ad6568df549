// Which secondary index can narrow a list: equality terms of a selector string. The full
// selector (selectors.ts) still decides; these only pick candidates, so being conservative
// (returning nothing for anything unusual) is always correct.

function equalityTerms(selector: string | undefined): [string, string][] {
  if (!selector || selector.includes('(')) return [];
  const out: [string, string][] = [];
  for (const raw of selector.split(',')) {
    const m = /^\s*([A-Za-z0-9./_-]+)\s*==?\s*([A-Za-z0-9._-]*)\s*$/.exec(raw);
    if (m && !raw.includes('!=')) out.push([m[1]!, m[2]!]);
  }
  return out;
}

/** A `key=value` requirement of a label selector, if it has one. */
export function labelEqualityHint(selector: string | undefined): [key: string, value: string] | undefined {
  return equalityTerms(selector)[0];
}

/** The value a field selector requires for `field` with = or ==, if it does. */
export function fieldEqualityHint(selector: string | undefined, field: string): string | undefined {
  for (const [k, v] of equalityTerms(selector)) if (k === field) return v;
  return undefined;
}
