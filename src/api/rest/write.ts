// POST, PUT and PATCH of the main resource and of `status`.
import { allocateFor } from './service-allocator.js';
import { alreadyExists, StoreError } from '../../store/errors.js';
import { qualifiedResource } from '../../store/keys.js';
import { defaultEnv, prepareCreate, prepareUpdate } from '../../store/metadata.js';
import type { KObject } from '../../store/types.js';
import { ApiError, badRequest } from '../status.js';
import { admitNamespace, admitWrite, validateOrThrow } from './admission.js';
import { decodedWarnings, fieldValidation, parseObjectBody, readBody, readText, warningHeaders, type BodyType, type FieldValidation } from './body.js';
import { dryRun, requireName, type RequestContext } from './context.js';
import { applyPatch, parsePatch, patchTypeOf } from './patch.js';
import { withTypeMeta } from './read.js';
import { jsonResponse } from './respond.js';
import { applyConfiguration } from '../patch/apply.js';
import { apiVersionOf, asApiError, fieldManager, forceParam, kindSchema, ownership, trackUpdate } from './field-manager.js';

/** Conflicts a server-side read-modify-write may retry (the client named no version). */
const MAX_RETRIES = 5;

/** The body's apiVersion/kind must name this endpoint's type (or be absent). */
function checkTypeMeta(ctx: RequestContext, obj: KObject): void {
  const apiVersion = apiVersionOf(ctx);
  if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersion) {
    throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${apiVersion})`);
  }
  if (obj.kind !== undefined && obj.kind !== ctx.type.kind) {
    throw badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${ctx.type.kind})`);
  }
  obj.apiVersion = apiVersion;
  obj.kind = ctx.type.kind;
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  if (typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) throw badRequest('metadata must be an object');
}

const bodyType = (ctx: RequestContext): BodyType => ({ apiVersion: apiVersionOf(ctx), kind: ctx.type.kind });

function checkNamespace(ctx: RequestContext, obj: KObject): void {
  if (!ctx.type.namespaced) {
    delete obj.metadata.namespace;
    return;
  }
  const ns = obj.metadata.namespace;
  if (ns !== undefined && ns !== '' && ns !== ctx.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  obj.metadata.namespace = ctx.namespace;
}

/**
 * What a create would store, without storing it: the store's own metadata rules (a name from
 * generateName, uid, creationTimestamp, generation), as Kubernetes' dry run answers them. No
 * resourceVersion: nothing was committed. The caller has made sure the name is free.
 */
function wouldCreate(ctx: RequestContext, obj: KObject): KObject {
  return prepareCreate(qualifiedResource(ctx.ref), obj, ctx.namespace, defaultEnv, () => false);
}

/** AlreadyExists, as the create would answer, when an object of that name is there. */
async function refuseIfExists(ctx: RequestContext, name: string | undefined): Promise<void> {
  if (!name) return;
  const found = await ctx.env.store.get(ctx.ref, ctx.namespace, name).then(() => true, (err) => {
    if (err instanceof StoreError && err.reason === 'NotFound') return false;
    throw err;
  });
  if (found) throw alreadyExists(qualifiedResource(ctx.ref), name);
}

export async function create(ctx: RequestContext): Promise<Response> {
  if (ctx.type.namespaced && ctx.namespace === undefined) {
    throw new ApiError('MethodNotAllowed', `${ctx.qualified} must be created in a namespace: POST to /…/namespaces/<namespace>/${ctx.type.resource}`);
  }
  const { value, warnings } = parseObjectBody(await readBody(ctx.request), bodyType(ctx), fieldValidation(ctx.query));
  const obj = value as KObject;
  checkTypeMeta(ctx, obj);
  checkNamespace(ctx, obj);
  if (ctx.namespace !== undefined) await admitNamespace(ctx, ctx.namespace, obj.metadata.name ?? obj.metadata.generateName);
  const manager = fieldManager(ctx, false);
  ctx.type.default(obj);
  ctx.type.prepareForCreate?.(obj);
  trackUpdate(ctx, undefined, obj, manager);
  validateOrThrow(ctx, obj);
  const release = await allocateFor(ctx, obj);
  try {
    await admitWrite(ctx, obj);
    if (dryRun(ctx.query)) {
      await refuseIfExists(ctx, obj.metadata?.name);
      return jsonResponse(201, wouldCreate(ctx, obj), warningHeaders(warnings));
    }
    const result = await ctx.env.store.create(ctx.ref, obj, { cause: 'api' });
    return jsonResponse(201, result.object, warningHeaders(warnings));
  } finally {
    release();
  }
}

/**
 * Read the current object, compute the new one, write it conditioned on the
 * version read; when the client gave no version, a conflict means someone
 * wrote in between, so read and try again, as the apiserver does.
 */
async function readModifyWrite(ctx: RequestContext, name: string, next: (current: KObject) => KObject, clientVersion: () => string | undefined, manager: string | null, known?: KObject): Promise<KObject> {
  for (let attempt = 0; ; attempt++) {
    const current = attempt === 0 && known ? known : await ctx.env.store.get(ctx.ref, ctx.namespace, name);
    const obj = next(structuredClone(current));
    const given = clientVersion();
    obj.metadata.resourceVersion = given || current.metadata.resourceVersion;
    const isStatus = ctx.subresource === 'status';
    beforeUpdate(obj, current);
    if (!isStatus) {
      obj.status = current.status; // writes to the main resource leave status alone
      if (obj.status === undefined) delete obj.status;
      ctx.type.default(obj);
      ctx.type.prepareForUpdate?.(obj, current);
      // null: an apply, which set managedFields itself
      if (manager !== null) trackUpdate(ctx, current, obj, manager);
    } else {
      // writes to status leave everything else alone (but record who wrote)
      const merged = { ...current, status: obj.status };
      merged.metadata = { ...current.metadata, resourceVersion: obj.metadata.resourceVersion };
      if (obj.metadata.managedFields !== undefined) merged.metadata.managedFields = obj.metadata.managedFields;
      if (manager !== null) trackUpdate(ctx, current, merged, manager);
      if (merged.metadata.managedFields === undefined) delete obj.metadata.managedFields;
      else obj.metadata.managedFields = merged.metadata.managedFields;
      validateOrThrow(ctx, merged, current);
    }
    let release = (): void => {};
    if (!isStatus) {
      validateOrThrow(ctx, obj, current);
      release = await allocateFor(ctx, obj, current);
    }
    try {
      if (!isStatus) await admitWrite(ctx, obj, current);
      // A dry run answers with what the store would write, by the store's own rules: a spec change
      // counts a generation (kubectl diff shows it), a status write keeps everything but status
      // (and its writer), a stale resourceVersion is a Conflict. Returning `obj` as it stood missed all three.
      if (dryRun(ctx.query)) return prepareUpdate(qualifiedResource(ctx.ref), current, obj, isStatus ? 'status' : undefined).object;
      const result = await ctx.env.store.update(ctx.ref, obj, isStatus ? { subresource: 'status', cause: 'api' } : { cause: 'api' });
      return result.object;
    } catch (err) {
      if (!given && attempt < MAX_RETRIES && err instanceof StoreError && err.reason === 'Conflict') continue;
      throw err;
    } finally {
      release();
    }
  }
}

/**
 * What the apiserver's BeforeUpdate does before validation: fields a client
 * cannot change are taken from the stored object, whatever the body says
 * (a client may send creationTimestamp with milliseconds, or not at all).
 */
function beforeUpdate(obj: KObject, current: KObject): void {
  const m = obj.metadata;
  const c = current.metadata;
  if (!m.uid) m.uid = c.uid;
  if (c.creationTimestamp) m.creationTimestamp = c.creationTimestamp;
  if (c.deletionTimestamp) m.deletionTimestamp = c.deletionTimestamp;
  if (c.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = c.deletionGracePeriodSeconds;
  if (c.generation !== undefined) m.generation = c.generation;
}

export async function update(ctx: RequestContext): Promise<Response> {
  const name = requireName(ctx);
  const { value, warnings } = parseObjectBody(await readBody(ctx.request), bodyType(ctx), fieldValidation(ctx.query));
  const body = value as KObject;
  checkTypeMeta(ctx, body);
  if (body.metadata.name !== undefined && body.metadata.name !== name) {
    throw badRequest(`the name of the object (${String(body.metadata.name)}) does not match the name on the URL (${name})`);
  }
  body.metadata.name = name;
  checkNamespace(ctx, body);
  const given = typeof body.metadata.resourceVersion === 'string' ? body.metadata.resourceVersion : undefined;
  const manager = fieldManager(ctx, false);
  const stored = await readModifyWrite(ctx, name, () => structuredClone(body), () => given, manager);
  return jsonResponse(200, withTypeMeta(ctx, stored), warningHeaders(warnings));
}

export async function patch(ctx: RequestContext): Promise<Response> {
  const name = requireName(ctx);
  const type = patchTypeOf(ctx.request.headers.get('content-type'));
  const patchBody = parsePatch(type, await readText(ctx.request));
  const mode = fieldValidation(ctx.query); // the patch's result is decoded and checked below
  const apply = type === 'apply';
  const manager = fieldManager(ctx, apply);
  const force = forceParam(ctx, apply);
  if (apply) return applyRequest(ctx, name, patchBody as Record<string, unknown>, manager, force, mode);
  const schema = kindSchema(ctx);
  let given: string | undefined;
  let warnings: string[] = [];
  const stored = await readModifyWrite(ctx, name, (current) => {
    // A copy each attempt: the result may hold the patch's own arrays, which decoding prunes.
    const patched = applyPatch(type, current, structuredClone(patchBody), schema) as KObject;
    checkPatched(ctx, name, patched);
    warnings = decodedWarnings(bodyType(ctx), patched, mode, [], false, current);
    // A version the patch itself sets is a precondition; one it leaves is the version read.
    const v = patched.metadata.resourceVersion;
    given = v && v !== current.metadata.resourceVersion ? String(v) : undefined;
    return patched;
  }, () => given, manager);
  return jsonResponse(200, withTypeMeta(ctx, stored), warningHeaders(warnings));
}

function checkPatched(ctx: RequestContext, name: string, patched: KObject): void {
  if (typeof patched !== 'object' || patched === null || Array.isArray(patched)) throw badRequest('the patch must leave an object');
  checkTypeMeta(ctx, patched);
  if (patched.metadata.name !== name) throw badRequest(`the name of the object (${String(patched.metadata.name)}) does not match the name on the URL (${name})`);
  checkNamespace(ctx, patched);
}

/**
 * Server-side apply: merge the configuration into the live object for the
 * manager (409 on conflicts unless forced); an object that does not exist is
 * created from the configuration (main resource only).
 */
async function applyRequest(ctx: RequestContext, name: string, config: Record<string, unknown>, manager: string, force: boolean, mode: FieldValidation): Promise<Response> {
  const meta = config.metadata;
  if (typeof meta === 'object' && meta !== null && !Array.isArray(meta) && (meta as Record<string, unknown>).managedFields != null) {
    throw badRequest('metadata.managedFields must be nil');
  }
  if (config.apiVersion === undefined || config.apiVersion === '') throw badRequest('invalid object type: apiVersion must be set in an apply configuration');
  if (config.kind === undefined || config.kind === '') throw badRequest('invalid object type: kind must be set in an apply configuration');
  const isStatus = ctx.subresource === 'status';
  const o = { ...ownership(ctx, manager, isStatus ? 'status' as const : 'main' as const, ctx.subresource), force };
  const merge = (live: KObject | undefined): KObject => {
    let out: KObject;
    // The configuration is decoded first: what it says of a field the kind lacks is dropped (or
    // refused) before ownership is worked out, so no manager owns a field that is not there.
    const configuration = structuredClone(config) as KObject;
    warnings = decodedWarnings(bodyType(ctx), configuration, mode);
    try {
      out = applyConfiguration(live, configuration, o) as KObject;
    } catch (err) {
      throw asApiError(ctx, err);
    }
    checkPatched(ctx, name, out);
    decodedWarnings(bodyType(ctx), out, 'Ignore', [], false, live); // the merged object's types
    return out;
  };
  let warnings: string[] = [];
  for (let attempt = 0; ; attempt++) {
    let current: KObject | undefined;
    try {
      current = await ctx.env.store.get(ctx.ref, ctx.namespace, name);
    } catch (err) {
      if (!(err instanceof StoreError && err.reason === 'NotFound') || isStatus) throw err;
    }
    if (current === undefined) {
      const obj = merge(undefined);
      delete obj.metadata.resourceVersion;
      delete obj.status;
      if (ctx.namespace !== undefined) await admitNamespace(ctx, ctx.namespace, name);
      ctx.type.default(obj);
      ctx.type.prepareForCreate?.(obj);
      validateOrThrow(ctx, obj);
      const release = await allocateFor(ctx, obj);
      try {
        await admitWrite(ctx, obj);
        // The read above found no such object.
        if (dryRun(ctx.query)) return jsonResponse(201, wouldCreate(ctx, obj), warningHeaders(warnings));
        const result = await ctx.env.store.create(ctx.ref, obj, { cause: 'api' });
        return jsonResponse(201, result.object, warningHeaders(warnings));
      } catch (err) {
        // someone created it in between: apply to theirs
        if (attempt < MAX_RETRIES && err instanceof StoreError && err.reason === 'AlreadyExists') continue;
        throw err;
      } finally {
        release();
      }
    }
    let given: string | undefined;
    try {
      const stored = await readModifyWrite(ctx, name, (live) => {
        const out = merge(live);
        const v = config.metadata && (config.metadata as Record<string, unknown>).resourceVersion;
        given = v ? String(v) : undefined;
        return out;
      }, () => given, null, current);
      return jsonResponse(200, withTypeMeta(ctx, stored), warningHeaders(warnings));
    } catch (err) {
      // deleted in between: create it
      if (attempt < MAX_RETRIES && err instanceof StoreError && err.reason === 'NotFound' && !isStatus) continue;
      throw err;
    }
  }
}
