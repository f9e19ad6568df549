// apps/v1 (Deployment, ReplicaSet, StatefulSet), autoscaling/v1 Scale,
// autoscaling/v2 HorizontalPodAutoscaler and coordination.k8s.io/v1 Lease.

import {
  APPS, AUTOSCALING_V1, AUTOSCALING_V2, COORDINATION, CORE, META, QUANTITY, INT_OR_STRING, TIME, MICRO_TIME,
  type Schema,
  str, bool, int32, int64, enumStr, obj, ref, arrOf, keyedList,
  kindSchema, listSchema,
} from './dsl.js';

const apps = (kind: string) => ({ group: 'apps', version: 'v1', kind });
const hpa = (kind: string) => ({ group: 'autoscaling', version: 'v2', kind });
const lease = (kind: string) => ({ group: 'coordination.k8s.io', version: 'v1', kind });

function condition(owner: string): Schema {
  return obj(`A condition of a ${owner} at a point in time.`, {
    type: str('Condition type.'),
    status: str('True, False or Unknown.'),
    lastTransitionTime: ref(TIME, 'When the status last changed.'),
    reason: str('A CamelCase reason for the last transition.'),
    message: str('Human-readable details of the last transition.'),
  }, ['type', 'status']);
}

export const APPS_SCHEMAS: Record<string, Schema> = {
  // ----------------------------------------------------------- Deployment
  [APPS + 'Deployment']: kindSchema('A Deployment declares the desired state of a set of identical pods and rolls out changes to them through ReplicaSets.', apps('Deployment'), {
    spec: ref(APPS + 'DeploymentSpec', 'The desired behaviour of the Deployment.'),
    status: ref(APPS + 'DeploymentStatus', 'The most recently observed status of the Deployment.'),
  }),
  [APPS + 'DeploymentList']: listSchema(APPS + 'Deployment', apps('DeploymentList'), 'List of deployments.'),
  [APPS + 'DeploymentSpec']: obj('The desired state of a Deployment.', {
    replicas: int32('Number of desired pods. Defaults to 1.'),
    selector: ref(META + 'LabelSelector', 'Label selector for the pods the Deployment manages. It must match the pod template\'s labels and cannot change after creation (apps/v1).'),
    template: ref(CORE + 'PodTemplateSpec', 'The pods to create. Its restartPolicy may only be Always.', { default: {} }),
    strategy: ref(APPS + 'DeploymentStrategy', 'How existing pods are replaced by new ones.', {
      default: {}, 'x-kubernetes-patch-strategy': 'retainKeys',
    }),
    minReadySeconds: int32('Seconds a new pod must be ready, without any container crashing, to count as available. Defaults to 0.'),
    revisionHistoryLimit: int32('Number of old ReplicaSets kept to allow rollback. Defaults to 10.'),
    paused: bool('Pauses the rollout: template changes are not rolled out while set.'),
    progressDeadlineSeconds: int32('Seconds the rollout may make no progress before the Deployment reports ProgressDeadlineExceeded. Defaults to 600.'),
  }, ['selector', 'template']),
  [APPS + 'DeploymentStrategy']: obj('How a Deployment replaces old pods with new ones.', {
    type: enumStr('Type of deployment: "Recreate" (kill all old pods first) or "RollingUpdate" (default: replace gradually).', ['Recreate', 'RollingUpdate']),
    rollingUpdate: ref(APPS + 'RollingUpdateDeployment', 'Rolling update parameters; only when type is RollingUpdate.'),
  }),
  [APPS + 'RollingUpdateDeployment']: obj('How fast a rolling update proceeds.', {
    maxUnavailable: ref(INT_OR_STRING, 'The most pods that can be unavailable during the update: a number (5) or a percentage of desired pods ("10%", rounded down). Cannot be 0 when maxSurge is 0. Defaults to 25%.'),
    maxSurge: ref(INT_OR_STRING, 'The most pods that can be created above the desired number: a number (5) or a percentage of desired pods ("10%", rounded up). Cannot be 0 when maxUnavailable is 0. Defaults to 25%.'),
  }),
  [APPS + 'DeploymentStatus']: obj('The observed state of a Deployment.', {
    observedGeneration: int64('The generation observed by the deployment controller.'),
    replicas: int32('Total non-terminated pods targeted by this Deployment (their labels match the selector).'),
    updatedReplicas: int32('Non-terminated pods that have the desired template.'),
    readyReplicas: int32('Pods with a Ready condition.'),
    availableReplicas: int32('Pods ready for at least minReadySeconds.'),
    unavailableReplicas: int32('Pods still needed for 100% availability: desired minus available.'),
    terminatingReplicas: int32('Pods of this Deployment that are terminating.'),
    conditions: keyedList('The latest observations of the Deployment\'s state (Available, Progressing, ReplicaFailure).', APPS + 'DeploymentCondition', 'type'),
    collisionCount: int32('Count of hash collisions; used to make the name of the newest ReplicaSet unique.'),
  }),
  [APPS + 'DeploymentCondition']: obj('A condition of a Deployment at a point in time.', {
    type: str('Condition type: Available, Progressing or ReplicaFailure.'),
    status: str('True, False or Unknown.'),
    lastUpdateTime: ref(TIME, 'The last time this condition was updated.'),
    lastTransitionTime: ref(TIME, 'When the status last changed.'),
    reason: str('A CamelCase reason, such as NewReplicaSetAvailable or ProgressDeadlineExceeded.'),
    message: str('Human-readable details.'),
  }, ['type', 'status']),

  // ----------------------------------------------------------- ReplicaSet
  [APPS + 'ReplicaSet']: kindSchema('A ReplicaSet keeps a given number of pod replicas running.', apps('ReplicaSet'), {
    spec: ref(APPS + 'ReplicaSetSpec', 'The desired behaviour of the ReplicaSet.'),
    status: ref(APPS + 'ReplicaSetStatus', 'The most recently observed status of the ReplicaSet.'),
  }),
  [APPS + 'ReplicaSetList']: listSchema(APPS + 'ReplicaSet', apps('ReplicaSetList'), 'List of ReplicaSets.'),
  [APPS + 'ReplicaSetSpec']: obj('The desired state of a ReplicaSet.', {
    replicas: int32('Number of desired pods. Defaults to 1.'),
    minReadySeconds: int32('Seconds a new pod must be ready to count as available. Defaults to 0.'),
    selector: ref(META + 'LabelSelector', 'Label selector for the pods; must match the template\'s labels.'),
    template: ref(CORE + 'PodTemplateSpec', 'The pods to create when too few exist.', { default: {} }),
  }, ['selector']),
  [APPS + 'ReplicaSetStatus']: obj('The observed state of a ReplicaSet.', {
    replicas: int32('The most recently observed number of non-terminating replicas.'),
    fullyLabeledReplicas: int32('Replicas whose labels match the template\'s labels.'),
    readyReplicas: int32('Replicas with a Ready condition.'),
    availableReplicas: int32('Replicas ready for at least minReadySeconds.'),
    terminatingReplicas: int32('Replicas that are terminating.'),
    observedGeneration: int64('The generation of the most recently observed ReplicaSet.'),
    conditions: keyedList('The latest observations of the ReplicaSet\'s state.', APPS + 'ReplicaSetCondition', 'type'),
  }, ['replicas']),
  [APPS + 'ReplicaSetCondition']: condition('ReplicaSet'),

  // ---------------------------------------------------------- StatefulSet
  [APPS + 'StatefulSet']: kindSchema('A StatefulSet runs pods with stable identities (name-0, name-1, ...) and stable storage.', apps('StatefulSet'), {
    spec: ref(APPS + 'StatefulSetSpec', 'The desired identities of pods in this set.'),
    status: ref(APPS + 'StatefulSetStatus', 'The current status of the pods in this set.'),
  }),
  [APPS + 'StatefulSetList']: listSchema(APPS + 'StatefulSet', apps('StatefulSetList'), 'List of StatefulSets.'),
  [APPS + 'StatefulSetSpec']: obj('The desired state of a StatefulSet.', {
    replicas: int32('Number of desired pods. Defaults to 1.'),
    selector: ref(META + 'LabelSelector', 'Label selector for the pods; must match the template\'s labels.'),
    template: ref(CORE + 'PodTemplateSpec', 'The pods to create; each gets a unique identity.', { default: {} }),
    volumeClaimTemplates: arrOf('Claims each pod gets, named <template>-<pod>; the pod template must mount them by name.', CORE + 'PersistentVolumeClaim'),
    serviceName: str('The headless Service that governs the pods\' network identity.'),
    podManagementPolicy: enumStr('OrderedReady (default: one at a time, in order) or Parallel.', ['OrderedReady', 'Parallel']),
    updateStrategy: ref(APPS + 'StatefulSetUpdateStrategy', 'How pods are updated when the template changes.', { default: {} }),
    revisionHistoryLimit: int32('Number of old revisions kept. Defaults to 10.'),
    minReadySeconds: int32('Seconds a new pod must be ready to count as available. Defaults to 0.'),
    persistentVolumeClaimRetentionPolicy: ref(APPS + 'StatefulSetPersistentVolumeClaimRetentionPolicy', 'What happens to the claims when the set is deleted or scaled down.'),
    ordinals: ref(APPS + 'StatefulSetOrdinals', 'How replica indices are numbered.'),
  }, ['selector', 'template']),
  [APPS + 'StatefulSetUpdateStrategy']: obj('How a StatefulSet updates its pods.', {
    type: enumStr('RollingUpdate (default) or OnDelete.', ['OnDelete', 'RollingUpdate']),
    rollingUpdate: ref(APPS + 'RollingUpdateStatefulSetStrategy', 'Rolling update parameters; only when type is RollingUpdate.'),
  }),
  [APPS + 'RollingUpdateStatefulSetStrategy']: obj('How fast a StatefulSet rolling update proceeds.', {
    partition: int32('Only pods with an ordinal at least this are updated. Defaults to 0.'),
    maxUnavailable: ref(INT_OR_STRING, 'The most pods that can be unavailable during the update: a number or a percentage. Defaults to 1.'),
  }),
  [APPS + 'StatefulSetPersistentVolumeClaimRetentionPolicy']: obj('What happens to volume claims of a StatefulSet.', {
    whenDeleted: str('Retain (default) or Delete the claims when the set is deleted.'),
    whenScaled: str('Retain (default) or Delete the claims of pods removed by a scale-down.'),
  }),
  [APPS + 'StatefulSetOrdinals']: obj('How StatefulSet replicas are numbered.', {
    start: int32('The number of the first replica. Defaults to 0.'),
  }),
  [APPS + 'StatefulSetStatus']: obj('The observed state of a StatefulSet.', {
    observedGeneration: int64('The most recent generation observed.'),
    replicas: int32('Number of pods created by the controller.'),
    readyReplicas: int32('Pods with a Ready condition.'),
    currentReplicas: int32('Pods at currentRevision.'),
    updatedReplicas: int32('Pods at updateRevision.'),
    currentRevision: str('The revision used for pods 0..currentReplicas-1.'),
    updateRevision: str('The revision used for pods updatedReplicas..replicas-1.'),
    collisionCount: int32('Count of hash collisions of revisions.'),
    conditions: keyedList('The latest observations of the StatefulSet\'s state.', APPS + 'StatefulSetCondition', 'type'),
    availableReplicas: int32('Pods ready for at least minReadySeconds.'),
  }, ['replicas']),
  [APPS + 'StatefulSetCondition']: condition('StatefulSet'),

  // ------------------------------------------------------ autoscaling/v1 Scale
  [AUTOSCALING_V1 + 'Scale']: kindSchema('Scale is the scale subresource of a scalable resource: desired and observed replica counts.', { group: 'autoscaling', version: 'v1', kind: 'Scale' }, {
    spec: ref(AUTOSCALING_V1 + 'ScaleSpec', 'The desired number of replicas.', { default: {} }),
    status: ref(AUTOSCALING_V1 + 'ScaleStatus', 'The observed number of replicas. Read-only.', { default: {} }),
  }),
  [AUTOSCALING_V1 + 'ScaleSpec']: obj('The desired size of a scalable resource.', {
    replicas: int32('Desired number of instances of the scaled object.'),
  }),
  [AUTOSCALING_V1 + 'ScaleStatus']: obj('The observed size of a scalable resource.', {
    replicas: int32('Actual number of instances of the scaled object.'),
    selector: str('The label selector of the pods, in string form (as used by label selector queries).'),
  }, ['replicas']),

  // ---------------------------------------------------- autoscaling/v2 HPA
  [AUTOSCALING_V2 + 'HorizontalPodAutoscaler']: kindSchema('A HorizontalPodAutoscaler scales a workload\'s replicas automatically from observed metrics.', hpa('HorizontalPodAutoscaler'), {
    spec: ref(AUTOSCALING_V2 + 'HorizontalPodAutoscalerSpec', 'The autoscaler\'s behaviour.', { default: {} }),
    status: ref(AUTOSCALING_V2 + 'HorizontalPodAutoscalerStatus', 'The autoscaler\'s current information.', { default: {} }),
  }),
  [AUTOSCALING_V2 + 'HorizontalPodAutoscalerList']: listSchema(AUTOSCALING_V2 + 'HorizontalPodAutoscaler', hpa('HorizontalPodAutoscalerList'), 'List of horizontal pod autoscalers.'),
  [AUTOSCALING_V2 + 'HorizontalPodAutoscalerSpec']: obj('What to scale and how.', {
    scaleTargetRef: ref(AUTOSCALING_V2 + 'CrossVersionObjectReference', 'The scalable resource to scale (through its scale subresource).', { default: {} }),
    minReplicas: int32('The fewest replicas to scale down to. Defaults to 1.'),
    maxReplicas: int32('The most replicas to scale up to; not less than minReplicas.'),
    metrics: arrOf('Metrics used to compute the desired replica count; the largest proposal wins. Defaults to 80% average CPU utilisation.', AUTOSCALING_V2 + 'MetricSpec'),
    behavior: ref(AUTOSCALING_V2 + 'HorizontalPodAutoscalerBehavior', 'Scaling behaviour up and down.'),
  }, ['scaleTargetRef', 'maxReplicas']),
  [AUTOSCALING_V2 + 'CrossVersionObjectReference']: obj('Identifies the scaled resource.', {
    kind: str('Kind of the referent, such as Deployment.'),
    name: str('Name of the referent.'),
    apiVersion: str('API version of the referent.'),
  }, ['kind', 'name']),
  [AUTOSCALING_V2 + 'MetricSpec']: obj('One metric to scale on; type says which member is set.', {
    type: str('Object, Pods, Resource, ContainerResource or External.'),
    object: ref(AUTOSCALING_V2 + 'ObjectMetricSource', 'A metric describing a single object.'),
    pods: ref(AUTOSCALING_V2 + 'PodsMetricSource', 'A metric averaged over the target\'s pods.'),
    resource: ref(AUTOSCALING_V2 + 'ResourceMetricSource', 'A resource metric (cpu, memory) of the target\'s pods.'),
    containerResource: ref(AUTOSCALING_V2 + 'ContainerResourceMetricSource', 'A resource metric of one container of the target\'s pods.'),
    external: ref(AUTOSCALING_V2 + 'ExternalMetricSource', 'A metric not tied to any Kubernetes object.'),
  }, ['type']),
  [AUTOSCALING_V2 + 'MetricIdentifier']: obj('Names a metric.', {
    name: str('Name of the metric.'),
    selector: ref(META + 'LabelSelector', 'Narrows the metric\'s series by labels.'),
  }, ['name']),
  [AUTOSCALING_V2 + 'MetricTarget']: obj('The target value of a metric.', {
    type: str('Utilization, Value or AverageValue.'),
    value: ref(QUANTITY, 'Target value of the metric.'),
    averageValue: ref(QUANTITY, 'Target value averaged across pods.'),
    averageUtilization: int32('Target average utilisation as a percentage of the pods\' requests (Resource metrics only).'),
  }, ['type']),
  [AUTOSCALING_V2 + 'ObjectMetricSource']: obj('A metric of a single object.', {
    describedObject: ref(AUTOSCALING_V2 + 'CrossVersionObjectReference', 'The object.', { default: {} }),
    target: ref(AUTOSCALING_V2 + 'MetricTarget', 'The target.', { default: {} }),
    metric: ref(AUTOSCALING_V2 + 'MetricIdentifier', 'The metric.', { default: {} }),
  }, ['describedObject', 'target', 'metric']),
  [AUTOSCALING_V2 + 'PodsMetricSource']: obj('A metric averaged over pods.', {
    metric: ref(AUTOSCALING_V2 + 'MetricIdentifier', 'The metric.', { default: {} }),
    target: ref(AUTOSCALING_V2 + 'MetricTarget', 'The target.', { default: {} }),
  }, ['metric', 'target']),
  [AUTOSCALING_V2 + 'ResourceMetricSource']: obj('A resource metric of the pods.', {
    name: str('Name of the resource: cpu or memory.'),
    target: ref(AUTOSCALING_V2 + 'MetricTarget', 'The target.', { default: {} }),
  }, ['name', 'target']),
  [AUTOSCALING_V2 + 'ContainerResourceMetricSource']: obj('A resource metric of one container.', {
    name: str('Name of the resource.'),
    target: ref(AUTOSCALING_V2 + 'MetricTarget', 'The target.', { default: {} }),
    container: str('Name of the container.'),
  }, ['name', 'target', 'container']),
  [AUTOSCALING_V2 + 'ExternalMetricSource']: obj('A metric from outside the cluster.', {
    metric: ref(AUTOSCALING_V2 + 'MetricIdentifier', 'The metric.', { default: {} }),
    target: ref(AUTOSCALING_V2 + 'MetricTarget', 'The target.', { default: {} }),
  }, ['metric', 'target']),
  [AUTOSCALING_V2 + 'HorizontalPodAutoscalerBehavior']: obj('Scaling behaviour up and down.', {
    scaleUp: ref(AUTOSCALING_V2 + 'HPAScalingRules', 'Rules for scaling up. Defaults: no stabilisation, the larger of 4 pods or 100% every 15 seconds.'),
    scaleDown: ref(AUTOSCALING_V2 + 'HPAScalingRules', 'Rules for scaling down. Defaults: a 300 second stabilisation window, up to 100% at a time.'),
  }),
  [AUTOSCALING_V2 + 'HPAScalingRules']: obj('Rules for one scaling direction.', {
    stabilizationWindowSeconds: int32('Seconds of past recommendations considered to avoid flapping (0-3600).'),
    selectPolicy: str('Which policy to use: Max (default), Min or Disabled.'),
    policies: arrOf('Allowed changes per period.', AUTOSCALING_V2 + 'HPAScalingPolicy'),
    tolerance: ref(QUANTITY, 'The ratio change below which no scaling happens.'),
  }),
  [AUTOSCALING_V2 + 'HPAScalingPolicy']: obj('One allowed change per period.', {
    type: str('Pods or Percent.'),
    value: int32('The amount of change allowed; more than zero.'),
    periodSeconds: int32('The window over which the policy holds (1-1800).'),
  }, ['type', 'value', 'periodSeconds']),
  [AUTOSCALING_V2 + 'HorizontalPodAutoscalerStatus']: obj('The observed state of an autoscaler.', {
    observedGeneration: int64('The most recent generation observed.'),
    lastScaleTime: ref(TIME, 'When the autoscaler last changed the replica count.'),
    currentReplicas: int32('Current number of replicas of the target.'),
    desiredReplicas: int32('Desired number of replicas as last computed.'),
    currentMetrics: arrOf('The last read values of the metrics.', AUTOSCALING_V2 + 'MetricStatus'),
    conditions: keyedList('Conditions: AbleToScale, ScalingActive, ScalingLimited.', AUTOSCALING_V2 + 'HorizontalPodAutoscalerCondition', 'type'),
  }, ['desiredReplicas']),
  [AUTOSCALING_V2 + 'HorizontalPodAutoscalerCondition']: condition('HorizontalPodAutoscaler'),
  [AUTOSCALING_V2 + 'MetricStatus']: obj('The last read value of one metric.', {
    type: str('Object, Pods, Resource, ContainerResource or External.'),
    object: ref(AUTOSCALING_V2 + 'ObjectMetricStatus', 'An object metric.'),
    pods: ref(AUTOSCALING_V2 + 'PodsMetricStatus', 'A pods metric.'),
    resource: ref(AUTOSCALING_V2 + 'ResourceMetricStatus', 'A resource metric.'),
    containerResource: ref(AUTOSCALING_V2 + 'ContainerResourceMetricStatus', 'A container resource metric.'),
    external: ref(AUTOSCALING_V2 + 'ExternalMetricStatus', 'An external metric.'),
  }, ['type']),
  [AUTOSCALING_V2 + 'MetricValueStatus']: obj('The current value of a metric.', {
    value: ref(QUANTITY, 'Current value.'),
    averageValue: ref(QUANTITY, 'Current value averaged across pods.'),
    averageUtilization: int32('Current average utilisation as a percentage of the pods\' requests.'),
  }),
  [AUTOSCALING_V2 + 'ObjectMetricStatus']: obj('Current value of an object metric.', {
    metric: ref(AUTOSCALING_V2 + 'MetricIdentifier', 'The metric.', { default: {} }),
    current: ref(AUTOSCALING_V2 + 'MetricValueStatus', 'The value.', { default: {} }),
    describedObject: ref(AUTOSCALING_V2 + 'CrossVersionObjectReference', 'The object.', { default: {} }),
  }, ['metric', 'current', 'describedObject']),
  [AUTOSCALING_V2 + 'PodsMetricStatus']: obj('Current value of a pods metric.', {
    metric: ref(AUTOSCALING_V2 + 'MetricIdentifier', 'The metric.', { default: {} }),
    current: ref(AUTOSCALING_V2 + 'MetricValueStatus', 'The value.', { default: {} }),
  }, ['metric', 'current']),
  [AUTOSCALING_V2 + 'ResourceMetricStatus']: obj('Current value of a resource metric.', {
    name: str('Name of the resource.'),
    current: ref(AUTOSCALING_V2 + 'MetricValueStatus', 'The value.', { default: {} }),
  }, ['name', 'current']),
  [AUTOSCALING_V2 + 'ContainerResourceMetricStatus']: obj('Current value of a container resource metric.', {
    name: str('Name of the resource.'),
    current: ref(AUTOSCALING_V2 + 'MetricValueStatus', 'The value.', { default: {} }),
    container: str('Name of the container.'),
  }, ['name', 'current', 'container']),
  [AUTOSCALING_V2 + 'ExternalMetricStatus']: obj('Current value of an external metric.', {
    metric: ref(AUTOSCALING_V2 + 'MetricIdentifier', 'The metric.', { default: {} }),
    current: ref(AUTOSCALING_V2 + 'MetricValueStatus', 'The value.', { default: {} }),
  }, ['metric', 'current']),

  // ------------------------------------------------------------------ Lease
  [COORDINATION + 'Lease']: kindSchema('A Lease records which holder owns a lock (leader election, node heartbeats) and until when.', lease('Lease'), {
    spec: ref(COORDINATION + 'LeaseSpec', 'The lease\'s holder and timing.', { default: {} }),
  }),
  [COORDINATION + 'LeaseList']: listSchema(COORDINATION + 'Lease', lease('LeaseList'), 'List of leases.'),
  [COORDINATION + 'LeaseSpec']: obj('The holder and timing of a lease.', {
    holderIdentity: str('Identity of the current holder.'),
    leaseDurationSeconds: int32('Seconds candidates must wait, after the last renewTime, before they may take the lease.'),
    acquireTime: ref(MICRO_TIME, 'When the current holder acquired the lease.'),
    renewTime: ref(MICRO_TIME, 'When the current holder last renewed the lease.'),
    leaseTransitions: int32('How many times the lease has changed holders.'),
    strategy: str('The strategy for picking the leader in coordinated leader election.'),
    preferredHolder: str('A holder the current one should hand over to.'),
  }),
};
