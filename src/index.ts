// The programmatic API of cybernetes.
export { createRuntime } from './runtime/runtime.js';
export type { Runtime, RuntimeOptions, RuntimeStats, ThreadStats } from './runtime/runtime.js';
export { actorContext } from './runtime/context.js';
export type { ActorContext } from './runtime/context.js';
export type { Address } from './runtime/address.js';
export { parseAddress, placeById } from './runtime/address.js';
export type { SpawnOptions, AskOptions } from './runtime/host.js';
export type { InspectionFilter } from './runtime/inspection.js';
export type { Cause, InspectionRecord, LifecycleRecord, RestartPolicy } from './runtime/envelope.js';
export type { LogicModule } from './runtime/registry.js';
export * from './runtime/errors.js';
export { createCluster, ClusterError } from './create-cluster.js';
export type { Cluster, ClusterOptions } from './create-cluster.js';
