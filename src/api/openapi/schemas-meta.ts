// apimachinery's shared types: object and list metadata, selectors, owners,
// managed fields, Status, DeleteOptions, and the scalar wrappers
// (Time, MicroTime, Quantity, IntOrString).

import {
  META, QUANTITY, INT_OR_STRING, TIME, MICRO_TIME,
  type Schema,
  str, bool, int32, int64, strs, strMap, obj, atomicObj, ref, arrOf, API_VERSION_FIELD, KIND_FIELD,
} from './dsl.js';

export const META_SCHEMAS: Record<string, Schema> = {
  [TIME]: {
    type: 'string',
    format: 'date-time',
    description: 'A timestamp in RFC 3339 form with second precision, for example "2024-01-02T15:04:05Z".',
  },
  [MICRO_TIME]: {
    type: 'string',
    format: 'date-time',
    description: 'A timestamp in RFC 3339 form with microsecond precision, for example "2024-01-02T15:04:05.000000Z".',
  },
  [QUANTITY]: {
    description:
      'A fixed-point amount with an optional suffix: binary (Ki, Mi, Gi, Ti, Pi, Ei), decimal (m, k, M, G, T, P, E) or an exponent (1e3). Written as a string ("500Mi", "250m") or a plain number.',
    oneOf: [{ type: 'string' }, { type: 'number' }],
    'x-kubernetes-int-or-string': true,
  },
  [INT_OR_STRING]: {
    description: 'Either an integer or a string (such as a percentage "25%" or a named port "http").',
    format: 'int-or-string',
    oneOf: [{ type: 'integer' }, { type: 'string' }],
    'x-kubernetes-int-or-string': true,
  },
  [META + 'FieldsV1']: {
    type: 'object',
    description: 'The set of fields a manager owns, as a trie of "f:<name>", "k:<key>", "v:<value>" and "i:<index>" entries.',
  },

  [META + 'ObjectMeta']: obj(
    'Metadata every persisted object carries: identity, labels and annotations, owners, finalizers, and the bookkeeping the server maintains.',
    {
      name: str('Name is unique within a namespace (or the cluster for cluster-scoped kinds). Required on create unless generateName is set; cannot be updated.'),
      generateName: str('A prefix the server uses to generate a unique name when name is empty; a random suffix is appended.'),
      namespace: str('The namespace the object lives in. Empty for cluster-scoped kinds; must be a DNS-1123 label.'),
      selfLink: str('Deprecated and left empty by the server.'),
      uid: str('A unique identifier the server assigns on creation; never reused. Read-only.'),
      resourceVersion: str('An opaque version of the object, used for optimistic concurrency and for watches. Clients must treat it as opaque and send it back unmodified. Read-only.'),
      generation: int64('A sequence number bumped on each change to the desired state (spec). Read-only.'),
      creationTimestamp: ref(TIME, 'When the server created the object (UTC). Read-only.'),
      deletionTimestamp: ref(TIME, 'When the object will be (or started being) deleted; set by the server when a delete is requested and finalizers remain. Read-only.'),
      deletionGracePeriodSeconds: int64('Seconds allowed for graceful termination before the object is removed. Read-only.'),
      labels: strMap('Key/value pairs used to organise and select objects (by label selectors).'),
      annotations: strMap('Key/value pairs of arbitrary non-identifying data for tools and controllers.'),
      ownerReferences: arrOf('Objects this one depends on. When every owner is gone the garbage collector deletes this object.', META + 'OwnerReference', {
        key: 'uid', strategy: 'merge', list: 'map', keys: ['uid'],
      }),
      finalizers: strs('Names of finalizers that must be removed before the object is deleted from storage. Built-in: "orphan", "foregroundDeletion"; others must contain a "/".', {
        strategy: 'merge', list: 'set',
      }),
      managedFields: arrOf('Which field manager owns which fields, for server-side apply. Mostly internal; do not edit.', META + 'ManagedFieldsEntry'),
    },
  ),

  [META + 'ListMeta']: obj('Metadata carried by list responses.', {
    selfLink: str('Deprecated and left empty by the server.'),
    resourceVersion: str('The version of the store the list was read at; start a watch from here to see later changes.'),
    continue: str('Set when more items remain: pass it back as the continue parameter to read the next page. Tokens expire.'),
    remainingItemCount: int64('An estimate of the items not yet returned when paging with a selector-free list.'),
  }),

  [META + 'OwnerReference']: atomicObj(
    'Identifies an owning object. The owner must be in the same namespace as the dependent (or be cluster-scoped).',
    {
      apiVersion: str('API version of the owner.'),
      kind: str('Kind of the owner.'),
      name: str('Name of the owner.'),
      uid: str('UID of the owner.'),
      controller: bool('True when the owner is the managing controller; at most one owner may say so.'),
      blockOwnerDeletion: bool('With foreground deletion, the owner is not removed until this dependent is gone.'),
    },
    ['apiVersion', 'kind', 'name', 'uid'],
  ),

  [META + 'LabelSelector']: atomicObj(
    'A label query over a set of objects. The requirements of matchLabels and matchExpressions are ANDed; an empty selector matches everything, a null one nothing.',
    {
      matchLabels: strMap('Each {key: value} pair is a requirement "key In (value)".'),
      matchExpressions: arrOf('A list of label selector requirements, ANDed.', META + 'LabelSelectorRequirement'),
    },
  ),
  [META + 'LabelSelectorRequirement']: obj(
    'A requirement on one label key.',
    {
      key: str('The label key the requirement applies to.'),
      operator: str('How the key relates to the values: In, NotIn, Exists or DoesNotExist.'),
      values: strs('Values for In and NotIn (non-empty); must be empty for Exists and DoesNotExist.'),
    },
    ['key', 'operator'],
  ),

  [META + 'ManagedFieldsEntry']: obj('One field manager\'s ownership record.', {
    manager: str('The name of the actor that manages the fields (for example "kubectl").'),
    operation: str('The operation that produced this entry: Apply or Update.'),
    apiVersion: str('The API version of the object the fields set was recorded against.'),
    time: ref(TIME, 'When these fields were last changed by this manager.'),
    fieldsType: str('The format of fieldsV1; only "FieldsV1" exists.'),
    fieldsV1: ref(META + 'FieldsV1', 'The set of fields owned.'),
    subresource: str('The subresource the update was made through, empty for the main resource.'),
  }),

  [META + 'Status']: obj(
    'The result of an operation that does not return an object, and the body of every error response.',
    {
      apiVersion: API_VERSION_FIELD,
      kind: KIND_FIELD,
      metadata: ref(META + 'ListMeta', 'Standard list metadata.', { default: {} }),
      status: str('"Success" or "Failure".'),
      message: str('A human-readable description of the result.'),
      reason: str('A machine-readable CamelCase reason, such as NotFound, AlreadyExists, Conflict or Invalid.'),
      details: ref(META + 'StatusDetails', 'Extended data about the reason; its shape depends on the reason.'),
      code: int32('The HTTP status code of this result.'),
    },
    undefined,
    { 'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Status' }] },
  ),
  [META + 'StatusDetails']: obj('Which object a Status is about, and the causes of a failure.', {
    name: str('Name of the object concerned.'),
    group: str('API group of the object concerned.'),
    kind: str('Kind (resource) of the object concerned.'),
    uid: str('UID of the object concerned.'),
    causes: arrOf('Individual causes of the failure, such as one entry per invalid field.', META + 'StatusCause'),
    retryAfterSeconds: int32('When set, the client should wait this many seconds before retrying.'),
  }),
  [META + 'StatusCause']: obj('One cause of a failed operation.', {
    reason: str('A machine-readable description of the cause, such as FieldValueInvalid.'),
    message: str('A human-readable description of the cause.'),
    field: str('The path of the field that caused the error, such as "spec.containers[0].name".'),
  }),

  [META + 'Patch']: {
    type: 'object',
    description: 'The body of a PATCH request: a JSON patch, a JSON merge patch, a strategic merge patch or an apply configuration, as the Content-Type says.',
  },
  [META + 'Preconditions']: obj('Conditions that must hold for a delete to go ahead.', {
    uid: str('The object must have this UID.'),
    resourceVersion: str('The object must be at this resourceVersion.'),
  }),
  [META + 'DeleteOptions']: obj(
    'Options for a delete, sent in the request body.',
    {
      apiVersion: API_VERSION_FIELD,
      kind: KIND_FIELD,
      gracePeriodSeconds: int64('Seconds before the object is deleted; zero deletes at once. When unset, the kind\'s default applies.'),
      preconditions: ref(META + 'Preconditions', 'Must hold for the delete to go ahead; otherwise 409 Conflict.'),
      orphanDependents: bool('Deprecated: use propagationPolicy. True orphans the dependents.'),
      propagationPolicy: str('Garbage collection for dependents: Orphan, Background (default) or Foreground.'),
      dryRun: strs('When present ("All"), the request is processed but nothing is persisted.'),
      ignoreStoreReadErrorWithClusterBreakingPotential: bool('Unsafe: delete an object even when it cannot be read from storage.'),
    },
    undefined,
    { 'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'DeleteOptions' }] },
  ),
  [META + 'Condition']: obj('Condition contains details for one aspect of the current state of this API Resource.', {
    type: str('Type of condition in CamelCase or in foo.example.com/CamelCase.'),
    status: str('Status of the condition, one of True, False, Unknown.'),
    observedGeneration: int64('The .metadata.generation that the condition was set based upon.'),
    lastTransitionTime: ref(TIME, 'The last time the condition transitioned from one status to another.'),
    reason: str('A programmatic identifier indicating the reason for the condition\'s last transition, in CamelCase.'),
    message: str('A human readable message indicating details about the transition.'),
  }, ['type', 'status', 'lastTransitionTime', 'reason', 'message']),
};
