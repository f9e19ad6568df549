// Resource names as kubectl reads them, resolved against the server's
// discovery: `po`, `pods`, `pod`, `Pod`, `deployments.apps`,
// `deployment.v1.apps`, categories such as `all`; and the argument shapes
// `TYPE[,TYPE] [NAME...]` or `TYPE/NAME [TYPE/NAME...]`. Pure: no I/O.
import { usageError, CliError } from './errors.js';

export interface ResourceInfo {
  group: string;
  version: string;
  /** The plural, as in URLs: `deployments`. */
  name: string;
  singularName: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** `scale`, `status`, `binding`, `log`, ... */
  subresources: string[];
  /** The group's preferred version: what a bare name resolves to. */
  preferred: boolean;
}

export interface DiscoveredList {
  groupVersion: string;
  preferred: boolean;
  resources: { name: string; singularName?: string; namespaced: boolean; kind: string; verbs?: string[]; shortNames?: string[]; categories?: string[] }[];
}

/** One ResourceInfo per resource in discovery order (core first, as the server lists groups). */
export function resourcesFromDiscovery(lists: DiscoveredList[]): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  for (const list of lists) {
    const slash = list.groupVersion.indexOf('/');
    const group = slash < 0 ? '' : list.groupVersion.slice(0, slash);
    const version = slash < 0 ? list.groupVersion : list.groupVersion.slice(slash + 1);
    const subs = new Map<string, string[]>();
    for (const r of list.resources) {
      const [main, sub] = r.name.split('/');
      if (sub) subs.set(main!, [...(subs.get(main!) ?? []), sub]);
    }
    for (const r of list.resources) {
      if (r.name.includes('/')) continue;
      out.push({
        group, version, name: r.name,
        singularName: r.singularName || r.kind.toLowerCase(),
        kind: r.kind, namespaced: r.namespaced,
        shortNames: r.shortNames ?? [], categories: r.categories ?? [], verbs: r.verbs ?? [],
        subresources: subs.get(r.name) ?? [], preferred: list.preferred,
      });
    }
  }
  return out;
}

const matchesName = (r: ResourceInfo, n: string): boolean =>
  r.name === n || r.singularName === n || r.shortNames.includes(n) || r.kind.toLowerCase() === n;

/** `deploy` → deployments.apps; `deployments.apps`; `deployments.v1.apps`. Undefined when nothing matches. */
export function findResource(all: ResourceInfo[], arg: string): ResourceInfo | undefined {
  const a = arg.toLowerCase();
  const plain = all.find((r) => r.preferred && matchesName(r, a));
  if (plain) return plain;
  const dot = a.indexOf('.');
  if (dot < 0) return undefined;
  const name = a.slice(0, dot);
  const rest = a.slice(dot + 1);
  // resource.version.group first (kubectl's order), then resource.group.
  const dot2 = rest.indexOf('.');
  if (dot2 > 0) {
    const version = rest.slice(0, dot2);
    const group = rest.slice(dot2 + 1);
    const versioned = all.find((r) => r.group === group && r.version === version && matchesName(r, name));
    if (versioned) return versioned;
  }
  return all.find((r) => r.preferred && r.group === rest && matchesName(r, name));
}

/** One type argument, which may be a category (`all`) standing for several resources. */
export function resolveType(all: ResourceInfo[], arg: string): ResourceInfo[] {
  const r = findResource(all, arg);
  if (r) return [r];
  const inCategory = all.filter((x) => x.preferred && x.categories.includes(arg.toLowerCase()));
  if (inCategory.length) return inCategory;
  throw new CliError(`the server doesn't have a resource type "${arg}"`);
}

/** The resource an object in a manifest belongs to, from its apiVersion and kind. */
export function resourceForKind(all: ResourceInfo[], apiVersion: string, kind: string): ResourceInfo {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const r = all.find((x) => x.group === group && x.version === version && x.kind === kind);
  if (!r) throw new CliError(`no matches for kind "${kind}" in version "${apiVersion}": this server does not serve it`);
  return r;
}

/** `deployment.apps`, `pod`: how kubectl names a kind in `kind/name` output. */
export const kindName = (r: ResourceInfo): string => r.kind.toLowerCase() + (r.group ? `.${r.group}` : '');
/** `deployments.apps`, `pods`: how the server names a resource in messages. */
export const resourceName = (r: ResourceInfo): string => r.name + (r.group ? `.${r.group}` : '');

/** The URL path of a collection or an object, in `namespace` when the resource is namespaced and one is given. */
export function resourcePath(r: ResourceInfo, namespace: string | undefined, name?: string, subresource?: string): string {
  let p = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  if (r.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${r.name}`;
  if (name !== undefined) p += `/${encodeURIComponent(name)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}

export type ResourceArgs =
  | { form: 'types'; types: string[]; names: string[] }
  | { form: 'pairs'; pairs: { type: string; name: string }[] };

/** `TYPE[,TYPE...] [NAME...]` or `TYPE/NAME [TYPE/NAME...]`, not mixed (as kubectl). */
export function parseResourceArgs(args: string[], verb: string): ResourceArgs {
  if (args.length === 0) throw usageError(`you must say what to ${verb}: a resource type such as "pods" or "deploy", or TYPE/NAME`);
  if (args.some((a) => a.includes('/'))) {
    const pairs = args.map((a) => {
      const slash = a.indexOf('/');
      const type = a.slice(0, slash);
      const name = a.slice(slash + 1);
      if (slash < 0 || !type || !name || name.includes('/')) {
        throw usageError(`"${a}": give either TYPE NAME... or TYPE/NAME..., not both (e.g. "cybernetes ${verb} deploy/web")`);
      }
      return { type, name };
    });
    return { form: 'pairs', pairs };
  }
  const types = args[0]!.split(',').filter(Boolean);
  if (types.length === 0) throw usageError(`"${args[0]}" names no resource type`);
  return { form: 'types', types, names: args.slice(1) };
}

/** Exactly one object, for verbs like scale and rollout: `deploy/x` or `deploy x`. */
export function singleObjectArg(args: string[], verb: string): { type: string; name: string } {
  const parsed = parseResourceArgs(args, verb);
  if (parsed.form === 'pairs' && parsed.pairs.length === 1) return parsed.pairs[0]!;
  if (parsed.form === 'types' && parsed.types.length === 1 && parsed.names.length === 1) return { type: parsed.types[0]!, name: parsed.names[0]! };
  throw usageError(`${verb} takes one object, as TYPE/NAME or TYPE NAME (e.g. "cybernetes ${verb} deploy/web")`);
}
