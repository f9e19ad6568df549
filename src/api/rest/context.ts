// One request, resolved: which resource type, namespace, name and subresource
// it names, and the query options the verbs read.
import type { KObject, ObjectStore, ResourceRef } from '../../store/types.js';
import { resourceByPath, type ResourceType } from '../resources/index.js';
import { ApiError, badRequest, notFoundPath } from '../status.js';

export interface ApiEnv {
  store: ObjectStore;
  /** Milliseconds since the epoch; tests may fix it. */
  now(): number;
  /** Unread bytes a watch client may leave before it is cut off (default DEFAULT_WATCH_BACKLOG_BYTES). */
  watchBacklogBytes?: number;
  /** Told each time a watch client is cut off for falling behind. */
  onSlowWatch?: () => void;
  /**
   * Admission after validation, on the object a write would store (RBAC's escalation check); throws
   * to refuse. `old`: the stored object an update replaces.
   */
  admit?: (request: Request, object: KObject, old?: KObject) => void | Promise<void>;
}

export interface RequestContext {
  env: ApiEnv;
  request: Request;
  url: URL;
  type: ResourceType;
  ref: ResourceRef;
  namespace?: string;
  name?: string;
  subresource?: string;
  query: URLSearchParams;
  /** "deployments.apps", "pods": how Kubernetes names the resource in messages. */
  qualified: string;
}

export function resolveContext(env: ApiEnv, request: Request, url: URL, p: { group: string; version: string; namespace?: string; resource: string; name?: string; subresource?: string }): RequestContext {
  const type = resourceByPath(p.group, p.version, p.resource);
  if (!type) throw notFoundPath(url.pathname);
  if (p.namespace !== undefined && !type.namespaced) throw notFoundPath(url.pathname);
  if (p.subresource !== undefined && !subresourceExists(type, p.subresource)) throw notFoundPath(url.pathname);
  if (p.namespace !== undefined) checkName(p.namespace, 'namespace');
  if (p.name !== undefined) checkName(p.name, 'name');
  return {
    env, request, url, type,
    ref: { group: type.group, resource: type.resource, kind: type.kind, namespaced: type.namespaced },
    namespace: p.namespace, name: p.name, subresource: p.subresource,
    query: url.searchParams,
    qualified: type.group ? `${type.resource}.${type.group}` : type.resource,
  };
}

function subresourceExists(type: ResourceType, sub: string): boolean {
  if (sub === 'status') return Boolean(type.subresources.status);
  if (sub === 'scale') return Boolean(type.subresources.scale);
  if (sub === 'binding') return Boolean(type.subresources.binding);
  return false;
}

function checkName(value: string, what: string): void {
  // Path segments are names: the apiserver refuses ones that could not be stored.
  if (value === '' || value === '.' || value === '..' || value.includes('/') || value.includes('%')) {
    throw badRequest(`${what} "${value}" is not valid: may not be '.' or '..' and may not contain '/' or '%'`);
  }
}

/** A whole-number query parameter, or undefined; anything else is a 400. */
export function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw badRequest(`invalid value for ${name}: "${v}" is not an integer`);
  return Number(v);
}

export function boolParam(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  if (v === null) return false;
  if (v === '' || v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw badRequest(`invalid value for ${name}: "${v}" is not a boolean`);
}

export function dryRun(q: URLSearchParams): boolean {
  const values = q.getAll('dryRun');
  for (const v of values) if (v !== 'All') throw badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  return values.length > 0;
}

export function requireName(ctx: RequestContext): string {
  if (ctx.name === undefined) throw new ApiError('MethodNotAllowed', `the server does not allow this method on the requested resource`);
  return ctx.name;
}
