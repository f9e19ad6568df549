// `cybernetes apply -f FILE|DIR|-`: server-side apply of every object, one
// PATCH (application/apply-patch+yaml) each, in the order they are written.
import { listDirectory, pathKind, readStdin, readTextFile } from '../platform/cli-io.js';
import { COMMON_FLAGS, COMMON_SHORT, connect, print, warn, type Context } from './common.js';
import { alreadyReported, CliError, isPerObject, usageError } from './errors.js';
import { booleanFlag, parseFlags } from './flags.js';
import { isManifestFile, parseManifests, type Manifest } from './manifests.js';
import { kindName, resourceForKind, resourcePath } from './resources.js';

export const APPLY_USAGE = `  apply   create or update objects by server-side apply: apply -f FILE|DIR|-  (multi-document YAML or JSON)
          -R, --recursive (directories)   --force-conflicts   --field-manager NAME (default cybernetes)`;

export async function applyCommand(args: string[]): Promise<void> {
  const { flags, positional } = parseFlags(args, [...COMMON_FLAGS, 'filename', 'field-manager'], ['recursive', 'force-conflicts', 'server-side'],
    { ...COMMON_SHORT, f: 'filename', R: 'recursive' });
  if (positional.length) throw usageError(`unexpected argument "${positional[0]}": apply reads objects from -f FILE, -f DIR or -f -`);
  const source = flags.get('filename');
  if (!source) throw usageError('apply needs -f FILE, -f DIR or -f - (stdin)');
  const ctx = connect(flags);
  const manifests = await readManifests(source, booleanFlag(flags, 'recursive', false));
  if (manifests.length === 0) throw new CliError(`no objects found in ${source === '-' ? 'stdin' : source}`);
  const query = { fieldManager: flags.get('field-manager') ?? 'cybernetes', force: booleanFlag(flags, 'force-conflicts', false) ? 'true' : undefined };
  let failed = 0;
  for (const m of manifests) {
    try {
      print(await applyOne(ctx, m, query));
    } catch (err) {
      if (!isPerObject(err)) throw err;
      warn(err.message);
      failed++;
    }
  }
  if (failed) throw alreadyReported();
}

async function applyOne(ctx: Context, m: Manifest, query: Record<string, string | undefined>): Promise<string> {
  const obj = m.object;
  const info = resourceForKind(await ctx.resources(), obj.apiVersion, obj.kind);
  const name: string = obj.metadata.name;
  let namespace: string | undefined;
  if (info.namespaced) {
    namespace = obj.metadata.namespace ?? ctx.namespace;
    if (ctx.namespaceGiven && obj.metadata.namespace && obj.metadata.namespace !== ctx.namespace) {
      throw new CliError(`${m.source}: ${kindName(info)}/${name} is in namespace "${obj.metadata.namespace}", not "${ctx.namespace}": drop -n or pass -n ${obj.metadata.namespace}`);
    }
  }
  try {
    await ctx.client.json('PATCH', resourcePath(info, namespace, name), {
      query, body: JSON.stringify(obj), contentType: 'application/apply-patch+yaml',
    });
  } catch (err) {
    if (err instanceof CliError && /^Apply failed with \d+ conflict/.test(err.message)) {
      throw new CliError(`${err.message.replace(/\s+/g, ' ').trim()}; rerun with --force-conflicts to take those fields over`);
    }
    throw err;
  }
  return `${kindName(info)}/${name} serverside-applied`;
}

/** FILE, DIR (its .yaml/.yml/.json files, sorted; subdirectories with -R) or - for stdin. */
export async function readManifests(source: string, recursive: boolean): Promise<Manifest[]> {
  if (source === '-') return parseManifests(await readStdin(), 'stdin');
  const kind = await pathKind(source);
  if (kind === 'missing') throw new CliError(`the path "${source}" does not exist`);
  if (kind === 'file') return parseManifests(await readTextFile(source), source);
  const out: Manifest[] = [];
  for (const entry of await listDirectory(source)) {
    if (entry.directory) { if (recursive) out.push(...await readManifests(entry.path, true)); continue; }
    if (isManifestFile(entry.name)) out.push(...await parseManifests(await readTextFile(entry.path), entry.path));
  }
  return out;
}
