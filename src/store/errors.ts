// Typed store errors shaped like Kubernetes' metav1.Status, so the HTTP layer maps them 1:1.

export type StatusReason =
  | 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Expired' | 'Gone' | 'Invalid'
  | 'BadRequest' | 'Timeout' | 'InternalError';

export interface StatusCause { reason: string; message: string; field?: string }

export interface StatusDetails { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number }

export interface Status {
  kind: 'Status'; apiVersion: 'v1'; metadata: Record<string, never>; status: 'Failure';
  message: string; reason: StatusReason; details?: StatusDetails; code: number;
}

const codes: Record<StatusReason, number> = {
  NotFound: 404, AlreadyExists: 409, Conflict: 409, Expired: 410, Gone: 410, Invalid: 422,
  BadRequest: 400, Timeout: 504, InternalError: 500,
};

export class StoreError extends Error {
  readonly code: number;
  constructor(readonly reason: StatusReason, message: string, readonly details?: StatusDetails) {
    super(message);
    this.name = 'StoreError';
    this.code = codes[reason];
  }
  toStatus(): Status {
    const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code };
    if (this.details) s.details = this.details;
    return s;
  }
}

/** Status details as the apiserver fills them: "deployments.apps" → kind "deployments", group "apps". */
function detailsOf(resource: string, name: string): StatusDetails {
  const dot = resource.indexOf('.');
  return dot < 0 ? { name, kind: resource } : { name, group: resource.slice(dot + 1), kind: resource.slice(0, dot) };
}

/** `resource` is the plural lower-case name Kubernetes uses in messages ("pods", "deployments.apps"). */
export const notFound = (resource: string, name: string) =>
  new StoreError('NotFound', `${resource} "${name}" not found`, detailsOf(resource, name));

export const alreadyExists = (resource: string, name: string) =>
  new StoreError('AlreadyExists', `${resource} "${name}" already exists`, detailsOf(resource, name));

export const conflict = (resource: string, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again') =>
  new StoreError('Conflict', `Operation cannot be fulfilled on ${resource} "${name}": ${why}`, detailsOf(resource, name));

export const invalid = (resource: string, name: string, causes: StatusCause[]) =>
  new StoreError('Invalid', `${resource} "${name}" is invalid: ${causes.map((c) => `${c.field ? c.field + ': ' : ''}${c.message}`).join(', ')}`, { ...detailsOf(resource, name), causes });

export const badRequest = (message: string) => new StoreError('BadRequest', message);

export const expired = (message: string) => new StoreError('Expired', message);

export const tooOldResourceVersion = (requested: number, compacted: number) =>
  expired(`too old resource version: ${requested} (${compacted})`);

export const tooLargeResourceVersion = (requested: number, current: number) =>
  new StoreError('Timeout', `Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1,
  });

export const internal = (message: string) => new StoreError('InternalError', message);

/** Opening the journal failed in a way a person must resolve; the message says what to do. */
export type OpenFailure = 'Locked' | 'Corrupt' | 'NewerFormat' | 'UnknownFormat' | 'IOError';

export class JournalOpenError extends Error {
  constructor(readonly failure: OpenFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JournalOpenError';
  }
}
