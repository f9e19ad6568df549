// apps/v1 validation (pkg/apis/apps/validation): Deployment, ReplicaSet and
// StatefulSet specs, label selectors, int-or-percent values, and what an
// update may not change.

import { labelRequirementsFromObject, labelMatcherFromRequirements, SelectorError } from '../../store/selectors.js';
import {
  type FieldError,
  child,
  forbidden,
  immutable,
  index,
  invalid,
  jsonEqual,
  nonNegative,
  notSupported,
  required,
} from './field.js';
import { validateLabels } from './meta.js';
import { isQualifiedName, isValidLabelValue, isValidPercent } from './names.js';
import { validatePodTemplateSpec } from './pod.js';

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** metav1 ValidateLabelSelector (label values checked strictly). */
export function validateLabelSelector(sel: unknown, path: string): FieldError[] {
  if (!isObj(sel)) return [];
  const errs: FieldError[] = [];
  errs.push(...validateLabels(sel.matchLabels, child(path, 'matchLabels')));
  (Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []).forEach((e: any, i: number) => {
    const p = index(child(path, 'matchExpressions'), i);
    const values: unknown[] = Array.isArray(e?.values) ? e.values : [];
    switch (e?.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) errs.push(forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(child(p, 'operator'), e?.operator ?? '', 'not a valid selector operator'));
    }
    const k = String(e?.key ?? '');
    for (const m of isQualifiedName(k)) errs.push(invalid(child(p, 'key'), k, m));
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(String(v))) errs.push(invalid(index(child(p, 'values'), j), v, m));
    });
  });
  return errs;
}

/** intstr value as getIntOrPercentValue reads it: the number, or the percent's number; NaN when malformed. */
function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^[0-9]+%$/.test(v)) return Number(v.slice(0, -1));
  return Number.NaN;
}

/** ValidatePositiveIntOrPercent. */
export function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalid(path, v, m));
  if (typeof v === 'number') return nonNegative(path, v);
  if (v === undefined || v === null) return [];
  return [invalid(path, v, "must be an integer or percentage (e.g '5%')")];
}

function notMoreThan100Percent(v: unknown, path: string): FieldError[] {
  if (typeof v !== 'string' || isValidPercent(v).length) return [];
  return intOrPercentValue(v) > 100 ? [invalid(path, v, 'must not be greater than 100%')] : [];
}

function validateRollingUpdateDeployment(ru: Record<string, any>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, child(path, 'maxUnavailable')));
  errs.push(...validatePositiveIntOrPercent(ru.maxSurge, child(path, 'maxSurge')));
  if (intOrPercentValue(ru.maxUnavailable ?? 0) === 0 && intOrPercentValue(ru.maxSurge ?? 0) === 0)
    errs.push(invalid(child(path, 'maxUnavailable'), ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'));
  errs.push(...notMoreThan100Percent(ru.maxUnavailable, child(path, 'maxUnavailable')));
  return errs;
}

function validateDeploymentStrategy(strategy: unknown, path: string): FieldError[] {
  const s = isObj(strategy) ? strategy : {};
  switch (s.type) {
    case 'Recreate':
      return isObj(s.rollingUpdate) ? [forbidden(child(path, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")] : [];
    case 'RollingUpdate':
      return isObj(s.rollingUpdate)
        ? validateRollingUpdateDeployment(s.rollingUpdate, child(path, 'rollingUpdate'))
        : [required(child(path, 'rollingUpdate'), 'this should be defaulted and never be nil')];
    default:
      return [notSupported(path, s, ['Recreate', 'RollingUpdate'])];
  }
}

/** The selector's requirements, or an error when it cannot be converted (LabelSelectorAsSelector). */
function selectorMatcher(sel: unknown): ((labels: Record<string, string> | undefined) => boolean) | 'invalid' {
  try {
    return labelMatcherFromRequirements(labelRequirementsFromObject(isObj(sel) ? (sel as any) : null));
  } catch (e) {
    if (e instanceof SelectorError) return 'invalid';
    throw e;
  }
}

const selectorEmpty = (sel: unknown): boolean =>
  !isObj(sel) || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);

/** selector present, valid, non-empty; kindWord ends the "empty selector" message. */
function validateSelector(sel: unknown, path: string, emptyMsg: string): FieldError[] {
  if (!isObj(sel)) return [required(path)];
  const errs = validateLabelSelector(sel, path);
  if (selectorEmpty(sel)) errs.push(invalid(path, sel, emptyMsg));
  return errs;
}

/** ValidatePodTemplateSpecForReplicaSet: selector must match the template, restartPolicy Always. */
function validateTemplateForController(spec: Record<string, any>, path: string, activeDeadlineMsg: string | null): FieldError[] {
  const errs: FieldError[] = [];
  const tPath = child(path, 'template');
  const matcher = selectorMatcher(spec.selector);
  if (matcher === 'invalid') {
    errs.push(invalid(child(path, 'selector'), spec.selector, 'invalid label selector'));
    return errs;
  }
  const template = isObj(spec.template) ? spec.template : undefined;
  if (!template) return [...errs, required(tPath)];
  const labels = isObj(template.metadata?.labels) ? template.metadata.labels : {};
  if (!selectorEmpty(spec.selector) && !matcher(labels))
    errs.push(invalid(child(tPath, 'metadata', 'labels'), labels, '`selector` does not match template `labels`'));
  errs.push(...validatePodTemplateSpec(template, tPath));
  const restart = template.spec?.restartPolicy ?? '';
  if (restart !== 'Always') errs.push(notSupported(child(tPath, 'spec', 'restartPolicy'), restart, ['Always']));
  const ads = template.spec?.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null) {
    errs.push(
      activeDeadlineMsg === null
        ? invalid(child(tPath, 'spec', 'activeDeadlineSeconds'), ads, 'must not be specified')
        : forbidden(child(tPath, 'spec', 'activeDeadlineSeconds'), activeDeadlineMsg),
    );
  }
  return errs;
}

export function validateDeploymentSpec(spec: unknown, path = 'spec'): FieldError[] {
  const s = isObj(spec) ? spec : {};
  const errs: FieldError[] = [];
  errs.push(...nonNegative(child(path, 'replicas'), s.replicas));
  errs.push(...validateSelector(s.selector, child(path, 'selector'), 'empty selector is invalid for deployment'));
  errs.push(...validateTemplateForController(s, path, 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  errs.push(...validateDeploymentStrategy(s.strategy, child(path, 'strategy')));
  errs.push(...nonNegative(child(path, 'minReadySeconds'), s.minReadySeconds));
  errs.push(...nonNegative(child(path, 'revisionHistoryLimit'), s.revisionHistoryLimit));
  if (typeof s.progressDeadlineSeconds === 'number') {
    errs.push(...nonNegative(child(path, 'progressDeadlineSeconds'), s.progressDeadlineSeconds));
    if (s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0))
      errs.push(invalid(child(path, 'progressDeadlineSeconds'), s.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

export function validateReplicaSetSpec(spec: unknown, path = 'spec'): FieldError[] {
  const s = isObj(spec) ? spec : {};
  const errs: FieldError[] = [];
  errs.push(...nonNegative(child(path, 'replicas'), s.replicas));
  errs.push(...nonNegative(child(path, 'minReadySeconds'), s.minReadySeconds));
  errs.push(...validateSelector(s.selector, child(path, 'selector'), 'empty selector is invalid for deployment'));
  errs.push(...validateTemplateForController(s, path, 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  return errs;
}

export function validateStatefulSetSpec(spec: unknown, path = 'spec'): FieldError[] {
  const s = isObj(spec) ? spec : {};
  const errs: FieldError[] = [];
  switch (s.podManagementPolicy ?? '') {
    case '':
      errs.push(required(child(path, 'podManagementPolicy')));
      break;
    case 'OrderedReady':
    case 'Parallel':
      break;
    default:
      errs.push(invalid(child(path, 'podManagementPolicy'), s.podManagementPolicy, "must be 'OrderedReady' or 'Parallel'"));
  }
  const us = isObj(s.updateStrategy) ? s.updateStrategy : {};
  switch (us.type ?? '') {
    case '':
      errs.push(required(child(path, 'updateStrategy')));
      break;
    case 'OnDelete':
      if (isObj(us.rollingUpdate))
        errs.push(invalid(child(path, 'updateStrategy', 'rollingUpdate'), us.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"));
      break;
    case 'RollingUpdate':
      if (isObj(us.rollingUpdate)) {
        errs.push(...nonNegative(child(path, 'updateStrategy', 'rollingUpdate', 'partition'), us.rollingUpdate.partition));
        if (us.rollingUpdate.maxUnavailable !== undefined) {
          const mu = us.rollingUpdate.maxUnavailable;
          const p = child(path, 'updateStrategy', 'rollingUpdate', 'maxUnavailable');
          errs.push(...validatePositiveIntOrPercent(mu, p));
          if (intOrPercentValue(mu) === 0) errs.push(invalid(p, mu, 'must be greater than 0'));
          errs.push(...notMoreThan100Percent(mu, p));
        }
      }
      break;
    default:
      errs.push(invalid(child(path, 'updateStrategy'), us, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const retention = isObj(s.persistentVolumeClaimRetentionPolicy) ? s.persistentVolumeClaimRetentionPolicy : undefined;
  if (retention) {
    for (const f of ['whenDeleted', 'whenScaled']) {
      const v = retention[f] ?? '';
      if (v !== 'Retain' && v !== 'Delete')
        errs.push(notSupported(child(path, 'persistentVolumeClaimRetentionPolicy', f), v, ['Retain', 'Delete']));
    }
  }
  errs.push(...nonNegative(child(path, 'replicas'), s.replicas));
  errs.push(...nonNegative(child(path, 'minReadySeconds'), s.minReadySeconds));
  if (isObj(s.ordinals)) errs.push(...nonNegative(child(path, 'ordinals', 'start'), s.ordinals.start));
  errs.push(...validateSelector(s.selector, child(path, 'selector'), 'empty selector is invalid for statefulset'));
  // StatefulSet pods may mount their volumeClaimTemplates: make those names known to the template check.
  const claims = (Array.isArray(s.volumeClaimTemplates) ? s.volumeClaimTemplates : [])
    .map((c: any) => c?.metadata?.name)
    .filter((n: unknown): n is string => typeof n === 'string' && n !== '');
  const withClaims = claims.length
    ? {
        ...s,
        template: isObj(s.template)
          ? {
              ...s.template,
              spec: {
                ...(s.template.spec ?? {}),
                volumes: [
                  ...(Array.isArray(s.template.spec?.volumes) ? s.template.spec.volumes : []),
                  ...claims
                    .filter((n: string) => !(s.template.spec?.volumes ?? []).some((v: any) => v?.name === n))
                    .map((n: string) => ({ name: n, persistentVolumeClaim: { claimName: n } })),
                ],
              },
            }
          : s.template,
      }
    : s;
  errs.push(...validateTemplateForController(withClaims, path, null));
  return errs;
}

/** apps/v1 forbids changing the selector of a Deployment, ReplicaSet or StatefulSet. */
export function validateSelectorUnchanged(spec: unknown, oldSpec: unknown, path = 'spec'): FieldError[] {
  const sel = isObj(spec) ? spec.selector : undefined;
  const oldSel = isObj(oldSpec) ? oldSpec.selector : undefined;
  return immutable(child(path, 'selector'), sel, oldSel);
}

const STATEFULSET_UPDATABLE = [
  'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds',
];

/** ValidateStatefulSetUpdate: fields other than these may not change. */
export function validateStatefulSetSpecUpdate(spec: unknown, oldSpec: unknown): FieldError[] {
  const s = isObj(spec) ? { ...spec } : {};
  const o = isObj(oldSpec) ? { ...oldSpec } : {};
  for (const f of STATEFULSET_UPDATABLE) {
    delete s[f];
    delete o[f];
  }
  return jsonEqual(s, o)
    ? []
    : [forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")];
}
