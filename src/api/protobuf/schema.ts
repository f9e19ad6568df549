// Field tables for the Kubernetes protobuf messages this server decodes, by
// field number, as in k8s.io/api/<group>/<version>/generated.proto and
// k8s.io/apimachinery (meta/v1, runtime, util/intstr, api/resource).
//
// Each field is written "<number> <jsonName>[:<type>][[]][flag]":
//   type     string (default), int32, int64, bool, bytes, a message name,
//            map<string> | map<bytes> | map<Quantity>, or one of the types
//            with their own JSON form: Time, MicroTime, IntOrString,
//            Quantity, RawJSON (RawExtension / FieldsV1: raw JSON bytes).
//   []       repeated.
//   flag     ! — keep zero values: pointer fields (present only when set)
//              and fields Go's JSON writes without omitempty;
//            ~ — an embedded struct whose fields JSON inlines.
// Fields not listed are skipped, as protobuf skips unknown fields.

export type Scalar = 'string' | 'int32' | 'int64' | 'bool' | 'bytes';
export type Special = 'Time' | 'MicroTime' | 'IntOrString' | 'Quantity' | 'RawJSON';

export interface FieldSpec {
  number: number;
  name: string;
  /** Scalar, special, or the name of a message in MESSAGES. */
  type: string;
  repeated: boolean;
  /** The value type of a map<string, …> field, or null. */
  map: 'string' | 'bytes' | 'Quantity' | null;
  /** Emit zero values (pointer or non-omitempty fields). */
  keep: boolean;
  /** JSON inlines the message's fields into the parent. */
  inline: boolean;
}

export interface MessageSpec {
  name: string;
  /** In declaration order (the order JSON output follows). */
  fields: FieldSpec[];
  byNumber: Map<number, FieldSpec>;
}

export const SCALARS: ReadonlySet<string> = new Set<Scalar>(['string', 'int32', 'int64', 'bool', 'bytes']);
export const SPECIALS: ReadonlySet<string> = new Set<Special>(['Time', 'MicroTime', 'IntOrString', 'Quantity', 'RawJSON']);

const DEFS: Record<string, string[]> = {
  // authorization.k8s.io/v1 and authentication.k8s.io/v1: the self reviews kubectl auth can-i and auth whoami create.
  SelfSubjectAccessReview: ['1 metadata:ObjectMeta', '2 spec:SelfSubjectAccessReviewSpec', '3 status:SubjectAccessReviewStatus'],
  SelfSubjectAccessReviewSpec: ['1 resourceAttributes:ResourceAttributes', '2 nonResourceAttributes:NonResourceAttributes'],
  ResourceAttributes: ['1 namespace', '2 verb', '3 group', '4 version', '5 resource', '6 subresource', '7 name'],
  NonResourceAttributes: ['1 path', '2 verb'],
  SubjectAccessReviewStatus: ['1 allowed:bool!', '4 denied:bool', '2 reason', '3 evaluationError'],
  SelfSubjectRulesReview: ['1 metadata:ObjectMeta', '2 spec:SelfSubjectRulesReviewSpec', '3 status:SubjectRulesReviewStatus'],
  SelfSubjectRulesReviewSpec: ['1 namespace'],
  SubjectRulesReviewStatus: ['1 resourceRules:ResourceRule[]', '2 nonResourceRules:NonResourceRule[]', '3 incomplete:bool!', '4 evaluationError'],
  ResourceRule: ['1 verbs[]', '2 apiGroups[]', '3 resources[]', '4 resourceNames[]'],
  NonResourceRule: ['1 verbs[]', '2 nonResourceURLs[]'],
  SelfSubjectReview: ['1 metadata:ObjectMeta', '2 status:SelfSubjectReviewStatus'],
  SelfSubjectReviewStatus: ['1 userInfo:UserInfo'],
  UserInfo: ['1 username', '2 uid', '3 groups:string[]'],
  // ---- k8s.io/apimachinery/pkg/apis/meta/v1
  ObjectMeta: [
    '1 name', '2 generateName', '3 namespace', '4 selfLink', '5 uid', '6 resourceVersion', '7 generation:int64',
    '8 creationTimestamp:Time', '9 deletionTimestamp:Time', '10 deletionGracePeriodSeconds:int64!',
    '11 labels:map<string>', '12 annotations:map<string>', '13 ownerReferences:OwnerReference[]',
    '14 finalizers:string[]', '17 managedFields:ManagedFieldsEntry[]',
  ],
  OwnerReference: ['5 apiVersion!', '1 kind!', '3 name!', '4 uid!', '6 controller:bool!', '7 blockOwnerDeletion:bool!'],
  ManagedFieldsEntry: [
    '1 manager', '2 operation', '3 apiVersion', '4 time:Time', '6 fieldsType', '7 fieldsV1:RawJSON', '8 subresource',
  ],
  LabelSelector: ['1 matchLabels:map<string>', '2 matchExpressions:LabelSelectorRequirement[]'],
  LabelSelectorRequirement: ['1 key!', '2 operator!', '3 values:string[]'],
  DeleteOptions: [
    '1 gracePeriodSeconds:int64!', '2 preconditions:Preconditions', '3 orphanDependents:bool!',
    '4 propagationPolicy:string!', '5 dryRun:string[]',
  ],
  Preconditions: ['1 uid:string!', '2 resourceVersion:string!'],
  Condition: ['1 type!', '2 status!', '3 observedGeneration:int64', '4 lastTransitionTime:Time!', '5 reason!', '6 message!'],

  // ---- k8s.io/api/core/v1
  Namespace: ['1 metadata:ObjectMeta', '2 spec:NamespaceSpec', '3 status:NamespaceStatus'],
  NamespaceSpec: ['1 finalizers:string[]'],
  NamespaceStatus: ['1 phase', '2 conditions:NamespaceCondition[]'],
  NamespaceCondition: ['1 type!', '2 status!', '4 lastTransitionTime:Time', '5 reason', '6 message'],
  Service: ['1 metadata:ObjectMeta', '2 spec:ServiceSpec', '3 status:ServiceStatus'],
  ServiceSpec: [
    '1 ports:ServicePort[]', '2 selector:map<string>', '3 clusterIP', '18 clusterIPs:string[]', '4 type', '5 externalIPs:string[]',
    '7 sessionAffinity', '8 loadBalancerIP', '9 loadBalancerSourceRanges:string[]', '10 externalName', '11 externalTrafficPolicy',
    '12 healthCheckNodePort:int32', '13 publishNotReadyAddresses:bool', '14 sessionAffinityConfig:SessionAffinityConfig',
    '19 ipFamilies:string[]', '17 ipFamilyPolicy:string!', '20 allocateLoadBalancerNodePorts:bool!', '21 loadBalancerClass:string!',
    '22 internalTrafficPolicy:string!', '23 trafficDistribution:string!',
  ],
  ServicePort: ['1 name', '2 protocol', '6 appProtocol:string!', '3 port:int32!', '4 targetPort:IntOrString', '5 nodePort:int32'],
  SessionAffinityConfig: ['1 clientIP:ClientIPConfig'],
  ClientIPConfig: ['1 timeoutSeconds:int32!'],
  ServiceStatus: ['1 loadBalancer:LoadBalancerStatus', '2 conditions:Condition[]'],
  LoadBalancerStatus: ['1 ingress:LoadBalancerIngress[]'],
  LoadBalancerIngress: ['1 ip', '2 hostname', '3 ipMode:string!', '4 ports:PortStatus[]'],
  PortStatus: ['1 port:int32!', '2 protocol!', '3 error:string!'],
  ConfigMap: ['1 metadata:ObjectMeta', '4 immutable:bool!', '2 data:map<string>', '3 binaryData:map<bytes>'],
  Secret: ['1 metadata:ObjectMeta', '5 immutable:bool!', '2 data:map<bytes>', '4 stringData:map<string>', '3 type'],
  ServiceAccount: [
    '1 metadata:ObjectMeta', '2 secrets:ObjectReference[]', '3 imagePullSecrets:LocalObjectReference[]',
    '4 automountServiceAccountToken:bool!',
  ],
  ObjectReference: ['1 kind', '2 namespace', '3 name', '4 uid', '5 apiVersion', '6 resourceVersion', '7 fieldPath'],
  LocalObjectReference: ['1 name'],
  TypedLocalObjectReference: ['1 apiGroup:string!', '2 kind!', '3 name!'],
  TypedObjectReference: ['1 apiGroup:string!', '2 kind!', '3 name!', '4 namespace:string!'],
  Binding: ['1 metadata:ObjectMeta', '2 target:ObjectReference'],
  Event: [
    '1 metadata:ObjectMeta', '2 involvedObject:ObjectReference', '3 reason', '4 message', '5 source:EventSource',
    '6 firstTimestamp:Time', '7 lastTimestamp:Time', '8 count:int32', '9 type', '10 eventTime:MicroTime',
    '11 series:EventSeries', '12 action', '13 related:ObjectReference', '14 reportingComponent!', '15 reportingInstance!',
  ],
  EventSource: ['1 component', '2 host'],
  EventSeries: ['1 count:int32', '2 lastObservedTime:MicroTime'],

  Pod: ['1 metadata:ObjectMeta', '2 spec:PodSpec', '3 status:PodStatus'],
  PodTemplateSpec: ['1 metadata:ObjectMeta', '2 spec:PodSpec'],
  PodSpec: [
    '1 volumes:Volume[]', '20 initContainers:Container[]', '2 containers:Container[]',
    '34 ephemeralContainers:EphemeralContainer[]', '3 restartPolicy', '4 terminationGracePeriodSeconds:int64!',
    '5 activeDeadlineSeconds:int64!', '6 dnsPolicy', '7 nodeSelector:map<string>', '8 serviceAccountName',
    '9 serviceAccount', '21 automountServiceAccountToken:bool!', '10 nodeName', '11 hostNetwork:bool',
    '12 hostPID:bool', '13 hostIPC:bool', '27 shareProcessNamespace:bool!', '14 securityContext:PodSecurityContext',
    '15 imagePullSecrets:LocalObjectReference[]', '16 hostname', '17 subdomain', '18 affinity:Affinity',
    '19 schedulerName', '22 tolerations:Toleration[]', '23 hostAliases:HostAlias[]', '24 priorityClassName',
    '25 priority:int32!', '26 dnsConfig:PodDNSConfig', '28 readinessGates:PodReadinessGate[]',
    '29 runtimeClassName:string!', '30 enableServiceLinks:bool!', '31 preemptionPolicy:string!',
    '32 overhead:map<Quantity>', '33 topologySpreadConstraints:TopologySpreadConstraint[]',
    '35 setHostnameAsFQDN:bool!', '36 os:PodOS', '37 hostUsers:bool!', '38 schedulingGates:PodSchedulingGate[]',
    '39 resourceClaims:PodResourceClaim[]', '40 resources:ResourceRequirements', '41 hostnameOverride:string!',
  ],
  PodResourceClaim: ['1 name!', '3 resourceClaimName:string!', '4 resourceClaimTemplateName:string!'],
  PodSchedulingGate: ['1 name!'],
  PodOS: ['1 name!'],
  PodReadinessGate: ['1 conditionType!'],
  PodDNSConfig: ['1 nameservers:string[]', '2 searches:string[]', '3 options:PodDNSConfigOption[]'],
  PodDNSConfigOption: ['1 name', '2 value:string!'],
  HostAlias: ['1 ip', '2 hostnames:string[]'],
  Toleration: ['1 key', '2 operator', '3 value', '4 effect', '5 tolerationSeconds:int64!'],
  TopologySpreadConstraint: [
    '1 maxSkew:int32!', '2 topologyKey!', '3 whenUnsatisfiable!', '4 labelSelector:LabelSelector',
    '5 minDomains:int32!', '6 nodeAffinityPolicy:string!', '7 nodeTaintsPolicy:string!', '8 matchLabelKeys:string[]',
  ],
  Affinity: ['1 nodeAffinity:NodeAffinity', '2 podAffinity:PodAffinity', '3 podAntiAffinity:PodAffinity'],
  NodeAffinity: [
    '1 requiredDuringSchedulingIgnoredDuringExecution:NodeSelector',
    '2 preferredDuringSchedulingIgnoredDuringExecution:PreferredSchedulingTerm[]',
  ],
  NodeSelector: ['1 nodeSelectorTerms:NodeSelectorTerm[]'],
  NodeSelectorTerm: ['1 matchExpressions:NodeSelectorRequirement[]', '2 matchFields:NodeSelectorRequirement[]'],
  NodeSelectorRequirement: ['1 key!', '2 operator!', '3 values:string[]'],
  PreferredSchedulingTerm: ['1 weight:int32!', '2 preference:NodeSelectorTerm'],
  // PodAffinity and PodAntiAffinity share their field numbers.
  PodAffinity: [
    '1 requiredDuringSchedulingIgnoredDuringExecution:PodAffinityTerm[]',
    '2 preferredDuringSchedulingIgnoredDuringExecution:WeightedPodAffinityTerm[]',
  ],
  PodAffinityTerm: [
    '1 labelSelector:LabelSelector', '2 namespaces:string[]', '3 topologyKey!', '4 namespaceSelector:LabelSelector',
    '5 matchLabelKeys:string[]', '6 mismatchLabelKeys:string[]',
  ],
  WeightedPodAffinityTerm: ['1 weight:int32!', '2 podAffinityTerm:PodAffinityTerm'],
  PodSecurityContext: [
    '1 seLinuxOptions:SELinuxOptions', '8 windowsOptions:WindowsSecurityContextOptions', '2 runAsUser:int64!',
    '6 runAsGroup:int64!', '3 runAsNonRoot:bool!', '4 supplementalGroups:int64[]',
    '12 supplementalGroupsPolicy:string!', '5 fsGroup:int64!', '7 sysctls:Sysctl[]', '9 fsGroupChangePolicy:string!',
    '10 seccompProfile:SeccompProfile', '11 appArmorProfile:AppArmorProfile', '13 seLinuxChangePolicy:string!',
  ],
  SecurityContext: [
    '1 capabilities:Capabilities', '2 privileged:bool!', '3 seLinuxOptions:SELinuxOptions',
    '10 windowsOptions:WindowsSecurityContextOptions', '4 runAsUser:int64!', '8 runAsGroup:int64!',
    '5 runAsNonRoot:bool!', '6 readOnlyRootFilesystem:bool!', '7 allowPrivilegeEscalation:bool!',
    '9 procMount:string!', '11 seccompProfile:SeccompProfile', '12 appArmorProfile:AppArmorProfile',
  ],
  SELinuxOptions: ['1 user', '2 role', '3 type', '4 level'],
  WindowsSecurityContextOptions: [
    '1 gmsaCredentialSpecName:string!', '2 gmsaCredentialSpec:string!', '3 runAsUserName:string!', '4 hostProcess:bool!',
  ],
  Sysctl: ['1 name!', '2 value!'],
  SeccompProfile: ['1 type!', '2 localhostProfile:string!'],
  AppArmorProfile: ['1 type!', '2 localhostProfile:string!'],
  Capabilities: ['1 add:string[]', '2 drop:string[]'],

  Container: [
    '1 name!', '2 image', '3 command:string[]', '4 args:string[]', '5 workingDir', '6 ports:ContainerPort[]',
    '19 envFrom:EnvFromSource[]', '7 env:EnvVar[]', '8 resources:ResourceRequirements',
    '23 resizePolicy:ContainerResizePolicy[]', '24 restartPolicy:string!', '9 volumeMounts:VolumeMount[]',
    '21 volumeDevices:VolumeDevice[]', '10 livenessProbe:Probe', '11 readinessProbe:Probe', '22 startupProbe:Probe',
    '12 lifecycle:Lifecycle', '13 terminationMessagePath', '20 terminationMessagePolicy', '14 imagePullPolicy',
    '15 securityContext:SecurityContext', '16 stdin:bool', '17 stdinOnce:bool', '18 tty:bool',
  ],
  // EphemeralContainerCommon repeats Container's field numbers.
  EphemeralContainer: ['1 ephemeralContainerCommon:Container~', '2 targetContainerName'],
  ContainerResizePolicy: ['1 resourceName!', '2 restartPolicy!'],
  VolumeDevice: ['1 name!', '2 devicePath!'],
  ContainerPort: ['1 name', '2 hostPort:int32', '3 containerPort:int32!', '4 protocol', '5 hostIP'],
  EnvFromSource: ['1 prefix', '2 configMapRef:ConfigMapEnvSource', '3 secretRef:SecretEnvSource'],
  ConfigMapEnvSource: ['1 localObjectReference:LocalObjectReference~', '2 optional:bool!'],
  SecretEnvSource: ['1 localObjectReference:LocalObjectReference~', '2 optional:bool!'],
  EnvVar: ['1 name!', '2 value', '3 valueFrom:EnvVarSource'],
  EnvVarSource: [
    '1 fieldRef:ObjectFieldSelector', '2 resourceFieldRef:ResourceFieldSelector',
    '3 configMapKeyRef:ConfigMapKeySelector', '4 secretKeyRef:SecretKeySelector',
  ],
  ObjectFieldSelector: ['1 apiVersion', '2 fieldPath!'],
  ResourceFieldSelector: ['1 containerName', '2 resource!', '3 divisor:Quantity'],
  ConfigMapKeySelector: ['1 localObjectReference:LocalObjectReference~', '2 key!', '3 optional:bool!'],
  SecretKeySelector: ['1 localObjectReference:LocalObjectReference~', '2 key!', '3 optional:bool!'],
  ResourceRequirements: ['1 limits:map<Quantity>', '2 requests:map<Quantity>', '3 claims:ResourceClaim[]'],
  ResourceClaim: ['1 name!', '2 request'],
  VolumeMount: [
    '1 name!', '2 readOnly:bool', '7 recursiveReadOnly:string!', '3 mountPath!', '4 subPath',
    '5 mountPropagation:string!', '6 subPathExpr',
  ],
  Probe: [
    '1 handler:ProbeHandler~', '2 initialDelaySeconds:int32', '3 timeoutSeconds:int32', '4 periodSeconds:int32',
    '5 successThreshold:int32', '6 failureThreshold:int32', '7 terminationGracePeriodSeconds:int64!',
  ],
  ProbeHandler: ['1 exec:ExecAction', '2 httpGet:HTTPGetAction', '3 tcpSocket:TCPSocketAction', '4 grpc:GRPCAction'],
  ExecAction: ['1 command:string[]'],
  HTTPGetAction: ['1 path', '2 port:IntOrString', '3 host', '4 scheme', '5 httpHeaders:HTTPHeader[]'],
  HTTPHeader: ['1 name!', '2 value!'],
  TCPSocketAction: ['1 port:IntOrString', '2 host'],
  GRPCAction: ['1 port:int32!', '2 service:string!'],
  Lifecycle: ['1 postStart:LifecycleHandler', '2 preStop:LifecycleHandler', '3 stopSignal:string!'],
  LifecycleHandler: [
    '1 exec:ExecAction', '2 httpGet:HTTPGetAction', '3 tcpSocket:TCPSocketAction', '4 sleep:SleepAction',
  ],
  SleepAction: ['1 seconds:int64!'],

  Volume: ['1 name!', '2 volumeSource:VolumeSource~'],
  VolumeSource: [
    '1 hostPath:HostPathVolumeSource', '2 emptyDir:EmptyDirVolumeSource', '6 secret:SecretVolumeSource',
    '7 nfs:NFSVolumeSource', '10 persistentVolumeClaim:PersistentVolumeClaimVolumeSource',
    '16 downwardAPI:DownwardAPIVolumeSource', '19 configMap:ConfigMapVolumeSource',
    '26 projected:ProjectedVolumeSource', '28 csi:CSIVolumeSource', '29 ephemeral:EphemeralVolumeSource',
    '30 image:ImageVolumeSource',
  ],
  HostPathVolumeSource: ['1 path!', '2 type:string!'],
  EmptyDirVolumeSource: ['1 medium', '2 sizeLimit:Quantity'],
  SecretVolumeSource: ['1 secretName', '2 items:KeyToPath[]', '3 defaultMode:int32!', '4 optional:bool!'],
  ConfigMapVolumeSource: [
    '1 localObjectReference:LocalObjectReference~', '2 items:KeyToPath[]', '3 defaultMode:int32!', '4 optional:bool!',
  ],
  KeyToPath: ['1 key!', '2 path!', '3 mode:int32!'],
  NFSVolumeSource: ['1 server!', '2 path!', '3 readOnly:bool'],
  PersistentVolumeClaimVolumeSource: ['1 claimName!', '2 readOnly:bool'],
  DownwardAPIVolumeSource: ['1 items:DownwardAPIVolumeFile[]', '2 defaultMode:int32!'],
  DownwardAPIVolumeFile: [
    '1 path!', '2 fieldRef:ObjectFieldSelector', '3 resourceFieldRef:ResourceFieldSelector', '4 mode:int32!',
  ],
  ProjectedVolumeSource: ['1 sources:VolumeProjection[]', '2 defaultMode:int32!'],
  VolumeProjection: [
    '1 secret:SecretProjection', '2 downwardAPI:DownwardAPIProjection', '3 configMap:ConfigMapProjection',
    '4 serviceAccountToken:ServiceAccountTokenProjection',
  ],
  SecretProjection: ['1 localObjectReference:LocalObjectReference~', '2 items:KeyToPath[]', '4 optional:bool!'],
  ConfigMapProjection: ['1 localObjectReference:LocalObjectReference~', '2 items:KeyToPath[]', '4 optional:bool!'],
  DownwardAPIProjection: ['1 items:DownwardAPIVolumeFile[]'],
  ServiceAccountTokenProjection: ['1 audience', '2 expirationSeconds:int64!', '3 path!'],
  CSIVolumeSource: [
    '1 driver!', '2 readOnly:bool!', '3 fsType:string!', '4 volumeAttributes:map<string>',
    '5 nodePublishSecretRef:LocalObjectReference',
  ],
  EphemeralVolumeSource: ['1 volumeClaimTemplate:PersistentVolumeClaimTemplate'],
  ImageVolumeSource: ['1 reference', '2 pullPolicy'],
  PersistentVolumeClaimTemplate: ['1 metadata:ObjectMeta', '2 spec:PersistentVolumeClaimSpec'],
  PersistentVolumeClaim: [
    '1 metadata:ObjectMeta', '2 spec:PersistentVolumeClaimSpec', '3 status:PersistentVolumeClaimStatus',
  ],
  PersistentVolumeClaimSpec: [
    '1 accessModes:string[]', '4 selector:LabelSelector', '2 resources:VolumeResourceRequirements', '3 volumeName',
    '5 storageClassName:string!', '6 volumeMode:string!', '7 dataSource:TypedLocalObjectReference',
    '8 dataSourceRef:TypedObjectReference', '9 volumeAttributesClassName:string!',
  ],
  PersistentVolumeClaimStatus: ['1 phase', '2 accessModes:string[]', '3 capacity:map<Quantity>'],
  VolumeResourceRequirements: ['1 limits:map<Quantity>', '2 requests:map<Quantity>'],

  PodStatus: [
    '17 observedGeneration:int64', '1 phase', '2 conditions:PodCondition[]', '3 message', '4 reason',
    '11 nominatedNodeName', '5 hostIP', '16 hostIPs:HostIP[]', '6 podIP', '12 podIPs:PodIP[]', '7 startTime:Time',
    '10 initContainerStatuses:ContainerStatus[]', '8 containerStatuses:ContainerStatus[]', '9 qosClass',
    '13 ephemeralContainerStatuses:ContainerStatus[]', '14 resize',
  ],
  PodCondition: [
    '1 type!', '7 observedGeneration:int64', '2 status!', '3 lastProbeTime:Time', '4 lastTransitionTime:Time',
    '5 reason', '6 message',
  ],
  HostIP: ['1 ip!'],
  PodIP: ['1 ip!'],
  ContainerStatus: [
    '1 name!', '2 state:ContainerState', '3 lastState:ContainerState', '4 ready:bool!', '5 restartCount:int32!',
    '6 image!', '7 imageID!', '8 containerID', '9 started:bool!', '10 allocatedResources:map<Quantity>',
    '11 resources:ResourceRequirements', '15 stopSignal:string!',
  ],
  ContainerState: [
    '1 waiting:ContainerStateWaiting', '2 running:ContainerStateRunning', '3 terminated:ContainerStateTerminated',
  ],
  ContainerStateWaiting: ['1 reason', '2 message'],
  ContainerStateRunning: ['1 startedAt:Time'],
  ContainerStateTerminated: [
    '1 exitCode:int32!', '2 signal:int32', '3 reason', '4 message', '5 startedAt:Time', '6 finishedAt:Time',
    '7 containerID',
  ],

  // ---- k8s.io/api/apps/v1
  Deployment: ['1 metadata:ObjectMeta', '2 spec:DeploymentSpec', '3 status:DeploymentStatus'],
  DeploymentSpec: [
    '1 replicas:int32!', '2 selector:LabelSelector', '3 template:PodTemplateSpec', '4 strategy:DeploymentStrategy',
    '5 minReadySeconds:int32', '6 revisionHistoryLimit:int32!', '7 paused:bool', '9 progressDeadlineSeconds:int32!',
    '10 podReplacementPolicy:string!',
  ],
  DeploymentStrategy: ['1 type', '2 rollingUpdate:RollingUpdateDeployment'],
  RollingUpdateDeployment: ['1 maxUnavailable:IntOrString', '2 maxSurge:IntOrString'],
  DeploymentStatus: [
    '1 observedGeneration:int64', '2 replicas:int32', '3 updatedReplicas:int32', '7 readyReplicas:int32',
    '4 availableReplicas:int32', '5 unavailableReplicas:int32', '9 terminatingReplicas:int32!',
    '6 conditions:DeploymentCondition[]', '8 collisionCount:int32!',
  ],
  DeploymentCondition: [
    '1 type!', '2 status!', '6 lastUpdateTime:Time', '7 lastTransitionTime:Time', '4 reason', '5 message',
  ],
  ReplicaSet: ['1 metadata:ObjectMeta', '2 spec:ReplicaSetSpec', '3 status:ReplicaSetStatus'],
  ReplicaSetSpec: [
    '1 replicas:int32!', '4 minReadySeconds:int32', '2 selector:LabelSelector', '3 template:PodTemplateSpec',
  ],
  ReplicaSetStatus: [
    '1 replicas:int32!', '2 fullyLabeledReplicas:int32', '4 readyReplicas:int32', '5 availableReplicas:int32',
    '7 terminatingReplicas:int32!', '3 observedGeneration:int64', '6 conditions:WorkloadCondition[]',
  ],
  // ReplicaSetCondition and StatefulSetCondition share their field numbers.
  WorkloadCondition: ['1 type!', '2 status!', '3 lastTransitionTime:Time', '4 reason', '5 message'],
  StatefulSet: ['1 metadata:ObjectMeta', '2 spec:StatefulSetSpec', '3 status:StatefulSetStatus'],
  StatefulSetSpec: [
    '1 replicas:int32!', '2 selector:LabelSelector', '3 template:PodTemplateSpec',
    '4 volumeClaimTemplates:PersistentVolumeClaim[]', '5 serviceName', '6 podManagementPolicy',
    '7 updateStrategy:StatefulSetUpdateStrategy', '8 revisionHistoryLimit:int32!', '9 minReadySeconds:int32',
    '10 persistentVolumeClaimRetentionPolicy:StatefulSetPersistentVolumeClaimRetentionPolicy',
    '11 ordinals:StatefulSetOrdinals',
  ],
  StatefulSetUpdateStrategy: ['1 type', '2 rollingUpdate:RollingUpdateStatefulSetStrategy'],
  RollingUpdateStatefulSetStrategy: ['1 partition:int32!', '2 maxUnavailable:IntOrString'],
  StatefulSetPersistentVolumeClaimRetentionPolicy: ['1 whenDeleted', '2 whenScaled'],
  StatefulSetOrdinals: ['1 start:int32'],
  StatefulSetStatus: [
    '1 observedGeneration:int64', '2 replicas:int32!', '3 readyReplicas:int32', '4 currentReplicas:int32',
    '5 updatedReplicas:int32', '6 currentRevision', '7 updateRevision', '9 collisionCount:int32!',
    '10 conditions:WorkloadCondition[]', '11 availableReplicas:int32',
  ],

  // ---- k8s.io/api/coordination/v1
  Lease: ['1 metadata:ObjectMeta', '2 spec:LeaseSpec'],
  LeaseSpec: [
    '1 holderIdentity:string!', '2 leaseDurationSeconds:int32!', '3 acquireTime:MicroTime', '4 renewTime:MicroTime',
    '5 leaseTransitions:int32!', '6 strategy:string!', '7 preferredHolder:string!',
  ],

  // ---- k8s.io/api/rbac/v1 (what `kubectl create role|rolebinding|...` sends)
  Role: ['1 metadata:ObjectMeta', '2 rules:PolicyRule[]'],
  ClusterRole: ['1 metadata:ObjectMeta', '2 rules:PolicyRule[]', '3 aggregationRule:AggregationRule'],
  PolicyRule: ['1 verbs[]', '2 apiGroups[]', '3 resources[]', '4 resourceNames[]', '5 nonResourceURLs[]'],
  AggregationRule: ['1 clusterRoleSelectors:LabelSelector[]'],
  RoleBinding: ['1 metadata:ObjectMeta', '2 subjects:Subject[]', '3 roleRef:RoleRef'],
  ClusterRoleBinding: ['1 metadata:ObjectMeta', '2 subjects:Subject[]', '3 roleRef:RoleRef'],
  Subject: ['1 kind', '2 apiGroup', '3 name', '4 namespace'],
  RoleRef: ['1 apiGroup', '2 kind', '3 name'],

  // ---- k8s.io/api/autoscaling/v1
  Scale: ['1 metadata:ObjectMeta', '2 spec:ScaleSpec', '3 status:ScaleStatus'],
  ScaleSpec: ['1 replicas:int32'],
  ScaleStatus: ['1 replicas:int32!', '2 selector'],
};

const FIELD = /^(\d+) ([A-Za-z][A-Za-z0-9]*)(?::(map<(string|bytes|Quantity)>|[A-Za-z][A-Za-z0-9]*))?(\[\])?([!~])?$/;

function parseField(message: string, text: string): FieldSpec {
  const m = FIELD.exec(text);
  if (!m) throw new Error(`protobuf schema: bad field "${text}" in ${message}`);
  const [, num, name, type, mapValue, rep, flag] = m;
  return {
    number: Number(num),
    name: name!,
    type: mapValue ? 'map' : (type ?? 'string'),
    repeated: rep !== undefined,
    map: (mapValue as FieldSpec['map'] | undefined) ?? null,
    keep: flag === '!',
    inline: flag === '~',
  };
}

function build(): Map<string, MessageSpec> {
  const out = new Map<string, MessageSpec>();
  for (const [name, defs] of Object.entries(DEFS)) {
    const fields = defs.map((d) => parseField(name, d));
    const byNumber = new Map<number, FieldSpec>();
    for (const f of fields) {
      if (byNumber.has(f.number)) throw new Error(`protobuf schema: field ${f.number} twice in ${name}`);
      byNumber.set(f.number, f);
    }
    out.set(name, { name, fields, byNumber });
  }
  // Every referenced type must exist, so a typo fails at load, not on a request.
  for (const msg of out.values()) {
    for (const f of msg.fields) {
      if (f.map || SCALARS.has(f.type) || SPECIALS.has(f.type)) continue;
      if (!out.has(f.type)) throw new Error(`protobuf schema: ${msg.name}.${f.name} refers to unknown message ${f.type}`);
    }
  }
  return out;
}

export const MESSAGES: ReadonlyMap<string, MessageSpec> = build();

/** The top-level kinds a protobuf body may carry, by apiVersion and kind, and their message. */
export const TOP_LEVEL: ReadonlyMap<string, string> = new Map([
  ['v1/Namespace', 'Namespace'],
  ['v1/Service', 'Service'],
  ['v1/ConfigMap', 'ConfigMap'],
  ['v1/Secret', 'Secret'],
  ['v1/ServiceAccount', 'ServiceAccount'],
  ['v1/Pod', 'Pod'],
  ['v1/Event', 'Event'],
  ['v1/Binding', 'Binding'],
  ['apps/v1/Deployment', 'Deployment'],
  ['apps/v1/ReplicaSet', 'ReplicaSet'],
  ['apps/v1/StatefulSet', 'StatefulSet'],
  ['coordination.k8s.io/v1/Lease', 'Lease'],
  ['autoscaling/v1/Scale', 'Scale'],
  ['rbac.authorization.k8s.io/v1/Role', 'Role'],
  ['rbac.authorization.k8s.io/v1/ClusterRole', 'ClusterRole'],
  ['rbac.authorization.k8s.io/v1/RoleBinding', 'RoleBinding'],
  ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', 'ClusterRoleBinding'],
  ['authorization.k8s.io/v1/SelfSubjectAccessReview', 'SelfSubjectAccessReview'],
  ['authorization.k8s.io/v1/SelfSubjectRulesReview', 'SelfSubjectRulesReview'],
  ['authentication.k8s.io/v1/SelfSubjectReview', 'SelfSubjectReview'],
]);
