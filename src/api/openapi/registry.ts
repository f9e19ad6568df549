// The part of the resource registry that discovery and the OpenAPI documents
// read, and how a group-version is spelled in paths.

import { RESOURCES } from '../resources/index.js';

/** The fields of the registry's ResourceType this module reads. */
export interface ResourceLike {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  singular: string;
  listKind?: string;
  shortNames: readonly string[];
  categories: readonly string[];
  verbs: readonly string[];
  subresources: { status?: boolean; scale?: unknown; binding?: boolean };
}

/** The served resources (the registry's RESOURCES). */
export function servedResources(): readonly ResourceLike[] {
  return RESOURCES as readonly ResourceLike[];
}

const review = (group: string, resource: string, kind: string): ResourceLike => ({
  group, version: 'v1', resource, kind, namespaced: false, singular: resource.slice(0, -1), shortNames: [], categories: [], verbs: ['create'], subresources: {},
});

/**
 * Kinds that are only created and answered, never stored (src/api/auth/self-reviews.ts): in
 * discovery, as kube-apiserver lists them, but not in the registry nor the OpenAPI documents.
 */
export const CREATE_ONLY: readonly ResourceLike[] = [
  review('authentication.k8s.io', 'selfsubjectreviews', 'SelfSubjectReview'),
  review('authorization.k8s.io', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview'),
  review('authorization.k8s.io', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview'),
];

const DISCOVERED: readonly ResourceLike[] = [...(RESOURCES as readonly ResourceLike[]), ...CREATE_ONLY];

/** What discovery lists: the served resources and the create-only ones. */
export function discoveredResources(): readonly ResourceLike[] {
  return DISCOVERED;
}

/** "api/v1" for the core group, "apis/<group>/<version>" otherwise. */
export function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** "v1" for the core group, "<group>/<version>" otherwise. */
export function groupVersion(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** The served group-versions, core first, then groups in registry order. */
export function servedGroupVersions(resources: readonly ResourceLike[] = servedResources()): { group: string; version: string }[] {
  const seen = new Set<string>();
  const out: { group: string; version: string }[] = [];
  const sorted = [...resources].sort((a, b) => (a.group === '' ? 0 : 1) - (b.group === '' ? 0 : 1));
  for (const r of sorted) {
    const key = gvPath(r.group, r.version);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ group: r.group, version: r.version });
  }
  return out;
}

/** The verbs Kubernetes serves on a resource's subresources. */
export const STATUS_VERBS = ['get', 'patch', 'update'] as const;
export const SCALE_VERBS = ['get', 'patch', 'update'] as const;
export const BINDING_VERBS = ['create'] as const;
