// The OpenAPI v3 documents: `/openapi/v3` (an index of group-versions, each
// with a hash-stamped URL) and `/openapi/v3/<api/v1|apis/<g>/<v>>` (the paths
// of every operation on the group-version's resources and the component
// schemas they use). kubectl reads them for `explain` and, before sending
// `fieldValidation=Strict`, to see that each kind's PATCH operation declares
// the fieldValidation parameter.

import { type Schema, REF_PREFIX, META, CORE, AUTOSCALING_V1 } from './dsl.js';
import { SCHEMAS, schemaName, closure } from './schemas.js';
import { type ResourceLike, servedResources, servedGroupVersions, gvPath, groupVersion } from './registry.js';
import { GIT_VERSION, stableHash } from './version.js';

type Json = Record<string, unknown>;

const refTo = (name: string) => ({ $ref: REF_PREFIX + name });

// ------------------------------------------------------------- parameters

function query(name: string, description: string, type: 'string' | 'boolean' | 'integer'): Json {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } };
}

const P = {
  name: (kind: string): Json => ({ name: 'name', in: 'path', required: true, description: `name of the ${kind}`, schema: { type: 'string', uniqueItems: true } }),
  namespace: { name: 'namespace', in: 'path', required: true, description: 'object name and auth scope, such as for teams and projects', schema: { type: 'string', uniqueItems: true } } as Json,
  pretty: query('pretty', "If 'true', the output is pretty printed.", 'string'),
  dryRun: query('dryRun', 'When present, the request is processed but nothing is persisted. The only value is "All".', 'string'),
  fieldManager: query('fieldManager', 'The name of the actor making the change, recorded in managedFields; up to 128 printable characters. Required for apply patches.', 'string'),
  fieldValidation: query('fieldValidation', 'What the server does with unknown or duplicate fields in the request object: Ignore drops them, Warn (the default) answers with a Warning header for each, Strict fails the request with 400 BadRequest.', 'string'),
  force: query('force', 'For apply patches: take ownership of fields other managers own instead of failing with a conflict. Must be unset for other patch types.', 'boolean'),
  labelSelector: query('labelSelector', 'Only objects whose labels match this selector ("app=web,tier!=db", "env in (a,b)"). Defaults to everything.', 'string'),
  fieldSelector: query('fieldSelector', 'Only objects whose fields match this selector ("metadata.name=web", "status.phase!=Running"). Defaults to everything.', 'string'),
  watch: query('watch', 'Stream changes (ADDED, MODIFIED, DELETED, BOOKMARK, ERROR) after resourceVersion instead of listing.', 'boolean'),
  allowWatchBookmarks: query('allowWatchBookmarks', 'Ask for BOOKMARK events in a watch; the server may send them at any time, or never.', 'boolean'),
  resourceVersion: query('resourceVersion', 'Constrains which version a list is served from: unset for the newest, "0" for any, otherwise not older than this. For a watch, where to start.', 'string'),
  resourceVersionMatch: query('resourceVersionMatch', 'How resourceVersion applies to a list: NotOlderThan or Exact.', 'string'),
  sendInitialEvents: query('sendInitialEvents', 'With watch: start with synthetic ADDED events for the current state, then a bookmark.', 'boolean'),
  timeoutSeconds: query('timeoutSeconds', 'Ends the list or watch call after this many seconds.', 'integer'),
  limit: query('limit', 'The most items to return; when more remain, metadata.continue is set for the next page.', 'integer'),
  continue: query('continue', 'The continue token of the previous page. Tokens expire (410 Gone).', 'string'),
  gracePeriodSeconds: query('gracePeriodSeconds', 'Seconds before the object is deleted; zero deletes at once. Unset uses the kind\'s default.', 'integer'),
  orphanDependents: query('orphanDependents', 'Deprecated: use propagationPolicy. True orphans the dependents.', 'boolean'),
  propagationPolicy: query('propagationPolicy', 'Garbage collection for dependents: Orphan, Background or Foreground.', 'string'),
  ignoreStoreReadError: query('ignoreStoreReadErrorWithClusterBreakingPotential', 'Unsafe: delete an object even when it cannot be read from storage.', 'boolean'),
};

const LIST_PARAMS = [P.allowWatchBookmarks, P.continue, P.fieldSelector, P.labelSelector, P.limit, P.resourceVersion, P.resourceVersionMatch, P.sendInitialEvents, P.timeoutSeconds, P.watch];
const WRITE_PARAMS = [P.dryRun, P.fieldManager, P.fieldValidation];
const PATCH_PARAMS = [P.dryRun, P.fieldManager, P.fieldValidation, P.force];
const DELETE_PARAMS = [P.dryRun, P.gracePeriodSeconds, P.ignoreStoreReadError, P.orphanDependents, P.propagationPolicy];

/** The Content-Types a PATCH accepts. */
export const PATCH_CONTENT_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
] as const;

// ------------------------------------------------------------ operations

function content(schemaName: string, watch = false): Json {
  const c: Json = { 'application/json': { schema: refTo(schemaName) } };
  if (watch) c['application/json;stream=watch'] = { schema: refTo(schemaName) };
  return c;
}

function responses(schemaName: string, codes: Record<string, string>, watch = false): Json {
  const out: Json = {};
  for (const [code, description] of Object.entries(codes)) out[code] = { description, content: content(schemaName, watch) };
  out['401'] = { description: 'Unauthorized' };
  return out;
}

interface OpNames {
  /** "CoreV1", "AppsV1", "CoordinationV1" */
  gv: string;
  /** "Namespaced" or "" */
  scope: string;
  kind: string;
}

function opId(verb: string, n: OpNames, suffix = ''): string {
  return `${verb}${n.gv}${n.scope}${n.kind}${suffix}`;
}

function operation(
  action: string,
  id: string,
  description: string,
  gvk: { group: string; version: string; kind: string },
  tag: string,
  parameters: Json[],
  respond: Json,
  requestBody?: Json,
): Json {
  const op: Json = {
    tags: [tag],
    description,
    operationId: id,
  };
  if (parameters.length > 0) op.parameters = parameters;
  if (requestBody) op.requestBody = requestBody;
  op.responses = respond;
  op['x-kubernetes-action'] = action;
  op['x-kubernetes-group-version-kind'] = gvk;
  return op;
}

const jsonBody = (name: string): Json => ({ content: { 'application/json': { schema: refTo(name) } }, required: true });
const patchBody = (): Json => ({
  content: Object.fromEntries(PATCH_CONTENT_TYPES.map((t) => [t, { schema: refTo(META + 'Patch') }])),
  required: true,
});
const deleteBody = (): Json => ({ content: { 'application/json': { schema: refTo(META + 'DeleteOptions') } } });

function pascal(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The component names a resource's operations use, synthesising schemas for kinds without one. */
function kindNames(r: ResourceLike, extra: Map<string, Schema>): { item: string; list: string } {
  const apiVersion = groupVersion(r.group, r.version);
  const listKind = r.listKind ?? `${r.kind}List`;
  let item = schemaName(apiVersion, r.kind);
  let list = schemaName(apiVersion, listKind);
  const prefix = r.group === '' ? CORE : `io.k8s.api.${r.group.split('.')[0]}.${r.version}.`;
  if (item === undefined) {
    item = prefix + r.kind;
    extra.set(item, {
      type: 'object',
      description: `${r.kind} (${apiVersion}).`,
      'x-kubernetes-preserve-unknown-fields': true,
      'x-kubernetes-group-version-kind': [{ group: r.group, version: r.version, kind: r.kind }],
    });
  }
  if (list === undefined) {
    list = prefix + listKind;
    extra.set(list, {
      type: 'object',
      description: `A list of ${r.kind} objects.`,
      properties: {
        apiVersion: { type: 'string', description: 'APIVersion of the list.' },
        kind: { type: 'string', description: 'Kind of the list.' },
        metadata: { allOf: [refTo(META + 'ListMeta')], description: 'Standard list metadata.' },
        items: { type: 'array', description: 'The objects.', items: { allOf: [refTo(item)] } },
      },
      required: ['items'],
      'x-kubernetes-group-version-kind': [{ group: r.group, version: r.version, kind: listKind }],
    });
  }
  return { item, list };
}

function resourcePaths(r: ResourceLike, paths: Json, used: Set<string>, extra: Map<string, Schema>): void {
  const prefix = '/' + gvPath(r.group, r.version);
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const tag = `${r.group === '' ? 'core' : r.group.split('.')[0]}_${r.version}`;
  const names: OpNames = {
    gv: pascal(r.group === '' ? 'core' : r.group.split('.')[0]!) + pascal(r.version),
    scope: r.namespaced ? 'Namespaced' : '',
    kind: r.kind,
  };
  const { item, list } = kindNames(r, extra);
  used.add(item).add(list).add(META + 'Status').add(META + 'DeleteOptions').add(META + 'Patch');
  const verbs = new Set(r.verbs);
  const plural = r.resource;

  const collectionPath = r.namespaced ? `${prefix}/namespaces/{namespace}/${plural}` : `${prefix}/${plural}`;
  const itemPath = `${collectionPath}/{name}`;
  const scopeParams = r.namespaced ? [P.namespace, P.pretty] : [P.pretty];
  const itemParams = [P.name(r.kind), ...scopeParams];

  // The collection: list, create, deletecollection.
  const collection: Json = { parameters: scopeParams };
  if (verbs.has('list')) {
    collection.get = operation('list', opId('list', names), `list or watch objects of kind ${r.kind}`, gvk, tag, LIST_PARAMS,
      responses(list, { 200: 'OK' }, true));
  }
  if (verbs.has('create')) {
    collection.post = operation('post', opId('create', names), `create a ${r.kind}`, gvk, tag, WRITE_PARAMS,
      responses(item, { 200: 'OK', 201: 'Created', 202: 'Accepted' }), jsonBody(item));
  }
  if (verbs.has('deletecollection')) {
    collection.delete = operation('deletecollection', opId('delete', { ...names, gv: names.gv + 'Collection' }), `delete collection of ${r.kind}`, gvk, tag,
      [...LIST_PARAMS.filter((p) => p.name !== 'watch' && p.name !== 'allowWatchBookmarks'), ...DELETE_PARAMS].sort(byName),
      responses(META + 'Status', { 200: 'OK' }), deleteBody());
  }
  if (Object.keys(collection).length > 1) paths[collectionPath] = collection;

  // One object: read, replace, patch, delete.
  const one: Json = { parameters: itemParams };
  if (verbs.has('get')) {
    one.get = operation('get', opId('read', names), `read the specified ${r.kind}`, gvk, tag, [], responses(item, { 200: 'OK' }));
  }
  if (verbs.has('update')) {
    one.put = operation('put', opId('replace', names), `replace the specified ${r.kind}`, gvk, tag, WRITE_PARAMS,
      responses(item, { 200: 'OK', 201: 'Created' }), jsonBody(item));
  }
  if (verbs.has('patch')) {
    one.patch = operation('patch', opId('patch', names), `partially update the specified ${r.kind}`, gvk, tag, PATCH_PARAMS,
      responses(item, { 200: 'OK', 201: 'Created' }), patchBody());
  }
  if (verbs.has('delete')) {
    one.delete = operation('delete', opId('delete', names), `delete a ${r.kind}`, gvk, tag, DELETE_PARAMS,
      { ...responses(META + 'Status', { 200: 'OK', 202: 'Accepted' }) }, deleteBody());
  }
  if (Object.keys(one).length > 1) paths[itemPath] = one;

  // Across namespaces: list only.
  if (r.namespaced && verbs.has('list')) {
    paths[`${prefix}/${plural}`] = {
      parameters: [P.pretty],
      get: operation('list', opId('list', { ...names, scope: '' }, 'ForAllNamespaces'), `list or watch objects of kind ${r.kind}`, gvk, tag,
        LIST_PARAMS, responses(list, { 200: 'OK' }, true)),
    };
  }

  // Subresources.
  if (r.subresources.status) {
    paths[`${itemPath}/status`] = {
      parameters: itemParams,
      get: operation('get', opId('read', names, 'Status'), `read status of the specified ${r.kind}`, gvk, tag, [], responses(item, { 200: 'OK' })),
      put: operation('put', opId('replace', names, 'Status'), `replace status of the specified ${r.kind}`, gvk, tag, WRITE_PARAMS,
        responses(item, { 200: 'OK', 201: 'Created' }), jsonBody(item)),
      patch: operation('patch', opId('patch', names, 'Status'), `partially update status of the specified ${r.kind}`, gvk, tag, PATCH_PARAMS,
        responses(item, { 200: 'OK', 201: 'Created' }), patchBody()),
    };
  }
  if (r.subresources.scale) {
    const scale = AUTOSCALING_V1 + 'Scale';
    used.add(scale);
    const scaleGvk = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
    paths[`${itemPath}/scale`] = {
      parameters: [P.name('Scale'), ...scopeParams],
      get: operation('get', opId('read', names, 'Scale'), `read scale of the specified ${r.kind}`, scaleGvk, tag, [], responses(scale, { 200: 'OK' })),
      put: operation('put', opId('replace', names, 'Scale'), `replace scale of the specified ${r.kind}`, scaleGvk, tag, WRITE_PARAMS,
        responses(scale, { 200: 'OK', 201: 'Created' }), jsonBody(scale)),
      patch: operation('patch', opId('patch', names, 'Scale'), `partially update scale of the specified ${r.kind}`, scaleGvk, tag, PATCH_PARAMS,
        responses(scale, { 200: 'OK', 201: 'Created' }), patchBody()),
    };
  }
  if (r.subresources.binding) {
    const binding = CORE + 'Binding';
    used.add(binding);
    const bindingGvk = { group: '', version: 'v1', kind: 'Binding' };
    paths[`${itemPath}/binding`] = {
      parameters: [P.name('Binding'), ...scopeParams],
      post: operation('post', opId('create', names, 'Binding'), `create binding of a ${r.kind}`, bindingGvk, tag, WRITE_PARAMS,
        responses(binding, { 200: 'OK', 201: 'Created', 202: 'Accepted' }), jsonBody(binding)),
    };
  }
}

function byName(a: Json, b: Json): number {
  return String(a.name) < String(b.name) ? -1 : 1;
}

// --------------------------------------------------------------- documents

interface Built { doc: Json; hash: string }

const cache = new Map<string, Built | null>();
let indexCache: Json | undefined;

function build(path: string): Built | null {
  const gv = servedGroupVersions().find((g) => gvPath(g.group, g.version) === path);
  if (!gv) return null;
  const paths: Json = {};
  const used = new Set<string>();
  const extra = new Map<string, Schema>();
  const resources = servedResources()
    .filter((r) => r.group === gv.group && r.version === gv.version)
    .sort((a, b) => (a.resource < b.resource ? -1 : 1));
  for (const r of resources) resourcePaths(r, paths, used, extra);

  const schemas: Record<string, Schema> = {};
  const names = [...closure(used)];
  for (const s of extra.values()) for (const n of closure(refsOf(s))) names.push(n);
  for (const name of [...new Set([...names, ...extra.keys()])].sort()) {
    const s = SCHEMAS[name] ?? extra.get(name);
    if (s) schemas[name] = s;
  }
  const doc: Json = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: GIT_VERSION },
    paths: sortKeys(paths),
    components: {
      schemas,
      securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    },
    security: [{ BearerToken: [] }],
  };
  return { doc, hash: stableHash(JSON.stringify(doc)) };
}

function refsOf(s: Schema): string[] {
  const out: string[] = [];
  JSON.stringify(s, (k, v) => {
    if (k === '$ref' && typeof v === 'string' && v.startsWith(REF_PREFIX)) out.push(v.slice(REF_PREFIX.length));
    return v;
  });
  return out;
}

function sortKeys(o: Json): Json {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function built(gv: string): Built | undefined {
  const key = normalise(gv);
  if (!cache.has(key)) cache.set(key, build(key));
  return cache.get(key) ?? undefined;
}

/** Accepts "api/v1", "/api/v1", "openapi/v3/apis/apps/v1" and the like. */
function normalise(gv: string): string {
  return gv.replace(/\?.*$/, '').replace(/^\/+/, '').replace(/^openapi\/v3\//, '').replace(/\/+$/, '');
}

/** `/openapi/v3`: each served group-version with the URL of its document, hash-stamped. */
export function openapiIndex(): { paths: Record<string, { serverRelativeURL: string }> } {
  if (!indexCache) {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const gv of servedGroupVersions()) {
      const p = gvPath(gv.group, gv.version);
      const b = built(p);
      if (b) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${b.hash}` };
    }
    indexCache = { paths };
  }
  return indexCache as { paths: Record<string, { serverRelativeURL: string }> };
}

/** `/openapi/v3/<gv>` for gv "api/v1" or "apis/<group>/<version>"; undefined when not served. */
export function openapiDocument(gv: string): object | undefined {
  return built(gv)?.doc;
}

/**
 * The document's hash: the `hash` query parameter of its serverRelativeURL.
 * Serve it as the ETag (quoted); when a request's `hash` matches, Kubernetes
 * adds `Cache-Control: public, immutable` (otherwise `no-cache, private`).
 */
export function openapiDocumentHash(gv: string): string | undefined {
  return built(gv)?.hash;
}

/** Forgets the built documents (for a registry that changed at run time; tests). */
export function resetOpenapiCache(): void {
  cache.clear();
  indexCache = undefined;
}
