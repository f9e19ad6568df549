// `cybernetes describe`: the object laid out for reading, then the Events
// whose involvedObject is it (by name, namespace and uid, as kubectl asks).
import { COMMON_FLAGS, COMMON_SHORT, connect, print, warn, type Context } from './common.js';
import { describePage } from './describe-kinds.js';
import { alreadyReported, isPerObject } from './errors.js';
import { booleanFlag, parseFlags } from './flags.js';
import { controlledBy } from './rollout-logic.js';
import { findResource, resourcePath, type ResourceInfo } from './resources.js';
import { labelSelectorString } from './selector.js';
import { resolveTargets } from './targets.js';

export const DESCRIBE_USAGE = `  describe show an object and its Events: describe TYPE [NAME...] | TYPE/NAME...  [-l SELECTOR] [-A]`;

export async function describeCommand(args: string[]): Promise<void> {
  const { flags, positional } = parseFlags(args, [...COMMON_FLAGS, 'selector'], ['all-namespaces'], { ...COMMON_SHORT, l: 'selector', A: 'all-namespaces' });
  const ctx = connect(flags);
  const targets = await resolveTargets(ctx, positional, 'describe');
  const pages: string[] = [];
  let failed = 0;
  for (const { info, names } of targets) {
    const ns = info.namespaced ? ctx.namespace : undefined;
    let objects: any[] = [];
    if (names.length === 0) {
      const listNs = booleanFlag(flags, 'all-namespaces', false) ? undefined : ns;
      objects = (await ctx.client.json('GET', resourcePath(info, listNs), { query: { labelSelector: flags.get('selector') } })).items ?? [];
    }
    for (const name of names) {
      try {
        objects.push(await ctx.client.json('GET', resourcePath(info, ns, name)));
      } catch (err) {
        if (!isPerObject(err)) throw err;
        warn(err.message);
        failed++;
      }
    }
    for (const obj of objects) {
      const [events, related] = await Promise.all([eventsOf(ctx, obj), relatedTo(ctx, info, obj)]);
      pages.push(describePage({ obj, events, related, now: Date.now() }));
    }
  }
  // Pages are separated by a blank line, as kubectl separates them.
  print(pages.join('\n\n'));
  if (pages.length === 0 && failed === 0) console.error(`No resources found${targets.some((t) => t.info.namespaced) ? ` in ${ctx.namespace} namespace.` : ''}`);
  if (failed) throw alreadyReported();
}

async function eventsOf(ctx: Context, obj: any): Promise<any[]> {
  const all = await ctx.resources();
  const events = all.find((r) => r.preferred && r.group === '' && r.name === 'events');
  if (!events) return [];
  const m = obj.metadata ?? {};
  const fieldSelector = [`involvedObject.name=${m.name}`, `involvedObject.namespace=${m.namespace ?? ''}`, m.uid ? `involvedObject.uid=${m.uid}` : '']
    .filter(Boolean).join(',');
  // Events of a cluster-scoped object (a Node) live in any namespace: ask across all of them.
  const list = await ctx.client.json('GET', resourcePath(events, m.namespace), { query: { fieldSelector } });
  return list.items ?? [];
}

/** A Deployment's ReplicaSets, a ReplicaSet's pods: what their pages summarise. */
async function relatedTo(ctx: Context, info: ResourceInfo, obj: any): Promise<any[] | undefined> {
  const childType = info.kind === 'Deployment' ? 'replicasets.apps' : info.kind === 'ReplicaSet' ? 'pods' : undefined;
  if (!childType) return undefined;
  const child = findResource(await ctx.resources(), childType);
  if (!child) return undefined;
  const list = await ctx.client.json('GET', resourcePath(child, obj.metadata?.namespace), { query: { labelSelector: labelSelectorString(obj.spec?.selector) || undefined } });
  return controlledBy(list.items ?? [], obj);
}
