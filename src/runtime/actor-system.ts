// One XState actor system per thread, for the logic that asks to share it
// (LogicModule.sharedSystem). A root actor of XState gets a system of its own (a registry, a
// scheduler, an inspection hub: about 1.8 KB and two dozen closures), which for 10,000 pod
// actors on a worker is 18 MB kept and collected for nothing. Such actors are created with the
// thread's anchor as their XState parent instead, so they share its system: delayed events,
// inspection and registration work as for invoked children. The anchor only swallows the done
// and error events XState relays to a parent: the host learns of those from its own
// subscriptions. Other logic keeps a system per actor, as XState scopes systemId to one.
import { createActor, fromCallback, type AnyActor, type AnyActorLogic, type AnyActorRef } from 'xstate';

export interface ThreadActorSystem {
  /** An actor of `logic`: in this thread's system when `shared`, else the root of its own. */
  create(logic: AnyActorLogic, options: { input: unknown; snapshot?: unknown }, shared: boolean): AnyActor;
  /** Stops an actor made by create (XState's stop() refuses actors that have a parent). */
  stop(actor: AnyActor): void;
  /** The shared system, for inspection observers. */
  readonly system: AnyActorRef['system'];
  close(): void;
}

export function threadActorSystem(): ThreadActorSystem {
  const anchor = createActor(fromCallback(() => {}));
  anchor.start();
  const members = new WeakSet<AnyActor>();
  return {
    create: (logic, options, shared) => {
      if (!shared) return createActor(logic, options as never);
      const actor = createActor(logic, { ...options, parent: anchor } as never);
      members.add(actor);
      return actor;
    },
    // For a member, what stop() does for a root actor (Actor.stop is `_stop` behind a check for a parent).
    stop: (actor) => {
      if (members.has(actor)) (actor as unknown as { _stop(): void })._stop();
      else actor.stop();
    },
    system: anchor.system,
    close: () => { anchor.stop(); },
  };
}
