// Envelopes are tuples: compact on the wire and cheap to build. The thread a
// batch goes to is implicit (one stream per thread pair), so `to` is a local id.
import type { Address } from './address.js';

/** Id of a message or journal revision that led to another. */
export type Cause = number | string | null;

export const enum Op {
  Send = 1,
  Ask = 2,
  Reply = 3,
  Spawn = 4,
  Stop = 5,
  /** Worker → main: actor records (spawned, stopped, restarted, escalated, dead letter). */
  Lifecycle = 6,
  /** Worker → main: an actor's persisted snapshot. */
  Checkpoint = 7,
  /** Worker → main: inspection records while a tap is on. */
  Inspect = 8,
  /** One list of items, shared by several local actors, each sent its own subset as one event. */
  Scatter = 9,
  /** Entries of a named append-only table (see Runtime.scatter's `table`), before the first message that needs them. */
  Table = 10,
}

// [Op.Send, to, event, from, mid, cause]
export type SendEnvelope = [Op.Send, string, { type: string }, Address | null, number, Cause];
// [Op.Ask, to, event, from, mid, cause, askId, replyThread]
export type AskEnvelope = [Op.Ask, string, { type: string }, Address | null, number, Cause, number, number];
// [Op.Reply, askId, ok, valueOrError, mid, cause]; error = [code, message]
export type ReplyEnvelope = [Op.Reply, number, boolean, unknown, number, Cause];
// [Op.Spawn, id, logic, input, options, mid, cause]
export type SpawnEnvelope = [Op.Spawn, string, string, unknown, SpawnOptionsWire, number, Cause];
// [Op.Stop, id, mid, cause]
export type StopEnvelope = [Op.Stop, string, number, Cause];
// [Op.Lifecycle, record]
export type LifecycleEnvelope = [Op.Lifecycle, LifecycleRecord];
// [Op.Checkpoint, address, persistedSnapshot]
export type CheckpointEnvelope = [Op.Checkpoint, Address, unknown];
// [Op.Inspect, records]
export type InspectEnvelope = [Op.Inspect, InspectionRecord[]];

// [Op.Scatter, eventType, field, items, [to, itemIndices, mid][], from, cause]: each `to` gets
// { type: eventType, [field]: its items }; the items cross the thread (and are decoded) once.
export type ScatterEnvelope = [Op.Scatter, string, string, unknown[], [string, number[], number][], Address | null, Cause];

// [Op.Table, name, from, entries]: entries[i] is entry from + i of table `name` on the receiving thread.
export type TableEnvelope = [Op.Table, string, number, unknown[]];

export type Envelope =
  | SendEnvelope | AskEnvelope | ReplyEnvelope | SpawnEnvelope | StopEnvelope
  | LifecycleEnvelope | CheckpointEnvelope | InspectEnvelope | ScatterEnvelope | TableEnvelope;

export type RestartPolicy = 'permanent' | 'transient' | 'temporary';

/** What a spawn carries across threads; also what main keeps to restore an actor. */
export interface SpawnOptionsWire {
  kind: string;
  restart: RestartPolicy;
  maxRestarts: number;
  withinMs: number;
  checkpointMs: number;
  parent: Address | null;
  /**
   * This spawn's own id (the Spawn message's, unique in the runtime's life): what the actor's
   * `runtime.child.*` events carry, so its parent tells them from those of an earlier actor at
   * the same address (one it stopped, or its failed instance's), which would arrive late.
   */
  spawnId: number;
  /** A persisted snapshot to start from (restore after a worker crash). */
  snapshot?: unknown;
  /** Restore after a worker crash: the actors it had spawned that still run (its children again), with their spawn ids. */
  children?: [Address, number][];
  /** Send it `runtime.restored` once restored after a worker crash or restarted after a failure. */
  tellRestored?: boolean;
}

export type LifecycleType = 'spawned' | 'stopped' | 'done' | 'restarted' | 'escalated' | 'deadLetter' | 'spawnFailed' | 'workerRestarted';

export interface LifecycleRecord {
  type: LifecycleType;
  address: Address;
  at: number;
  kind?: string;
  logic?: string;
  input?: unknown;
  options?: SpawnOptionsWire;
  error?: string;
  /** For deadLetter: the event type that found no actor. */
  eventType?: string;
  /** For workerRestarted: actors brought back. */
  recovered?: number;
}

export interface InspectionRecord {
  /** 'event': an actor received an event; 'transition': its state changed; 'lifecycle': see LifecycleRecord. */
  type: 'event' | 'transition' | 'lifecycle';
  address: Address;
  kind: string;
  at: number;
  eventType?: string;
  /** State value after the event, serialised ("Running.Ready"). */
  state?: string;
  from?: Address | null;
  mid?: number;
  cause?: Cause;
  lifecycle?: LifecycleType;
}
