// metav1.Status: how every failure (and a successful delete) is answered.
import { StoreError, type Status as StoreStatus } from '../store/errors.js';
import { ProtobufError } from './protobuf/index.js';
import { wholeResponse } from '../platform/http.js';
import { StrictJsonError } from './strict-json.js';
import type { FieldError } from './resources/index.js';

export type Reason =
  | 'BadRequest' | 'Unauthorized' | 'Forbidden' | 'NotFound' | 'MethodNotAllowed' | 'NotAcceptable'
  | 'AlreadyExists' | 'Conflict' | 'Expired' | 'Gone' | 'RequestEntityTooLarge' | 'UnsupportedMediaType'
  | 'Invalid' | 'TooManyRequests' | 'InternalError' | 'Timeout' | 'ServiceUnavailable';

const CODES: Record<Reason, number> = {
  BadRequest: 400, Unauthorized: 401, Forbidden: 403, NotFound: 404, MethodNotAllowed: 405, NotAcceptable: 406,
  AlreadyExists: 409, Conflict: 409, Expired: 410, Gone: 410, RequestEntityTooLarge: 413, UnsupportedMediaType: 415,
  Invalid: 422, TooManyRequests: 429, InternalError: 500, Timeout: 504, ServiceUnavailable: 503,
};

export interface StatusDetails {
  name?: string; group?: string; kind?: string; uid?: string;
  causes?: { reason: string; message: string; field?: string }[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status'; apiVersion: 'v1'; metadata: Record<string, never>;
  status: 'Failure' | 'Success'; message?: string; reason?: Reason | StoreStatus['reason'];
  details?: StatusDetails; code: number;
}

/** A failure the API answers with a Status. */
export class ApiError extends Error {
  readonly code: number;
  constructor(readonly reason: Reason, message: string, readonly details?: StatusDetails) {
    super(message);
    this.name = 'ApiError';
    this.code = CODES[reason];
  }
  toStatus(): Status {
    const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code };
    if (this.details) s.details = this.details;
    return s;
  }
}

export const badRequest = (message: string) => new ApiError('BadRequest', message);
export const notFoundPath = (path: string) => new ApiError('NotFound', `the server could not find the requested resource (${path})`);
export const methodNotAllowed = (method: string, what: string) => new ApiError('MethodNotAllowed', `the server does not allow this method on the requested resource (${method} ${what})`);

/** 422 Invalid, as the apiserver words it: `Deployment.apps "x" is invalid: [field: message, ...]`. */
export function invalid(qualifiedKind: string, name: string, kind: string, group: string, errors: FieldError[]): ApiError {
  const parts = errors.map((e) => `${e.field}: ${e.message}`);
  const list = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return new ApiError('Invalid', `${qualifiedKind} "${name}" is invalid: ${list}`, {
    name, group, kind,
    causes: errors.map((e) => ({ reason: e.type, message: e.message, field: e.field })),
  });
}

export function toStatus(err: unknown): Status {
  if (err instanceof ApiError) return err.toStatus();
  if (err instanceof StrictJsonError) return badRequest(`the request body is not valid JSON: ${err.message}`).toStatus();
  if (err instanceof StoreError) return err.toStatus() as Status;
  // A protobuf body that cannot be decoded is the client's mistake, not the server's.
  if (err instanceof ProtobufError) return badRequest(err.message).toStatus();
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `Internal error occurred: ${message}`, reason: 'InternalError', code: 500 };
}

export function successStatus(details?: StatusDetails): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (details) s.details = details;
  return s;
}

export function statusResponse(status: Status, headers: Record<string, string> = {}): Response {
  return wholeResponse(JSON.stringify(status), { status: status.code, headers: { 'content-type': 'application/json', ...headers } });
}
