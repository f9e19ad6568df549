// `scale` (autoscaling/v1 Scale over spec.replicas) and `pods/binding`.
import { StoreError } from '../../store/errors.js';
import type { KObject } from '../../store/types.js';
import { badRequest, successStatus } from '../status.js';
import { fieldValidation, parseObjectBody, readBody, readText } from './body.js';
import { dryRun, requireName, type RequestContext } from './context.js';
import { applyPatch, parsePatch, patchTypeOf } from './patch.js';
import { jsonResponse } from './respond.js';
import { boundPod } from '../binding.js';
import { invalid } from '../status.js';
import { kindCursor } from '../openapi/schemas.js';
import { applyConfiguration } from '../patch/apply.js';
import { asApiError, fieldManager, forceParam, ownership, trackUpdate } from './field-manager.js';

function getPath(obj: KObject, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.replace(/^\./, '').split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function selectorString(selector: unknown): string {
  const s = selector as { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined;
  if (!s) return '';
  const parts = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of s.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.sort().join(',');
}

export function scaleOf(ctx: RequestContext, obj: KObject): KObject {
  const paths = ctx.type.subresources.scale!;
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: (getPath(obj, paths.specReplicasPath) as number | undefined) ?? 0 },
    status: {
      replicas: (getPath(obj, paths.statusReplicasPath) as number | undefined) ?? 0,
      selector: selectorString(getPath(obj, paths.labelSelectorPath ?? '.spec.selector') ?? obj.spec?.selector),
    },
  };
}

export async function getScale(ctx: RequestContext): Promise<Response> {
  const obj = await ctx.env.store.get(ctx.ref, ctx.namespace, requireName(ctx));
  return jsonResponse(200, scaleOf(ctx, obj));
}

const SCALE_SCHEMA = kindCursor('autoscaling/v1', 'Scale');

/** The object's field at a dotted path set to `value` (a copy). */
function setPath(obj: KObject, path: string, value: unknown): KObject {
  const parts = path.replace(/^\./, '').split('.');
  const out = structuredClone(obj);
  let cur: Record<string, unknown> = out;
  for (const part of parts.slice(0, -1)) {
    if (typeof cur[part] !== 'object' || cur[part] === null) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
  return out;
}

/**
 * PUT or PATCH of scale: the new Scale's spec.replicas becomes the object's.
 * Merge, JSON and strategic patches apply to the Scale; an apply
 * configuration (a Scale) is applied to the object's replicas field for its
 * manager, with the object's other managers' ownership of that field checked,
 * and recorded with subresource "scale", as Kubernetes does.
 */
export async function writeScale(ctx: RequestContext, method: 'PUT' | 'PATCH'): Promise<Response> {
  const name = requireName(ctx);
  const paths = ctx.type.subresources.scale!;
  let body: KObject | null = null;
  let patchBody: unknown;
  let patchType: ReturnType<typeof patchTypeOf> | null = null;
  if (method === 'PUT') body = parseObjectBody(await readBody(ctx.request), { apiVersion: 'autoscaling/v1', kind: 'Scale' }, fieldValidation(ctx.query)).value as KObject;
  else {
    const text = await readText(ctx.request);
    patchType = patchTypeOf(ctx.request.headers.get('content-type'));
    patchBody = parsePatch(patchType, text);
  }
  const apply = patchType === 'apply';
  const manager = fieldManager(ctx, apply);
  const force = forceParam(ctx, apply);
  for (let attempt = 0; ; attempt++) {
    const current = await ctx.env.store.get(ctx.ref, ctx.namespace, name);
    const scale = body ?? (apply ? (patchBody as KObject) : (applyPatch(patchType!, scaleOf(ctx, current), patchBody, SCALE_SCHEMA) as KObject));
    if (scale?.kind !== undefined && scale.kind !== 'Scale') throw badRequest(`the kind in the data (${String(scale.kind)}) does not match the expected kind (Scale)`);
    if (apply && scale.apiVersion !== 'autoscaling/v1') throw badRequest(`the API version in the data (${String(scale.apiVersion)}) does not match the expected API version (autoscaling/v1)`);
    const replicas = scale?.spec?.replicas;
    if (replicas !== undefined && (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)) {
      throw invalid('Scale.autoscaling', name, 'Scale', 'autoscaling', [{ type: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0` }]);
    }
    const given = scale?.metadata?.resourceVersion;
    const precondition = given && given !== current.metadata.resourceVersion ? given : undefined;
    let next: KObject;
    if (apply) {
      const o = { ...ownership(ctx, manager, 'main', 'scale'), force };
      let config: KObject = { apiVersion: current.apiVersion, kind: current.kind, metadata: { name } };
      if (replicas !== undefined) config = setPath(config, paths.specReplicasPath, replicas);
      try {
        next = applyConfiguration(current, config, o) as KObject;
      } catch (err) {
        throw asApiError(ctx, err);
      }
    } else {
      next = setPath(current, paths.specReplicasPath, replicas ?? 0);
      trackUpdate(ctx, current, next, manager);
    }
    next.metadata.resourceVersion = precondition ?? current.metadata.resourceVersion;
    if (dryRun(ctx.query)) return jsonResponse(200, scaleOf(ctx, next));
    try {
      const r = await ctx.env.store.update(ctx.ref, next, { cause: 'api' });
      return jsonResponse(200, scaleOf(ctx, r.object));
    } catch (err) {
      if (!precondition && attempt < 5 && err instanceof StoreError && err.reason === 'Conflict') continue;
      throw err;
    }
  }
}

/** POST pods/NAME/binding: the scheduler's one write (spec.nodeName, PodScheduled). */
export async function bind(ctx: RequestContext): Promise<Response> {
  const name = requireName(ctx);
  const binding = parseObjectBody(await readBody(ctx.request), { apiVersion: 'v1', kind: 'Binding' }, fieldValidation(ctx.query)).value as KObject & { target?: { kind?: string; name?: string } };
  const target = binding.target;
  if (!target?.name) {
    throw invalid('Binding', name, 'Binding', '', [{ type: 'FieldValueRequired', field: 'target.name', message: 'Required value' }]);
  }
  if (target.kind !== undefined && target.kind !== '' && target.kind !== 'Node') {
    throw invalid('Binding', name, 'Binding', '', [{ type: 'FieldValueNotSupported', field: 'target.kind', message: `Unsupported value: "${target.kind}": supported values: "Node"` }]);
  }
  const current = await ctx.env.store.get(ctx.ref, ctx.namespace, name);
  const next = boundPod(current, target.name, ctx.env.now(), binding.metadata?.uid);
  if (!dryRun(ctx.query)) await ctx.env.store.update(ctx.ref, next, { cause: 'api' });
  return jsonResponse(201, successStatus());
}
