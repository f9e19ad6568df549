// Logic is referenced by name, never shipped: every thread imports the same
// modules, in the same order, before it handles a message.
import type { AnyActorLogic } from 'xstate';
import { UnknownLogicError } from './errors.js';

/**
 * What a logic module exports: `actors` maps names to XState actor logic
 * (machines, fromCallback, fromPromise, ...). `eventStructures` optionally
 * lists the key sets of its hot events, for compact records on the wire.
 */
export interface LogicModule {
  actors: Record<string, AnyActorLogic>;
  eventStructures?: string[][];
}

export class LogicRegistry {
  private readonly logic = new Map<string, AnyActorLogic>();
  readonly structures: string[][] = [];

  add(mod: LogicModule, source: string): void {
    if (!mod || typeof mod.actors !== 'object') {
      throw new Error(`module ${source} has no "actors" export (expected export const actors = { name: logic })`);
    }
    for (const [name, logic] of Object.entries(mod.actors)) {
      if (this.logic.has(name)) throw new Error(`actor logic "${name}" is registered twice (again by ${source})`);
      this.logic.set(name, logic);
    }
    if (mod.eventStructures) this.structures.push(...mod.eventStructures);
  }

  async load(urls: readonly string[]): Promise<void> {
    for (const url of urls) this.add((await import(url)) as LogicModule, url);
  }

  get(name: string): AnyActorLogic {
    const l = this.logic.get(name);
    if (!l) throw new UnknownLogicError(name, [...this.logic.keys()]);
    return l;
  }

  has(name: string): boolean {
    return this.logic.has(name);
  }
}
