// Temporary directories, for journals that live only as long as a cluster; and
// reading a small text file (the token file).
const deno = (globalThis as { Deno?: { makeTempDir(o: { prefix: string }): Promise<string>; remove(p: string, o: { recursive: boolean }): Promise<void>; readTextFile(p: string): Promise<string> } }).Deno;

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

export async function readTextFile(path: string): Promise<string> {
  if (deno) return deno.readTextFile(path);
  const { readFile } = await import('node:fs/promises');
  return readFile(path, 'utf8');
}
