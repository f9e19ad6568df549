// ObjectMeta validation (apimachinery api/validation/objectmeta.go and core's
// finalizer rule): names, generateName, namespace, labels, annotations,
// owner references, finalizers; and what an update may not change.

import type { KObject, ObjectMeta } from '../../store/types.js';
import {
  type FieldError,
  child,
  forbidden,
  immutable,
  index,
  invalid,
  required,
  tooLong,
} from './field.js';
import { byteLength, isQualifiedName, isValidLabelValue, nameIsDNSLabel, type NameValidator } from './names.js';

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** unversioned ValidateLabels: every error reported at the map's path. */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  if (labels === undefined || labels === null) return [];
  if (typeof labels !== 'object' || Array.isArray(labels)) return [invalid(path, labels, 'must be a map of strings')];
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels)) {
    for (const m of isQualifiedName(k)) errs.push(invalid(path, k, m));
    if (typeof v !== 'string') {
      errs.push(invalid(path, v, 'must be a string'));
      continue;
    }
    for (const m of isValidLabelValue(v)) errs.push(invalid(path, v, m));
  }
  return errs;
}

/** ValidateAnnotations: keys are qualified names (case-insensitive); keys + values ≤ 256 KiB. */
export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  if (annotations === undefined || annotations === null) return [];
  if (typeof annotations !== 'object' || Array.isArray(annotations)) return [invalid(path, annotations, 'must be a map of strings')];
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, m));
    total += byteLength(k) + (typeof v === 'string' ? byteLength(v) : 0);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

function validateOwnerReferences(refs: ObjectMeta['ownerReferences'], path: string): FieldError[] {
  if (!Array.isArray(refs)) return [];
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs) {
    const apiVersion = ref?.apiVersion ?? '';
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (!version) errs.push(invalid(child(path, 'apiVersion'), apiVersion, 'version must not be empty'));
    if (!ref?.kind) errs.push(invalid(child(path, 'kind'), ref?.kind ?? '', 'must not be empty'));
    if (!ref?.name) errs.push(invalid(child(path, 'name'), ref?.name ?? '', 'must not be empty'));
    if (!ref?.uid) errs.push(invalid(child(path, 'uid'), ref?.uid ?? '', 'must not be empty'));
    if (apiVersion === 'v1' && ref?.kind === 'Event')
      errs.push(invalid(path, ref, '/v1, Kind=Event is disallowed from being an owner'));
    if (ref?.controller === true) {
      const name = `${ref.kind}/${ref.name}`;
      if (firstController)
        errs.push(invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${name}`));
      else firstController = name;
    }
  }
  return errs;
}

/** apimachinery ValidateFinalizers + core's validateKubeFinalizerName. */
export function validateFinalizers(finalizers: unknown, path: string, indexed: boolean): FieldError[] {
  if (!Array.isArray(finalizers)) return [];
  const errs: FieldError[] = [];
  finalizers.forEach((f: unknown) => {
    const s = String(f);
    for (const m of isQualifiedName(s)) errs.push(invalid(path, s, m));
  });
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion'))
    errs.push(invalid(path, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'));
  finalizers.forEach((f: unknown, i) => {
    const s = String(f);
    if (!s.includes('/') && !STANDARD_FINALIZERS.has(s))
      errs.push(invalid(indexed ? index(path, i) : path, s, 'name is neither a standard finalizer name nor is it fully qualified'));
  });
  return errs;
}

export interface MetaRules {
  namespaced: boolean;
  /** NameIsDNSSubdomain for most kinds, NameIsDNSLabel for Namespace (and Service). */
  nameFn: NameValidator;
}

/** ValidateObjectMeta on create (generateName, when given, has already produced a name or not). */
export function validateObjectMetaCreate(meta: ObjectMeta | undefined, rules: MetaRules, path = 'metadata'): FieldError[] {
  const m: ObjectMeta = meta ?? {};
  const errs: FieldError[] = [];
  if (m.generateName) for (const msg of rules.nameFn(m.generateName, true)) errs.push(invalid(child(path, 'generateName'), m.generateName, msg));
  // The store picks the name from generateName after validation; the prefix alone is checked then.
  if (!m.name) {
    if (!m.generateName) errs.push(required(child(path, 'name'), 'name or generateName is required'));
  } else for (const msg of rules.nameFn(m.name, false)) errs.push(invalid(child(path, 'name'), m.name, msg));
  errs.push(...validateObjectMetaCommon(m, rules, path));
  return errs;
}

function validateObjectMetaCommon(m: ObjectMeta, rules: MetaRules, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (rules.namespaced) {
    if (!m.namespace) errs.push(required(child(path, 'namespace')));
    else for (const msg of nameIsDNSLabel(m.namespace, false)) errs.push(invalid(child(path, 'namespace'), m.namespace, msg));
  } else if (m.namespace) {
    errs.push(forbidden(child(path, 'namespace'), 'not allowed on this type'));
  }
  if (typeof m.generation === 'number' && m.generation < 0)
    errs.push(invalid(child(path, 'generation'), m.generation, 'must be greater than or equal to 0'));
  errs.push(...validateLabels(m.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(m.annotations, child(path, 'annotations')));
  errs.push(...validateOwnerReferences(m.ownerReferences, child(path, 'ownerReferences')));
  errs.push(...validateFinalizers(m.finalizers, child(path, 'finalizers'), true));
  return errs;
}

/** ValidateObjectMetaUpdate: identity and lifecycle fields may not change; the rest is validated again. */
export function validateObjectMetaUpdate(meta: ObjectMeta | undefined, oldMeta: ObjectMeta | undefined, rules: MetaRules, path = 'metadata'): FieldError[] {
  const m: ObjectMeta = meta ?? {};
  const o: ObjectMeta = oldMeta ?? {};
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    const added = (m.finalizers ?? []).filter((f) => !(o.finalizers ?? []).includes(f));
    if (added.length)
      errs.push(forbidden(child(path, 'finalizers'), `no new finalizers can be added if the object is being deleted, found new finalizers []string{${[...new Set(added)].sort().map((f) => JSON.stringify(f)).join(', ')}}`));
  }
  // generation is the store's to set (after validation), as the strategies set it in Kubernetes.
  errs.push(...immutable(child(path, 'name'), m.name ?? '', o.name ?? ''));
  errs.push(...immutable(child(path, 'namespace'), m.namespace ?? '', o.namespace ?? ''));
  errs.push(...immutable(child(path, 'uid'), m.uid ?? '', o.uid ?? ''));
  errs.push(...immutable(child(path, 'creationTimestamp'), m.creationTimestamp, o.creationTimestamp));
  errs.push(...immutable(child(path, 'deletionTimestamp'), m.deletionTimestamp, o.deletionTimestamp));
  errs.push(...immutable(child(path, 'deletionGracePeriodSeconds'), m.deletionGracePeriodSeconds, o.deletionGracePeriodSeconds));
  errs.push(...validateLabels(m.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(m.annotations, child(path, 'annotations')));
  errs.push(...validateOwnerReferences(m.ownerReferences, child(path, 'ownerReferences')));
  errs.push(...validateFinalizers(m.finalizers, child(path, 'finalizers'), true));
  return errs;
}

/** Create (old undefined) or update. */
export function validateMeta(obj: KObject, rules: MetaRules, old?: KObject): FieldError[] {
  return old ? validateObjectMetaUpdate(obj.metadata, old.metadata, rules) : validateObjectMetaCreate(obj.metadata, rules);
}
