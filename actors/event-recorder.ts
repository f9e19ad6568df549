// The event recorder: one actor per cluster (address EVENTS, on the main
// thread) that every controller, the scheduler and the sim kubelets send
// their Events to. Like client-go's event broadcaster + correlator, it writes
// an Event once and then counts it up (count, lastTimestamp) instead of
// writing identical ones again, combines similar ones, and turns a burst of
// one group's events into one combined Event (machines/events/correlator.ts),
// so 10,000 pods do not write 40,000 Events. Writes go out at most every
// FLUSH_MS, in one batch.
import { fromCallback } from 'xstate';
import { EventCorrelator, type EventEntry } from '../machines/events/correlator.js';
import { actorContext } from '../src/runtime/context.js';
import type { KObject } from '../src/store/types.js';
import { StoreClient } from './client.js';
import type { EventsRecord } from './event-client.js';
import { refs, type WireOp } from './protocol.js';
import { rfc3339 } from '../machines/time.js';

const FLUSH_MS = 500;


let nameSeq = 0;

/**
 * An Event's name as client-go makes it: the object's name and its time in hex nanoseconds (the
 * recording's, to the microsecond, and a counter for the rest), so a list in name order is in time order.
 */
export function eventName(objectName: string | undefined, atMs: number): string {
  nameSeq = (nameSeq + 1) % 1000;
  return `${objectName ?? 'event'}.${(BigInt(Math.round(atMs * 1000)) * 1000n + BigInt(nameSeq)).toString(16)}`;
}

export function eventFor(e: EventEntry): KObject {
  const o = e.involvedObject;
  const source: { component: string; host?: string } = { component: e.component };
  if (e.host !== undefined) source.host = e.host;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: eventName(o.name, e.firstTimestamp), namespace: o.namespace || 'default' },
    involvedObject: o,
    reason: e.reason,
    message: e.message,
    type: e.type,
    source,
    reportingComponent: e.component,
    // A kubelet reports as its node; the controllers, one per cluster, as no instance in particular.
    reportingInstance: e.host ?? '',
    firstTimestamp: rfc3339(e.firstTimestamp),
    lastTimestamp: rfc3339(e.lastTimestamp),
    count: e.count,
  };
}

export const eventRecorderActor = fromCallback(({ receive, self }) => {
  const client = new StoreClient(actorContext(self));
  const correlator = new EventCorrelator();
  /** The stored Event of each written entry, for its count updates. */
  const stored = new WeakMap<EventEntry, KObject>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let flushing = false;
  let stopped = false;

  const schedule = () => {
    if (timer || flushing || stopped) return;
    timer = setTimeout(() => { timer = null; void flush(); }, FLUSH_MS);
  };

  const flush = async () => {
    flushing = true;
    try {
      const { create, update } = correlator.flush(Date.now());
      const entries = [...create, ...update];
      const ops: WireOp[] = [
        ...create.map((e): WireOp => ({ op: 'create', resource: refs.events, object: eventFor(e) })),
        ...update.map((e): WireOp => {
          const was = stored.get(e)!;
          return { op: 'update', resource: refs.events, object: { ...was, metadata: { ...was.metadata, resourceVersion: undefined }, count: e.count, message: e.message, lastTimestamp: rfc3339(e.lastTimestamp) } };
        }),
      ];
      if (ops.length === 0) return;
      const results = await client.write(ops);
      results.forEach((r, i) => {
        const entry = entries[i]!;
        if (r.ok) { stored.set(entry, r.object); correlator.created(entry, r.object.metadata.name!); } else correlator.forget(entry);
      });
    } catch {
      // The store is closing or slow: Events are best effort, as in Kubernetes.
    } finally {
      flushing = false;
      if (correlator.hasWork) schedule();
    }
  };

  receive((event) => {
    if (event.type !== 'events.record') return;
    for (const e of (event as EventsRecord).events ?? []) correlator.add(e);
    schedule();
  });
  return () => { stopped = true; if (timer) clearTimeout(timer); };
});
