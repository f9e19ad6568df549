// `cybernetes get`: server-side Tables printed like kubectl's, -o yaml|json|
// wide|name, -l, --field-selector, -A, -w (the list, then watch events as rows).
import { COMMON_FLAGS, COMMON_SHORT, connect, print, warn, type Context } from './common.js';
import { alreadyReported, CliError, isPerObject, usageError } from './errors.js';
import { booleanFlag, parseFlags } from './flags.js';
import { outputFormat, printable, toJson, toYaml, withoutManagedFields, type OutputFormat } from './output.js';
import { kindName, resourcePath, type ResourceInfo } from './resources.js';
import { resolveTargets, type Target } from './targets.js';
import { GET_TABS, tabwrite, TabWriter } from './tabwriter.js';
import { headerLine, rowLines, tableText, type Table, type TableOptions } from './table.js';

export const GET_USAGE = `  get     list or show objects: get TYPE[,TYPE...] [NAME...] | get TYPE/NAME...
          -o, --output wide|yaml|json|name   -l, --selector SELECTOR   --field-selector SELECTOR
          -A, --all-namespaces   -w, --watch (keep printing changes)   --no-headers`;

export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

export async function getCommand(args: string[]): Promise<void> {
  const { flags, positional } = parseFlags(args, [...COMMON_FLAGS, 'output', 'selector', 'field-selector'], ['all-namespaces', 'watch', 'no-headers'],
    { ...COMMON_SHORT, o: 'output', l: 'selector', A: 'all-namespaces', w: 'watch' });
  const format = outputFormat(flags.get('output'));
  const ctx = connect(flags);
  const allNamespaces = booleanFlag(flags, 'all-namespaces', false);
  const watch = booleanFlag(flags, 'watch', false);
  const targets = await resolveTargets(ctx, positional, 'get');
  const query = { labelSelector: flags.get('selector'), fieldSelector: flags.get('field-selector') };
  const namespace = allNamespaces ? undefined : ctx.namespace;
  const options = { format, namespace, query, noHeaders: booleanFlag(flags, 'no-headers', false) };
  if (watch) {
    if (targets.length !== 1 || targets[0]!.names.length > 1) throw usageError('get -w watches one resource type (and at most one name) at a time');
    return watchTarget(ctx, targets[0]!, options);
  }
  return getTargets(ctx, targets, options);
}

interface GetOptions {
  format: OutputFormat;
  /** undefined: every namespace. */
  namespace: string | undefined;
  query: Record<string, string | undefined>;
  noHeaders: boolean;
}

const isTable = (f: OutputFormat): boolean => f === 'table' || f === 'wide';

async function getTargets(ctx: Context, targets: Target[], o: GetOptions): Promise<void> {
  const byName = targets.some((t) => t.names.length > 0);
  const several = targets.length > 1;
  const objects: any[] = [];
  const tables: string[] = [];
  let failed = 0;
  for (const target of targets) {
    const { info } = target;
    const ns = info.namespaced ? o.namespace : undefined;
    const accept = isTable(o.format) ? TABLE_ACCEPT : 'application/json';
    let table: Table | undefined;
    const addTable = (t: Table) => { if (table) table.rows.push(...t.rows); else table = t; };
    if (target.names.length === 0) {
      const body = await ctx.client.json('GET', resourcePath(info, ns), { accept, query: { ...o.query, limit: '500' } });
      if (isTable(o.format)) addTable(body); else objects.push(...(body.items ?? []).map((i: any) => withKind(i, info)));
    } else {
      for (const name of target.names) {
        try {
          const body = await ctx.client.json('GET', resourcePath(info, info.namespaced ? ctx.namespace : undefined, name), { accept });
          if (isTable(o.format)) addTable(body); else objects.push(withKind(body, info));
        } catch (err) {
          if (!isPerObject(err)) throw err;
          warn(err.message);
          failed++;
        }
      }
    }
    if (table && table.rows.length > 0) {
      const opts: TableOptions = { wide: o.format === 'wide', withNamespace: info.namespaced && o.namespace === undefined };
      if (several) opts.kindPrefix = kindName(info);
      tables.push(tabwrite(o.noHeaders ? rowLines(table, opts) : tableText(table, opts), GET_TABS));
    }
  }
  if (o.format === 'yaml' || o.format === 'json') {
    const single = byName && targets.length === 1 && targets[0]!.names.length === 1;
    if (objects.length > 0 || !byName) print(o.format === 'yaml' ? await toYaml(printable(objects, single)) : toJson(printable(objects, single)));
  } else if (o.format === 'name') {
    print(objects.map((obj) => `${kindName(targets.find((t) => t.info.kind === obj.kind)?.info ?? targets[0]!.info)}/${obj.metadata?.name}\n`).join(''));
  } else {
    print(tables.join('\n'));
  }
  const count = isTable(o.format) ? tables.length : objects.length;
  if (count === 0 && !byName && (isTable(o.format) || o.format === 'name')) console.error(noneFound(targets, o.namespace));
  if (failed) throw alreadyReported();
}

/** kubectl's wording, on stderr, exit 0. */
export function noneFound(targets: Target[], namespace: string | undefined): string {
  return namespace !== undefined && targets.some((t) => t.info.namespaced) ? `No resources found in ${namespace} namespace.` : 'No resources found';
}

const withKind = (obj: any, info: ResourceInfo): any => ({
  apiVersion: info.group ? `${info.group}/${info.version}` : info.version,
  kind: info.kind,
  ...obj,
});

/** The list, then every change as a row (or a document), until the process is stopped. */
async function watchTarget(ctx: Context, target: Target, o: GetOptions): Promise<void> {
  const { info } = target;
  const ns = info.namespaced ? o.namespace : undefined;
  const table = isTable(o.format);
  const accept = table ? TABLE_ACCEPT : 'application/json';
  const query: Record<string, string | undefined> = { ...o.query };
  if (target.names.length === 1) query.fieldSelector = [`metadata.name=${target.names[0]}`, o.query.fieldSelector].filter(Boolean).join(',');
  const tableOptions: TableOptions = { wide: o.format === 'wide', withNamespace: info.namespaced && o.namespace === undefined };
  const tabs = new TabWriter({ ...GET_TABS, rememberWidths: true });
  let headerShown = o.noHeaders;
  const printTable = (t: Table) => {
    if (t.rows.length === 0) return;
    const text = (headerShown ? '' : headerLine(t, tableOptions)) + rowLines(t, tableOptions);
    headerShown = true;
    // The header goes through the writer with the first rows so later rows keep its widths.
    print(tabs.format(text));
  };
  const printObject = async (obj: any) => {
    if (o.format === 'yaml') print(`---\n${await toYaml(withoutManagedFields(obj))}`);
    else if (o.format === 'json') print(toJson(withoutManagedFields(obj)));
    else print(`${kindName(info)}/${obj.metadata?.name}\n`);
  };

  const listed = await ctx.client.json('GET', resourcePath(info, ns), { accept, query });
  if (table) printTable(listed); else for (const item of listed.items ?? []) await printObject(withKind(item, info));
  const rows = table ? listed.rows?.length : listed.items?.length;
  if (!rows) console.error(noneFound([target], o.namespace));
  let resourceVersion: string | undefined = listed.metadata?.resourceVersion;
  for (;;) {
    for await (const event of ctx.client.watch(resourcePath(info, ns), { ...query, resourceVersion, allowWatchBookmarks: 'true' }, { accept })) {
      if (event.type === 'ERROR') throw new CliError(event.object?.message ?? 'the watch ended with an error');
      const rv = event.object?.metadata?.resourceVersion ?? event.object?.rows?.[0]?.object?.metadata?.resourceVersion;
      if (rv) resourceVersion = rv;
      if (event.type === 'BOOKMARK') continue;
      if (table) printTable(event.object); else await printObject(withKind(event.object, info));
    }
    // The server ended the watch (a timeout or a restart): carry on from the last version seen.
  }
}
