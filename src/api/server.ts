// The Kubernetes-shaped HTTP API as a web-standard handler: routes a request to
// discovery, OpenAPI, health, or a verb on a resource, and answers every
// failure with a metav1.Status.
import type { ObjectStore } from '../store/types.js';
import { apiGroupList, apiResourceList, apiVersions, versionInfo, apiGroup } from './discovery.js';
import { healthResponse, type HealthCheck } from './health.js';
import { openapiDocument, openapiIndex } from './openapi/document.js';
import { parseApiPath } from './request-path.js';
import { boolParam, resolveContext, type ApiEnv, type RequestContext } from './rest/context.js';
import { deleteCollection, deleteOne } from './rest/delete.js';
import { getOne, list, watch } from './rest/read.js';
import { namespaceLister } from './rest/namespace-lister.js';
import { jsonResponse } from './rest/respond.js';
import { bind, getScale, writeScale } from './rest/subresources.js';
import { create, patch, update } from './rest/write.js';
import { methodNotAllowed, notFoundPath, statusResponse, toStatus } from './status.js';
import { requestURL } from './request-url.js';
import { ANONYMOUS, isSelfReviewPath, selfReview, type SelfReviewContext } from './auth/self-reviews.js';

export interface ApiHandlerOptions {
  store: ObjectStore;
  now?: () => number;
  /** Answers /readyz: false while starting or draining. */
  ready?: () => boolean;
  /** The statechart inspector (src/inspector), served under /inspector/. */
  inspector?: { handle(request: Request): Promise<Response> };
  /**
   * The auth check, run before every route (the inspector's too): a Response refuses the
   * request, null lets it through. None yet; a `--token-file` would check the bearer token
   * here, and for /inspector/events also `?access_token=` (EventSource cannot send headers).
   */
  authorize?: (request: Request, url: URL) => Response | null | Promise<Response | null>;
  /** Unread bytes a watch client may leave before it is cut off (see rest/watch-stream.ts). */
  watchBacklogBytes?: number;
  /** Told each time a watch client is cut off for falling behind. */
  onSlowWatch?: () => void;
  /** Admission after validation on every write's final object (RBAC's escalation check); throws an ApiError to refuse. */
  admit?: ApiEnv['admit'];
  /** The Prometheus text for GET /metrics (absent: /metrics is 404). Behind `authorize` like every route. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
  /**
   * Who is asking and by which policy, for the self reviews (`kubectl auth can-i`, `auth whoami`).
   * Absent: everyone is the anonymous user, allowed everything (a server that authorizes nothing).
   */
  selfReviewContext?: (request: Request) => SelfReviewContext | Promise<SelfReviewContext>;
}

export type ApiHandler = (request: Request) => Promise<Response>;

export function createApiHandler(options: ApiHandlerOptions): ApiHandler {
  const env: ApiEnv = { store: options.store, now: options.now ?? Date.now, watchBacklogBytes: options.watchBacklogBytes, onSlowWatch: options.onSlowWatch, admit: options.admit };
  // Admission's namespaces, watched from the start as an informer is (one watch per store).
  namespaceLister(options.store);
  const ready = options.ready ?? (() => true);
  const { inspector, authorize } = options;
  const reviewContext = options.selfReviewContext ?? (() => ({ user: ANONYMOUS, policy: null }));
  return async (request) => {
    try {
      if (authorize || inspector) {
        const url = requestURL(request);
        const refused = authorize ? await authorize(request, url) : null;
        if (refused) return refused;
        if (inspector && (url.pathname === '/inspector' || url.pathname.startsWith('/inspector/'))) {
          if (url.pathname === '/inspector') return new Response(null, { status: 308, headers: { location: `/inspector/${url.search}` } });
          return await inspector.handle(request);
        }
      }
      return await route(env, request, ready, options.metrics, reviewContext);
    } catch (err) {
      const status = toStatus(err);
      return statusResponse(status, status.code === 429 ? { 'retry-after': '1' } : {});
    }
  };
}

async function route(env: ApiEnv, request: Request, ready: () => boolean, metrics: ApiHandlerOptions['metrics'], reviewContext: NonNullable<ApiHandlerOptions['selfReviewContext']>): Promise<Response> {
  const url = requestURL(request);
  const method = request.method.toUpperCase();
  const path = parseApiPath(url.pathname);
  switch (path.type) {
    case 'other':
      if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method, url.pathname);
      const health = /^\/(healthz|livez|readyz)(\/.*)?$/.exec(path.path.replace(/\/+$/, ''));
      if (health) {
        // The journal is etcd's counterpart; readiness adds the server's own start and drain.
        const checks: HealthCheck[] = [['ping', () => true], ['journal', () => !env.store.failed]];
        if (health[1] === 'readyz') checks.push(['shutdown', ready]);
        return healthResponse(health[1] as 'healthz' | 'livez' | 'readyz', checks, health[2] ?? '', url.searchParams);
      }
      switch (path.path.replace(/\/+$/, '')) {
        case '/version': return jsonResponse(200, versionInfo());
        case '/metrics': {
          if (!metrics) throw notFoundPath(url.pathname);
          if (method !== 'GET') throw methodNotAllowed(method, url.pathname);
          const m = await metrics();
          return new Response(m.body, { status: 200, headers: { 'content-type': m.contentType } });
        }
        case '/openapi/v2': throw notFoundPath(url.pathname); // v3 only: kubectl then uses /openapi/v3
      }
      throw notFoundPath(url.pathname);
    case 'discovery-root':
      return jsonResponse(200, path.legacy ? apiVersions(url.host) : apiGroupList());
    case 'discovery-group': {
      const g = apiGroup(path.group);
      if (!g) throw notFoundPath(url.pathname);
      return jsonResponse(200, g);
    }
    case 'discovery-version': {
      const l = apiResourceList(path.group, path.version);
      if (!l) throw notFoundPath(url.pathname);
      return jsonResponse(200, l);
    }
    case 'openapi-v3': {
      const doc = path.gv === undefined ? openapiIndex() : openapiDocument(path.gv);
      if (!doc) throw notFoundPath(url.pathname);
      return jsonResponse(200, doc);
    }
    case 'resource':
      // The self reviews are created and answered, never stored: not the registry's.
      if (isSelfReviewPath(url.pathname)) return selfReview(request, url.pathname, await reviewContext(request));
      return resourceVerb(resolveContext(env, request, url, path), method);
  }
}

async function resourceVerb(ctx: RequestContext, method: string): Promise<Response> {
  const sub = ctx.subresource;
  if (sub === 'scale') {
    if (method === 'GET') return getScale(ctx);
    if (method === 'PUT' || method === 'PATCH') return writeScale(ctx, method);
    throw methodNotAllowed(method, ctx.url.pathname);
  }
  if (sub === 'binding') {
    if (method === 'POST') return bind(ctx);
    throw methodNotAllowed(method, ctx.url.pathname);
  }
  if (sub === 'status') {
    if (method === 'GET') return getOne(ctx, ctx.name!);
    if (method === 'PUT') return update(ctx);
    if (method === 'PATCH') return patch(ctx);
    throw methodNotAllowed(method, ctx.url.pathname);
  }
  switch (method) {
    case 'GET': case 'HEAD':
      if (ctx.name !== undefined) return getOne(ctx, ctx.name);
      return boolParam(ctx.query, 'watch') ? watch(ctx) : list(ctx);
    case 'POST':
      if (ctx.name !== undefined) throw methodNotAllowed(method, ctx.url.pathname);
      return create(ctx);
    case 'PUT':
      if (ctx.name === undefined) throw methodNotAllowed(method, ctx.url.pathname);
      return update(ctx);
    case 'PATCH':
      if (ctx.name === undefined) throw methodNotAllowed(method, ctx.url.pathname);
      return patch(ctx);
    case 'DELETE':
      return ctx.name === undefined ? deleteCollection(ctx) : deleteOne(ctx);
  }
  throw methodNotAllowed(method, ctx.url.pathname);
}
