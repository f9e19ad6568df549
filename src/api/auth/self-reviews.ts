// The self reviews, as kube-apiserver answers them: SelfSubjectAccessReview ("may I do this?",
// `kubectl auth can-i`), SelfSubjectRulesReview ("what may I do here?", `kubectl auth can-i
// --list`) and SelfSubjectReview ("who am I?", `kubectl auth whoami`). Created, never stored: the
// answer is the request with its status filled in.
import type { KObject } from '../../store/types.js';
import { CREATE_ONLY, groupVersion, gvPath } from '../openapi/registry.js';
import { ApiError, badRequest } from '../status.js';
import { jsonResponse } from '../rest/respond.js';
import { parseObjectBody, readBody } from '../rest/body.js';
import type { RbacPolicy } from './policy.js';
import type { PolicyRule } from './rbac.js';
import type { RequestAttributes } from './request-attributes.js';
import type { UserInfo } from './user.js';

/** The reviews by their collection's path: the create-only kinds discovery lists. */
const REVIEWS = new Map(CREATE_ONLY.map((r) => [`/${gvPath(r.group, r.version)}/${r.resource}`, r]));

/** What a server that authorizes nothing allows (Kubernetes' AlwaysAllow answers a rules review so). */
const EVERYTHING: readonly PolicyRule[] = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }];

/** Who a request is when the server authenticates no one (no token file): Kubernetes' anonymous user. */
export const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

export interface SelfReviewContext {
  user: UserInfo;
  /** null: every request is allowed (the server authorizes nothing). */
  policy: RbacPolicy | null;
}

/** Whether `pathname` is one of the reviews (served whatever else the server serves). */
export function isSelfReviewPath(pathname: string): boolean {
  return REVIEWS.has(pathname);
}

export async function selfReview(request: Request, pathname: string, ctx: SelfReviewContext): Promise<Response> {
  const kind = REVIEWS.get(pathname)!;
  if (request.method.toUpperCase() !== 'POST') {
    throw new ApiError('MethodNotAllowed', `the server does not allow this method on the requested resource`);
  }
  const review = parseObjectBody(await readBody(request), null, 'Ignore').value as KObject;
  const apiVersion = groupVersion(kind.group, kind.version);
  if ((review.kind !== undefined && review.kind !== kind.kind) || (review.apiVersion !== undefined && review.apiVersion !== apiVersion)) {
    throw badRequest(`the body must be a ${kind.kind} of ${apiVersion}, got ${review.apiVersion ?? '?'} ${review.kind ?? '?'}`);
  }
  const answer = (fields: Record<string, unknown>) => jsonResponse(201, { kind: kind.kind, apiVersion, metadata: { creationTimestamp: null }, ...fields });
  switch (kind.kind) {
    case 'SelfSubjectReview': return answer({ status: { userInfo: userInfoOf(ctx.user) } });
    case 'SelfSubjectRulesReview': return answer(rulesReview(review, ctx));
    default: return answer(accessReview(review, ctx));
  }
}

function userInfoOf(user: UserInfo): Record<string, unknown> {
  return user.uid ? { username: user.name, uid: user.uid, groups: [...user.groups] } : { username: user.name, groups: [...user.groups] };
}

function rulesReview(review: KObject, ctx: SelfReviewContext): { spec: object; status: object } {
  const namespace = (review.spec as { namespace?: unknown } | undefined)?.namespace ?? '';
  if (typeof namespace !== 'string') throw badRequest('spec.namespace must be a string');
  const rules = ctx.policy ? ctx.policy.rulesIn(ctx.user, namespace) : EVERYTHING;
  const resourceRules: Record<string, readonly string[]>[] = [];
  const nonResourceRules: Record<string, readonly string[]>[] = [];
  for (const r of rules) {
    if (r.nonResourceURLs?.length) nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs });
    if (!r.resources?.length) continue;
    const rule: Record<string, readonly string[]> = { verbs: r.verbs, apiGroups: r.apiGroups ?? [], resources: r.resources };
    if (r.resourceNames?.length) rule.resourceNames = r.resourceNames;
    resourceRules.push(rule);
  }
  return { spec: namespace ? { namespace } : {}, status: { resourceRules, nonResourceRules, incomplete: false } };
}

interface Spec {
  resourceAttributes?: { namespace?: string; verb?: string; group?: string; version?: string; resource?: string; subresource?: string; name?: string };
  nonResourceAttributes?: { path?: string; verb?: string };
}

function accessReview(review: KObject, ctx: SelfReviewContext): { spec: object; status: object } {
  const spec = (review.spec ?? {}) as Spec;
  const attributes = attributesOf(spec);
  const decision = ctx.policy ? ctx.policy.authorize(ctx.user, attributes) : { allowed: true, reason: '' };
  const status: Record<string, unknown> = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  return { spec, status };
}

/** The attributes asked about, as RBAC reads a request's; exactly one of the two kinds (Kubernetes' validation). */
export function attributesOf(spec: Spec): RequestAttributes {
  const r = spec.resourceAttributes, n = spec.nonResourceAttributes;
  if ((r === undefined) === (n === undefined)) {
    throw invalidReview('spec.resourceAttributes', 'exactly one of nonResourceAttributes or resourceAttributes must be specified');
  }
  if (n !== undefined) return { resourceRequest: false, verb: n.verb ?? '', path: n.path ?? '' };
  const a = r!;
  return {
    resourceRequest: true, verb: a.verb ?? '', apiGroup: a.group ?? '', apiVersion: a.version ?? '', resource: a.resource ?? '',
    subresource: a.subresource ?? '', namespace: a.namespace ?? '', name: a.name ?? '',
  };
}

function invalidReview(field: string, message: string): ApiError {
  const kind = 'SelfSubjectAccessReview';
  return new ApiError('Invalid', `${kind}.authorization.k8s.io "" is invalid: ${field}: Invalid value: "null": ${message}`, {
    kind, group: 'authorization.k8s.io', causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: "null": ${message}`, field }],
  });
}
