// GET, LIST and WATCH.
import { StoreError } from '../../store/errors.js';
import type { KObject, Watch, WatchEvent } from '../../store/types.js';
import { badRequest, toStatus } from '../status.js';
import { boolParam, intParam, type RequestContext } from './context.js';
import { jsonResponse } from './respond.js';
import { DEFAULT_WATCH_BACKLOG_BYTES, watchStream } from './watch-stream.js';
import { includeObject, toTable, wantsTable } from './table.js';

export async function getOne(ctx: RequestContext, name: string): Promise<Response> {
  const rv = ctx.query.get('resourceVersion') ?? undefined;
  const obj = await ctx.env.store.get(ctx.ref, ctx.namespace, name, rv ? { resourceVersion: rv } : undefined);
  if (wantsTable(ctx.request.headers.get('accept'))) {
    return jsonResponse(200, toTable(ctx.type, [obj], { resourceVersion: obj.metadata.resourceVersion }, includeObject(ctx.query), ctx.env.now()));
  }
  return jsonResponse(200, withTypeMeta(ctx, obj));
}

function resourceVersionMatch(q: URLSearchParams): 'NotOlderThan' | 'Exact' | undefined {
  const v = q.get('resourceVersionMatch');
  if (v === null || v === '') return undefined;
  if (v === 'NotOlderThan' || v === 'Exact') return v;
  throw badRequest(`resourceVersionMatch: Unsupported value: "${v}": supported values: "Exact", "NotOlderThan"`);
}

export async function list(ctx: RequestContext): Promise<Response> {
  const q = ctx.query;
  const limit = intParam(q, 'limit');
  if (limit !== undefined && limit < 0) throw badRequest(`limit: Invalid value: ${limit}: must be non-negative`);
  const result = await ctx.env.store.list(ctx.ref, {
    namespace: ctx.namespace,
    labelSelector: q.get('labelSelector') ?? undefined,
    fieldSelector: q.get('fieldSelector') ?? undefined,
    resourceVersion: q.get('resourceVersion') ?? undefined,
    resourceVersionMatch: resourceVersionMatch(q),
    limit: limit || undefined,
    continue: q.get('continue') ?? undefined,
  });
  const meta: Record<string, unknown> = { resourceVersion: result.resourceVersion };
  if (result.continue) meta.continue = result.continue;
  if (result.remainingItemCount !== undefined) meta.remainingItemCount = result.remainingItemCount;
  if (wantsTable(ctx.request.headers.get('accept'))) {
    return jsonResponse(200, toTable(ctx.type, result.items, meta, includeObject(q), ctx.env.now()));
  }
  const apiVersion = ctx.type.group ? `${ctx.type.group}/${ctx.type.version}` : ctx.type.version;
  return jsonResponse(200, { kind: ctx.type.listKind, apiVersion, metadata: meta, items: result.items.map((o) => withTypeMeta(ctx, o)) });
}

/** Stored objects carry their type; objects from older writes may not. */
export function withTypeMeta(ctx: RequestContext, obj: KObject): KObject {
  if (obj.apiVersion && obj.kind) return obj;
  const apiVersion = ctx.type.group ? `${ctx.type.group}/${ctx.type.version}` : ctx.type.version;
  return { apiVersion, kind: ctx.type.kind, ...obj };
}

const encoder = new TextEncoder();
const WATCH_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-cache, private' };

export function watch(ctx: RequestContext): Response {
  const q = ctx.query;
  const rv = q.get('resourceVersion');
  const timeoutSeconds = intParam(q, 'timeoutSeconds');
  const table = wantsTable(ctx.request.headers.get('accept'));
  const include = includeObject(q);
  let fromRevision: number | undefined;
  if (rv !== null && rv !== '' && rv !== '0') {
    if (!/^\d+$/.test(rv)) throw badRequest(`resourceVersion: Invalid value: "${rv}": must be a non-negative integer`);
    fromRevision = Number(rv);
  }
  let w: Watch | null = null;
  let expired: unknown = null;
  try {
    w = ctx.env.store.watch(ctx.ref, {
      namespace: ctx.namespace,
      labelSelector: q.get('labelSelector') ?? undefined,
      fieldSelector: q.get('fieldSelector') ?? undefined,
      fromRevision,
      bookmarks: boolParam(q, 'allowWatchBookmarks'),
    });
  } catch (err) {
    // Too old is not an HTTP error on a watch: the stream says so and ends; clients relist.
    if (err instanceof StoreError && (err.reason === 'Expired' || err.reason === 'Gone')) expired = err;
    else throw err;
  }
  const frame = (ev: WatchEvent): Uint8Array => {
    let object: unknown = ev.object;
    if (ev.type === 'ERROR') object = ev.object;
    else if (ev.type === 'BOOKMARK') object = { kind: ctx.type.kind, apiVersion: ctx.type.group ? `${ctx.type.group}/${ctx.type.version}` : ctx.type.version, metadata: { resourceVersion: String(ev.revision) } };
    else if (table) object = toTable(ctx.type, [ev.object as KObject], { resourceVersion: String(ev.revision) }, include, ctx.env.now());
    else object = withTypeMeta(ctx, ev.object as KObject);
    return encoder.encode(JSON.stringify({ type: ev.type, object }) + '\n');
  };
  if (expired) {
    const once = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(JSON.stringify({ type: 'ERROR', object: toStatus(expired) }) + '\n'));
        controller.close();
      },
    });
    return new Response(once, { status: 200, headers: WATCH_HEADERS });
  }
  const live = w!;
  // The watch ends (and its stream closes) at timeoutSeconds, or at once when the client goes away.
  const timer = timeoutSeconds !== undefined && timeoutSeconds > 0 ? setTimeout(() => live.stop(), timeoutSeconds * 1000) : undefined;
  ctx.request.signal.addEventListener('abort', () => { clearTimeout(timer); live.stop(); }, { once: true });
  const stream = watchStream(live, frame, {
    backlogBytes: ctx.env.watchBacklogBytes ?? DEFAULT_WATCH_BACKLOG_BYTES,
    catchUpTo: ctx.env.store.revision,
    onSlowClient: ctx.env.onSlowWatch,
  });
  return new Response(stream, { status: 200, headers: WATCH_HEADERS });
}
