// Server-side field validation (the `fieldValidation` query parameter):
// unknown fields are found by typed-decode.ts's walk of an object against its kind's schema,
// duplicate fields come from the strict JSON parser. Strict turns them into
// a 400 BadRequest, Warn into `Warning: 299` headers, Ignore drops them.

import { schemaName, SCHEMAS, splitApiVersion } from './openapi/schemas.js';
import { decodeAs } from './typed-decode.js';

export type FieldValidationMode = 'Strict' | 'Warn' | 'Ignore';

export const FIELD_VALIDATION_MODES: readonly FieldValidationMode[] = ['Ignore', 'Warn', 'Strict'];

/**
 * The mode a request asks for. Absent or empty is Warn (the API server's
 * default; kubectl sends Strict itself unless --validate says otherwise).
 * Any other value is an error: the server answers 422 Invalid on the
 * options kind (`CreateOptions.meta.k8s.io "" is invalid: <error>`).
 */
export function fieldValidationMode(param: string | null | undefined):
  { mode: FieldValidationMode } | { error: string; field: 'fieldValidation'; value: string } {
  if (param === undefined || param === null || param === '') return { mode: 'Warn' };
  if ((FIELD_VALIDATION_MODES as readonly string[]).includes(param)) return { mode: param as FieldValidationMode };
  return {
    error: `fieldValidation: Unsupported value: ${JSON.stringify(param)}: supported values: "Ignore", "Warn", "Strict"`,
    field: 'fieldValidation',
    value: param,
  };
}

/** A kind named as `{apiVersion, kind}`, or by its bare name ("Deployment"). */
export type KindRef = string | { apiVersion: string; kind: string };

/** The served apiVersion a kind is checked as: its own, the object's, or the first served kind of that name. */
function typeFor(kind: KindRef, obj: unknown): { apiVersion: string; kind: string } | undefined {
  if (typeof kind === 'object') return kind;
  const apiVersion = isPlainObject(obj) && typeof obj.apiVersion === 'string' ? obj.apiVersion : undefined;
  if (apiVersion !== undefined && schemaName(apiVersion, kind) !== undefined) return { apiVersion, kind };
  for (const schema of Object.values(SCHEMAS)) {
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      if (gvk.kind === kind) return { apiVersion: gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version, kind };
    }
  }
  return undefined;
}

/** Paths of the fields of `obj` that its kind's schema does not know, in document order: "spec.foo", "spec.template.spec.containers[0].imagePolicy". */
export function unknownFields(kind: KindRef, obj: unknown): string[] {
  const type = typeFor(kind, obj);
  // The walk the API decodes bodies with (typed-decode.ts), only looking.
  return type && isPlainObject(obj) ? decodeAs(type.apiVersion, type.kind, obj, false).unknown : [];
}

/**
 * The field validation messages for an object, as Kubernetes words them:
 * `unknown field "spec.foo"` for each unknown field, then
 * `duplicate field "metadata.name"` for each duplicate the parser found.
 * An unknown kind reports duplicates only.
 */
export function checkFields(kind: KindRef, obj: unknown, duplicates: readonly string[] = []): string[] {
  return [
    ...unknownFields(kind, obj).map((p) => `unknown field ${JSON.stringify(p)}`),
    ...duplicates.map((p) => `duplicate field ${JSON.stringify(p)}`),
  ];
}

/** A metav1.Status failure body. */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: 'BadRequest';
  code: 400;
}

export interface FieldValidationOutcome {
  /** Set in Strict mode when there are problems: answer 400 with this body and do not write. */
  error?: StatusBody;
  /** Warn mode: one `Warning` header per entry (see formatWarningHeader). */
  warnings: string[];
}

/**
 * Applies a mode to the problems `checkFields` found. `target` names the kind
 * and version for the message prefix Kubernetes uses on create and update
 * (`Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ...`);
 * without it the message is just `strict decoding error: ...` (as for patches).
 */
export function applyFieldValidation(
  mode: FieldValidationMode,
  problems: readonly string[],
  target?: { apiVersion: string; kind: string },
): FieldValidationOutcome {
  if (problems.length === 0 || mode === 'Ignore') return { warnings: [] };
  if (mode === 'Warn') return { warnings: [...problems] };
  return { error: strictDecodingStatus(problems, target), warnings: [] };
}

/** The 400 Status for a strict decoding failure. */
export function strictDecodingStatus(problems: readonly string[], target?: { apiVersion: string; kind: string }): StatusBody {
  let message = `strict decoding error: ${problems.join(', ')}`;
  if (target) {
    const { version } = splitApiVersion(target.apiVersion);
    message = `${target.kind} in version ${JSON.stringify(version)} cannot be handled as a ${target.kind}: ${message}`;
  }
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 };
}

/** The value of a `Warning` response header for a message: `299 - "unknown field \"spec.foo\""`. */
export function formatWarningHeader(message: string): string {
  // Header values carry printable ASCII only: quotes and backslashes are
  // escaped, control characters become spaces, the rest \uXXXX escapes.
  const clean = message
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/[^\u0020-\u007e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `299 - "${clean}"`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
