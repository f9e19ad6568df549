// core/v1: pods and everything a pod template holds, namespaces, nodes,
// secrets, config maps, service accounts, events, bindings, and the
// PersistentVolumeClaim that StatefulSet templates embed.

import {
  CORE, META, QUANTITY, INT_OR_STRING, TIME, MICRO_TIME,
  type Schema,
  str, bool, int32, int64, enumStr, arr, strs, strMap, obj, atomicObj, ref, arrOf, keyedList, mapOf,
  kindSchema, listSchema,
} from './dsl.js';

const core = (kind: string) => ({ group: '', version: 'v1', kind });

const quantities = (description: string): Schema => mapOf(description, QUANTITY);

// ---------------------------------------------------------------- containers

const containerProperties: Record<string, Schema> = {
  name: str('Name of the container, a DNS-1123 label unique within the pod. Cannot be updated.'),
  image: str('Container image name, for example "nginx:1.27" or "registry.example.com/app@sha256:...".'),
  command: strs('Entrypoint array, not run in a shell; replaces the image\'s ENTRYPOINT. $(VAR) references are expanded from the container\'s environment.'),
  args: strs('Arguments to the entrypoint; replace the image\'s CMD. $(VAR) references are expanded.'),
  workingDir: str('The container\'s working directory; defaults to the image\'s.'),
  ports: arrOf('Ports to expose from the container. Informational: a port listening on 0.0.0.0 is reachable whether listed or not.', CORE + 'ContainerPort', {
    key: 'containerPort', strategy: 'merge', list: 'map', keys: ['containerPort', 'protocol'],
  }),
  envFrom: arrOf('Sources whose keys all become environment variables. Explicit env entries win over these on a clash.', CORE + 'EnvFromSource'),
  env: keyedList('Environment variables to set in the container.', CORE + 'EnvVar', 'name'),
  resources: ref(CORE + 'ResourceRequirements', 'Compute resources the container requests and is limited to.', { default: {} }),
  resizePolicy: arrOf('How the container reacts to in-place resource changes.', CORE + 'ContainerResizePolicy'),
  restartPolicy: str('Only for init containers: "Always" makes it a sidecar that runs for the pod\'s whole life.'),
  volumeMounts: arrOf('Pod volumes to mount into the container\'s filesystem.', CORE + 'VolumeMount', {
    key: 'mountPath', strategy: 'merge', list: 'map', keys: ['mountPath'],
  }),
  volumeDevices: arrOf('Block devices the container uses.', CORE + 'VolumeDevice', {
    key: 'devicePath', strategy: 'merge', list: 'map', keys: ['devicePath'],
  }),
  livenessProbe: ref(CORE + 'Probe', 'Periodic probe of container liveness; the container is restarted when it fails.'),
  readinessProbe: ref(CORE + 'Probe', 'Periodic probe of readiness; a failing container is removed from service endpoints.'),
  startupProbe: ref(CORE + 'Probe', 'Probe that must succeed before the other probes start; a failure restarts the container.'),
  lifecycle: ref(CORE + 'Lifecycle', 'Actions the system takes after the container starts and before it stops.'),
  terminationMessagePath: str('Path of the file whose contents become the termination message. Defaults to /dev/termination-log.'),
  terminationMessagePolicy: enumStr('Where the termination message comes from: File (default) or FallbackToLogsOnError.', ['FallbackToLogsOnError', 'File']),
  imagePullPolicy: enumStr('When to pull the image: Always, Never or IfNotPresent. Defaults to Always for the :latest tag, IfNotPresent otherwise.', ['Always', 'IfNotPresent', 'Never']),
  securityContext: ref(CORE + 'SecurityContext', 'Security options for this container; they override the pod-level securityContext.'),
  stdin: bool('Allocate a buffer for stdin in the container runtime.'),
  stdinOnce: bool('Close stdin after the first attach session ends.'),
  tty: bool('Allocate a TTY for the container (requires stdin).'),
  restartPolicyRules: arrOf('Represents a list of rules to be checked to determine if the container should be restarted on exit.', CORE + 'ContainerRestartRule'),
};

const probeHandlerProperties: Record<string, Schema> = {
  exec: ref(CORE + 'ExecAction', 'Run a command inside the container; exit status 0 is success.'),
  httpGet: ref(CORE + 'HTTPGetAction', 'An HTTP GET request; a status in 200-399 is success.'),
  tcpSocket: ref(CORE + 'TCPSocketAction', 'Open a TCP connection; success when it connects.'),
  grpc: ref(CORE + 'GRPCAction', 'A gRPC health check.'),
};

const volumeSourceProperties: Record<string, Schema> = {
  secret: ref(CORE + 'SecretVolumeSource', 'A Secret\'s keys as files.'),
  configMap: ref(CORE + 'ConfigMapVolumeSource', 'A ConfigMap\'s keys as files.'),
  emptyDir: ref(CORE + 'EmptyDirVolumeSource', 'A scratch directory that lives as long as the pod.'),
  hostPath: ref(CORE + 'HostPathVolumeSource', 'A file or directory on the node\'s filesystem. Mostly for system agents.'),
  persistentVolumeClaim: ref(CORE + 'PersistentVolumeClaimVolumeSource', 'A PersistentVolumeClaim in the pod\'s namespace.'),
  projected: ref(CORE + 'ProjectedVolumeSource', 'Several sources (secrets, config maps, downward API, service account tokens) in one directory.'),
  downwardAPI: ref(CORE + 'DownwardAPIVolumeSource', 'Information about the pod itself as files.'),
  // Volume sources the simulated kubelets store but do not mount (schemas-core-volumes.ts).
  awsElasticBlockStore: ref(CORE + 'AWSElasticBlockStoreVolumeSource', 'An AWS EBS volume attached to the node (deprecated in Kubernetes: its CSI driver replaces it).'),
  azureDisk: ref(CORE + 'AzureDiskVolumeSource', 'An Azure data disk (deprecated in Kubernetes: its CSI driver replaces it).'),
  azureFile: ref(CORE + 'AzureFileVolumeSource', 'An Azure File share (deprecated in Kubernetes: its CSI driver replaces it).'),
  cephfs: ref(CORE + 'CephFSVolumeSource', 'A CephFS mount.'),
  cinder: ref(CORE + 'CinderVolumeSource', 'An OpenStack Cinder volume (deprecated in Kubernetes: its CSI driver replaces it).'),
  csi: ref(CORE + 'CSIVolumeSource', 'A volume a CSI driver provides for the pod\'s lifetime (secrets stores, for example).'),
  ephemeral: ref(CORE + 'EphemeralVolumeSource', 'A volume from a PersistentVolumeClaim made for the pod from a template and deleted with it.'),
  fc: ref(CORE + 'FCVolumeSource', 'A Fibre Channel volume.'),
  flexVolume: ref(CORE + 'FlexVolumeSource', 'A volume an exec-based FlexVolume plugin provides (deprecated in Kubernetes).'),
  flocker: ref(CORE + 'FlockerVolumeSource', 'A Flocker dataset (deprecated in Kubernetes).'),
  gcePersistentDisk: ref(CORE + 'GCEPersistentDiskVolumeSource', 'A Google Compute Engine persistent disk (deprecated in Kubernetes: its CSI driver replaces it).'),
  gitRepo: ref(CORE + 'GitRepoVolumeSource', 'A directory cloned from a git repository (deprecated in Kubernetes).'),
  glusterfs: ref(CORE + 'GlusterfsVolumeSource', 'A GlusterFS mount (deprecated in Kubernetes).'),
  image: ref(CORE + 'ImageVolumeSource', 'An OCI image or artifact, mounted read-only.'),
  iscsi: ref(CORE + 'ISCSIVolumeSource', 'An iSCSI disk.'),
  nfs: ref(CORE + 'NFSVolumeSource', 'An NFS export.'),
  photonPersistentDisk: ref(CORE + 'PhotonPersistentDiskVolumeSource', 'A Photon Controller persistent disk (deprecated in Kubernetes).'),
  portworxVolume: ref(CORE + 'PortworxVolumeSource', 'A Portworx volume (deprecated in Kubernetes).'),
  quobyte: ref(CORE + 'QuobyteVolumeSource', 'A Quobyte volume (deprecated in Kubernetes).'),
  rbd: ref(CORE + 'RBDVolumeSource', 'A Ceph RADOS block device.'),
  scaleIO: ref(CORE + 'ScaleIOVolumeSource', 'A ScaleIO volume (deprecated in Kubernetes).'),
  storageos: ref(CORE + 'StorageOSVolumeSource', 'A StorageOS volume (deprecated in Kubernetes).'),
  vsphereVolume: ref(CORE + 'VsphereVirtualDiskVolumeSource', 'A vSphere VMDK volume (deprecated in Kubernetes: its CSI driver replaces it).'),
};

export const CORE_SCHEMAS: Record<string, Schema> = {
  [CORE + 'ObjectReference']: atomicObj('A reference to another object, possibly to a field within it.', {
    apiVersion: str('API version of the referent.'),
    kind: str('Kind of the referent.'),
    name: str('Name of the referent.'),
    namespace: str('Namespace of the referent.'),
    uid: str('UID of the referent.'),
    resourceVersion: str('The referent\'s resourceVersion when the reference was made.'),
    fieldPath: str('A field within the referent, such as "spec.containers{web}".'),
  }),
  [CORE + 'LocalObjectReference']: atomicObj('A reference to an object in the same namespace, by name.', {
    name: str('Name of the referent.', { default: '' }),
  }),
  [CORE + 'TypedLocalObjectReference']: atomicObj('A typed reference to an object in the same namespace.', {
    apiGroup: str('API group of the referent; empty for the core group.'),
    kind: str('Kind of the referent.'),
    name: str('Name of the referent.'),
  }, ['kind', 'name']),
  [CORE + 'TypedObjectReference']: obj('A typed reference to an object, possibly in another namespace.', {
    apiGroup: str('API group of the referent; empty for the core group.'),
    kind: str('Kind of the referent.'),
    name: str('Name of the referent.'),
    namespace: str('Namespace of the referent.'),
  }, ['kind', 'name']),

  [CORE + 'Container']: obj('A single application container that runs within a pod.', containerProperties, ['name']),
  [CORE + 'EphemeralContainer']: obj('A temporary container added to a running pod for debugging.', {
    ...containerProperties,
    targetContainerName: str('The container whose namespaces (such as the process namespace) this one joins.'),
  }, ['name']),
  [CORE + 'ContainerPort']: obj('A network port in a single container.', {
    name: str('An IANA_SVC_NAME unique within the pod; services can refer to the port by this name.'),
    containerPort: int32('Port number on the pod\'s IP address (1-65535).'),
    protocol: enumStr('Protocol: TCP (default), UDP or SCTP.', ['SCTP', 'TCP', 'UDP']),
    hostPort: int32('Port to expose on the node; most containers do not need this.'),
    hostIP: str('Node IP to bind the host port to.'),
  }, ['containerPort']),
  [CORE + 'EnvVar']: obj('An environment variable in a container.', {
    name: str('Name of the variable; must be a C_IDENTIFIER.'),
    value: str('The value; $(VAR) references to earlier variables are expanded. Defaults to "".'),
    valueFrom: ref(CORE + 'EnvVarSource', 'Takes the value from elsewhere; cannot be used with a non-empty value.'),
  }, ['name']),
  [CORE + 'EnvVarSource']: obj('Where an environment variable\'s value comes from.', {
    fileKeyRef: ref(CORE + 'FileKeySelector', 'A key of an env file in one of the pod\'s volumes.'),
    fieldRef: ref(CORE + 'ObjectFieldSelector', 'A field of the pod: metadata.name, metadata.namespace, metadata.uid, metadata.labels[\'<KEY>\'], metadata.annotations[\'<KEY>\'], spec.nodeName, spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP, status.podIPs.'),
    resourceFieldRef: ref(CORE + 'ResourceFieldSelector', 'A resource of the container: limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory, requests.ephemeral-storage.'),
    configMapKeyRef: ref(CORE + 'ConfigMapKeySelector', 'A key of a ConfigMap in the pod\'s namespace.'),
    secretKeyRef: ref(CORE + 'SecretKeySelector', 'A key of a Secret in the pod\'s namespace.'),
  }),
  [CORE + 'ObjectFieldSelector']: atomicObj('Selects a field of the pod.', {
    apiVersion: str('Version of the schema the fieldPath is written in; defaults to "v1".'),
    fieldPath: str('Path of the field to select.'),
  }, ['fieldPath']),
  [CORE + 'ResourceFieldSelector']: atomicObj('Selects a container resource (limits.cpu, requests.memory, ...).', {
    containerName: str('Container name: required for volumes, optional for env vars.'),
    resource: str('The resource to select.'),
    divisor: ref(QUANTITY, 'The output format of the value, for example "1Mi"; defaults to "1".'),
  }, ['resource']),
  [CORE + 'ConfigMapKeySelector']: atomicObj('Selects a key of a ConfigMap.', {
    name: str('Name of the ConfigMap.', { default: '' }),
    key: str('The key to select.'),
    optional: bool('Whether the ConfigMap or its key may be missing.'),
  }, ['key']),
  [CORE + 'SecretKeySelector']: atomicObj('Selects a key of a Secret.', {
    name: str('Name of the Secret.', { default: '' }),
    key: str('The key of the secret to select; must be a valid secret key.'),
    optional: bool('Whether the Secret or its key may be missing.'),
  }, ['key']),
  [CORE + 'EnvFromSource']: obj('A source whose keys become environment variables.', {
    prefix: str('A C_IDENTIFIER prefix added to each key.'),
    configMapRef: ref(CORE + 'ConfigMapEnvSource', 'The ConfigMap to read from.'),
    secretRef: ref(CORE + 'SecretEnvSource', 'The Secret to read from.'),
  }),
  [CORE + 'ConfigMapEnvSource']: obj('A ConfigMap whose keys become environment variables.', {
    name: str('Name of the ConfigMap.', { default: '' }),
    optional: bool('Whether the ConfigMap may be missing.'),
  }),
  [CORE + 'SecretEnvSource']: obj('A Secret whose keys become environment variables.', {
    name: str('Name of the Secret.', { default: '' }),
    optional: bool('Whether the Secret may be missing.'),
  }),
  [CORE + 'ResourceRequirements']: obj('Compute resource requests and limits.', {
    limits: quantities('The most of each resource the container may use, for example {cpu: "1", memory: "512Mi"}.'),
    requests: quantities('The least of each resource the container needs; the scheduler places pods by these. Defaults to the limits when only those are given.'),
    claims: arrOf('Names of pod resourceClaims this container uses.', CORE + 'ResourceClaim', { list: 'map', keys: ['name'] }),
  }),
  [CORE + 'ResourceClaim']: obj('A reference to one entry of the pod\'s resourceClaims.', {
    name: str('Name of the entry in pod.spec.resourceClaims.'),
    request: str('A request within the claim; empty uses all of it.'),
  }, ['name']),
  [CORE + 'ContainerResizePolicy']: obj('How a container handles an in-place resize of one resource.', {
    resourceName: str('The resource: cpu or memory.'),
    restartPolicy: str('NotRequired (default) or RestartContainer.'),
  }, ['resourceName', 'restartPolicy']),
  [CORE + 'VolumeMount']: obj('A volume mounted into a container.', {
    name: str('Name of the pod volume to mount.'),
    mountPath: str('Path inside the container; must not contain ":".'),
    subPath: str('Path within the volume to mount instead of its root.'),
    subPathExpr: str('Like subPath, with $(VAR) references expanded from the container\'s environment.'),
    readOnly: bool('Mount read-only when true. Defaults to false.'),
    recursiveReadOnly: str('Whether read-only mounts are read-only recursively: Disabled, IfPossible or Enabled.'),
    mountPropagation: str('How mounts propagate between host and container: None (default), HostToContainer or Bidirectional.'),
  }, ['name', 'mountPath']),
  [CORE + 'VolumeDevice']: obj('A raw block device mapped into a container.', {
    name: str('Name of a persistentVolumeClaim volume in the pod.'),
    devicePath: str('Path inside the container the device is mapped to.'),
  }, ['name', 'devicePath']),

  [CORE + 'Probe']: obj('A health check performed against a container.', {
    ...probeHandlerProperties,
    initialDelaySeconds: int32('Seconds after the container starts before probes begin.'),
    timeoutSeconds: int32('Seconds after which a probe times out. Defaults to 1.'),
    periodSeconds: int32('How often (in seconds) to probe. Defaults to 10.'),
    successThreshold: int32('Consecutive successes for the probe to count as passing after a failure. Defaults to 1; must be 1 for liveness and startup.'),
    failureThreshold: int32('Consecutive failures for the probe to count as failed. Defaults to 3.'),
    terminationGracePeriodSeconds: int64('Grace period used when a failed probe kills the container; overrides the pod\'s.'),
  }),
  [CORE + 'ExecAction']: obj('Runs a command in the container.', {
    command: strs('Command line to run (not in a shell); exit status 0 is success.'),
  }),
  [CORE + 'HTTPGetAction']: obj('An HTTP GET request.', {
    path: str('Path to request.'),
    port: ref(INT_OR_STRING, 'Port number or name on the container.'),
    host: str('Host to connect to; defaults to the pod IP.'),
    scheme: enumStr('HTTP (default) or HTTPS.', ['HTTP', 'HTTPS']),
    httpHeaders: arrOf('Extra request headers.', CORE + 'HTTPHeader'),
  }, ['port']),
  [CORE + 'HTTPHeader']: obj('An HTTP header.', {
    name: str('Header name.'),
    value: str('Header value.'),
  }, ['name', 'value']),
  [CORE + 'TCPSocketAction']: obj('Opens a TCP connection.', {
    port: ref(INT_OR_STRING, 'Port number or name on the container.'),
    host: str('Host to connect to; defaults to the pod IP.'),
  }, ['port']),
  [CORE + 'GRPCAction']: obj('A gRPC health check.', {
    port: int32('Port of the gRPC service.'),
    service: str('Service name passed in the HealthCheckRequest.', { default: '' }),
  }, ['port']),
  [CORE + 'Lifecycle']: obj('Hooks run after a container starts and before it stops.', {
    stopSignal: str('StopSignal defines which signal will be sent to a container when it is being stopped.'),
    postStart: ref(CORE + 'LifecycleHandler', 'Runs right after the container is created; a failure restarts the container.'),
    preStop: ref(CORE + 'LifecycleHandler', 'Runs before the container is terminated; the grace period includes it.'),
  }),
  [CORE + 'LifecycleHandler']: obj('An action for a lifecycle hook.', {
    exec: ref(CORE + 'ExecAction', 'Run a command in the container.'),
    httpGet: ref(CORE + 'HTTPGetAction', 'Send an HTTP GET.'),
    tcpSocket: ref(CORE + 'TCPSocketAction', 'Deprecated; kept for compatibility.'),
    sleep: ref(CORE + 'SleepAction', 'Sleep for a while.'),
  }),
  [CORE + 'SleepAction']: obj('Sleeps.', { seconds: int64('Seconds to sleep.') }, ['seconds']),

  [CORE + 'SecurityContext']: obj('Security options for a container; they override the pod\'s securityContext where both are set.', {
    capabilities: ref(CORE + 'Capabilities', 'Linux capabilities to add or drop.'),
    privileged: bool('Run as privileged: root on the host, in effect. Defaults to false.'),
    seLinuxOptions: ref(CORE + 'SELinuxOptions', 'SELinux context for the container.'),
    windowsOptions: ref(CORE + 'WindowsSecurityContextOptions', 'Windows-specific settings.'),
    runAsUser: int64('UID to run the entrypoint as; defaults to the image\'s user.'),
    runAsGroup: int64('GID to run the entrypoint as.'),
    runAsNonRoot: bool('Require the container to run as a non-root user; the kubelet refuses to start it otherwise.'),
    readOnlyRootFilesystem: bool('Mount the root filesystem read-only. Defaults to false.'),
    allowPrivilegeEscalation: bool('Whether a process can gain more privileges than its parent (no_new_privs).'),
    procMount: str('Default or Unmasked /proc mount.'),
    seccompProfile: ref(CORE + 'SeccompProfile', 'Seccomp profile for the container.'),
    appArmorProfile: ref(CORE + 'AppArmorProfile', 'AppArmor profile for the container.'),
  }),
  [CORE + 'Capabilities']: obj('Linux capabilities to add or drop.', {
    add: strs('Capabilities to add.'),
    drop: strs('Capabilities to remove.'),
  }),
  [CORE + 'SELinuxOptions']: obj('SELinux labels.', {
    user: str('SELinux user label.'),
    role: str('SELinux role label.'),
    type: str('SELinux type label.'),
    level: str('SELinux level label.'),
  }),
  [CORE + 'SeccompProfile']: obj('A seccomp profile.', {
    type: enumStr('RuntimeDefault, Unconfined or Localhost.', ['Localhost', 'RuntimeDefault', 'Unconfined']),
    localhostProfile: str('Profile file on the node, relative to the kubelet\'s seccomp directory; only for type Localhost.'),
  }, ['type']),
  [CORE + 'AppArmorProfile']: obj('An AppArmor profile.', {
    type: enumStr('RuntimeDefault, Unconfined or Localhost.', ['Localhost', 'RuntimeDefault', 'Unconfined']),
    localhostProfile: str('Profile loaded on the node; only for type Localhost.'),
  }, ['type']),
  [CORE + 'WindowsSecurityContextOptions']: obj('Windows-specific security settings.', {
    gmsaCredentialSpecName: str('Name of the GMSA credential spec to use.'),
    gmsaCredentialSpec: str('The GMSA credential spec contents.'),
    runAsUserName: str('User name to run the entrypoint as.'),
    hostProcess: bool('Run as a Windows host process.'),
  }),
  [CORE + 'PodSecurityContext']: obj('Security options for every container of a pod.', {
    seLinuxOptions: ref(CORE + 'SELinuxOptions', 'SELinux context for all containers.'),
    windowsOptions: ref(CORE + 'WindowsSecurityContextOptions', 'Windows-specific settings.'),
    runAsUser: int64('UID to run every container\'s entrypoint as.'),
    runAsGroup: int64('GID to run every container\'s entrypoint as.'),
    runAsNonRoot: bool('Require containers to run as non-root.'),
    supplementalGroups: arr('Extra groups for the first process of each container.', { type: 'integer', format: 'int64', default: 0 }),
    supplementalGroupsPolicy: str('How supplemental groups are computed: Merge (default) or Strict.'),
    fsGroup: int64('A group that owns volumes and is added to every container\'s groups; volume files are made writable by it.'),
    fsGroupChangePolicy: str('When to change volume ownership: OnRootMismatch or Always (default).'),
    sysctls: arrOf('Namespaced sysctls set for the pod.', CORE + 'Sysctl'),
    seccompProfile: ref(CORE + 'SeccompProfile', 'Seccomp profile for all containers.'),
    appArmorProfile: ref(CORE + 'AppArmorProfile', 'AppArmor profile for all containers.'),
    seLinuxChangePolicy: str('How SELinux labels are applied to volumes: Recursive or MountOption.'),
  }),
  [CORE + 'Sysctl']: obj('A kernel parameter.', {
    name: str('Name of the sysctl.'),
    value: str('Value to set.'),
  }, ['name', 'value']),

  // ------------------------------------------------------------- volumes
  [CORE + 'Volume']: obj('A named volume that containers of the pod can mount. Exactly one source is set.', {
    name: str('Name of the volume, a DNS-1123 label unique within the pod.'),
    ...volumeSourceProperties,
  }, ['name']),
  [CORE + 'KeyToPath']: obj('Maps a key to a file path within a volume.', {
    key: str('The key to project.'),
    path: str('Relative path of the file; must not contain "..".'),
    mode: int32('File mode bits (0000-0777, decimal in JSON); defaults to the volume\'s defaultMode.'),
  }, ['key', 'path']),
  [CORE + 'SecretVolumeSource']: obj('Files from a Secret in the pod\'s namespace.', {
    secretName: str('Name of the Secret.'),
    items: arrOf('Only these keys, at these paths; by default every key becomes a file named after it.', CORE + 'KeyToPath'),
    defaultMode: int32('Mode bits for the files (0000-0777, decimal in JSON). Defaults to 0644 (420).'),
    optional: bool('Whether the Secret or its keys may be missing.'),
  }),
  [CORE + 'ConfigMapVolumeSource']: obj('Files from a ConfigMap in the pod\'s namespace.', {
    name: str('Name of the ConfigMap.', { default: '' }),
    items: arrOf('Only these keys, at these paths; by default every key becomes a file named after it.', CORE + 'KeyToPath'),
    defaultMode: int32('Mode bits for the files (0000-0777, decimal in JSON). Defaults to 0644 (420).'),
    optional: bool('Whether the ConfigMap or its keys may be missing.'),
  }),
  [CORE + 'EmptyDirVolumeSource']: obj('An empty directory that lives as long as the pod.', {
    medium: str('Storage medium: "" (the node\'s default) or "Memory" (tmpfs).'),
    sizeLimit: ref(QUANTITY, 'The most storage the directory may use.'),
  }),
  [CORE + 'HostPathVolumeSource']: obj('A path on the node.', {
    path: str('Path on the node; symlinks are followed.'),
    type: enumStr('What must be at the path: "" (no check), DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice or BlockDevice.',
      ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket']),
  }, ['path']),
  [CORE + 'PersistentVolumeClaimVolumeSource']: obj('A PersistentVolumeClaim in the pod\'s namespace.', {
    claimName: str('Name of the claim.'),
    readOnly: bool('Mount read-only.'),
  }, ['claimName']),
  [CORE + 'ProjectedVolumeSource']: obj('Several sources projected into one directory.', {
    sources: arrOf('The sources to project.', CORE + 'VolumeProjection'),
    defaultMode: int32('Mode bits for the files (0000-0777, decimal in JSON). Defaults to 0644.'),
  }),
  [CORE + 'VolumeProjection']: obj('One source of a projected volume; exactly one field is set.', {
    podCertificate: ref(CORE + 'PodCertificateProjection', 'PodCertificateProjection provides a private key and X.509 certificate in the pod filesystem.'),
    clusterTrustBundle: ref(CORE + 'ClusterTrustBundleProjection', 'ClusterTrustBundleProjection describes how to select a set of ClusterTrustBundle objects and project their contents into the pod filesystem.'),
    secret: ref(CORE + 'SecretProjection', 'Keys of a Secret.'),
    configMap: ref(CORE + 'ConfigMapProjection', 'Keys of a ConfigMap.'),
    downwardAPI: ref(CORE + 'DownwardAPIProjection', 'Information about the pod.'),
    serviceAccountToken: ref(CORE + 'ServiceAccountTokenProjection', 'A bound service account token.'),
  }),
  [CORE + 'SecretProjection']: obj('Keys of a Secret in a projected volume.', {
    name: str('Name of the Secret.', { default: '' }),
    items: arrOf('Only these keys, at these paths.', CORE + 'KeyToPath'),
    optional: bool('Whether the Secret or its keys may be missing.'),
  }),
  [CORE + 'ConfigMapProjection']: obj('Keys of a ConfigMap in a projected volume.', {
    name: str('Name of the ConfigMap.', { default: '' }),
    items: arrOf('Only these keys, at these paths.', CORE + 'KeyToPath'),
    optional: bool('Whether the ConfigMap or its keys may be missing.'),
  }),
  [CORE + 'ServiceAccountTokenProjection']: obj('A service account token in a projected volume.', {
    audience: str('The audience the token is for; defaults to the API server\'s.'),
    expirationSeconds: int64('Requested lifetime of the token; at least 600. Defaults to 1 hour.'),
    path: str('Relative path of the token file.'),
  }, ['path']),
  [CORE + 'DownwardAPIProjection']: obj('Pod information in a projected volume.', {
    items: arrOf('The files to write.', CORE + 'DownwardAPIVolumeFile'),
  }),
  [CORE + 'DownwardAPIVolumeSource']: obj('Pod information as files.', {
    items: arrOf('The files to write.', CORE + 'DownwardAPIVolumeFile'),
    defaultMode: int32('Mode bits for the files (0000-0777, decimal in JSON). Defaults to 0644.'),
  }),
  [CORE + 'DownwardAPIVolumeFile']: obj('One file of pod information.', {
    path: str('Relative path of the file.'),
    fieldRef: ref(CORE + 'ObjectFieldSelector', 'A field of the pod: metadata.name, metadata.namespace, metadata.labels, metadata.annotations, metadata.uid.'),
    resourceFieldRef: ref(CORE + 'ResourceFieldSelector', 'A container resource (limits.cpu, requests.memory, ...).'),
    mode: int32('Mode bits for this file (0000-0777, decimal in JSON).'),
  }, ['path']),

  // ----------------------------------------------------------- scheduling
  [CORE + 'Affinity']: obj('Scheduling constraints relative to nodes and to other pods.', {
    nodeAffinity: ref(CORE + 'NodeAffinity', 'Which nodes the pod may or prefers to run on.'),
    podAffinity: ref(CORE + 'PodAffinity', 'Pods this pod should run near (same topology domain).'),
    podAntiAffinity: ref(CORE + 'PodAntiAffinity', 'Pods this pod should run away from.'),
  }),
  [CORE + 'NodeAffinity']: obj('Node affinity rules.', {
    requiredDuringSchedulingIgnoredDuringExecution: ref(CORE + 'NodeSelector', 'Nodes must match for the pod to be scheduled; not enforced afterwards.'),
    preferredDuringSchedulingIgnoredDuringExecution: arrOf('Weighted preferences; the scheduler favours nodes with the highest sum of matching weights.', CORE + 'PreferredSchedulingTerm'),
  }),
  [CORE + 'NodeSelector']: atomicObj('A union of node selector terms: a node matches when any term does.', {
    nodeSelectorTerms: arrOf('The terms, ORed.', CORE + 'NodeSelectorTerm'),
  }, ['nodeSelectorTerms']),
  [CORE + 'NodeSelectorTerm']: atomicObj('Requirements on a node\'s labels and fields, ANDed. An empty term matches nothing.', {
    matchExpressions: arrOf('Requirements on node labels.', CORE + 'NodeSelectorRequirement'),
    matchFields: arrOf('Requirements on node fields (metadata.name only).', CORE + 'NodeSelectorRequirement'),
  }),
  [CORE + 'NodeSelectorRequirement']: obj('A requirement on one node label or field.', {
    key: str('The label key or field the requirement applies to.'),
    operator: enumStr('In, NotIn, Exists, DoesNotExist, Gt or Lt.', ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn']),
    values: strs('Values for In/NotIn (non-empty), Gt/Lt (a single integer); empty for Exists/DoesNotExist.'),
  }, ['key', 'operator']),
  [CORE + 'PreferredSchedulingTerm']: obj('A weighted node preference.', {
    weight: int32('Weight, 1-100.'),
    preference: ref(CORE + 'NodeSelectorTerm', 'The node selector term.', { default: {} }),
  }, ['weight', 'preference']),
  [CORE + 'PodAffinity']: obj('Pods to be co-located with.', {
    requiredDuringSchedulingIgnoredDuringExecution: arrOf('Terms that must all hold when scheduling.', CORE + 'PodAffinityTerm'),
    preferredDuringSchedulingIgnoredDuringExecution: arrOf('Weighted preferences.', CORE + 'WeightedPodAffinityTerm'),
  }),
  [CORE + 'PodAntiAffinity']: obj('Pods to stay away from.', {
    requiredDuringSchedulingIgnoredDuringExecution: arrOf('Terms that must all hold when scheduling.', CORE + 'PodAffinityTerm'),
    preferredDuringSchedulingIgnoredDuringExecution: arrOf('Weighted preferences.', CORE + 'WeightedPodAffinityTerm'),
  }),
  [CORE + 'PodAffinityTerm']: obj('Pods matched by a selector, within a topology domain.', {
    labelSelector: ref(META + 'LabelSelector', 'Which pods the term is about.'),
    namespaces: strs('Namespaces the selector applies to; empty means the pod\'s own.'),
    topologyKey: str('A node label key; nodes with the same value form one domain.'),
    namespaceSelector: ref(META + 'LabelSelector', 'Namespaces the selector applies to, by their labels.'),
    matchLabelKeys: strs('Label keys whose values from the incoming pod are added to the selector.'),
    mismatchLabelKeys: strs('Label keys whose values from the incoming pod are excluded by the selector.'),
  }, ['topologyKey']),
  [CORE + 'WeightedPodAffinityTerm']: obj('A weighted pod affinity term.', {
    weight: int32('Weight, 1-100.'),
    podAffinityTerm: ref(CORE + 'PodAffinityTerm', 'The term.', { default: {} }),
  }, ['weight', 'podAffinityTerm']),
  [CORE + 'Toleration']: obj('Lets a pod schedule onto (or stay on) nodes whose taint matches.', {
    key: str('The taint key to tolerate; empty with operator Exists tolerates every taint.'),
    operator: enumStr('Exists or Equal (default).', ['Equal', 'Exists']),
    value: str('The taint value to match with Equal.'),
    effect: enumStr('The taint effect to match: NoSchedule, PreferNoSchedule or NoExecute; empty matches all.', ['NoExecute', 'NoSchedule', 'PreferNoSchedule']),
    tolerationSeconds: int64('For NoExecute: how long the pod stays bound after the taint appears. Unset means forever.'),
  }),
  [CORE + 'TopologySpreadConstraint']: obj('How to spread matching pods among topology domains.', {
    maxSkew: int32('The most the number of matching pods may differ between domains.'),
    topologyKey: str('Node label key that defines the domains.'),
    whenUnsatisfiable: enumStr('DoNotSchedule (default) or ScheduleAnyway.', ['DoNotSchedule', 'ScheduleAnyway']),
    labelSelector: ref(META + 'LabelSelector', 'Which pods are counted.'),
    minDomains: int32('The least number of eligible domains.'),
    nodeAffinityPolicy: str('Whether nodeAffinity/nodeSelector narrows the domains: Honor (default) or Ignore.'),
    nodeTaintsPolicy: str('Whether node taints narrow the domains: Honor or Ignore (default).'),
    matchLabelKeys: strs('Label keys whose values from the incoming pod are added to the selector.'),
  }, ['maxSkew', 'topologyKey', 'whenUnsatisfiable']),
  [CORE + 'HostAlias']: obj('An entry for the pod\'s /etc/hosts.', {
    ip: str('IP address.'),
    hostnames: strs('Host names for the address.'),
  }, ['ip']),
  [CORE + 'PodDNSConfig']: obj('DNS settings merged into those dnsPolicy produces.', {
    nameservers: strs('DNS server IPs.'),
    searches: strs('Search domains.'),
    options: arrOf('Resolver options.', CORE + 'PodDNSConfigOption'),
  }),
  [CORE + 'PodDNSConfigOption']: obj('A resolver option.', {
    name: str('Option name.'),
    value: str('Option value.'),
  }),
  [CORE + 'PodReadinessGate']: obj('An extra condition the pod needs to be Ready.', {
    conditionType: str('A condition type in the pod\'s status.conditions.'),
  }, ['conditionType']),
  [CORE + 'PodSchedulingGate']: obj('A gate that keeps the pod from being scheduled while present.', {
    name: str('Name of the gate.'),
  }, ['name']),
  [CORE + 'PodOS']: obj('The operating system the pod is meant for.', {
    name: str('linux or windows.'),
  }, ['name']),
  [CORE + 'PodResourceClaim']: obj('A dynamic resource claim the pod uses.', {
    name: str('Name of the claim within the pod.'),
    resourceClaimName: str('An existing ResourceClaim in the namespace.'),
    resourceClaimTemplateName: str('A ResourceClaimTemplate to create a claim from.'),
  }, ['name']),

  // ----------------------------------------------------------------- pods
  [CORE + 'PodSpec']: obj('The desired state of a pod: its containers, volumes and where and how it may run.', {
    hostnameOverride: str('HostnameOverride specifies an explicit override for the pod\'s hostname as perceived by the pod.'),
    volumes: arrOf('Volumes the pod\'s containers can mount.', CORE + 'Volume', {
      key: 'name', strategy: 'merge,retainKeys', list: 'map', keys: ['name'],
    }),
    initContainers: keyedList('Containers that run to completion, in order, before the app containers start. Init containers with restartPolicy Always are sidecars.', CORE + 'Container', 'name'),
    containers: keyedList('The pod\'s application containers. At least one; cannot be added or removed after creation.', CORE + 'Container', 'name'),
    ephemeralContainers: keyedList('Debugging containers added to a running pod (through the ephemeralcontainers subresource).', CORE + 'EphemeralContainer', 'name'),
    restartPolicy: enumStr('When containers are restarted: Always (default), OnFailure or Never.', ['Always', 'Never', 'OnFailure']),
    terminationGracePeriodSeconds: int64('Seconds the pod has to stop gracefully after SIGTERM before it is killed. Defaults to 30.'),
    activeDeadlineSeconds: int64('Seconds the pod may be active, counted from its start, before it is failed.'),
    dnsPolicy: enumStr('How DNS is set up: ClusterFirst (default), ClusterFirstWithHostNet, Default or None.', ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']),
    nodeSelector: strMap('Labels a node must carry for the pod to be scheduled on it.', { 'x-kubernetes-map-type': 'atomic' }),
    serviceAccountName: str('The ServiceAccount the pod runs as. Defaults to "default".'),
    serviceAccount: str('Deprecated alias of serviceAccountName.'),
    automountServiceAccountToken: bool('Whether a service account token is mounted automatically.'),
    nodeName: str('The node the pod is bound to; set by the scheduler. Setting it yourself bypasses scheduling.'),
    hostNetwork: bool('Use the node\'s network namespace. Defaults to false.'),
    hostPID: bool('Use the node\'s PID namespace.'),
    hostIPC: bool('Use the node\'s IPC namespace.'),
    shareProcessNamespace: bool('Share one PID namespace among the pod\'s containers.'),
    securityContext: ref(CORE + 'PodSecurityContext', 'Pod-level security attributes and common container settings.'),
    imagePullSecrets: keyedList('Secrets in the namespace used to pull the images.', CORE + 'LocalObjectReference', 'name'),
    hostname: str('The pod\'s hostname; defaults to its name.'),
    subdomain: str('The pod\'s subdomain: its FQDN becomes <hostname>.<subdomain>.<namespace>.svc.<cluster domain>.'),
    affinity: ref(CORE + 'Affinity', 'Node and pod (anti-)affinity scheduling constraints.'),
    schedulerName: str('The scheduler that places the pod. Defaults to "default-scheduler".'),
    tolerations: arrOf('Taints the pod tolerates.', CORE + 'Toleration'),
    hostAliases: arrOf('Entries added to the pod\'s /etc/hosts.', CORE + 'HostAlias', {
      key: 'ip', strategy: 'merge', list: 'map', keys: ['ip'],
    }),
    priorityClassName: str('A PriorityClass naming the pod\'s priority.'),
    priority: int32('The pod\'s priority, resolved from priorityClassName by admission.'),
    dnsConfig: ref(CORE + 'PodDNSConfig', 'Extra DNS parameters.'),
    readinessGates: arrOf('Extra conditions that must be True for the pod to be Ready.', CORE + 'PodReadinessGate'),
    runtimeClassName: str('A RuntimeClass to run the pod with.'),
    enableServiceLinks: bool('Inject service information as environment variables. Defaults to true.'),
    preemptionPolicy: enumStr('PreemptLowerPriority (default) or Never.', ['Never', 'PreemptLowerPriority']),
    overhead: quantities('Resources the pod\'s sandbox consumes on top of its containers.'),
    topologySpreadConstraints: arrOf('How the pod\'s group should spread across topology domains.', CORE + 'TopologySpreadConstraint', {
      key: 'topologyKey', strategy: 'merge', list: 'map', keys: ['topologyKey', 'whenUnsatisfiable'],
    }),
    setHostnameAsFQDN: bool('Set the hostname to the pod\'s FQDN.'),
    os: ref(CORE + 'PodOS', 'The operating system the pod is meant for.'),
    hostUsers: bool('Use the host\'s user namespace. Defaults to true.'),
    schedulingGates: keyedList('Gates that keep the pod unscheduled while any remains.', CORE + 'PodSchedulingGate', 'name'),
    resourceClaims: arrOf('Dynamic resource claims the pod uses.', CORE + 'PodResourceClaim', {
      key: 'name', strategy: 'merge,retainKeys', list: 'map', keys: ['name'],
    }),
    resources: ref(CORE + 'ResourceRequirements', 'Pod-level resource requests and limits (cpu and memory).'),
  }, ['containers']),
  [CORE + 'PodTemplateSpec']: obj('Describes the pods a controller creates.', {
    metadata: ref(META + 'ObjectMeta', 'Metadata given to each pod: labels here must match the controller\'s selector.', { default: {} }),
    spec: ref(CORE + 'PodSpec', 'The pods\' desired state.'),
  }),
  [CORE + 'PodStatus']: obj('The observed state of a pod.', {
    resourceClaimStatuses: arrOf('Status of resource claims.', CORE + 'PodResourceClaimStatus'),
    extendedResourceClaimStatus: ref(CORE + 'PodExtendedResourceClaimStatus', 'The ResourceClaim made for the pod\'s extended resources backed by dynamic resource allocation.'),
    phase: enumStr('Where the pod is in its life: Pending, Running, Succeeded, Failed or Unknown.', ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown']),
    conditions: keyedList('Current conditions of the pod (PodScheduled, Initialized, ContainersReady, Ready, ...).', CORE + 'PodCondition', 'type'),
    message: str('A human-readable message about why the pod is in this state.'),
    reason: str('A brief CamelCase reason for the pod\'s state, such as Evicted.'),
    nominatedNodeName: str('The node where a preempting pod is expected to go.'),
    hostIP: str('IP of the node the pod runs on.'),
    hostIPs: arrOf('IPs of the node the pod runs on.', CORE + 'HostIP', { key: 'ip', strategy: 'merge', list: 'atomic' }),
    podIP: str('The pod\'s IP address.'),
    podIPs: arrOf('The pod\'s IP addresses, one per family.', CORE + 'PodIP', { key: 'ip', strategy: 'merge', list: 'map', keys: ['ip'] }),
    startTime: ref(TIME, 'When the kubelet acknowledged the pod, before pulling images.'),
    initContainerStatuses: arrOf('Status of the init containers.', CORE + 'ContainerStatus'),
    containerStatuses: arrOf('Status of the app containers.', CORE + 'ContainerStatus'),
    ephemeralContainerStatuses: arrOf('Status of the ephemeral containers.', CORE + 'ContainerStatus'),
    qosClass: enumStr('Quality of service class: Guaranteed, Burstable or BestEffort.', ['BestEffort', 'Burstable', 'Guaranteed']),
    resize: str('Status of an in-place resize.'),
    observedGeneration: int64('The pod generation this status reflects.'),
  }),
  [CORE + 'PodCondition']: obj('A condition of a pod.', {
    type: str('Condition type: PodScheduled, PodReadyToStartContainers, Initialized, ContainersReady, Ready or a readiness gate.'),
    status: str('True, False or Unknown.'),
    observedGeneration: int64('The pod generation the condition was set against.'),
    lastProbeTime: ref(TIME, 'When the condition was last probed.'),
    lastTransitionTime: ref(TIME, 'When the status last changed.'),
    reason: str('A brief CamelCase reason for the last transition, such as Unschedulable.'),
    message: str('Human-readable details of the last transition.'),
  }, ['type', 'status']),
  [CORE + 'PodIP']: obj('An IP address of a pod.', { ip: str('The address.') }, ['ip']),
  [CORE + 'HostIP']: obj('An IP address of a pod\'s node.', { ip: str('The address.') }, ['ip']),
  [CORE + 'ContainerStatus']: obj('The observed state of one container.', {
    volumeMounts: arrOf('Status of volume mounts.', CORE + 'VolumeMountStatus'),
    user: ref(CORE + 'ContainerUser', 'The identity the container\'s first process runs as.'),
    stopSignal: str('StopSignal reports the effective stop signal for this container'),
    allocatedResourcesStatus: arrOf('AllocatedResourcesStatus represents the status of various resources allocated for this Pod.', CORE + 'ResourceStatus'),
    name: str('Name of the container.'),
    state: ref(CORE + 'ContainerState', 'The current state.', { default: {} }),
    lastState: ref(CORE + 'ContainerState', 'The previous state (the last termination).', { default: {} }),
    ready: bool('Whether the container passes its readiness probe.'),
    restartCount: int32('How many times the container has been restarted.'),
    image: str('The image the container runs.'),
    imageID: str('The image\'s ID.'),
    containerID: str('"<type>://<id>" of the container.'),
    started: bool('Whether the container has started and passed its startup probe.'),
    allocatedResources: quantities('Resources the node has allocated to the container.'),
    resources: ref(CORE + 'ResourceRequirements', 'Resources the container is actually configured with.'),
  }, ['name', 'ready', 'restartCount', 'image', 'imageID']),
  [CORE + 'ContainerState']: obj('A container\'s state: exactly one member is set; none means Waiting.', {
    waiting: ref(CORE + 'ContainerStateWaiting', 'Details of a waiting container.'),
    running: ref(CORE + 'ContainerStateRunning', 'Details of a running container.'),
    terminated: ref(CORE + 'ContainerStateTerminated', 'Details of a terminated container.'),
  }),
  [CORE + 'ContainerStateWaiting']: obj('A container not yet running.', {
    reason: str('Why it is waiting, such as ContainerCreating or ImagePullBackOff.'),
    message: str('Details.'),
  }),
  [CORE + 'ContainerStateRunning']: obj('A running container.', {
    startedAt: ref(TIME, 'When the container last (re)started.'),
  }),
  [CORE + 'ContainerStateTerminated']: obj('A terminated container.', {
    exitCode: int32('Exit status of the last termination.'),
    signal: int32('Signal of the last termination.'),
    reason: str('Why it terminated, such as Completed, Error or OOMKilled.'),
    message: str('Details.'),
    startedAt: ref(TIME, 'When execution started.'),
    finishedAt: ref(TIME, 'When it ended.'),
    containerID: str('"<type>://<id>" of the container.'),
  }, ['exitCode']),
  [CORE + 'Pod']: kindSchema('A Pod is a group of containers that run together on one node, sharing network and storage.', core('Pod'), {
    spec: ref(CORE + 'PodSpec', 'The desired behaviour of the pod.'),
    status: ref(CORE + 'PodStatus', 'The observed state of the pod; written by the scheduler and the kubelet.'),
  }),
  [CORE + 'PodList']: listSchema(CORE + 'Pod', core('PodList'), 'List of pods.'),
  [CORE + 'Binding']: kindSchema('Binds an object to another, such as a pod to the node the scheduler chose.', core('Binding'), {
    target: ref(CORE + 'ObjectReference', 'The object to bind to (a Node).', { default: {} }),
  }, { required: ['target'] }),

  // ----------------------------------------------------------- namespaces
  [CORE + 'Namespace']: kindSchema('A Namespace provides a scope for names; most objects live in one.', core('Namespace'), {
    spec: ref(CORE + 'NamespaceSpec', 'The namespace\'s finalizers.'),
    status: ref(CORE + 'NamespaceStatus', 'The namespace\'s phase and conditions.'),
  }),
  [CORE + 'NamespaceList']: listSchema(CORE + 'Namespace', core('NamespaceList'), 'List of namespaces.'),
  [CORE + 'NamespaceSpec']: obj('The desired state of a namespace.', {
    finalizers: strs('Finalizers that must be removed before the namespace is deleted from storage.'),
  }),
  [CORE + 'NamespaceStatus']: obj('The observed state of a namespace.', {
    phase: enumStr('Active or Terminating.', ['Active', 'Terminating']),
    conditions: keyedList('Current conditions of the namespace.', CORE + 'NamespaceCondition', 'type'),
  }),
  [CORE + 'NamespaceCondition']: obj('A condition of a namespace.', {
    type: str('Condition type.'),
    status: str('True, False or Unknown.'),
    lastTransitionTime: ref(TIME, 'When the status last changed.'),
    reason: str('CamelCase reason.'),
    message: str('Details.'),
  }, ['type', 'status']),

  // ---------------------------------------------------------------- nodes
  [CORE + 'Node']: kindSchema('A Node is a worker machine that runs pods.', core('Node'), {
    spec: ref(CORE + 'NodeSpec', 'How the node is configured: pod CIDRs, taints, schedulability.'),
    status: ref(CORE + 'NodeStatus', 'The node\'s most recently observed state, reported by its kubelet.'),
  }),
  [CORE + 'NodeList']: listSchema(CORE + 'Node', core('NodeList'), 'List of nodes.'),
  [CORE + 'NodeSpec']: obj('How a node is configured.', {
    configSource: ref(CORE + 'NodeConfigSource', 'Where the node\'s kubelet configuration comes from (deprecated in Kubernetes).'),
    podCIDR: str('The IP range assigned to the node\'s pods.'),
    podCIDRs: strs('The IP ranges assigned to the node\'s pods, one per family.', { strategy: 'merge', list: 'set' }),
    providerID: str('The node\'s ID at its cloud provider.'),
    unschedulable: bool('Keep new pods off the node (cordon). Defaults to false.'),
    taints: arrOf('Taints that repel pods not tolerating them.', CORE + 'Taint'),
    externalID: str('Deprecated.'),
  }),
  [CORE + 'Taint']: obj('A mark on a node that repels pods without a matching toleration.', {
    key: str('The taint key.'),
    value: str('The taint value.'),
    effect: enumStr('NoSchedule, PreferNoSchedule or NoExecute.', ['NoExecute', 'NoSchedule', 'PreferNoSchedule']),
    timeAdded: ref(TIME, 'When a NoExecute taint was added.'),
  }, ['key', 'effect']),
  [CORE + 'NodeStatus']: obj('The observed state of a node.', {
    runtimeHandlers: arrOf('The available runtime handlers.', CORE + 'NodeRuntimeHandler'),
    features: ref(CORE + 'NodeFeatures', 'Features the node\'s container runtime implements.'),
    config: ref(CORE + 'NodeConfigStatus', 'The status of the configuration configSource assigned.'),
    capacity: quantities('Total resources of the node.'),
    allocatable: quantities('Resources available for pods (capacity minus reservations).'),
    phase: str('Deprecated.'),
    conditions: keyedList('Current conditions: Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable.', CORE + 'NodeCondition', 'type'),
    addresses: keyedList('Addresses of the node (InternalIP, ExternalIP, Hostname, ...).', CORE + 'NodeAddress', 'type'),
    daemonEndpoints: ref(CORE + 'NodeDaemonEndpoints', 'Ports of the daemons on the node.', { default: {} }),
    nodeInfo: ref(CORE + 'NodeSystemInfo', 'Identity and versions of the node\'s software.', { default: {} }),
    images: arrOf('Container images present on the node.', CORE + 'ContainerImage'),
    volumesInUse: strs('Volumes in use (mounted) on the node.'),
    volumesAttached: arrOf('Volumes attached to the node.', CORE + 'AttachedVolume'),
  }),
  [CORE + 'NodeCondition']: obj('A condition of a node.', {
    type: str('Condition type, such as Ready.'),
    status: str('True, False or Unknown.'),
    lastHeartbeatTime: ref(TIME, 'When the condition was last reported.'),
    lastTransitionTime: ref(TIME, 'When the status last changed.'),
    reason: str('CamelCase reason, such as KubeletReady.'),
    message: str('Details.'),
  }, ['type', 'status']),
  [CORE + 'NodeAddress']: obj('An address of a node.', {
    type: str('Hostname, ExternalIP, InternalIP, ExternalDNS or InternalDNS.'),
    address: str('The address.'),
  }, ['type', 'address']),
  [CORE + 'NodeDaemonEndpoints']: obj('Ports of the daemons on a node.', {
    kubeletEndpoint: ref(CORE + 'DaemonEndpoint', 'The kubelet\'s endpoint.', { default: {} }),
  }),
  [CORE + 'DaemonEndpoint']: obj('A daemon\'s endpoint.', { Port: int32('Port number.') }, ['Port']),
  [CORE + 'NodeSystemInfo']: obj('Identity and versions of a node\'s software.', {
    swap: ref(CORE + 'NodeSwapStatus', 'The node\'s swap memory.'),
    machineID: str('The machine ID.'),
    systemUUID: str('The system UUID.'),
    bootID: str('The boot ID.'),
    kernelVersion: str('Kernel version (uname -r).'),
    osImage: str('OS image, from /etc/os-release.'),
    containerRuntimeVersion: str('Container runtime and version.'),
    kubeletVersion: str('Kubelet version.'),
    kubeProxyVersion: str('Deprecated.'),
    operatingSystem: str('The operating system.'),
    architecture: str('The CPU architecture.'),
  }, ['machineID', 'systemUUID', 'bootID', 'kernelVersion', 'osImage', 'containerRuntimeVersion', 'kubeletVersion', 'kubeProxyVersion', 'operatingSystem', 'architecture']),
  [CORE + 'ContainerImage']: obj('A container image on a node.', {
    names: strs('Names the image is known by.'),
    sizeBytes: int64('Size of the image.'),
  }),
  [CORE + 'AttachedVolume']: obj('A volume attached to a node.', {
    name: str('Name of the volume.'),
    devicePath: str('Where the volume is available.'),
  }, ['name', 'devicePath']),

  // ------------------------------------------------- secrets and config
  [CORE + 'Secret']: kindSchema('A Secret holds a small amount of sensitive data, such as passwords or keys.', core('Secret'), {
    immutable: bool('When true, the data cannot be changed (only the object deleted).'),
    data: { type: 'object', description: 'The secret\'s data: keys are [-._a-zA-Z0-9]+, values base64-encoded.', additionalProperties: { type: 'string', format: 'byte' } },
    stringData: strMap('Write-only convenience: plain string values merged into data on write (they win over data).'),
    type: str('What the secret is for, such as Opaque (default) or kubernetes.io/dockerconfigjson.'),
  }),
  [CORE + 'SecretList']: listSchema(CORE + 'Secret', core('SecretList'), 'List of secrets.'),
  [CORE + 'ConfigMap']: kindSchema('A ConfigMap holds configuration data for pods to consume.', core('ConfigMap'), {
    immutable: bool('When true, the data cannot be changed (only the object deleted).'),
    data: strMap('UTF-8 configuration data; keys are [-._a-zA-Z0-9]+.'),
    binaryData: { type: 'object', description: 'Binary configuration data, base64-encoded; keys must not clash with data.', additionalProperties: { type: 'string', format: 'byte' } },
  }),
  [CORE + 'ConfigMapList']: listSchema(CORE + 'ConfigMap', core('ConfigMapList'), 'List of config maps.'),
  [CORE + 'ServiceAccount']: kindSchema('A ServiceAccount is an identity for processes running in pods.', core('ServiceAccount'), {
    secrets: keyedList('Secrets pods of this account may use (legacy token secrets).', CORE + 'ObjectReference', 'name'),
    imagePullSecrets: arrOf('Pull secrets added to every pod of this account.', CORE + 'LocalObjectReference'),
    automountServiceAccountToken: bool('Whether pods of this account get a token mounted automatically.'),
  }),
  [CORE + 'ServiceAccountList']: listSchema(CORE + 'ServiceAccount', core('ServiceAccountList'), 'List of service accounts.'),

  // ---------------------------------------------------------------- events
  [CORE + 'Event']: kindSchema('An Event is a report of something that happened to an object.', core('Event'), {
    involvedObject: ref(CORE + 'ObjectReference', 'The object the event is about.', { default: {} }),
    reason: str('A short CamelCase reason, such as Scheduled or FailedScheduling.'),
    message: str('A human-readable description.'),
    source: ref(CORE + 'EventSource', 'The component that reported the event.', { default: {} }),
    firstTimestamp: ref(TIME, 'When the event was first recorded.'),
    lastTimestamp: ref(TIME, 'When the event most recently occurred.'),
    count: int32('How many times the event has occurred.'),
    type: str('Normal or Warning.'),
    eventTime: ref(MICRO_TIME, 'When the event was first observed.'),
    series: ref(CORE + 'EventSeries', 'Data about a series of repeated events.'),
    action: str('What was done (or failed) about the object.'),
    related: ref(CORE + 'ObjectReference', 'A second object involved.'),
    reportingComponent: str('The controller that emitted the event, such as kubernetes.io/kubelet.'),
    reportingInstance: str('The instance of that controller, such as the node name.'),
  }, { required: ['metadata', 'involvedObject'] }),
  [CORE + 'EventList']: listSchema(CORE + 'Event', core('EventList'), 'List of events.'),
  [CORE + 'EventSource']: obj('The component that reported an event.', {
    component: str('Component name.'),
    host: str('Node name.'),
  }),
  [CORE + 'EventSeries']: obj('A series of repeated events.', {
    count: int32('Occurrences in the series so far.'),
    lastObservedTime: ref(MICRO_TIME, 'When the last occurrence was observed.'),
  }),

  // --------------------------------------------- persistent volume claims
  [CORE + 'PersistentVolumeClaim']: kindSchema('A request for storage by a user.', core('PersistentVolumeClaim'), {
    spec: ref(CORE + 'PersistentVolumeClaimSpec', 'The storage requested.'),
    status: ref(CORE + 'PersistentVolumeClaimStatus', 'The claim\'s observed state.'),
  }),
  [CORE + 'PersistentVolumeClaimSpec']: obj('The storage a claim requests.', {
    accessModes: strs('Access modes: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod.'),
    selector: ref(META + 'LabelSelector', 'Labels of the volumes the claim may bind to.'),
    resources: ref(CORE + 'VolumeResourceRequirements', 'The least storage (requests.storage) the volume must have.', { default: {} }),
    volumeName: str('Bind to this PersistentVolume.'),
    storageClassName: str('The StorageClass the claim asks for.'),
    volumeMode: enumStr('Filesystem (default) or Block.', ['Block', 'Filesystem']),
    dataSource: ref(CORE + 'TypedLocalObjectReference', 'Populate the volume from a snapshot or another claim.'),
    dataSourceRef: ref(CORE + 'TypedObjectReference', 'Populate the volume from any suitable object.'),
    volumeAttributesClassName: str('A VolumeAttributesClass for the claim.'),
  }),
  [CORE + 'VolumeResourceRequirements']: obj('Storage requests and limits.', {
    limits: quantities('The most storage allowed.'),
    requests: quantities('The least storage required, as requests.storage.'),
  }),
  [CORE + 'PersistentVolumeClaimStatus']: obj('The observed state of a claim.', {
    modifyVolumeStatus: ref(CORE + 'ModifyVolumeStatus', 'The status of a change of the claim\'s VolumeAttributesClass.'),
    currentVolumeAttributesClassName: str('currentVolumeAttributesClassName is the current name of the VolumeAttributesClass the PVC is using.'),
    allocatedResources: quantities('allocatedResources tracks the resources allocated to a PVC including its capacity.'),
    allocatedResourceStatuses: strMap('allocatedResourceStatuses stores status of resource being resized for the given PVC.'),
    phase: enumStr('Pending, Bound or Lost.', ['Bound', 'Lost', 'Pending']),
    accessModes: strs('Access modes of the bound volume.'),
    capacity: quantities('Resources of the bound volume.'),
    conditions: keyedList('Current conditions of the claim.', CORE + 'PersistentVolumeClaimCondition', 'type'),
  }),
  [CORE + 'PersistentVolumeClaimCondition']: obj('A condition of a claim.', {
    type: str('Condition type.'),
    status: str('True, False or Unknown.'),
    lastProbeTime: ref(TIME, 'When the condition was last probed.'),
    lastTransitionTime: ref(TIME, 'When the status last changed.'),
    reason: str('CamelCase reason.'),
    message: str('Details.'),
  }, ['type', 'status']),

  // ------------------------------------------------------------- newer fields' types
  [CORE + 'ContainerRestartRule']: obj('ContainerRestartRule describes how a container exit is handled.', {
    action: str('Specifies the action taken on a container exit if the requirements are satisfied.'),
    exitCodes: ref(CORE + 'ContainerRestartRuleOnExitCodes', 'The exit codes the rule applies to.'),
  }, ['action']),
  [CORE + 'FileKeySelector']: obj('FileKeySelector selects a key of the env file.', {
    key: str('The key within the env file.'),
    optional: bool('Specify whether the file or its key must be defined.'),
    path: str('The path within the volume from which to select the file.'),
    volumeName: str('The name of the volume mount containing the env file.'),
  }, ['key', 'path', 'volumeName']),
  [CORE + 'ClusterTrustBundleProjection']: obj('ClusterTrustBundleProjection describes how to select a set of ClusterTrustBundle objects and project their contents into the pod filesystem.', {
    labelSelector: ref(META + 'LabelSelector', 'Select the ClusterTrustBundles with these labels.'),
    name: str('Select a single ClusterTrustBundle by object name.'),
    optional: bool('If true, don\'t block pod startup if the referenced ClusterTrustBundle(s) aren\'t available.'),
    path: str('Relative path from the volume root to write the bundle.'),
    signerName: str('Select all ClusterTrustBundles that match this signer name.'),
  }, ['path']),
  [CORE + 'PodCertificateProjection']: obj('PodCertificateProjection provides a private key and X.509 certificate in the pod filesystem.', {
    certificateChainPath: str('Write the certificate chain at this path in the projected volume.'),
    credentialBundlePath: str('Write the credential bundle at this path in the projected volume.'),
    keyPath: str('Write the key at this path in the projected volume.'),
    keyType: str('The type of keypair Kubelet will generate for the pod.'),
    maxExpirationSeconds: int32('maxExpirationSeconds is the maximum lifetime permitted for the certificate.'),
    signerName: str('Kubelet\'s generated CSRs will be addressed to this signer.'),
  }, ['keyType', 'signerName']),
  [CORE + 'PodExtendedResourceClaimStatus']: obj('PodExtendedResourceClaimStatus is stored in the PodStatus for the extended resource requests backed by DRA.', {
    requestMappings: arrOf('RequestMappings identifies the mapping of <container, extended resource backed by DRA> to  device request in the generated ResourceClaim.', CORE + 'ContainerExtendedResourceRequest'),
    resourceClaimName: str('ResourceClaimName is the name of the ResourceClaim that was generated for the Pod in the namespace of the Pod.'),
  }, ['requestMappings', 'resourceClaimName']),
  [CORE + 'PodResourceClaimStatus']: obj('PodResourceClaimStatus is stored in the PodStatus for each PodResourceClaim which references a ResourceClaimTemplate.', {
    name: str('Name uniquely identifies this resource claim inside the pod.'),
    resourceClaimName: str('ResourceClaimName is the name of the ResourceClaim that was generated for the Pod in the namespace of the Pod.'),
  }, ['name']),
  [CORE + 'ResourceStatus']: obj('ResourceStatus represents the status of a single resource allocated to a Pod.', {
    name: str('Name of the resource.'),
    resources: arrOf('List of unique resources health.', CORE + 'ResourceHealth'),
  }, ['name']),
  [CORE + 'ContainerUser']: obj('ContainerUser represents user identity information', {
    linux: ref(CORE + 'LinuxContainerUser', 'The Linux uid, gid and groups.'),
  }),
  [CORE + 'VolumeMountStatus']: obj('VolumeMountStatus shows status of volume mounts.', {
    mountPath: str('MountPath corresponds to the original VolumeMount.'),
    name: str('Name corresponds to the name of the original VolumeMount.'),
    readOnly: bool('ReadOnly corresponds to the original VolumeMount.'),
    recursiveReadOnly: str('RecursiveReadOnly must be set to Disabled, Enabled, or unspecified (for non-readonly mounts).'),
  }, ['mountPath', 'name']),
  [CORE + 'NodeConfigSource']: obj('NodeConfigSource specifies a source of node configuration.', {
    configMap: ref(CORE + 'ConfigMapNodeConfigSource', 'A ConfigMap holding the configuration.'),
  }),
  [CORE + 'NodeConfigStatus']: obj('NodeConfigStatus describes the status of the config assigned by Node.Spec.ConfigSource.', {
    active: ref(CORE + 'NodeConfigSource', 'The configuration the node runs with.'),
    assigned: ref(CORE + 'NodeConfigSource', 'The configuration the node was assigned.'),
    error: str('Error describes any problems reconciling the Spec.ConfigSource to the Active config.'),
    lastKnownGood: ref(CORE + 'NodeConfigSource', 'The configuration the node falls back to.'),
  }),
  [CORE + 'NodeFeatures']: obj('NodeFeatures describes the set of features implemented by the CRI implementation.', {
    supplementalGroupsPolicy: bool('SupplementalGroupsPolicy is set to true if the runtime supports SupplementalGroupsPolicy and ContainerUser.'),
  }),
  [CORE + 'NodeRuntimeHandler']: obj('NodeRuntimeHandler is a set of runtime handler information.', {
    features: ref(CORE + 'NodeRuntimeHandlerFeatures', 'What the handler supports.'),
    name: str('Runtime handler name.'),
  }),
  [CORE + 'NodeSwapStatus']: obj('NodeSwapStatus represents swap memory information.', {
    capacity: int64('Total amount of swap memory in bytes.'),
  }),
  [CORE + 'ModifyVolumeStatus']: obj('ModifyVolumeStatus represents the status object of ControllerModifyVolume operation', {
    status: str('status is the status of the ControllerModifyVolume operation.'),
    targetVolumeAttributesClassName: str('targetVolumeAttributesClassName is the name of the VolumeAttributesClass the PVC currently being reconciled'),
  }, ['status']),
  [CORE + 'ContainerRestartRuleOnExitCodes']: obj('ContainerRestartRuleOnExitCodes describes the condition for handling an exited container based on its exit codes.', {
    operator: str('Represents the relationship between the container exit code(s) and the specified values.'),
    values: arr('Specifies the set of values to check for container exit codes.', { type: 'integer', format: 'int32' }),
  }, ['operator']),
  [CORE + 'ContainerExtendedResourceRequest']: obj('ContainerExtendedResourceRequest has the mapping of container name, extended resource name to the device request name.', {
    containerName: str('The name of the container requesting resources.'),
    requestName: str('The name of the request in the special ResourceClaim which corresponds to the extended resource.'),
    resourceName: str('The name of the extended resource in that container which gets backed by DRA.'),
  }, ['containerName', 'requestName', 'resourceName']),
  [CORE + 'ResourceHealth']: obj('ResourceHealth represents the health of a resource.', {
    health: str('Health of the resource.'),
    resourceID: str('ResourceID is the unique identifier of the resource.'),
  }, ['resourceID']),
  [CORE + 'LinuxContainerUser']: obj('LinuxContainerUser represents user identity information in Linux containers', {
    gid: int64('GID is the primary gid initially attached to the first process in the container'),
    supplementalGroups: arr('SupplementalGroups are the supplemental groups initially attached to the first process in the container', { type: 'integer', format: 'int32' }),
    uid: int64('UID is the primary uid initially attached to the first process in the container'),
  }, ['gid', 'uid']),
  [CORE + 'ConfigMapNodeConfigSource']: obj('ConfigMapNodeConfigSource contains the information to reference a ConfigMap as a config source for the Node.', {
    kubeletConfigKey: str('KubeletConfigKey declares which key of the referenced ConfigMap corresponds to the KubeletConfiguration structure This field is required in all cases.'),
    name: str('Name is the metadata.name of the referenced ConfigMap.'),
    namespace: str('Namespace is the metadata.namespace of the referenced ConfigMap.'),
    resourceVersion: str('ResourceVersion is the metadata.ResourceVersion of the referenced ConfigMap.'),
    uid: str('UID is the metadata.UID of the referenced ConfigMap.'),
  }, ['kubeletConfigKey', 'name', 'namespace']),
  [CORE + 'NodeRuntimeHandlerFeatures']: obj('NodeRuntimeHandlerFeatures is a set of features implemented by the runtime handler.', {
    recursiveReadOnlyMounts: bool('RecursiveReadOnlyMounts is set to true if the runtime handler supports RecursiveReadOnlyMounts.'),
    userNamespaces: bool('UserNamespaces is set to true if the runtime handler supports UserNamespaces, including for volumes.'),
  }),
};
