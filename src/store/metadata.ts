// Kubernetes' object-metadata rules, applied in one place and free of I/O: uid and
// creationTimestamp on create, generation (bumped on spec changes only), generateName,
// preconditions, and deletion with finalizers. resourceVersion is set by the writer once the
// revision is known.
import { copyObject, mergeObject } from './copy.js';
import { deepEqual } from './deep-equal.js';
import { conflict, invalid, StoreError } from './errors.js';
import type { KObject, ObjectMeta, Preconditions } from './types.js';

/** Sources of non-determinism, injectable so the rules stay testable in tables. */
export interface MetadataEnv {
  now(): string;
  uid(): string;
  /** Random suffix for generateName. */
  suffix(): string;
}

// Kubernetes' utilrand alphabet: no vowels (no accidental words), no confusable 0/1/3.
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const SUFFIX_LENGTH = 5;
const MAX_GENERATED_PREFIX = 63 - SUFFIX_LENGTH;
/** Kubernetes retries a generated name that collides (RetryGenerateName); so do we. */
export const GENERATE_NAME_ATTEMPTS = 8;

// Random bytes drawn 4 KB at a time: one getRandomValues per generated name cost ~10 µs, as
// much as the rest of a create's metadata (a ReplicaSet's pods all use generateName).
const randomPool = new Uint8Array(4096);
let randomAt = randomPool.length;

export function randomSuffix(): string {
  if (randomAt + SUFFIX_LENGTH > randomPool.length) { crypto.getRandomValues(randomPool); randomAt = 0; }
  let s = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++) s += SUFFIX_ALPHABET[randomPool[randomAt++]! % SUFFIX_ALPHABET.length];
  return s;
}

/** RFC 3339 with second precision, as Kubernetes writes metav1.Time. */
let lastSecond = -1;
let lastStamp = '';
export function rfc3339Now(): string {
  // Formatting a date costs microseconds; writes come thousands a second, so reuse per second.
  const sec = Math.floor(Date.now() / 1000);
  if (sec !== lastSecond) { lastSecond = sec; lastStamp = new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'); }
  return lastStamp;
}

export const defaultEnv: MetadataEnv = { now: rfc3339Now, uid: () => crypto.randomUUID(), suffix: randomSuffix };

/** A new object is never being deleted, and its version is the commit's. */
const NOT_ON_CREATE: ReadonlySet<string> = new Set(['deletionTimestamp', 'deletionGracePeriodSeconds', 'resourceVersion']);
const NOT_ON_CLUSTER_CREATE: ReadonlySet<string> = new Set([...NOT_ON_CREATE, 'namespace']);

/** `{ ...o, [key]: value }`, as a fast object (see copy.ts). */
function withField<T extends object, K extends keyof T>(o: T, key: K, value: T[K]): T {
  const out = copyObject(o);
  out[key] = value;
  return out;
}

/**
 * The object to store for a create. `nameTaken` lets generateName pick another suffix on a
 * collision. Throws StoreError Invalid when no name can be had.
 */
export function prepareCreate(resource: string, input: KObject, namespace: string | undefined, env: MetadataEnv, nameTaken: (name: string) => boolean): KObject {
  // Copied property by property, never spread-and-extended or deleted from: either would turn
  // it into a slow dictionary object (see copy.ts).
  const meta: ObjectMeta = copyObject(input.metadata ?? {}, namespace === undefined ? NOT_ON_CLUSTER_CREATE : NOT_ON_CREATE);
  if (!meta.name) {
    if (!meta.generateName) throw invalid(resource, '', [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }]);
    const prefix = meta.generateName.slice(0, MAX_GENERATED_PREFIX);
    let name = prefix + env.suffix();
    for (let i = 1; i < GENERATE_NAME_ATTEMPTS && nameTaken(name); i++) name = prefix + env.suffix();
    meta.name = name;
  }
  if (namespace !== undefined) meta.namespace = namespace;
  meta.uid = env.uid();
  meta.creationTimestamp = env.now();
  meta.generation = 1;
  return withField(input, 'metadata', meta);
}

function checkPreconditions(resource: string, current: KObject, p: Preconditions): void {
  const name = current.metadata.name ?? '';
  if (p.uid && p.uid !== current.metadata.uid)
    throw conflict(resource, name, `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${current.metadata.uid}`);
  if (p.resourceVersion && p.resourceVersion !== current.metadata.resourceVersion)
    throw conflict(resource, name, `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
}

export interface UpdateOutcome {
  object: KObject;
  /** The update emptied the finalizers of an object marked for deletion: it is now gone. */
  removed: boolean;
}

const NO_STATUS: ReadonlySet<string> = new Set(['status']);

/** The object to store for an update of `current` by `input`. Throws Conflict or Invalid. */
export function prepareUpdate(resource: string, current: KObject, input: KObject, subresource: 'status' | undefined): UpdateOutcome {
  const cm = current.metadata;
  const im = input.metadata ?? {};
  // A stale resourceVersion is a Conflict; an empty one is an unconditional update.
  if (im.resourceVersion && im.resourceVersion !== cm.resourceVersion) throw conflict(resource, cm.name ?? '');
  if (im.uid && im.uid !== cm.uid)
    throw conflict(resource, cm.name ?? '', `Precondition failed: UID in precondition: ${im.uid}, UID in object meta: ${cm.uid}`);
  let next: KObject;
  if (subresource === 'status') {
    next = copyObject(current, input.status === undefined ? NO_STATUS : undefined);
    next.metadata = copyObject(cm);
    // the API records who wrote status (server-side apply's managedFields)
    if (im.managedFields !== undefined) next.metadata.managedFields = im.managedFields;
    if (input.status !== undefined) next.status = input.status;
  } else {
    const meta = mergeObject<ObjectMeta>(im, {
      // Identity and lifecycle fields are the server's; a client can't change them by update.
      name: cm.name, namespace: cm.namespace, uid: cm.uid, creationTimestamp: cm.creationTimestamp,
      deletionTimestamp: cm.deletionTimestamp, deletionGracePeriodSeconds: cm.deletionGracePeriodSeconds,
      generateName: cm.generateName,
      generation: deepEqual(current.spec, input.spec) ? cm.generation : (cm.generation ?? 0) + 1,
    }, true);
    next = withField(input, 'metadata', meta);
  }
  const marked = !!cm.deletionTimestamp;
  const finalizers = next.metadata.finalizers ?? [];
  if (marked) {
    const before = new Set(cm.finalizers ?? []);
    const added = finalizers.filter((f) => !before.has(f));
    if (added.length > 0)
      throw invalid(resource, cm.name ?? '', [{ reason: 'FieldValueForbidden', field: 'metadata.finalizers', message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}` }]);
  }
  // Removing the last finalizer of a marked object removes it; other updates of a marked
  // object (a terminating pod's status, a terminating namespace's phase) keep it.
  const hadFinalizers = (cm.finalizers?.length ?? 0) > 0;
  return { object: next, removed: marked && hadFinalizers && finalizers.length === 0 && !((cm.deletionGracePeriodSeconds ?? 0) > 0) };
}

export interface DeleteOutcome {
  /** The object's state after the delete (marked), or its last state (removed). */
  object: KObject;
  removed: boolean;
  /** False when nothing is written: the object was already marked and still has finalizers. */
  changed: boolean;
}

function plusSeconds(rfc3339: string, seconds: number): string {
  return new Date(Date.parse(rfc3339) + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface DeleteRequest {
  preconditions?: Preconditions;
  addFinalizers?: string[];
  gracePeriodSeconds?: number;
  keep?: boolean;
}

/** A removed object's last state: its own metadata, which takes the deletion's resourceVersion (`current` is shared). */
const lastState = (current: KObject): KObject => withField(current, 'metadata', copyObject(current.metadata));

/**
 * Remove or mark. An object with finalizers (its own or added now), a grace
 * period left, or `keep` is marked with deletionTimestamp instead of removed.
 */
export function prepareDelete(resource: string, current: KObject, request: DeleteRequest | undefined, env: MetadataEnv): DeleteOutcome {
  if (request?.preconditions) checkPreconditions(resource, current, request.preconditions);
  const cm = current.metadata;
  const grace = request?.gracePeriodSeconds;
  const finalizers = [...(cm.finalizers ?? [])];
  for (const f of request?.addFinalizers ?? []) if (!finalizers.includes(f) && !cm.deletionTimestamp) finalizers.push(f);
  if (cm.deletionTimestamp) {
    // Already marked: a shorter grace brings the deadline forward; grace 0 with no finalizers removes.
    if (finalizers.length === 0 && (grace === 0 || (!request?.keep && grace === undefined && !cm.deletionGracePeriodSeconds))) {
      return { object: lastState(current), removed: true, changed: true };
    }
    if (grace !== undefined && grace < (cm.deletionGracePeriodSeconds ?? 0)) {
      const meta = mergeObject<ObjectMeta>(cm, { deletionTimestamp: plusSeconds(env.now(), grace), deletionGracePeriodSeconds: grace }, false);
      return { object: withField(current, 'metadata', meta), removed: false, changed: true };
    }
    return { object: current, removed: false, changed: false };
  }
  const graceful = grace !== undefined && grace > 0;
  if (finalizers.length === 0 && !graceful && !request?.keep) return { object: lastState(current), removed: true, changed: true };
  // Marking for deletion bumps generation, as Kubernetes does, so controllers notice.
  const meta = mergeObject<ObjectMeta>(cm, {
    deletionTimestamp: graceful ? plusSeconds(env.now(), grace!) : env.now(),
    deletionGracePeriodSeconds: graceful ? grace! : 0,
    generation: (cm.generation ?? 0) + 1,
  }, false);
  if (finalizers.length) meta.finalizers = finalizers;
  return { object: withField(current, 'metadata', meta), removed: false, changed: true };
}

export { StoreError };
