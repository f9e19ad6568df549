// The inspection tap of one thread. Off by default and free when off: observers are attached
// only while some actor is selected. The actors that share the thread's XState system
// (actor-system.ts) have one observer there between them, which hands each snapshot to the
// actor's entry; an actor with a system of its own has its own observer on it. Records leave
// with the turn's batch, never one by one.
import type { Cause, InspectionRecord } from './envelope.js';
import type { ActorRecord } from './host.js';
import { stateString } from './state-string.js';

export interface InspectionFilter {
  /** Only these actor addresses (default: all). */
  addresses?: string[];
  /** Only actors of these kinds (default: all). */
  kinds?: string[];
  events?: boolean;
  transitions?: boolean;
  lifecycle?: boolean;
}

interface XStateInspectionEvent {
  type: string;
  actorRef: unknown;
  event?: { type: string };
  snapshot?: { status: string; value?: unknown };
}

interface InspectionHub {
  inspect(observer: (ev: XStateInspectionEvent) => void): { unsubscribe(): void };
}

/** An inspected actor: its record and the state last reported. */
interface Watched { rec: ActorRecord; last: string }

export class InspectionTap {
  private filter: InspectionFilter | null = null;
  /** The inspected actors of this thread, by XState actor. */
  private readonly watched = new Map<unknown, Watched>();
  private hub: { unsubscribe(): void } | null = null;
  /** Inspected actors in the shared system: the hub's observer stays while there are any. */
  private sharing = 0;
  private addresses: Set<string> | null = null;
  private kinds: Set<string> | null = null;
  private buffer: InspectionRecord[] = [];

  /** `onPending` runs when the buffer goes from empty to not, so the host can schedule a flush. */
  constructor(private readonly system: InspectionHub, private readonly onPending: () => void) {}

  get active(): boolean {
    return this.filter !== null;
  }

  configure(filter: InspectionFilter | null): void {
    this.filter = filter;
    this.addresses = filter?.addresses ? new Set(filter.addresses) : null;
    this.kinds = filter?.kinds ? new Set(filter.kinds) : null;
  }

  private selects(rec: ActorRecord): boolean {
    if (!this.filter) return false;
    if (this.addresses && !this.addresses.has(rec.address)) return false;
    if (this.kinds && !this.kinds.has(rec.options.kind)) return false;
    return true;
  }

  wantsEvents(rec: ActorRecord): boolean {
    return this.filter !== null && this.filter.events !== false && this.selects(rec);
  }

  wantsLifecycle(kind: string | undefined): boolean {
    if (!this.filter || this.filter.lifecycle === false) return false;
    return !this.kinds || (kind !== undefined && this.kinds.has(kind));
  }

  /** Reports the actor's state changes: a transition record per change of state. */
  attach(rec: ActorRecord): void {
    if (!this.selects(rec) || this.filter!.transitions === false) return;
    const actor = rec.actor;
    this.watched.set(actor, { rec, last: stateString(actor.getSnapshot() as { status: string; value?: unknown }) });
    const forget = () => {
      if (this.watched.get(actor)?.rec !== rec) return false;
      this.watched.delete(actor);
      return true;
    };
    const own = (actor as { system?: unknown }).system;
    if (own !== undefined && own !== this.system) {
      const sub = (own as InspectionHub).inspect((ev) => this.observe(ev));
      rec.inspection = { unsubscribe: () => { forget(); sub.unsubscribe(); } };
      return;
    }
    this.sharing++;
    this.hub ??= this.system.inspect((ev) => this.observe(ev));
    rec.inspection = {
      unsubscribe: () => {
        if (!forget()) return;
        if (--this.sharing === 0) { this.hub?.unsubscribe(); this.hub = null; }
      },
    };
  }

  private observe(ev: XStateInspectionEvent): void {
    if (ev.type !== '@xstate.snapshot' || !ev.snapshot) return;
    const w = this.watched.get(ev.actorRef);
    if (!w) return;
    const state = stateString(ev.snapshot);
    if (state === w.last) return;
    w.last = state;
    const rec = w.rec;
    this.push({
      type: 'transition', address: rec.address, kind: rec.options.kind, at: Date.now(), state,
      eventType: ev.event?.type, cause: rec.lastMid as Cause,
    });
  }

  push(record: InspectionRecord): void {
    if (this.buffer.push(record) === 1) this.onPending();
  }

  drain(): InspectionRecord[] | null {
    if (this.buffer.length === 0) return null;
    const out = this.buffer;
    this.buffer = [];
    return out;
  }
}
