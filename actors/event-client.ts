// An actor's side of event recording (client-go's EventRecorder): events are
// collected for the rest of the turn and sent to the event recorder actor
// (actors/event-recorder.ts) in one message; it dedupes, aggregates and
// writes them, so recording is one cheap send and never a store round trip.
import type { EventInput, ObjectRef } from '../machines/events/correlator.js';
import type { ActorContext } from '../src/runtime/context.js';
import type { KObject } from '../src/store/types.js';

/** The event recorder's address: one per cluster, on the main thread beside the store gateway. */
export const EVENTS = '0/events' as const;

/** What actors send the event recorder: Events to correlate and write. */
export interface EventsRecord { type: 'events.record'; events: EventInput[] }

/** A reference to the object an Event is about, and for a pod its controller owner (for burst grouping). */
function refOf(o: KObject): { involvedObject: ObjectRef; owner?: ObjectRef } {
  const m = o.metadata;
  const involvedObject: ObjectRef = { apiVersion: o.apiVersion, kind: o.kind, name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion };
  // Pods are grouped under their controller (a burst of one ReplicaSet's pods → one Event on it);
  // anything else stands for itself.
  const c = o.kind === 'Pod' ? (m.ownerReferences ?? []).find((r: { controller?: boolean }) => r.controller) : undefined;
  return c ? { involvedObject, owner: { apiVersion: c.apiVersion, kind: c.kind, name: c.name, namespace: m.namespace, uid: c.uid } } : { involvedObject };
}

export class EventRecorder {
  private buffer: EventInput[] = [];
  constructor(private readonly ctx: Pick<ActorContext, 'send'>, private readonly component: string) {}

  record(about: KObject, e: { type: 'Normal' | 'Warning'; reason: string; message: string }, now = Date.now()): void {
    if (!about.metadata?.uid) return;
    if (this.buffer.length === 0) queueMicrotask(() => this.send());
    this.buffer.push({ ...refOf(about), type: e.type, reason: e.reason, message: e.message, component: this.component, at: now });
  }

  private send(): void {
    const events = this.buffer;
    this.buffer = [];
    if (events.length === 0) return;
    try {
      this.ctx.send<EventsRecord>(EVENTS, { type: 'events.record', events });
    } catch { /* the actor or cluster is stopping: events are best effort, as in Kubernetes */ }
  }
}
