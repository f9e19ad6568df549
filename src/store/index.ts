// The store's public surface.
export type * from './types.js';
export { StoreError, JournalOpenError, type Status, type StatusReason, type OpenFailure } from './errors.js';
export { JournalStore, openStore, type JournalStoreOptions, type CompactionPolicy, type CommittedChange } from './journal-store.js';
export { objectKey, resourcePrefix, qualifiedResource } from './keys.js';
export { Router, type RoutableChange, type RouteBy } from './router.js';
export { FORMAT_VERSION } from './journal.js';
