// What a request path names, as the apiserver's request-info resolver reads it.
// Pure: table-tested in test/api-request-path.test.ts.

export type ApiPath =
  | { type: 'resource'; group: string; version: string; namespace?: string; resource: string; name?: string; subresource?: string }
  | { type: 'discovery-root'; legacy: boolean }                      // /api, /apis
  | { type: 'discovery-group'; group: string }                       // /apis/<g>
  | { type: 'discovery-version'; group: string; version: string }    // /api/v1, /apis/<g>/<v>
  | { type: 'openapi-v3'; gv?: string }                              // /openapi/v3[/<gv path>]
  | { type: 'other'; path: string };

export function parseApiPath(pathname: string): ApiPath {
  const parts = pathname.split('/').filter((p) => p.length > 0).map(decodeSegment);
  if (parts[0] === 'api') {
    if (parts.length === 1) return { type: 'discovery-root', legacy: true };
    return resourcePath('', parts[1]!, parts.slice(2), pathname);
  }
  if (parts[0] === 'apis') {
    if (parts.length === 1) return { type: 'discovery-root', legacy: false };
    if (parts.length === 2) return { type: 'discovery-group', group: parts[1]! };
    return resourcePath(parts[1]!, parts[2]!, parts.slice(3), pathname);
  }
  if (parts[0] === 'openapi' && parts[1] === 'v3') {
    return parts.length === 2 ? { type: 'openapi-v3' } : { type: 'openapi-v3', gv: parts.slice(2).join('/') };
  }
  return { type: 'other', path: pathname };
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function resourcePath(group: string, version: string, rest: string[], pathname: string): ApiPath {
  if (rest.length === 0) return { type: 'discovery-version', group, version };
  // /namespaces/<ns>/<resource>[/<name>[/<sub>]]; but /namespaces, /namespaces/<name>
  // and /namespaces/<name>/<status|finalize> are the namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(rest.length === 3 && group === '' && (rest[2] === 'status' || rest[2] === 'finalize'))) {
    const [, namespace, resource, name, subresource, ...extra] = rest;
    if (extra.length) return { type: 'other', path: pathname };
    return resourceOf(group, version, namespace, resource!, name, subresource);
  }
  const [resource, name, subresource, ...extra] = rest;
  if (extra.length) return { type: 'other', path: pathname };
  return resourceOf(group, version, undefined, resource!, name, subresource);
}

/** Only the parts the path has: built so, not with `delete` (which leaves a slow object every request reads). */
function resourceOf(group: string, version: string, namespace: string | undefined, resource: string, name: string | undefined, subresource: string | undefined): ApiPath {
  const p: Extract<ApiPath, { type: 'resource' }> = { type: 'resource', group, version, resource };
  if (namespace !== undefined) p.namespace = namespace;
  if (name !== undefined) p.name = name;
  if (subresource !== undefined) p.subresource = subresource;
  return p;
}
