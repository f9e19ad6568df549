// apps/v1 kinds: Deployment, ReplicaSet, StatefulSet.
import type { KObject } from '../../store/types.js';
import {
  DEPLOYMENT_COLUMNS, REPLICASET_COLUMNS, STATEFULSET_COLUMNS, deploymentCells, replicaSetCells, statefulSetCells,
} from '../tables.js';
import {
  validateDeploymentSpec, validateReplicaSetSpec, validateSelectorUnchanged, validateStatefulSetSpec, validateStatefulSetSpecUpdate,
} from '../validation/apps.js';
import { nameIsDNSSubdomain } from '../validation/names.js';
import { defaultPodTemplate } from './defaults.js';
import { VERBS_ALL, type ResourceType } from './types.js';

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const SCALE = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' };

function apps(kind: string, resource: string, shortName: string) {
  return {
    group: 'apps', version: 'v1', kind, resource, namespaced: true,
    singular: kind.toLowerCase(), listKind: `${kind}List`,
    shortNames: [shortName], categories: ['all'], verbs: VERBS_ALL,
    subresources: { status: true, scale: SCALE },
    nameFn: nameIsDNSSubdomain,
  };
}

function spec(obj: KObject): Record<string, any> {
  if (!isObj(obj.spec)) obj.spec = {};
  return obj.spec;
}

/** On create the controller owns status: start from none. On update, status stays as stored. */
const clearStatus = (obj: KObject): void => {
  delete obj.status;
};
const keepStatus = (obj: KObject, old: KObject): void => {
  if (old.status === undefined) delete obj.status;
  else obj.status = old.status;
};

export const deployments: ResourceType = {
  ...apps('Deployment', 'deployments', 'deploy'),
  default(obj) {
    const s = spec(obj);
    s.replicas ??= 1;
    if (!isObj(s.strategy)) s.strategy = {};
    if (!s.strategy.type) s.strategy.type = 'RollingUpdate';
    if (s.strategy.type === 'RollingUpdate') {
      if (!isObj(s.strategy.rollingUpdate)) s.strategy.rollingUpdate = {};
      s.strategy.rollingUpdate.maxUnavailable ??= '25%';
      s.strategy.rollingUpdate.maxSurge ??= '25%';
    }
    s.revisionHistoryLimit ??= 10;
    s.progressDeadlineSeconds ??= 600;
    defaultPodTemplate(s.template ?? (s.template = {}));
  },
  prepareForCreate: clearStatus,
  prepareForUpdate: keepStatus,
  validate(obj, old) {
    const errs = validateDeploymentSpec(obj.spec);
    if (old) errs.push(...validateSelectorUnchanged(obj.spec, old.spec));
    return errs;
  },
  columns: DEPLOYMENT_COLUMNS,
  cells: deploymentCells,
};

export const replicasets: ResourceType = {
  ...apps('ReplicaSet', 'replicasets', 'rs'),
  default(obj) {
    const s = spec(obj);
    s.replicas ??= 1;
    defaultPodTemplate(s.template ?? (s.template = {}));
  },
  prepareForCreate: clearStatus,
  prepareForUpdate: keepStatus,
  validate(obj, old) {
    const errs = validateReplicaSetSpec(obj.spec);
    if (old) errs.push(...validateSelectorUnchanged(obj.spec, old.spec));
    return errs;
  },
  columns: REPLICASET_COLUMNS,
  cells: replicaSetCells,
};

export const statefulsets: ResourceType = {
  ...apps('StatefulSet', 'statefulsets', 'sts'),
  default(obj) {
    const s = spec(obj);
    if (!s.podManagementPolicy) s.podManagementPolicy = 'OrderedReady';
    if (!isObj(s.updateStrategy)) s.updateStrategy = {};
    if (!s.updateStrategy.type) {
      s.updateStrategy.type = 'RollingUpdate';
      if (!isObj(s.updateStrategy.rollingUpdate)) s.updateStrategy.rollingUpdate = {};
    }
    if (s.updateStrategy.type === 'RollingUpdate' && isObj(s.updateStrategy.rollingUpdate)) s.updateStrategy.rollingUpdate.partition ??= 0;
    if (!isObj(s.persistentVolumeClaimRetentionPolicy)) s.persistentVolumeClaimRetentionPolicy = {};
    s.persistentVolumeClaimRetentionPolicy.whenDeleted ||= 'Retain';
    s.persistentVolumeClaimRetentionPolicy.whenScaled ||= 'Retain';
    s.replicas ??= 1;
    s.revisionHistoryLimit ??= 10;
    for (const pvc of Array.isArray(s.volumeClaimTemplates) ? s.volumeClaimTemplates : []) {
      if (!isObj(pvc)) continue;
      pvc.apiVersion ??= 'v1';
      pvc.kind ??= 'PersistentVolumeClaim';
      if (!isObj(pvc.spec)) pvc.spec = {};
      pvc.spec.volumeMode ??= 'Filesystem';
      if (!isObj(pvc.status)) pvc.status = { phase: 'Pending' };
    }
    defaultPodTemplate(s.template ?? (s.template = {}));
  },
  prepareForCreate: clearStatus,
  prepareForUpdate: keepStatus,
  validate(obj, old) {
    const errs = validateStatefulSetSpec(obj.spec);
    if (old) {
      errs.push(...validateStatefulSetSpecUpdate(obj.spec, old.spec));
      errs.push(...validateSelectorUnchanged(obj.spec, old.spec));
    }
    return errs;
  },
  columns: STATEFULSET_COLUMNS,
  cells: statefulSetCells,
};

export const APPS_RESOURCES: readonly ResourceType[] = [deployments, replicasets, statefulsets];
