// The objects a verb's arguments name, resolved against discovery:
// `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...` become one target per resource type.
import type { Context } from './common.js';
import { parseResourceArgs, resolveType, type ResourceInfo } from './resources.js';

export interface Target { info: ResourceInfo; names: string[] }

export async function resolveTargets(ctx: Context, positional: string[], verb: string): Promise<Target[]> {
  const parsed = parseResourceArgs(positional, verb);
  const all = await ctx.resources();
  const targets: Target[] = [];
  const add = (info: ResourceInfo, names: string[]) => {
    const existing = targets.find((t) => t.info === info);
    if (existing) existing.names.push(...names);
    else targets.push({ info, names: [...names] });
  };
  if (parsed.form === 'types') for (const type of parsed.types) for (const info of resolveType(all, type)) add(info, parsed.names);
  else for (const { type, name } of parsed.pairs) add(resolveType(all, type)[0]!, [name]);
  return targets;
}
