// `npm run bench -- compare A.json B.json`: every number the two runs share,
// side by side, with B/A. Nested figures are flattened to dotted paths.

export interface Row { key: string; a: number; b: number; ratio: number }

/** Numeric leaves as dotted paths (arrays by index), skipping `trace` and the profile window (clock readings, not figures). */
export function numericLeaves(v: unknown, prefix = '', out = new Map<string, number>()): Map<string, number> {
  if (typeof v === 'number' && Number.isFinite(v)) out.set(prefix, v);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (prefix === '' && (k === 'trace' || k === 'profileWindowUs')) continue;
      numericLeaves(x, prefix ? `${prefix}.${k}` : k, out);
    }
  }
  return out;
}

export function compare(a: unknown, b: unknown): Row[] {
  const la = numericLeaves(a), lb = numericLeaves(b);
  const rows: Row[] = [];
  for (const [key, x] of la) {
    const y = lb.get(key);
    if (y === undefined) continue;
    rows.push({ key, a: x, b: y, ratio: x === 0 ? (y === 0 ? 1 : Infinity) : y / x });
  }
  return rows;
}

export function formatComparison(rows: readonly Row[], nameA = 'A', nameB = 'B'): string {
  const w = Math.max(6, ...rows.map((r) => r.key.length));
  const num = (v: number) => String(+v.toFixed(2));
  const wa = Math.max(12, nameA.length), wb = Math.max(12, nameB.length);
  const lines = [`${'figure'.padEnd(w)}  ${nameA.padStart(wa)}  ${nameB.padStart(wb)}  ${'B/A'.padStart(8)}`];
  for (const r of rows) {
    const ratio = Number.isFinite(r.ratio) ? `${r.ratio.toFixed(2)}x` : 'inf';
    lines.push(`${r.key.padEnd(w)}  ${num(r.a).padStart(wa)}  ${num(r.b).padStart(wb)}  ${ratio.padStart(8)}`);
  }
  return lines.join('\n');
}
