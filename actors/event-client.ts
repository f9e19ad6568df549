// An actor's side of event recording (client-go's EventRecorder): the events every actor of
// a thread records are gathered for the rest of the turn and sent to the event recorder actor
// (actors/event-recorder.ts) in one message, a burst of one group (e.g. a thousand pods of
// one ReplicaSet started in this turn) already folded into one counted input. The recorder
// dedupes, aggregates and writes them, so recording is cheap and never a store round trip.
import { combineBursts, type EventInput, type ObjectRef } from '../machines/events/correlator.js';
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

type Sender = Pick<ActorContext, 'send'>;

let lastMs = 0, withinMs = 0;

/**
 * ms since the epoch (the wall clock, as the correlator's windows and the Events' timestamps
 * are), with a fraction that only grows within a millisecond on this thread: Events name their
 * time in nanoseconds, and a thread's Events of one millisecond keep their order.
 */
export function eventClock(): number {
  const now = Date.now();
  if (now !== lastMs) { lastMs = now; withinMs = 0; }
  withinMs = Math.min(withinMs + 1, 999);
  return now + withinMs / 1000;
}

/** What one thread's actors recorded this turn; sent as one message at the turn's end. */
class ThreadEvents {
  private buffer: EventInput[] = [];
  /** The last actor that recorded: the message goes out as its (the turn's actors are all alive now). */
  private sender: Sender | null = null;

  add(from: Sender, e: EventInput): void {
    if (this.buffer.length === 0) queueMicrotask(() => this.send());
    this.buffer.push(e);
    this.sender = from;
  }

  private send(): void {
    const events = this.buffer, sender = this.sender;
    this.buffer = [];
    this.sender = null;
    if (events.length === 0 || !sender) return;
    try {
      sender.send<EventsRecord>(EVENTS, { type: 'events.record', events: combineBursts(events) });
    } catch { /* the actor or cluster is stopping: events are best effort, as in Kubernetes */ }
  }
}

export class EventRecorder {
  private readonly batch: ThreadEvents;
  /**
   * The references of the object last recorded about (an actor records several events about one
   * object in a row), kept for the turn only: held longer, it kept that version of the object
   * alive beside the newer one (a pod actor's recorder: every pod twice).
   */
  private last: { about: KObject; ref: { involvedObject: ObjectRef; owner?: ObjectRef } } | null = null;

  /** `host`: the node a kubelet's events come from (source.host, reportingInstance). */
  constructor(private readonly ctx: Pick<ActorContext, 'send' | 'threadLocal'>, private readonly component: string, private readonly host?: string) {
    this.batch = ctx.threadLocal('events.batch', () => new ThreadEvents());
  }

  /** `e.fieldPath`: the part of the object it is about (a container: `spec.containers{nginx}`). */
  record(about: KObject, e: { type: 'Normal' | 'Warning'; reason: string; message: string; fieldPath?: string }, now = eventClock()): void {
    if (!about.metadata?.uid) return;
    if (this.last?.about !== about) {
      if (this.last === null) queueMicrotask(() => { this.last = null; });
      this.last = { about, ref: refOf(about) };
    }
    const { involvedObject, owner } = this.last.ref;
    // Built field by field: an object spread here cost several µs per event.
    const input: EventInput = { involvedObject: e.fieldPath === undefined ? involvedObject : { ...involvedObject, fieldPath: e.fieldPath }, type: e.type, reason: e.reason, message: e.message, component: this.component, at: now };
    if (owner) input.owner = owner;
    if (this.host !== undefined) input.host = this.host;
    this.batch.add(this.ctx, input);
  }
}
