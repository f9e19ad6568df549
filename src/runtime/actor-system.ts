// One XState actor system per thread. A root actor of XState gets a system of its own (a
// registry, a scheduler, an inspection hub: about 1.8 KB and two dozen closures), which for
// 10,000 pod actors on a worker is 18 MB kept and collected for nothing. The host's actors are
// created with the thread's anchor as their XState parent instead, so they share its system:
// delayed events, inspection and registration work as for invoked children. The anchor only
// swallows the done and error events XState relays to a parent: the host learns of those from
// its own subscriptions.
import { createActor, fromCallback, type AnyActor, type AnyActorLogic, type AnyActorRef } from 'xstate';

export interface ThreadActorSystem {
  /** A started actor of `logic` in this thread's system. */
  create(logic: AnyActorLogic, options: { input: unknown; snapshot?: unknown }): AnyActor;
  /** Stops an actor made by create (XState's stop() refuses actors that have a parent). */
  stop(actor: AnyActor): void;
  /** The shared system, for inspection observers. */
  readonly system: AnyActorRef['system'];
  close(): void;
}

export function threadActorSystem(): ThreadActorSystem {
  const anchor = createActor(fromCallback(() => {}));
  anchor.start();
  return {
    create: (logic, options) => createActor(logic, { ...options, parent: anchor } as never),
    // What stop() does for a root actor (Actor.stop is `_stop` behind a check for a parent).
    stop: (actor) => { (actor as unknown as { _stop(): void })._stop(); },
    system: anchor.system,
    close: () => { anchor.stop(); },
  };
}
