// core/v1 volume sources beyond the common ones in schemas-core.ts (NFS, CSI, cloud disks,
// iSCSI, ...) and generic ephemeral volumes: the pods' API stores and validates them, though the
// simulated kubelets mount nothing. Field names, types and required fields follow Kubernetes'
// published API (test/api-openapi-complete checks them against the client library's models).

import { CORE, META, type Schema, str, bool, int32, strs, strMap, obj, ref } from './dsl.js';

export const CORE_VOLUME_SCHEMAS: Record<string, Schema> = {
  [CORE + 'AWSElasticBlockStoreVolumeSource']: obj('Represents a Persistent Disk resource in AWS.', {
    fsType: str('fsType is the filesystem type of the volume that you want to mount.'),
    partition: int32('partition is the partition in the volume that you want to mount.'),
    readOnly: bool('readOnly value true will force the readOnly setting in VolumeMounts.'),
    volumeID: str('volumeID is unique ID of the persistent disk resource in AWS (Amazon EBS volume).'),
  }, ['volumeID']),
  [CORE + 'AzureDiskVolumeSource']: obj('AzureDisk represents an Azure Data Disk mount on the host and bind mount to the pod.', {
    cachingMode: str('cachingMode is the Host Caching mode: None, Read Only, Read Write.'),
    diskName: str('diskName is the Name of the data disk in the blob storage'),
    diskURI: str('diskURI is the URI of data disk in the blob storage'),
    fsType: str('fsType is Filesystem type to mount.'),
    kind: str('kind expected values are Shared: multiple blob disks per storage account  Dedicated: single blob disk per storage account  Managed: azure managed data disk (only in managed availability set).'),
    readOnly: bool('readOnly Defaults to false (read/write).'),
  }, ['diskName', 'diskURI']),
  [CORE + 'AzureFileVolumeSource']: obj('AzureFile represents an Azure File Service mount on the host and bind mount to the pod.', {
    readOnly: bool('readOnly defaults to false (read/write).'),
    secretName: str('secretName is the  name of secret that contains Azure Storage Account Name and Key'),
    shareName: str('shareName is the azure share Name'),
  }, ['secretName', 'shareName']),
  [CORE + 'CephFSVolumeSource']: obj('Represents a Ceph Filesystem mount that lasts the lifetime of a pod Cephfs volumes do not support ownership management or SELinux relabeling.', {
    monitors: strs('monitors is Required: Monitors is a collection of Ceph monitors'),
    path: str('path is Optional: Used as the mounted root, rather than the full Ceph tree, default is /'),
    readOnly: bool('readOnly is Optional: Defaults to false (read/write).'),
    secretFile: str('secretFile is Optional: SecretFile is the path to key ring for User, default is /etc/ceph/user.secret'),
    secretRef: ref(CORE + 'LocalObjectReference', 'The Secret holding the credentials, in the pod\'s namespace.'),
    user: str('user is optional: User is the rados user name, default is admin'),
  }, ['monitors']),
  [CORE + 'CinderVolumeSource']: obj('Represents a cinder volume resource in Openstack.', {
    fsType: str('fsType is the filesystem type to mount.'),
    readOnly: bool('readOnly defaults to false (read/write).'),
    secretRef: ref(CORE + 'LocalObjectReference', 'The Secret holding the credentials, in the pod\'s namespace.'),
    volumeID: str('volumeID used to identify the volume in cinder.'),
  }, ['volumeID']),
  [CORE + 'CSIVolumeSource']: obj('Represents a source location of a volume to mount, managed by an external CSI driver', {
    driver: str('driver is the name of the CSI driver that handles this volume.'),
    fsType: str('fsType to mount.'),
    nodePublishSecretRef: ref(CORE + 'LocalObjectReference', 'The Secret passed to the driver when the volume is published on the node.'),
    readOnly: bool('readOnly specifies a read-only configuration for the volume.'),
    volumeAttributes: strMap('volumeAttributes stores driver-specific properties that are passed to the CSI driver.'),
  }, ['driver']),
  [CORE + 'EphemeralVolumeSource']: obj('Represents an ephemeral volume that is handled by a normal storage driver.', {
    volumeClaimTemplate: ref(CORE + 'PersistentVolumeClaimTemplate', 'The claim made for the pod, named <pod>-<volume>.'),
  }),
  [CORE + 'FCVolumeSource']: obj('Represents a Fibre Channel volume.', {
    fsType: str('fsType is the filesystem type to mount.'),
    lun: int32('lun is Optional: FC target lun number'),
    readOnly: bool('readOnly is Optional: Defaults to false (read/write).'),
    targetWWNs: strs('targetWWNs is Optional: FC target worldwide names (WWNs)'),
    wwids: strs('wwids Optional: FC volume world wide identifiers (wwids) Either wwids or combination of targetWWNs and lun must be set, but not both simultaneously.'),
  }),
  [CORE + 'FlexVolumeSource']: obj('FlexVolume represents a generic volume resource that is provisioned/attached using an exec based plugin.', {
    driver: str('driver is the name of the driver to use for this volume.'),
    fsType: str('fsType is the filesystem type to mount.'),
    options: strMap('options is Optional: this field holds extra command options if any.'),
    readOnly: bool('readOnly is Optional: defaults to false (read/write).'),
    secretRef: ref(CORE + 'LocalObjectReference', 'The Secret holding the credentials, in the pod\'s namespace.'),
  }, ['driver']),
  [CORE + 'FlockerVolumeSource']: obj('Represents a Flocker volume mounted by the Flocker agent.', {
    datasetName: str('datasetName is Name of the dataset stored as metadata -> name on the dataset for Flocker should be considered as deprecated'),
    datasetUUID: str('datasetUUID is the UUID of the dataset.'),
  }),
  [CORE + 'GCEPersistentDiskVolumeSource']: obj('Represents a Persistent Disk resource in Google Compute Engine.', {
    fsType: str('fsType is filesystem type of the volume that you want to mount.'),
    partition: int32('partition is the partition in the volume that you want to mount.'),
    pdName: str('pdName is unique name of the PD resource in GCE.'),
    readOnly: bool('readOnly here will force the ReadOnly setting in VolumeMounts.'),
  }, ['pdName']),
  [CORE + 'GitRepoVolumeSource']: obj('Represents a volume that is populated with the contents of a git repository.', {
    directory: str('directory is the target directory name.'),
    repository: str('repository is the URL'),
    revision: str('revision is the commit hash for the specified revision.'),
  }, ['repository']),
  [CORE + 'GlusterfsVolumeSource']: obj('Represents a Glusterfs mount that lasts the lifetime of a pod.', {
    endpoints: str('endpoints is the endpoint name that details Glusterfs topology.'),
    path: str('path is the Glusterfs volume path.'),
    readOnly: bool('readOnly here will force the Glusterfs volume to be mounted with read-only permissions.'),
  }, ['endpoints', 'path']),
  [CORE + 'ImageVolumeSource']: obj('ImageVolumeSource represents a image volume resource.', {
    pullPolicy: str('Policy for pulling OCI objects.'),
    reference: str('Required: Image or artifact reference to be used.'),
  }),
  [CORE + 'ISCSIVolumeSource']: obj('Represents an ISCSI disk.', {
    chapAuthDiscovery: bool('chapAuthDiscovery defines whether support iSCSI Discovery CHAP authentication'),
    chapAuthSession: bool('chapAuthSession defines whether support iSCSI Session CHAP authentication'),
    fsType: str('fsType is the filesystem type of the volume that you want to mount.'),
    initiatorName: str('initiatorName is the custom iSCSI Initiator Name.'),
    iqn: str('iqn is the target iSCSI Qualified Name.'),
    iscsiInterface: str('iscsiInterface is the interface Name that uses an iSCSI transport.'),
    lun: int32('lun represents iSCSI Target Lun number.'),
    portals: strs('portals is the iSCSI Target Portal List.'),
    readOnly: bool('readOnly here will force the ReadOnly setting in VolumeMounts.'),
    secretRef: ref(CORE + 'LocalObjectReference', 'The Secret holding the credentials, in the pod\'s namespace.'),
    targetPortal: str('targetPortal is iSCSI Target Portal.'),
  }, ['iqn', 'lun', 'targetPortal']),
  [CORE + 'NFSVolumeSource']: obj('Represents an NFS mount that lasts the lifetime of a pod.', {
    path: str('path that is exported by the NFS server.'),
    readOnly: bool('readOnly here will force the NFS export to be mounted with read-only permissions.'),
    server: str('server is the hostname or IP address of the NFS server.'),
  }, ['path', 'server']),
  [CORE + 'PhotonPersistentDiskVolumeSource']: obj('Represents a Photon Controller persistent disk resource.', {
    fsType: str('fsType is the filesystem type to mount.'),
    pdID: str('pdID is the ID that identifies Photon Controller persistent disk'),
  }, ['pdID']),
  [CORE + 'PortworxVolumeSource']: obj('PortworxVolumeSource represents a Portworx volume resource.', {
    fsType: str('fSType represents the filesystem type to mount Must be a filesystem type supported by the host operating system.'),
    readOnly: bool('readOnly defaults to false (read/write).'),
    volumeID: str('volumeID uniquely identifies a Portworx volume'),
  }, ['volumeID']),
  [CORE + 'QuobyteVolumeSource']: obj('Represents a Quobyte mount that lasts the lifetime of a pod.', {
    group: str('group to map volume access to Default is no group'),
    readOnly: bool('readOnly here will force the Quobyte volume to be mounted with read-only permissions.'),
    registry: str('registry represents a single or multiple Quobyte Registry services specified as a string as host:port pair (multiple entries are separated with commas) which acts as the central registry for volumes'),
    tenant: str('tenant owning the given Quobyte volume in the Backend Used with dynamically provisioned Quobyte volumes, value is set by the plugin'),
    user: str('user to map volume access to Defaults to serivceaccount user'),
    volume: str('volume is a string that references an already created Quobyte volume by name.'),
  }, ['registry', 'volume']),
  [CORE + 'RBDVolumeSource']: obj('Represents a Rados Block Device mount that lasts the lifetime of a pod.', {
    fsType: str('fsType is the filesystem type of the volume that you want to mount.'),
    image: str('image is the rados image name.'),
    keyring: str('keyring is the path to key ring for RBDUser.'),
    monitors: strs('monitors is a collection of Ceph monitors.'),
    pool: str('pool is the rados pool name.'),
    readOnly: bool('readOnly here will force the ReadOnly setting in VolumeMounts.'),
    secretRef: ref(CORE + 'LocalObjectReference', 'The Secret holding the credentials, in the pod\'s namespace.'),
    user: str('user is the rados user name.'),
  }, ['image', 'monitors']),
  [CORE + 'ScaleIOVolumeSource']: obj('ScaleIOVolumeSource represents a persistent ScaleIO volume', {
    fsType: str('fsType is the filesystem type to mount.'),
    gateway: str('gateway is the host address of the ScaleIO API Gateway.'),
    protectionDomain: str('protectionDomain is the name of the ScaleIO Protection Domain for the configured storage.'),
    readOnly: bool('readOnly Defaults to false (read/write).'),
    secretRef: ref(CORE + 'LocalObjectReference', 'The Secret holding the credentials, in the pod\'s namespace.'),
    sslEnabled: bool('sslEnabled Flag enable/disable SSL communication with Gateway, default false'),
    storageMode: str('storageMode indicates whether the storage for a volume should be ThickProvisioned or ThinProvisioned.'),
    storagePool: str('storagePool is the ScaleIO Storage Pool associated with the protection domain.'),
    system: str('system is the name of the storage system as configured in ScaleIO.'),
    volumeName: str('volumeName is the name of a volume already created in the ScaleIO system that is associated with this volume source.'),
  }, ['gateway', 'secretRef', 'system']),
  [CORE + 'StorageOSVolumeSource']: obj('Represents a StorageOS persistent volume resource.', {
    fsType: str('fsType is the filesystem type to mount.'),
    readOnly: bool('readOnly defaults to false (read/write).'),
    secretRef: ref(CORE + 'LocalObjectReference', 'The Secret holding the credentials, in the pod\'s namespace.'),
    volumeName: str('volumeName is the human-readable name of the StorageOS volume.'),
    volumeNamespace: str('volumeNamespace specifies the scope of the volume within StorageOS.'),
  }),
  [CORE + 'VsphereVirtualDiskVolumeSource']: obj('Represents a vSphere volume resource.', {
    fsType: str('fsType is filesystem type to mount.'),
    storagePolicyID: str('storagePolicyID is the storage Policy Based Management (SPBM) profile ID associated with the StoragePolicyName.'),
    storagePolicyName: str('storagePolicyName is the storage Policy Based Management (SPBM) profile name.'),
    volumePath: str('volumePath is the path that identifies vSphere volume vmdk'),
  }, ['volumePath']),
  [CORE + 'PersistentVolumeClaimTemplate']: obj('PersistentVolumeClaimTemplate is used to produce PersistentVolumeClaim objects as part of an EphemeralVolumeSource.', {
    metadata: ref(META + 'ObjectMeta', 'Labels and annotations copied to the claim.'),
    spec: ref(CORE + 'PersistentVolumeClaimSpec', 'The claim\'s spec, copied unchanged.'),
  }, ['spec']),
};
