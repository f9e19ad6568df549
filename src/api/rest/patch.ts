// PATCH bodies: JSON merge patch (RFC 7386) and JSON patch (RFC 6902).
// Strategic merge and server-side apply are their own piece of work.
import jsonPatch from 'fast-json-patch';
import { parseJsonStrict } from '../strict-json.js';
import { ApiError, badRequest } from '../status.js';

export type PatchType = 'merge' | 'json';

export function patchTypeOf(contentType: string | null): PatchType {
  const ct = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (ct === 'application/merge-patch+json') return 'merge';
  if (ct === 'application/json-patch+json') return 'json';
  throw new ApiError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json (got "${ct}")`);
}

export function parsePatch(type: PatchType, text: string): unknown {
  if (text.trim() === '') throw badRequest('the patch is empty');
  const { value } = parseJsonStrict(text);
  if (type === 'json' && !Array.isArray(value)) throw badRequest('a JSON patch must be an array of operations');
  if (type === 'merge' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw badRequest('a merge patch must be a JSON object');
  }
  return value;
}

export function applyPatch(type: PatchType, target: unknown, patch: unknown): unknown {
  if (type === 'merge') return mergePatch(target, patch);
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
