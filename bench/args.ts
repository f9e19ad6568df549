import { writeFile } from 'node:fs/promises';

export { percentile } from './stats.js';

export type BenchArgs = Record<string, string | boolean>;

/** `--key value`, `--key=value` and bare `--flag` (true). */
export function parseArgs(argv: string[]): BenchArgs {
  const out: BenchArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}": options look like --name value`);
    const eq = a.indexOf('=');
    if (eq > 0) { out[a.slice(2, eq)] = a.slice(eq + 1); continue; }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) { out[a.slice(2)] = next; i++; }
    else out[a.slice(2)] = true;
  }
  return out;
}

export function numberArg(args: BenchArgs, name: string, fallback: number): number {
  const v = args[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${String(v)}"`);
  return n;
}

export async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFile(file, JSON.stringify(value, null, 2) + '\n');
}

/** A string option, or the fallback. */
export function stringArg(args: BenchArgs, name: string, fallback: string): string {
  const v = args[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string') throw new Error(`--${name} needs a value`);
  return v;
}

/** `--name on|off` (also true/false); a bare `--name` is on. */
export function onOffArg(args: BenchArgs, name: string, fallback: boolean): boolean {
  const v = args[name];
  if (v === undefined) return fallback;
  if (v === true || v === 'on' || v === 'true') return true;
  if (v === 'off' || v === 'false') return false;
  throw new Error(`--${name} must be on or off, got "${String(v)}"`);
}
