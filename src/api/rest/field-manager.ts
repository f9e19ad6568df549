// Who is writing (the `fieldManager` query parameter, or the User-Agent's
// product like the apiserver does) and the ownership bookkeeping each write
// records in metadata.managedFields.
import type { KObject } from '../../store/types.js';
import { kindCursor } from '../openapi/schemas.js';
import { ApplyConflictError, ManagedFieldsError, recordUpdate, type Ownership, type Scope } from '../patch/apply.js';
import type { PatchSchema } from '../patch/strategic.js';
import { ApiError, badRequest } from '../status.js';
import type { RequestContext } from './context.js';

const MAX_MANAGER = 128;

export function apiVersionOf(ctx: RequestContext): string {
  return ctx.type.group ? `${ctx.type.group}/${ctx.type.version}` : ctx.type.version;
}

function printable(s: string): string {
  // the apiserver drops unprintable characters from a name taken from the User-Agent
  return [...s].filter((c) => /\P{C}/u.test(c)).join('');
}

function optionsKind(ctx: RequestContext): string {
  const m = ctx.request.method;
  return m === 'POST' ? 'CreateOptions' : m === 'PATCH' ? 'PatchOptions' : 'UpdateOptions';
}

function invalidOptions(ctx: RequestContext, field: string, reason: string, message: string): ApiError {
  const kind = optionsKind(ctx);
  return new ApiError('Invalid', `${kind}.meta.k8s.io "" is invalid: ${field}: ${message}`, {
    group: 'meta.k8s.io', kind, causes: [{ reason, message, field }],
  });
}

/**
 * The manager of this write: `fieldManager` when given (required for apply),
 * else the User-Agent up to its first "/" (`kubectl-client-side-apply`,
 * `kubectl-edit`, ...), else "unknown".
 */
export function fieldManager(ctx: RequestContext, apply: boolean): string {
  const given = ctx.query.get('fieldManager');
  if (given !== null && given !== '') {
    if (given.length > MAX_MANAGER) throw invalidOptions(ctx, 'fieldManager', 'FieldValueTooLong', `Too long: may not be more than ${MAX_MANAGER} bytes`);
    if (printable(given) !== given) throw invalidOptions(ctx, 'fieldManager', 'FieldValueInvalid', `Invalid value: ${JSON.stringify(given)}: must only contain printable characters`);
    return given;
  }
  if (apply) throw invalidOptions(ctx, 'fieldManager', 'FieldValueRequired', 'Required value: is required for apply patch');
  const ua = printable((ctx.request.headers.get('user-agent') ?? '').split('/')[0]!).slice(0, MAX_MANAGER);
  return ua || 'unknown';
}

/** `force` is for apply patches only. */
export function forceParam(ctx: RequestContext, apply: boolean): boolean {
  const v = ctx.query.get('force');
  if (v === null) return false;
  if (!apply) throw invalidOptions(ctx, 'force', 'FieldValueForbidden', 'Forbidden: may not be specified for non-apply patch');
  if (v === '' || v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw badRequest(`invalid value for force: "${v}" is not a boolean`);
}

export function kindSchema(ctx: RequestContext): PatchSchema | undefined {
  return kindCursor(apiVersionOf(ctx), ctx.type.kind);
}

export function ownership(ctx: RequestContext, manager: string, scope: Scope, subresource?: string): Ownership {
  const o: Ownership = {
    schema: kindSchema(ctx),
    manager,
    apiVersion: apiVersionOf(ctx),
    scope,
    time: new Date(ctx.env.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  if (subresource) o.subresource = subresource;
  return o;
}

/** Records an Update by `manager` from `live` (undefined on create) to `next`, in place. */
export function trackUpdate(ctx: RequestContext, live: KObject | undefined, next: KObject, manager: string): void {
  const scope: Scope = ctx.subresource === 'status' ? 'status' : 'main';
  try {
    next.metadata.managedFields = recordUpdate(live, next, ownership(ctx, manager, scope, ctx.subresource));
  } catch (err) {
    throw asApiError(ctx, err);
  }
  if ((next.metadata.managedFields as unknown[]).length === 0) delete next.metadata.managedFields;
}

/** Ownership errors as the apiserver answers them. */
export function asApiError(ctx: RequestContext, err: unknown): unknown {
  if (err instanceof ApplyConflictError) {
    return new ApiError('Conflict', err.message, { causes: err.causes() });
  }
  if (err instanceof ManagedFieldsError) {
    const name = ctx.name ?? '';
    return new ApiError('Invalid', `${ctx.type.kind}${ctx.type.group ? '.' + ctx.type.group : ''} "${name}" is invalid: ${err.message}`, {
      name, group: ctx.type.group, kind: ctx.type.kind, causes: [{ reason: 'FieldValueInvalid', message: err.message, field: 'metadata.managedFields' }],
    });
  }
  return err;
}
