// Logic is referenced by name, never shipped: every thread imports the same
// modules, in the same order, before it handles a message.
import type { AnyActorLogic } from 'xstate';
import { UnknownLogicError } from './errors.js';

/**
 * Turns the items of a scattered event, as they crossed, into what its receivers get; runs
 * once per thread per scatter. `tables` holds the append-only tables shared with this thread
 * (e.g. the msgpackr structures of bytes that crossed still encoded).
 */
export type ScatterDecoder = (items: unknown[], tables: ReadonlyMap<string, readonly unknown[]>) => unknown[];

/**
 * What a logic module exports: `actors` maps names to XState actor logic
 * (machines, fromCallback, fromPromise, ...). `eventStructures` optionally
 * lists the key sets of its hot events, for compact records on the wire.
 * `scatterDecoders`, by event type, expand scattered items once per thread.
 */
export interface LogicModule {
  actors: Record<string, AnyActorLogic>;
  eventStructures?: string[][];
  scatterDecoders?: Record<string, ScatterDecoder>;
  /**
   * Names of its actors that join their thread's XState system instead of each being the root
   * of one (about 1.8 KB less per actor, for logic spawned by the thousand). XState scopes
   * `systemId` and `system.get()` to a system: for these, to every such actor of the thread.
   */
  sharedSystem?: string[];
}

export class LogicRegistry {
  private readonly logic = new Map<string, AnyActorLogic>();
  private readonly decoders = new Map<string, ScatterDecoder>();
  private readonly shared = new Set<string>();
  readonly structures: string[][] = [];

  add(mod: LogicModule, source: string): void {
    if (!mod || typeof mod.actors !== 'object') {
      throw new Error(`module ${source} has no "actors" export (expected export const actors = { name: logic })`);
    }
    for (const [name, logic] of Object.entries(mod.actors)) {
      if (this.logic.has(name)) throw new Error(`actor logic "${name}" is registered twice (again by ${source})`);
      this.logic.set(name, logic);
    }
    for (const name of mod.sharedSystem ?? []) {
      if (!Object.prototype.hasOwnProperty.call(mod.actors, name)) throw new Error(`module ${source} lists "${name}" in sharedSystem but has no actor logic of that name`);
      this.shared.add(name);
    }
    if (mod.eventStructures) this.structures.push(...mod.eventStructures);
    for (const [type, decode] of Object.entries(mod.scatterDecoders ?? {})) {
      if (this.decoders.has(type)) throw new Error(`a scatter decoder for "${type}" is registered twice (again by ${source})`);
      this.decoders.set(type, decode);
    }
  }

  /** The decoder for scattered events of `type`, if a module registered one. */
  scatterDecoder(type: string): ScatterDecoder | undefined {
    return this.decoders.get(type);
  }

  async load(urls: readonly string[]): Promise<void> {
    for (const url of urls) this.add((await import(url)) as LogicModule, url);
  }

  get(name: string): AnyActorLogic {
    const l = this.logic.get(name);
    if (!l) throw new UnknownLogicError(name, [...this.logic.keys()]);
    return l;
  }

  /** Whether actors of `name` share their thread's XState system (LogicModule.sharedSystem). */
  sharesSystem(name: string): boolean {
    return this.shared.has(name);
  }

  has(name: string): boolean {
    return this.logic.has(name);
  }
}
