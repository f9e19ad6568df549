// Request bodies: read within the size limit, parsed strictly (duplicate keys
// noticed), checked against the kind's schema per fieldValidation. Kubernetes
// protobuf bodies (what kubectl's `create` generators send) are decoded to the
// same JSON object, which then goes through the same defaulting and validation.
import { formatWarningHeader } from '../field-validation.js';
import { cannotHandle, decodeAs } from '../typed-decode.js';
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

/** The type a body is decoded as: the endpoint's. */
export interface BodyType { apiVersion: string; kind: string }

/**
 * A JSON object body decoded as `type` would be into Kubernetes' typed structs: a value of the
 * wrong JSON type is a 400 in every mode; unknown fields are dropped (Strict: a 400 instead),
 * and they and duplicate fields are warnings in Warn mode. A decoded protobuf body is already
 * an object whose fields all come from the schema, so it has nothing to report.
 */
export function parseObjectBody(body: string | RequestBody, type: BodyType | null, mode: FieldValidation): ParsedBody {
  if (typeof body !== 'string' && body.format === 'protobuf') return { value: body.object, warnings: [] };
  const text = typeof body === 'string' ? body : body.text;
  if (text.trim() === '') throw badRequest('the request body is empty; send a JSON object');
  const { value, duplicates } = parseJsonStrict(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(`the request body must be a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  if (type === null) return { value, warnings: [] };
  const warnings = decodedWarnings(type, value as Record<string, unknown>, mode, duplicates, true);
  return { value, warnings };
}

/**
 * Decodes `obj` (in place: unknown fields dropped) as `type`, per `mode`; throws
 * the 400 a wrong type (any mode) or, in Strict mode, an unknown or duplicate field gets;
 * returns the Warn mode's warnings. `created`: the create/update wording of errors, which names
 * the type; a patch's result is answered without it. `before`: the object a patch started from.
 */
export function decodedWarnings(type: BodyType, obj: Record<string, unknown>, mode: FieldValidation, duplicates: readonly string[] = [], created = false, before?: Record<string, unknown>): string[] {
  const { typeError, unknown } = decodeAs(type.apiVersion, type.kind, obj, true);
  if (typeError !== undefined) throw badRequest(created ? cannotHandle(type.apiVersion, type.kind, typeError) : typeError);
  if (mode === 'Ignore') return [];
  // Unknown fields the object had before the patch (stored before they were dropped on write)
  // go without a word: the request did not send them.
  const had = before && unknown.length ? new Set(decodeAs(type.apiVersion, type.kind, before, false).unknown) : undefined;
  const sent = had ? unknown.filter((p) => !had.has(p)) : unknown;
  const problems = [...sent.map((p) => `unknown field ${JSON.stringify(p)}`), ...duplicates.map((p) => `duplicate field ${JSON.stringify(p)}`)];
  if (problems.length && mode === 'Strict') throw badRequest(`strict decoding error: ${problems.join(', ')}`);
  return problems;
}

export function warningHeaders(warnings: string[]): [string, string][] {
  // Escaped to ASCII: a header value with other characters would not be sent at all.
  return warnings.map((w) => ['Warning', formatWarningHeader(w)]);
}
