// Discovery: /api (APIVersions), /apis (APIGroupList), /apis/<g> (APIGroup),
// /api/v1 and /apis/<g>/<v> (APIResourceList), /version (version.Info), and
// the aggregated form (apidiscovery.k8s.io/v2 APIGroupDiscoveryList) kubectl
// asks for first. All built from the resource registry, plus the create-only reviews.

import { runtimePlatform as platform, runtimeVersion } from '../platform/index.js';
import {
  type ResourceLike, discoveredResources, servedGroupVersions, groupVersion,
  STATUS_VERBS, SCALE_VERBS, BINDING_VERBS,
} from './openapi/registry.js';
import { GIT_VERSION, KUBERNETES_MAJOR, KUBERNETES_MINOR } from './openapi/version.js';

export { GIT_VERSION } from './openapi/version.js';

export interface GroupVersionForDiscovery { groupVersion: string; version: string }

export interface APIGroup {
  kind: 'APIGroup';
  apiVersion: 'v1';
  name: string;
  versions: GroupVersionForDiscovery[];
  preferredVersion: GroupVersionForDiscovery;
}

export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

export interface APIResourceList {
  kind: 'APIResourceList';
  apiVersion: 'v1';
  groupVersion: string;
  resources: APIResource[];
}

/** `/api`: the core group's versions. `serverAddress` is the host:port the client reached. */
export function apiVersions(serverAddress = ''): {
  kind: 'APIVersions'; versions: string[]; serverAddressByClientCIDRs: { clientCIDR: string; serverAddress: string }[];
} {
  const versions = servedGroupVersions(discoveredResources()).filter((gv) => gv.group === '').map((gv) => gv.version);
  return {
    kind: 'APIVersions',
    versions,
    serverAddressByClientCIDRs: serverAddress ? [{ clientCIDR: '0.0.0.0/0', serverAddress }] : [],
  };
}

/** `/apis`: every named group with its versions. */
export function apiGroupList(): { kind: 'APIGroupList'; apiVersion: 'v1'; groups: APIGroup[] } {
  const groups: APIGroup[] = [];
  for (const name of groupNames()) {
    const g = apiGroup(name);
    if (g) groups.push(g);
  }
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** `/apis/<group>`, or undefined for a group not served. */
export function apiGroup(group: string): APIGroup | undefined {
  if (group === '') return undefined;
  const versions = servedGroupVersions(discoveredResources())
    .filter((gv) => gv.group === group)
    .map((gv) => ({ groupVersion: groupVersion(group, gv.version), version: gv.version }));
  if (versions.length === 0) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions, preferredVersion: versions[0]! };
}

function groupNames(): string[] {
  const names: string[] = [];
  for (const gv of servedGroupVersions(discoveredResources())) if (gv.group !== '' && !names.includes(gv.group)) names.push(gv.group);
  return names;
}

/**
 * `/api/v1` (group "") or `/apis/<group>/<version>`: the resources and their
 * subresources (`deployments/scale` with kind Scale in autoscaling/v1,
 * `deployments/status`, `pods/binding`), sorted by name as Kubernetes does.
 * Undefined for a group-version not served.
 */
export function apiResourceList(group: string, version: string): APIResourceList | undefined {
  const resources = discoveredResources().filter((r) => r.group === group && r.version === version);
  if (resources.length === 0) return undefined;
  const out: APIResource[] = [];
  for (const r of resources) {
    const main: APIResource = {
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: [...r.verbs].sort(),
    };
    if (r.shortNames.length > 0) main.shortNames = [...r.shortNames];
    if (r.categories.length > 0) main.categories = [...r.categories];
    out.push(main);
    for (const sub of subresourcesOf(r)) {
      const entry: APIResource = { name: `${r.resource}/${sub.name}`, singularName: '', namespaced: r.namespaced, kind: sub.kind, verbs: [...sub.verbs] };
      if (sub.group !== undefined) entry.group = sub.group;
      if (sub.version !== undefined) entry.version = sub.version;
      out.push(entry);
    }
  }
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(group, version), resources: out };
}

/** Convenience: the APIResourceList for a path like "api/v1" or "apis/apps/v1". */
export function apiResourceListForPath(path: string): APIResourceList | undefined {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'api' && parts.length === 2) return apiResourceList('', parts[1]!);
  if (parts[0] === 'apis' && parts.length === 3) return apiResourceList(parts[1]!, parts[2]!);
  return undefined;
}

export interface SubresourceInfo {
  name: 'status' | 'scale' | 'binding';
  kind: string;
  /** Set when the subresource's kind lives in another group-version (Scale: autoscaling/v1). */
  group?: string;
  version?: string;
  verbs: readonly string[];
}

/** The subresources a resource serves, in the order Kubernetes lists them. */
export function subresourcesOf(r: ResourceLike): SubresourceInfo[] {
  const subs: SubresourceInfo[] = [];
  if (r.subresources.binding) subs.push({ name: 'binding', kind: 'Binding', verbs: BINDING_VERBS });
  if (r.subresources.scale) subs.push({ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: SCALE_VERBS });
  if (r.subresources.status) subs.push({ name: 'status', kind: r.kind, verbs: STATUS_VERBS });
  return subs;
}

/** `/version`. */
export function versionInfo(): {
  major: string; minor: string; gitVersion: string; gitCommit: string; gitTreeState: string;
  buildDate: string; goVersion: string; compiler: string; platform: string;
} {
  return {
    major: KUBERNETES_MAJOR,
    minor: KUBERNETES_MINOR,
    gitVersion: GIT_VERSION,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: runtimeVersion(),
    compiler: 'tsc',
    platform: platform(),
  };
}

// ------------------------------------------------------ aggregated discovery

/** The Content-Type of an aggregated discovery answer. */
export const AGGREGATED_DISCOVERY_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Whether an Accept header asks for aggregated discovery (apidiscovery.k8s.io v2). */
export function wantsAggregatedDiscovery(accept: string | null | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim());
    return params.includes('g=apidiscovery.k8s.io') && params.includes('v=v2') && params.includes('as=APIGroupDiscoveryList');
  });
}

/**
 * The aggregated discovery document: for `/api` (legacy = true) the core
 * group (named ""), for `/apis` every named group. Answer it with
 * AGGREGATED_DISCOVERY_CONTENT_TYPE when the Accept header asks for it.
 */
export function aggregatedDiscovery(legacy: boolean): object {
  const groups = legacy ? [''] : groupNames();
  const items = groups.map((group) => ({
    metadata: { name: group, creationTimestamp: null },
    versions: servedGroupVersions(discoveredResources())
      .filter((gv) => gv.group === group)
      .map((gv) => ({
        version: gv.version,
        resources: discoveredResources()
          .filter((r) => r.group === group && r.version === gv.version)
          .sort((a, b) => (a.resource < b.resource ? -1 : 1))
          .map((r) => {
            const entry: Record<string, unknown> = {
              resource: r.resource,
              responseKind: { group, version: gv.version, kind: r.kind },
              scope: r.namespaced ? 'Namespaced' : 'Cluster',
              singularResource: r.singular,
              verbs: [...r.verbs].sort(),
            };
            if (r.shortNames.length > 0) entry.shortNames = [...r.shortNames];
            if (r.categories.length > 0) entry.categories = [...r.categories];
            const subs = subresourcesOf(r);
            if (subs.length > 0) {
              entry.subresources = subs.map((s) => ({
                subresource: s.name,
                responseKind: { group: s.group ?? group, version: s.version ?? gv.version, kind: s.kind },
                verbs: [...s.verbs],
              }));
            }
            return entry;
          }),
        freshness: 'Current',
      })),
  }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}
