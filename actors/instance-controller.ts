// A controller that keeps one instance actor per object of a kind: it hears
// every object of the kind from the router, spawns an actor for each new one
// and stops it when the object is gone. The instance actor does the
// reconciling; it subscribes to its own object and what it owns.
import { fromCallback } from 'xstate';
import { actorContext } from '../src/runtime/context.js';
import type { Address } from '../src/runtime/address.js';
import { takeChild } from './children.js';
import { RetryBackoff } from './retry-backoff.js';
import type { KObject, ResourceRef } from '../src/store/types.js';
import { ObjectCache, StoreClient, failer, readUntilAnswered, resyncEvery, uidOf } from './client.js';
import type { StoreChanges } from './protocol.js';

export interface InstanceInput {
  object: KObject;
  /** Passed on from the controller's input: how often the instance re-reads what it owns. */
  resyncMs?: number;
}

export function instanceController(ref: ResourceRef, logic: string, options: { want?: (o: KObject) => boolean; checkpointMs?: number } = {}) {
  // The controller's own input (if any) is passed on to every instance, beside its object.
  return fromCallback<{ type: string }, Record<string, unknown> | undefined>(({ input, receive, self }) => {
    const ctx = actorContext(self);
    const client = new StoreClient(ctx);
    const cache = new ObjectCache();
    const running = new Map<string, Address>();
    const want = options.want ?? (() => true);
    const respawner = new RetryBackoff((uid) => { const o = cache.get(uid); if (o) sync(o, false); });

    const idOf = (o: KObject) => ref.namespaced ? `${ref.kind}/${o.metadata.namespace}/${o.metadata.name}` : `${ref.kind}/${o.metadata.name}`;
    const sync = (o: KObject, gone: boolean) => {
      const uid = uidOf(o);
      const address = running.get(uid);
      if (gone || !want(o)) {
        if (address) { ctx.stop(address); running.delete(uid); }
        respawner.forget(uid);
        return;
      }
      if (!address) {
        running.set(uid, ctx.spawn(logic, { id: idOf(o), input: { ...(input ?? {}), object: o } satisfies InstanceInput, kind: ref.kind, restart: 'permanent', maxRestarts: 10, withinMs: 10_000 }));
      }
    };

    const stopReading = readUntilAnswered(() => client.subscribe([{ by: 'kind', value: ref.kind }], [{ resource: ref }]), (reply) => {
      for (const o of reply.objects[0] ?? []) if (cache.put(o)) sync(o, false);
    }, failer(self));

    // Safety net: re-list the kind now and then; objects missed are spawned, ones gone are stopped.
    const stopResync = resyncEvery(input?.resyncMs as number | undefined, async () => {
      const reply = await client.subscribe([], [{ resource: ref }]);
      const items = reply.objects[0] ?? [];
      const present = new Set(items.map(uidOf));
      for (const o of items) { cache.put(o); sync(cache.get(uidOf(o)) ?? o, false); }
      for (const uid of [...running.keys()]) {
        const o = cache.get(uid);
        if (!present.has(uid) && o && Number(o.metadata.resourceVersion) <= reply.revision) { cache.remove(o, reply.revision); sync(o, true); }
      }
    });

    receive((event: StoreChanges | { type: string }) => {
      if (event.type === 'actor.failed') throw new Error((event as { error?: string }).error); // supervised restart
      if (event.type === 'runtime.child.lost') {
        // Its spawn went down with a worker: spawn it again if still wanted.
        const uid = takeChild(running, event);
        const o = uid === undefined ? undefined : cache.get(uid);
        if (o) sync(o, false);
        return;
      }
      if (event.type === 'runtime.child.escalated') {
        // It failed past its restart budget and was stopped: again after a backoff, if still wanted.
        const uid = takeChild(running, event);
        if (uid !== undefined) respawner.retry(uid);
        return;
      }
      if (event.type !== 'store.changes') return;
      for (const c of (event as StoreChanges).changes) {
        if (!cache.apply(c)) continue;
        sync(c.object, c.type === 'DELETED');
      }
    });
    return () => { stopReading(); stopResync(); respawner.stop(); client.unsubscribe(); };
  });
}
