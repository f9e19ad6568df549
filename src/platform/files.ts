// Temporary directories, for journals that live only as long as a cluster; and
// reading and writing a small text file (the token file, the build's chart layouts).
const deno = (globalThis as { Deno?: {
  makeTempDir(o: { prefix: string }): Promise<string>; remove(p: string, o: { recursive: boolean }): Promise<void>;
  readTextFile(p: string | URL): Promise<string>; writeTextFile(p: string | URL, text: string): Promise<void>;
} }).Deno;

export async function makeTempDir(prefix: string): Promise<string> {
  if (deno) return deno.makeTempDir({ prefix });
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(path: string): Promise<void> {
  if (deno) { await deno.remove(path, { recursive: true }).catch(() => {}); return; }
  const { rm } = await import('node:fs/promises');
  await rm(path, { recursive: true, force: true });
}

export async function readTextFile(path: string | URL): Promise<string> {
  if (deno) return deno.readTextFile(path);
  const { readFile } = await import('node:fs/promises');
  return readFile(path, 'utf8');
}

export async function writeTextFile(path: string | URL, text: string): Promise<void> {
  if (deno) return deno.writeTextFile(path, text);
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path, text, 'utf8');
}
