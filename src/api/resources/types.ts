// The registry's contract: what the HTTP server, discovery and OpenAPI know of a kind.
import type { KObject, ResourceRef } from '../../store/types.js';
import type { FieldError } from '../validation/field.js';
import type { ColumnDefinition } from '../tables.js';
import type { NameValidator } from '../validation/names.js';

export type { FieldError, FieldErrorType } from '../validation/field.js';
export type { ColumnDefinition } from '../tables.js';

export interface ResourceType extends ResourceRef {
  version: string;
  singular: string;
  listKind: string;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: {
    status?: boolean;
    /** labelSelectorPath names the LabelSelector object; the Scale's status.selector is its string form. */
    scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
    binding?: boolean;
  };
  /** How metadata.name (and generateName) must look: DNS-1123 subdomain, or label for Namespace. */
  nameFn: NameValidator;
  /** Kubernetes defaulting, in place, for create and update (after the object is decoded). */
  default(obj: KObject): void;
  /** Validation of create (old undefined) or update (old given: immutability rules). Metadata is validateObjectMeta's. */
  validate(obj: KObject, old?: KObject): FieldError[];
  columns: ColumnDefinition[];
  cells(obj: KObject, now: number): unknown[];
  /** Strategy hooks (after default(), before validation). */
  prepareForCreate?(obj: KObject): void;
  prepareForUpdate?(obj: KObject, old: KObject): void;
}

export const VERBS_ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
