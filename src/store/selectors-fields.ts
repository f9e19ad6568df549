// Which field selectors each kind serves, and how each field reads from an
// object. Mirrors the apiserver: the per-kind field label conversion funcs
// (pkg/apis/core/v1/conversion.go) decide what is accepted and word the
// error; the registries' ToSelectableFields decide the values. A field the
// object lacks reads as "" (fields.Set.Get), so `spec.nodeName=` selects
// unbound pods.

type Extract = (obj: any) => string;

export interface KindFields {
  /** accepted field → how to read it */
  readonly fields: Readonly<Record<string, Extract>>;
  /** old names the apiserver still accepts, rewritten before matching */
  readonly aliases?: Readonly<Record<string, string>>;
  /** the apiserver's error for anything else */
  readonly unknown: (label: string) => string;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : String(v));
/** Go's strconv.FormatBool of a bool that defaults to false. */
const bool = (v: unknown): string => (v === true || v === 'true' ? 'true' : 'false');
/** strconv.Itoa of an int32 that defaults to 0. */
const int = (v: unknown): string => (typeof v === 'number' ? String(Math.trunc(v)) : v ? String(v) : '0');

const name: Extract = (o) => str(o?.metadata?.name);
const namespace: Extract = (o) => str(o?.metadata?.namespace);

/** Core kinds with a conversion func all answer this way. */
const notSupported = (label: string): string => `field label not supported: ${label}`;

/** runtime.DefaultMetaV1FieldSelectorConversion: every kind without its own func. */
export const DEFAULT_KIND_FIELDS: KindFields = {
  fields: { 'metadata.name': name, 'metadata.namespace': namespace },
  unknown: (label) => `"${label}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

export const KIND_FIELDS: Readonly<Record<string, KindFields>> = {
  Pod: {
    fields: {
      'metadata.name': name,
      'metadata.namespace': namespace,
      'spec.nodeName': (o) => str(o?.spec?.nodeName),
      'spec.restartPolicy': (o) => str(o?.spec?.restartPolicy),
      'spec.schedulerName': (o) => str(o?.spec?.schedulerName),
      'spec.serviceAccountName': (o) => str(o?.spec?.serviceAccountName),
      'spec.hostNetwork': (o) => bool(o?.spec?.hostNetwork),
      'status.phase': (o) => str(o?.status?.phase),
      // The registry reads podIPs[0]; v1 objects may carry only podIP.
      'status.podIP': (o) => str(o?.status?.podIPs?.[0]?.ip ?? o?.status?.podIP),
      // Accepted by the conversion func but absent from the selectable set,
      // so it always compares as "" on a real apiserver too.
      'status.podIPs': () => '',
      'status.nominatedNodeName': (o) => str(o?.status?.nominatedNodeName),
    },
    aliases: { 'spec.host': 'spec.nodeName' },
    unknown: notSupported,
  },
  Node: {
    // Cluster-scoped: the apiserver accepts no metadata.namespace here.
    fields: { 'metadata.name': name, 'spec.unschedulable': (o) => bool(o?.spec?.unschedulable) },
    unknown: notSupported,
  },
  Namespace: {
    fields: { 'metadata.name': name, 'status.phase': (o) => str(o?.status?.phase) },
    unknown: notSupported,
  },
  Secret: {
    fields: { 'metadata.name': name, 'metadata.namespace': namespace, type: (o) => str(o?.type) },
    unknown: notSupported,
  },
  Event: {
    fields: {
      'metadata.name': name,
      'metadata.namespace': namespace,
      'involvedObject.kind': (o) => str(o?.involvedObject?.kind),
      'involvedObject.namespace': (o) => str(o?.involvedObject?.namespace),
      'involvedObject.name': (o) => str(o?.involvedObject?.name),
      'involvedObject.uid': (o) => str(o?.involvedObject?.uid),
      'involvedObject.apiVersion': (o) => str(o?.involvedObject?.apiVersion),
      'involvedObject.resourceVersion': (o) => str(o?.involvedObject?.resourceVersion),
      'involvedObject.fieldPath': (o) => str(o?.involvedObject?.fieldPath),
      reason: (o) => str(o?.reason),
      reportingComponent: (o) => str(o?.reportingComponent),
      // events.k8s.io writers fill reportingController, not source.
      source: (o) => str(o?.source?.component || o?.reportingComponent),
      type: (o) => str(o?.type),
    },
    unknown: notSupported,
  },
  Service: {
    fields: {
      'metadata.name': name,
      'metadata.namespace': namespace,
      'spec.clusterIP': (o) => str(o?.spec?.clusterIP),
      'spec.type': (o) => str(o?.spec?.type),
    },
    unknown: notSupported,
  },
  ReplicationController: {
    fields: { 'metadata.name': name, 'metadata.namespace': namespace, 'status.replicas': (o) => int(o?.status?.replicas) },
    unknown: notSupported,
  },
  ReplicaSet: {
    fields: { 'metadata.name': name, 'metadata.namespace': namespace, 'status.replicas': (o) => int(o?.status?.replicas) },
    unknown: notSupported,
  },
};

export function kindFields(kind: string): KindFields {
  return Object.hasOwn(KIND_FIELDS, kind) ? KIND_FIELDS[kind]! : DEFAULT_KIND_FIELDS;
}
