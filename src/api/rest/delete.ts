// DELETE of one object and of a collection, with DeleteOptions from the body
// or the query.
import type { DeleteOptions as StoreDeleteOptions, KObject } from '../../store/types.js';
import { isProtobuf } from '../protobuf/index.js';
import { parseJsonStrict } from '../strict-json.js';
import { ApiError, badRequest, successStatus } from '../status.js';
import { readBody, readText, type RequestBody } from './body.js';
import { boolParam, dryRun, intParam, requireName, type RequestContext } from './context.js';
import { withTypeMeta } from './read.js';
import { jsonResponse } from './respond.js';

interface DeleteOptionsBody {
  kind?: string;
  apiVersion?: string;
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

async function deleteOptions(ctx: RequestContext): Promise<DeleteOptionsBody> {
  // Any Content-Type reads as JSON here (clients often send none); protobuf is decoded.
  const raw: RequestBody = isProtobuf(ctx.request.headers.get('content-type'))
    ? await readBody(ctx.request)
    : { format: 'json', text: await readText(ctx.request) };
  let body: DeleteOptionsBody = {};
  if (raw.format === 'protobuf') {
    body = raw.object as DeleteOptionsBody;
  } else if (raw.text.trim() !== '') {
    const { value } = parseJsonStrict(raw.text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('DeleteOptions must be a JSON object');
    body = value as DeleteOptionsBody;
  }
  if (body.kind !== undefined && body.kind !== 'DeleteOptions') throw badRequest(`the body of a DELETE must be DeleteOptions, got kind "${body.kind}"`);
  const q = ctx.query;
  const grace = intParam(q, 'gracePeriodSeconds');
  if (grace !== undefined) body.gracePeriodSeconds = grace;
  const policy = q.get('propagationPolicy');
  if (policy) body.propagationPolicy = policy;
  if (q.has('orphanDependents')) body.orphanDependents = boolParam(q, 'orphanDependents');
  if (body.gracePeriodSeconds !== undefined && (!Number.isInteger(body.gracePeriodSeconds) || body.gracePeriodSeconds < 0)) {
    throw badRequest(`gracePeriodSeconds: Invalid value: ${JSON.stringify(body.gracePeriodSeconds)}: must be a non-negative integer`);
  }
  if (body.propagationPolicy !== undefined && !['Orphan', 'Background', 'Foreground'].includes(body.propagationPolicy)) {
    throw badRequest(`propagationPolicy: Unsupported value: "${body.propagationPolicy}": supported values: "Orphan", "Background", "Foreground"`);
  }
  if (body.dryRun === null) delete body.dryRun; // null: none, as Kubernetes reads it
  if (body.dryRun !== undefined && (!Array.isArray(body.dryRun) || body.dryRun.some((v) => v !== 'All'))) {
    throw badRequest(`dryRun: Unsupported value: ${JSON.stringify(body.dryRun)}: supported values: "All"`);
  }
  if (body.propagationPolicy !== undefined && body.orphanDependents !== undefined) {
    throw badRequest('propagationPolicy: Invalid value: both orphanDependents and propagationPolicy are set: at most one of them may be');
  }
  return body;
}

function finalizersFor(opts: DeleteOptionsBody): string[] | undefined {
  const policy = opts.propagationPolicy ?? (opts.orphanDependents === true ? 'Orphan' : undefined);
  if (policy === 'Orphan') return ['orphan'];
  if (policy === 'Foreground') return ['foregroundDeletion'];
  return undefined;
}

/** Pods terminate gracefully once bound to a node; unbound or finished pods go at once. */
function graceFor(ctx: RequestContext, obj: KObject, opts: DeleteOptionsBody): number | undefined {
  if (ctx.type.kind !== 'Pod') return undefined;
  if (!obj.spec?.nodeName) return 0;
  const phase = obj.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return 0;
  return opts.gracePeriodSeconds ?? obj.spec?.terminationGracePeriodSeconds ?? 30;
}

/** Namespaces kube-apiserver's NamespaceLifecycle admission never lets go. */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

async function deleteObject(ctx: RequestContext, obj: KObject, opts: DeleteOptionsBody, dry: boolean): Promise<{ object: KObject; removed: boolean }> {
  const name = obj.metadata.name!;
  if (ctx.type.kind === 'Namespace' && ctx.type.group === '' && IMMORTAL_NAMESPACES.has(name)) {
    throw new ApiError('Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' });
  }
  const storeOpts: StoreDeleteOptions = { cause: 'api' };
  if (opts.preconditions) storeOpts.preconditions = opts.preconditions;
  const add = finalizersFor(opts);
  if (add) storeOpts.addFinalizers = add;
  const grace = graceFor(ctx, obj, opts);
  if (grace !== undefined) storeOpts.gracePeriodSeconds = grace;
  if (ctx.type.kind === 'Namespace') storeOpts.keep = true; // its content goes first
  if (dry) return { object: obj, removed: !add && !grace && ctx.type.kind !== 'Namespace' };
  const result = await ctx.env.store.delete(ctx.ref, obj.metadata.namespace, name, storeOpts);
  return { object: result.object, removed: result.removed ?? false };
}

/** A dry run when the query says so, or DeleteOptions do (where kubectl puts it: `delete --dry-run=server`). */
const isDryRun = (ctx: RequestContext, opts: DeleteOptionsBody): boolean => dryRun(ctx.query) || (opts.dryRun?.length ?? 0) > 0;

export async function deleteOne(ctx: RequestContext): Promise<Response> {
  const name = requireName(ctx);
  const opts = await deleteOptions(ctx);
  const current = await ctx.env.store.get(ctx.ref, ctx.namespace, name);
  const { object, removed } = await deleteObject(ctx, current, opts, isDryRun(ctx, opts));
  if (removed) {
    return jsonResponse(200, successStatus({ name, group: ctx.type.group || undefined, kind: ctx.type.resource, uid: object.metadata.uid }));
  }
  return jsonResponse(200, withTypeMeta(ctx, object));
}

export async function deleteCollection(ctx: RequestContext): Promise<Response> {
  const opts = await deleteOptions(ctx);
  const q = ctx.query;
  const listed = await ctx.env.store.list(ctx.ref, {
    namespace: ctx.namespace,
    labelSelector: q.get('labelSelector') ?? undefined,
    fieldSelector: q.get('fieldSelector') ?? undefined,
  });
  const dry = isDryRun(ctx, opts);
  const deleted: KObject[] = [];
  for (const obj of listed.items) {
    try {
      deleted.push((await deleteObject(ctx, obj, opts, dry)).object);
    } catch (err) {
      // Gone meanwhile: someone else deleted it, which is what was asked.
      if ((err as { reason?: string }).reason !== 'NotFound') throw err;
    }
  }
  const apiVersion = ctx.type.group ? `${ctx.type.group}/${ctx.type.version}` : ctx.type.version;
  return jsonResponse(200, { kind: ctx.type.listKind, apiVersion, metadata: { resourceVersion: listed.resourceVersion }, items: deleted.map((o) => withTypeMeta(ctx, o)) });
}
