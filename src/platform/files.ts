// Temporary directories, for journals that live only as long as a cluster.
const deno = (globalThis as { Deno?: { makeTempDir(o: { prefix: string }): Promise<string>; remove(p: string, o: { recursive: boolean }): Promise<void> } }).Deno;

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
