// Command-line flags: `--name value` or `--name=value`, checked against the
// command's known names so a typo is a one-line error, not a silent default.
// Short forms (`-n ns`, `-oyaml`, `-Aw`) map to long names through `short`.
import { usageError } from './errors.js';

export type Flags = Map<string, string>;

/** Boolean flags take no value (`--watch`); every other flag takes one. */
export function parseFlags(argv: string[], known: string[], booleans: string[] = [], short: Record<string, string> = {}): { flags: Flags; positional: string[] } {
  const flags: Flags = new Map();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (/^-[^-\d]/.test(a)) { i = parseShort(argv, i, flags, booleans, short); continue; }
    if (!a.startsWith('--')) { positional.push(a); continue; }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!known.includes(name) && !booleans.includes(name)) {
      throw usageError(`unknown option --${name}; known: ${[...known, ...booleans].map((k) => `--${k}`).join(', ')}`);
    }
    if (booleans.includes(name)) { flags.set(name, eq > 0 ? a.slice(eq + 1) : 'true'); continue; }
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined) throw usageError(`--${name} needs a value`);
    flags.set(name, value);
  }
  return { flags, positional };
}

/** `-A`, `-Aw` (booleans bundled), `-o yaml`, `-oyaml`, `-o=yaml`; returns the index of the last argument used. */
function parseShort(argv: string[], i: number, flags: Flags, booleans: string[], short: Record<string, string>): number {
  const a = argv[i]!;
  for (let j = 1; j < a.length; j++) {
    const name = short[a[j]!];
    if (name === undefined) {
      const list = Object.keys(short).map((k) => `-${k}`).join(', ');
      throw usageError(`unknown option -${a[j]}${list ? `; known short options: ${list}` : ''}`);
    }
    if (booleans.includes(name)) { flags.set(name, 'true'); continue; }
    const rest = a.slice(j + 1).replace(/^=/, '');
    if (rest) { flags.set(name, rest); return i; }
    const value = argv[i + 1];
    if (value === undefined) throw usageError(`-${a[j]} needs a value`);
    flags.set(name, value);
    return i + 1;
  }
  return i;
}

export function wholeNumber(f: Flags, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = f.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > max) throw usageError(`--${name} must be a whole number from 0 to ${max}, got "${v}"`);
  return n;
}

/** A boolean flag: `--wait`, `--wait=true`, `--wait=false`; `fallback` when absent. */
export function booleanFlag(f: Flags, name: string, fallback: boolean): boolean {
  const v = f.get(name);
  if (v === undefined) return fallback;
  if (v === 'true' || v === '') return true;
  if (v === 'false') return false;
  throw usageError(`--${name} is true or false, got "${v}"`);
}

/** A duration like kubectl's: `90s`, `5m`, `1h`, `1m30s`, `0`; a bare number is seconds. Milliseconds. */
export function durationFlag(f: Flags, name: string): number | undefined {
  const v = f.get(name);
  if (v === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...v.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== v) {
    throw usageError(`--${name} is a duration like 30s, 5m or 1h, got "${v}"`);
  }
  return parts.reduce((ms, p) => ms + Number(p[1]) * unit[p[2]!]!, 0);
}
