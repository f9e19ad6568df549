// Command-line flags: `--name value` or `--name=value`, checked against the
// command's known names so a typo is a one-line error, not a silent default.
export type Flags = Map<string, string>;

/** Boolean flags take no value (`--watch`); every other flag takes one. */
export function parseFlags(argv: string[], known: string[], booleans: string[] = []): { flags: Flags; positional: string[] } {
  const flags: Flags = new Map();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) { positional.push(a); continue; }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!known.includes(name) && !booleans.includes(name)) {
      throw new Error(`unknown option --${name}; known: ${[...known, ...booleans].map((k) => `--${k}`).join(', ')}`);
    }
    if (booleans.includes(name)) { flags.set(name, eq > 0 ? a.slice(eq + 1) : 'true'); continue; }
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    flags.set(name, value);
  }
  return { flags, positional };
}

export function wholeNumber(f: Flags, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = f.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > max) throw new Error(`--${name} must be a whole number from 0 to ${max}, got "${v}"`);
  return n;
}
