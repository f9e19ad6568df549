// Key schemes.
//
// Object keys follow Kubernetes' registry layout, made explicit about the group:
//   namespaced:     /<group>/<resource>/<namespace>/<name>     e.g. /core/pods/default/web-1
//   cluster-scoped: /<group>/<resource>/<name>                 e.g. /core/nodes/node-1
// The core group ('') is spelled `core`. The resource prefix `/<group>/<resource>/` identifies a
// resource type; names and namespaces never contain '/', so keys sort by namespace, then name.
//
// Journal (LevelDB) keys:
//   log/<rev as 16 decimal digits>  one committed change (sorts by revision)
//   meta/format                     on-disk format version
//   meta/revision                   newest assigned revision (survives compaction of a trailing tombstone)
//   meta/compacted                  compaction point
//   meta/structures                 msgpackr shared record structures
import type { ResourceRef } from './types.js';

export function resourcePrefix(r: ResourceRef): string {
  return `/${r.group === '' ? 'core' : r.group}/${r.resource}/`;
}

export function objectKey(r: ResourceRef, namespace: string | undefined, name: string): string {
  return r.namespaced ? `${resourcePrefix(r)}${namespace ?? ''}/${name}` : `${resourcePrefix(r)}${name}`;
}

/** The name Kubernetes uses for a resource in messages: "pods", "deployments.apps". */
export function qualifiedResource(r: ResourceRef): string {
  return r.group === '' ? r.resource : `${r.resource}.${r.group}`;
}

const REV_DIGITS = 16;
export const LOG_PREFIX = 'log/';
export const META_FORMAT = 'meta/format';
export const META_REVISION = 'meta/revision';
export const META_COMPACTED = 'meta/compacted';
export const META_STRUCTURES = 'meta/structures';

const ZEROS = Array.from({ length: REV_DIGITS + 1 }, (_, n) => '0'.repeat(n));

export function logKey(rev: number): string {
  const digits = String(rev);
  return digits.length >= REV_DIGITS ? LOG_PREFIX + digits : LOG_PREFIX + ZEROS[REV_DIGITS - digits.length]! + digits;
}

export function revOfLogKey(key: string): number {
  return Number(key.slice(LOG_PREFIX.length));
}
/** Upper bound (exclusive) for iterating every log key. */
export const LOG_END = 'log0';
