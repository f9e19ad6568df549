// What a request asks to do, in RBAC's terms (kube-apiserver's RequestInfo):
// a verb on a resource (group, resource, subresource, namespace, name), or a
// verb on a non-resource path. Pure: table-tested in test/auth-rbac.test.ts.
import { parseApiPath } from '../request-path.js';

export interface ResourceAttributes {
  resourceRequest: true;
  verb: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  /** '' for cluster scope. */
  namespace: string;
  /** '' for a collection. */
  name: string;
}

export interface NonResourceAttributes {
  resourceRequest: false;
  verb: string;
  path: string;
}

export type RequestAttributes = ResourceAttributes | NonResourceAttributes;

const WRITE_VERBS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch' };

export function requestAttributes(method: string, url: URL): RequestAttributes {
  const m = method.toUpperCase();
  let pathname = url.pathname;
  // The legacy /watch/ prefix: /api/v1/watch/namespaces/x/pods, /apis/apps/v1/watch/deployments.
  const legacyWatch = /^(\/api\/[^/]+|\/apis\/[^/]+\/[^/]+)\/watch(\/.*)$/.exec(pathname);
  if (legacyWatch) pathname = legacyWatch[1]! + legacyWatch[2]!;
  const p = parseApiPath(pathname);
  if (p.type !== 'resource') {
    return { resourceRequest: false, verb: m === 'HEAD' ? 'get' : m.toLowerCase(), path: url.pathname };
  }
  const a: ResourceAttributes = {
    resourceRequest: true, verb: '', apiGroup: p.group, apiVersion: p.version, resource: p.resource,
    subresource: p.subresource ?? '', namespace: p.namespace ?? '', name: p.name ?? '',
  };
  // GET /api/v1/namespaces/x names the namespace x, in its own namespace (as Kubernetes reads it).
  if (a.resource === 'namespaces' && a.apiGroup === '' && a.namespace === '' && a.name !== '') a.namespace = a.name;
  if (m === 'GET' || m === 'HEAD') {
    if (a.name !== '') a.verb = legacyWatch ? 'watch' : 'get';
    else {
      a.verb = legacyWatch || isTrue(url.searchParams.get('watch')) ? 'watch' : 'list';
      // A list or watch of one name (fieldSelector=metadata.name=x) is checked against resourceNames.
      const name = exactName(url.searchParams.get('fieldSelector'));
      if (name) a.name = name;
    }
  } else if (m === 'DELETE') {
    a.verb = a.name === '' ? 'deletecollection' : 'delete';
  } else {
    a.verb = WRITE_VERBS[m] ?? m.toLowerCase();
  }
  return a;
}

function isTrue(v: string | null): boolean {
  return v === '' || v === 'true' || v === '1';
}

/** The name a field selector requires exactly (`metadata.name=x` or `==`), alone or among other terms. */
function exactName(selector: string | null): string | undefined {
  if (!selector) return undefined;
  for (const term of selector.split(',')) {
    const m = /^\s*metadata\.name\s*==?\s*([^\s,]+)\s*$/.exec(term);
    if (m && !term.includes('!=') && !m[1]!.includes('/') && m[1] !== '.' && m[1] !== '..') return m[1];
  }
  return undefined;
}
