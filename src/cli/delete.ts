// `cybernetes delete`: by name, by -l selector, --all or -f manifests, with
// --cascade=background|foreground|orphan (DeleteOptions.propagationPolicy in
// the body, as kubectl sends it); waits until each object is gone unless --wait=false.
import { readManifests } from './apply.js';
import { COMMON_FLAGS, COMMON_SHORT, connect, print, warn, type Context } from './common.js';
import { alreadyReported, CliError, isPerObject, usageError } from './errors.js';
import { booleanFlag, durationFlag, parseFlags } from './flags.js';
import { resourceForKind, resourceName, resourcePath, type ResourceInfo } from './resources.js';
import { resolveTargets } from './targets.js';

export const DELETE_USAGE = `  delete  delete objects: delete TYPE NAME... | TYPE/NAME... | TYPE -l SELECTOR | TYPE --all | -f FILE|DIR|-
          --cascade background|foreground|orphan (default background)   --wait=false   --timeout 60s   --ignore-not-found`;

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** kubectl's --cascade values, including the old true/false. */
export function propagationPolicy(value: string | undefined): PropagationPolicy {
  switch (value ?? 'background') {
    case 'background': case 'true': return 'Background';
    case 'foreground': return 'Foreground';
    case 'orphan': case 'false': return 'Orphan';
    default: throw usageError(`--cascade must be background, foreground or orphan, got "${value}"`);
  }
}

interface Victim { info: ResourceInfo; namespace: string | undefined; name: string }

export async function deleteCommand(args: string[]): Promise<void> {
  const { flags, positional } = parseFlags(args, [...COMMON_FLAGS, 'cascade', 'selector', 'filename', 'timeout'], ['all', 'wait', 'ignore-not-found', 'recursive', 'all-namespaces'],
    { ...COMMON_SHORT, l: 'selector', f: 'filename', R: 'recursive', A: 'all-namespaces' });
  const policy = propagationPolicy(flags.get('cascade'));
  const ctx = connect(flags);
  const victims = await findVictims(ctx, positional, flags.get('selector'), flags.get('filename'), {
    all: booleanFlag(flags, 'all', false), recursive: booleanFlag(flags, 'recursive', false), allNamespaces: booleanFlag(flags, 'all-namespaces', false),
  });
  if (victims === 'none') { console.error('No resources found'); return; }
  const ignoreNotFound = booleanFlag(flags, 'ignore-not-found', false);
  const body = JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: policy });
  let failed = 0;
  const deleted: { victim: Victim; uid: string | undefined }[] = [];
  for (const v of victims) {
    try {
      const answer = await ctx.client.json('DELETE', resourcePath(v.info, v.namespace, v.name), { body, contentType: 'application/json' });
      // The answer is a Status (gone) or the object (kept for finalizers): either way it is on its way out.
      deleted.push({ victim: v, uid: answer?.kind === 'Status' ? undefined : answer?.metadata?.uid });
      print(`${resourceName(v.info)} "${v.name}" deleted`);
    } catch (err) {
      if (!isPerObject(err)) throw err;
      if (ignoreNotFound && /not found$/.test(err.message)) continue;
      warn(err.message);
      failed++;
    }
  }
  if (booleanFlag(flags, 'wait', true)) {
    const timeoutMs = durationFlag(flags, 'timeout') ?? 60_000;
    for (const { victim, uid } of deleted) await waitUntilGone(ctx, victim, uid, Date.now() + timeoutMs);
  }
  if (failed) throw alreadyReported();
}

async function findVictims(ctx: Context, positional: string[], selector: string | undefined, filename: string | undefined,
  o: { all: boolean; recursive: boolean; allNamespaces: boolean }): Promise<Victim[] | 'none'> {
  if (filename) {
    if (positional.length) throw usageError('give either -f or resource arguments to delete, not both');
    const all = await ctx.resources();
    return (await readManifests(filename, o.recursive)).map(({ object }) => {
      const info = resourceForKind(all, object.apiVersion, object.kind);
      return { info, namespace: info.namespaced ? object.metadata.namespace ?? ctx.namespace : undefined, name: object.metadata.name };
    });
  }
  const targets = await resolveTargets(ctx, positional, 'delete');
  const victims: Victim[] = [];
  for (const t of targets) {
    const namespace = t.info.namespaced ? ctx.namespace : undefined;
    if (t.names.length) { victims.push(...t.names.map((name) => ({ info: t.info, namespace, name }))); continue; }
    if (!selector && !o.all) throw usageError(`delete ${t.info.name} needs NAMEs, -l SELECTOR or --all`);
    const listNs = o.allNamespaces ? undefined : namespace;
    const list = await ctx.client.json('GET', resourcePath(t.info, listNs), { query: { labelSelector: selector } });
    for (const item of list.items ?? []) victims.push({ info: t.info, namespace: t.info.namespaced ? item.metadata.namespace : undefined, name: item.metadata.name });
  }
  return victims.length || !(selector || o.all) ? victims : 'none';
}

/** Polls until the object is gone (or replaced by a new one with another uid). */
async function waitUntilGone(ctx: Context, v: Victim, uid: string | undefined, deadline: number): Promise<void> {
  for (;;) {
    const res = await ctx.client.fetch('GET', resourcePath(v.info, v.namespace, v.name));
    const obj = res.ok ? await res.json().catch(() => undefined) : (await res.body?.cancel(), undefined);
    if (res.status === 404 || (res.ok && uid && obj?.metadata?.uid !== uid)) return;
    if (Date.now() > deadline) {
      throw new CliError(`timed out waiting for ${resourceName(v.info)} "${v.name}" to go; it may be waiting on finalizers or, with --cascade=foreground, its dependents (see "cybernetes get ${resourceName(v.info)} ${v.name} -o yaml")`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
