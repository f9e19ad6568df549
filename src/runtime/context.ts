// What actor logic uses to talk to other actors: `actorContext(self)` from
// inside any machine action, callback or promise, on any thread.
import type { AnyActorRef } from 'xstate';
import type { Address } from './address.js';
import type { Cause } from './envelope.js';
import { actorRecords, type AskOptions, type Host, type ActorRecord, type SpawnOptions } from './host.js';
import { RuntimeError } from './errors.js';
import type { ThreadMetrics } from '../metrics/histogram.js';

export interface ActorContext {
  /** This actor's address, valid from any thread. */
  readonly address: Address;
  readonly thread: number;
  /** `plain`: the event is plain data by construction (objects just decoded), so the check is skipped. */
  send<E extends { type: string }>(to: Address, event: E, options?: { cause?: Cause; plain?: boolean }): void;
  ask<T = unknown, E extends { type: string } = { type: string }>(to: Address, event: E, options?: AskOptions): Promise<T>;
  /** Spawns an actor supervised by this one (unless options.parent says otherwise). */
  spawn(logic: string, options: SpawnOptions): Address;
  stop(address: Address): void;
  /** Answers the ask being handled now; without it, an ask is answered with the state reached. */
  reply(value: unknown): void;
  /**
   * Takes the ask being handled now, to answer once some async work is done. `known.plain`
   * skips the plain-data check for a value that is plain by construction (objects just
   * decoded from the journal), where walking it again would only cost time.
   */
  replyLater(): (value: unknown, known?: { plain?: boolean }) => void;
  /** The input the actor was spawned with (and is restarted and restored with). */
  readonly input: unknown;
  /** The message id that the actor is reacting to (the cause of what it sends). */
  readonly cause: Cause;
  /** The address of the actor that sent the message being handled (null: not an actor). */
  readonly sender: Address | null;
  /** This thread's histograms and gauges (read by the runtime's stats()); look each up once and keep it. */
  readonly metrics: ThreadMetrics;
  /**
   * The value under `key` that every actor of this runtime on this thread shares, made by
   * `make` on first use: e.g. a buffer that gathers what many actors send in one turn into
   * one message.
   */
  threadLocal<T>(key: string, make: () => T): T;
}

class BoundContext implements ActorContext {
  constructor(private readonly host: Host, private readonly record: ActorRecord) {}
  get address(): Address { return this.record.address; }
  get thread(): number { return this.host.thread; }
  get input(): unknown { return this.record.input; }
  get cause(): Cause { return this.record.lastMid; }
  get sender(): Address | null { return this.record.lastFrom; }
  get metrics(): ThreadMetrics { return this.host.metrics; }
  threadLocal<T>(key: string, make: () => T): T {
    const locals = this.host.locals;
    let v = locals.get(key) as T | undefined;
    if (v === undefined && !locals.has(key)) locals.set(key, (v = make()));
    return v as T;
  }
  send<E extends { type: string }>(to: Address, event: E, options?: { cause?: Cause; plain?: boolean }): void {
    this.host.send(to, event, this.record, options?.cause, options?.plain === true);
  }
  ask<T, E extends { type: string }>(to: Address, event: E, options?: AskOptions): Promise<T> {
    return this.host.ask<T>(to, event, options, this.record);
  }
  spawn(logic: string, options: SpawnOptions): Address {
    return this.host.spawn(logic, options, this.record);
  }
  stop(address: Address): void {
    this.host.stop(address, this.record);
  }
  reply(value: unknown): void {
    const info = this.host.currentAsk(this.record);
    if (!info) throw new RuntimeError(`${this.record.address} is not handling an ask: reply() only answers the ask being handled`);
    this.host.reply(info, value);
  }
  replyLater(): (value: unknown, known?: { plain?: boolean }) => void {
    const info = this.host.currentAsk(this.record);
    if (!info) throw new RuntimeError(`${this.record.address} is not handling an ask: replyLater() only takes the ask being handled`);
    info.deferred = true;
    return (value, known) => this.host.reply(info, value, true, known?.plain === true);
  }
}

/** The runtime as seen by the actor `self` (or by the root actor above an XState child). */
export function actorContext(self: AnyActorRef): ActorContext {
  let ref: AnyActorRef | undefined = self;
  while (ref) {
    const found = actorRecords.get(ref);
    if (found) return new BoundContext(found.host, found.record);
    ref = (ref as { _parent?: AnyActorRef })._parent;
  }
  throw new RuntimeError('actorContext(self): this actor was not spawned by a cybernetes runtime');
}
