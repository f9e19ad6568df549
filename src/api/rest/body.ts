// Request bodies: read within the size limit, parsed strictly (duplicate keys
// noticed), checked against the kind's schema per fieldValidation. Kubernetes
// protobuf bodies (what kubectl's `create` generators send) are decoded to the
// same JSON object, which then goes through the same defaulting and validation.
import { checkFields, formatWarningHeader } from '../field-validation.js';
import { decodeKubernetesProtobuf, isProtobuf } from '../protobuf/index.js';
import { parseJsonStrict } from '../strict-json.js';
import { ApiError, badRequest } from '../status.js';
import { requestBytes, requestText } from '../../platform/http.js';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function fieldValidation(q: URLSearchParams): FieldValidation {
  const v = q.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation: Unsupported value: "${v}": supported values: "Ignore", "Strict", "Warn"`);
}

const JSON_TYPES = new Set(['application/json', '']);

/** Bodies are JSON; anything else (CBOR, YAML) is a 415 the client can fall back from. Protobuf goes through readBody. */
export function checkJsonBody(request: Request): void {
  const ct = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!JSON_TYPES.has(ct)) {
    throw new ApiError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/json-patch+json, application/merge-patch+json, application/vnd.kubernetes.protobuf (got "${ct}")`);
  }
}

function readError(err: unknown): ApiError {
  if ((err as Error).message?.includes('over')) return tooLarge();
  return badRequest(`the request body could not be read: ${(err as Error).message}`);
}

export async function readText(request: Request): Promise<string> {
  let text: string;
  try {
    text = await requestText(request);
  } catch (err) {
    throw readError(err);
  }
  if (text.length > MAX_BODY_BYTES) throw tooLarge();
  return text;
}

export async function readBytes(request: Request): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await requestBytes(request);
  } catch (err) {
    throw readError(err);
  }
  if (bytes.length > MAX_BODY_BYTES) throw tooLarge();
  return bytes;
}

export async function readJson(request: Request): Promise<string> {
  checkJsonBody(request);
  return readText(request);
}

/**
 * A request body: JSON text (parsed later, by parseObjectBody), or a
 * Kubernetes protobuf body already decoded to the object JSON would have
 * carried. An empty body is JSON's empty text, whatever its Content-Type.
 */
export type RequestBody =
  | { format: 'json'; text: string }
  | { format: 'protobuf'; object: Record<string, unknown> };

/** Reads an object body: JSON (415 for other types) or Kubernetes protobuf (ProtobufError, a 400, when malformed). */
export async function readBody(request: Request): Promise<RequestBody> {
  if (!isProtobuf(request.headers.get('content-type'))) return { format: 'json', text: await readJson(request) };
  const bytes = await readBytes(request);
  if (bytes.length === 0) return { format: 'json', text: '' };
  return { format: 'protobuf', object: decodeKubernetesProtobuf(bytes).object };
}

export function tooLarge(): ApiError {
  return new ApiError('RequestEntityTooLarge', 'the request body is too large (the limit is 3145728 bytes)');
}

export interface ParsedBody {
  value: unknown;
  /** Messages for unknown or duplicate fields (Warn mode: sent as Warning headers). */
  warnings: string[];
}

/**
 * A JSON object body, with unknown and duplicate fields handled per `mode` for
 * `kind`. A decoded protobuf body is already an object whose fields all come
 * from the schema, so it has no unknown or duplicate fields to report.
 */
export function parseObjectBody(body: string | RequestBody, kind: string | null, mode: FieldValidation): ParsedBody {
  if (typeof body !== 'string' && body.format === 'protobuf') return { value: body.object, warnings: [] };
  const text = typeof body === 'string' ? body : body.text;
  if (text.trim() === '') throw badRequest('the request body is empty; send a JSON object');
  const { value, duplicates } = parseJsonStrict(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(`the request body must be a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  if (mode === 'Ignore' || kind === null) return { value, warnings: [] };
  const problems = checkFields(kind, value, duplicates);
  if (problems.length && mode === 'Strict') throw badRequest(`strict decoding error: ${problems.join(', ')}`);
  return { value, warnings: problems };
}

export function warningHeaders(warnings: string[]): [string, string][] {
  // Escaped to ASCII: a header value with other characters would not be sent at all.
  return warnings.map((w) => ['Warning', formatWarningHeader(w)]);
}
