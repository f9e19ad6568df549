// autoscaling/v2 HorizontalPodAutoscaler and coordination.k8s.io/v1 Lease.
import { HPA_COLUMNS, LEASE_COLUMNS, hpaCells, leaseCells } from '../tables.js';
import { type FieldError, invalid, notSupported, required } from '../validation/field.js';
import { nameIsDNSSubdomain } from '../validation/names.js';
import { VERBS_ALL, type ResourceType } from './types.js';

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];

function scaleUpRules(r: Record<string, any> | undefined): Record<string, any> {
  const out = isObj(r) ? r : {};
  out.stabilizationWindowSeconds ??= 0;
  out.selectPolicy ??= 'Max';
  out.policies ??= [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ];
  return out;
}

function scaleDownRules(r: Record<string, any> | undefined): Record<string, any> {
  const out = isObj(r) ? r : {};
  out.stabilizationWindowSeconds ??= 300;
  out.selectPolicy ??= 'Max';
  out.policies ??= [{ type: 'Percent', value: 100, periodSeconds: 15 }];
  return out;
}

export const horizontalpodautoscalers: ResourceType = {
  group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers', namespaced: true,
  singular: 'horizontalpodautoscaler', listKind: 'HorizontalPodAutoscalerList',
  shortNames: ['hpa'], categories: ['all'], verbs: VERBS_ALL,
  subresources: { status: true },
  nameFn: nameIsDNSSubdomain,
  default(obj) {
    if (!isObj(obj.spec)) obj.spec = {};
    const s = obj.spec;
    s.minReplicas ??= 1;
    if (!Array.isArray(s.metrics) || s.metrics.length === 0)
      s.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
    if (isObj(s.behavior)) {
      s.behavior.scaleUp = scaleUpRules(s.behavior.scaleUp);
      s.behavior.scaleDown = scaleDownRules(s.behavior.scaleDown);
    }
  },
  prepareForCreate(obj) {
    delete obj.status;
  },
  prepareForUpdate(obj, old) {
    if (old.status === undefined) delete obj.status;
    else obj.status = old.status;
  },
  validate(obj) {
    const errs: FieldError[] = [];
    const s = isObj(obj.spec) ? obj.spec : {};
    if (typeof s.minReplicas === 'number' && s.minReplicas < 1)
      errs.push(invalid('spec.minReplicas', s.minReplicas, 'must be greater than or equal to 1'));
    const max = typeof s.maxReplicas === 'number' ? s.maxReplicas : 0;
    if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
    if (typeof s.minReplicas === 'number' && max < s.minReplicas)
      errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
    const ref = isObj(s.scaleTargetRef) ? s.scaleTargetRef : {};
    if (!ref.kind) errs.push(required('spec.scaleTargetRef.kind'));
    if (!ref.name) errs.push(required('spec.scaleTargetRef.name'));
    (Array.isArray(s.metrics) ? s.metrics : []).forEach((m: any, i: number) => {
      const p = `spec.metrics[${i}]`;
      if (!m?.type) errs.push(required(`${p}.type`, 'must specify a metric source type'));
      else if (!METRIC_TYPES.includes(m.type)) errs.push(notSupported(`${p}.type`, m.type, METRIC_TYPES));
      else {
        const src = m.type.charAt(0).toLowerCase() + m.type.slice(1);
        if (!isObj(m[src])) errs.push(required(`${p}.${src}`, `must populate information for the given metric source`));
      }
    });
    return errs;
  },
  columns: HPA_COLUMNS,
  cells: hpaCells,
};

export const leases: ResourceType = {
  group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', resource: 'leases', namespaced: true,
  singular: 'lease', listKind: 'LeaseList',
  shortNames: [], categories: [], verbs: VERBS_ALL,
  subresources: {},
  nameFn: nameIsDNSSubdomain,
  default() {},
  validate(obj) {
    const errs: FieldError[] = [];
    const s = isObj(obj.spec) ? obj.spec : {};
    if (typeof s.leaseDurationSeconds === 'number' && s.leaseDurationSeconds <= 0)
      errs.push(invalid('spec.leaseDurationSeconds', s.leaseDurationSeconds, 'must be greater than 0'));
    if (typeof s.leaseTransitions === 'number' && s.leaseTransitions < 0)
      errs.push(invalid('spec.leaseTransitions', s.leaseTransitions, 'must be greater than or equal to 0'));
    return errs;
  },
  columns: LEASE_COLUMNS,
  cells: leaseCells,
};
