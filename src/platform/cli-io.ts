// What the command-line client needs from the operating system and nothing
// more: files, directories, stdin and the environment. Node or Deno.

interface DenoIo {
  stat(path: string): Promise<{ isDirectory: boolean; isFile: boolean }>;
  readDir(path: string): AsyncIterable<{ name: string; isDirectory: boolean; isFile: boolean }>;
  stdin: { readable: ReadableStream<Uint8Array> };
  env: { get(name: string): string | undefined };
}
const deno = (globalThis as { Deno?: DenoIo }).Deno;

export { readTextFile } from './files.js';

export type PathKind = 'file' | 'directory' | 'missing';

export async function pathKind(path: string): Promise<PathKind> {
  try {
    if (deno) { const s = await deno.stat(path); return s.isDirectory ? 'directory' : 'file'; }
    const { stat } = await import('node:fs/promises');
    return (await stat(path)).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

export interface DirEntry { name: string; path: string; directory: boolean }

/** A directory's entries sorted by name, so applying a directory is repeatable. */
export async function listDirectory(path: string): Promise<DirEntry[]> {
  const base = path.endsWith('/') ? path : `${path}/`;
  const entries: DirEntry[] = [];
  if (deno) {
    for await (const e of deno.readDir(path)) entries.push({ name: e.name, path: base + e.name, directory: e.isDirectory });
  } else {
    const { readdir } = await import('node:fs/promises');
    for (const e of await readdir(path, { withFileTypes: true })) entries.push({ name: e.name, path: base + e.name, directory: e.isDirectory() });
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function readStdin(): Promise<string> {
  if (deno) return new Response(deno.stdin.readable).text();
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function envVar(name: string): string | undefined {
  if (deno) return deno.env.get(name);
  return process.env[name];
}
