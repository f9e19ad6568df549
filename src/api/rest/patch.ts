// PATCH bodies: JSON merge patch (RFC 7386), JSON patch (RFC 6902), strategic
// merge patch (driven by the kind's OpenAPI patch metadata) and server-side
// apply configurations (YAML or JSON).
import jsonPatch from 'fast-json-patch';
import { parseDocument } from 'yaml';
import { parseJsonStrict } from '../strict-json.js';
import { ApiError, badRequest } from '../status.js';
import { PatchError, strategicMerge, type PatchSchema } from '../patch/strategic.js';

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

const ACCEPTED = 'application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml';

export function patchTypeOf(contentType: string | null): PatchType {
  const ct = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (ct === 'application/merge-patch+json') return 'merge';
  if (ct === 'application/json-patch+json') return 'json';
  if (ct === 'application/strategic-merge-patch+json') return 'strategic';
  if (ct === 'application/apply-patch+yaml') return 'apply';
  throw new ApiError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${ACCEPTED} (got "${ct}")`);
}

export function parsePatch(type: PatchType, text: string): unknown {
  if (text.trim() === '') throw badRequest('the patch is empty');
  if (type === 'apply') return parseApplyConfiguration(text);
  const { value } = parseJsonStrict(text);
  if (type === 'json' && !Array.isArray(value)) throw badRequest('a JSON patch must be an array of operations');
  if ((type === 'merge' || type === 'strategic') && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw badRequest(`a ${type === 'merge' ? 'merge' : 'strategic merge'} patch must be a JSON object`);
  }
  return value;
}

/** An apply configuration: one YAML (or JSON) document holding an object; duplicate keys are refused. */
export function parseApplyConfiguration(text: string): Record<string, unknown> {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, version: '1.2' });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const dup = /Map keys must be unique/.test(e.message);
    throw badRequest(dup ? `error decoding YAML: ${e.message.split('\n')[0]}: duplicate field` : `error decoding YAML: ${e.message.split('\n')[0]}`);
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('error decoding YAML: the apply configuration must be an object');
  }
  return value as Record<string, unknown>;
}

export function applyPatch(type: PatchType, target: unknown, patch: unknown, schema?: PatchSchema): unknown {
  if (type === 'merge') return mergePatch(target, patch);
  if (type === 'strategic') {
    try {
      return strategicMerge(target, patch, schema);
    } catch (err) {
      if (err instanceof PatchError) throw badRequest(err.message);
      throw err;
    }
  }
  if (type === 'apply') throw new Error('apply configurations are merged by applyConfiguration');
  const doc = structuredClone(target);
  const ops = patch as jsonPatch.Operation[];
  const error = jsonPatch.validate(ops, doc);
  if (error) throw jsonPatchError(error);
  try {
    return jsonPatch.applyPatch(doc, ops, false, true).newDocument;
  } catch (err) {
    throw jsonPatchError(err);
  }
}

function jsonPatchError(err: unknown): ApiError {
  const e = err as { name?: string; message?: string; operation?: unknown };
  const first = (e.message ?? String(err)).split('\n')[0];
  if (e.name === 'TEST_OPERATION_FAILED') return new ApiError('Invalid', `the server rejected our request due to an error in our request: testing value failed`);
  return new ApiError('Invalid', `the server rejected our request due to an error in our request: ${first}`);
}

/** RFC 7386: objects merge recursively, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
