// Kubernetes' event correlator (client-go tools/record), as one pure object,
// plus a burst summariser so a burst of thousands of pods does not write
// thousands of Events:
//
// - Dedupe: an Event identical to one recorded within the window (same
//   involved object, type, reason, message, source) is not written again: the
//   first one's `count` goes up and its `lastTimestamp` moves.
// - Similar events (Kubernetes' EventAggregator): once one object has more than
//   `maxSimilar` distinct messages for the same type+reason+source within the
//   window, further ones fold into one Event whose message starts with
//   "(combined from similar events): ".
// - Bursts: the events of one flush are grouped by (type, reason, source, and
//   the involved object's controller owner, or the object itself); a group
//   with more than `burst` events in one flush becomes one combined Event about
//   the group's object (e.g. 100 "Scheduled" pods of one ReplicaSet → one
//   Event on the ReplicaSet, count 100), and later bursts of the group add to it.
//
// The correlator decides; the caller writes: `flush()` gives the Events to
// create and the ones to update (count/lastTimestamp), each object once.
import { dropOldest } from '../drop-oldest.js';

export interface ObjectRef {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  /** The part of the object, for a container's events: `spec.containers{nginx}`. */
  fieldPath?: string;
}

export interface EventInput {
  involvedObject: ObjectRef;
  /** The involved object's controller owner (e.g. a pod's ReplicaSet), for burst grouping. */
  owner?: ObjectRef;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  component: string;
  /** The node the recording component runs on (a kubelet's). */
  host?: string;
  /** ms since the epoch (of the newest, for a combined input) */
  at: number;
  /**
   * Already combined where it was recorded (see combineBursts): stands for this many events,
   * the first at `firstAt`. Only a group above the burst threshold is combined early, so the
   * correlator's own grouping decides the same as it would have from the single events.
   */
  count?: number;
  firstAt?: number;
}

/** Events of one group in one flush above which they become one combined Event (the default). */
export const DEFAULT_BURST = 10;

const sep = '\u0000';

const groupKey = (e: EventInput) => {
  const g = e.owner?.uid ? e.owner : e.involvedObject;
  // Not by host: a burst of a ReplicaSet's pods spread over many nodes is still one burst.
  return `${g.uid}${sep}${e.type}${sep}${e.reason}${sep}${e.component}`;
};

/**
 * Each group (owner or object, type, reason, source) with more than `burst` events is
 * folded into one input carrying their count, first and newest time and the newest message;
 * smaller groups pass unchanged, in order. The correlator's flush folds its batch so; where
 * events are gathered before they reach it (all that one thread's actors recorded in a
 * turn), folding early decides nothing differently, since the flush groups at least those
 * events together.
 */
export function combineBursts(events: EventInput[], burst = DEFAULT_BURST): EventInput[] {
  if (events.length <= burst && events.every((e) => e.count === undefined)) return events;
  const groups = new Map<string, EventInput[]>();
  for (const e of events) {
    const k = groupKey(e);
    const list = groups.get(k);
    if (list) list.push(e); else groups.set(k, [e]);
  }
  const out: EventInput[] = [];
  for (const list of groups.values()) {
    const n = list.reduce((a, e) => a + (e.count ?? 1), 0);
    if (n <= burst) { out.push(...list); continue; }
    // Without a host: it stands for events from many nodes, about the owner, not one pod's container.
    const { host: _, ...last } = list[list.length - 1]!;
    out.push({
      ...last, count: n,
      firstAt: list.reduce((m, e) => Math.min(m, e.firstAt ?? e.at), Infinity),
      at: list.reduce((m, e) => Math.max(m, e.at), -Infinity),
    });
  }
  return out;
}

export interface CorrelatorOptions {
  /** How long an Event can still be counted up (Kubernetes: 10 min). */
  windowMs?: number;
  /** Distinct messages per object+reason before they are combined (Kubernetes: 10). */
  maxSimilar?: number;
  /** Events of one group in one flush above which they become one combined Event. */
  burst?: number;
  /** Events remembered (Kubernetes' LRU: 4096). */
  maxEntries?: number;
}

export const COMBINED_PREFIX = '(combined from similar events): ';

/** One Event as it is, or will be, in the store. */
export interface EventEntry {
  key: string;
  involvedObject: ObjectRef;
  type: string;
  reason: string;
  message: string;
  component: string;
  host?: string;
  count: number;
  firstTimestamp: number;
  lastTimestamp: number;
  /** Its name once created (set by the caller from the write's result). */
  name?: string;
  /** Created or being created: later changes are updates. */
  written: boolean;
  dirty: boolean;
}

export interface FlushResult {
  create: EventEntry[];
  update: EventEntry[];
}


export class EventCorrelator {
  private readonly windowMs: number;
  private readonly maxSimilar: number;
  private readonly burst: number;
  private readonly maxEntries: number;
  private readonly entries = new Map<string, EventEntry>();
  /** Distinct messages per object+type+reason+source, with when the window opened. */
  private readonly similar = new Map<string, { since: number; messages: Set<string> }>();
  private pending: EventInput[] = [];
  private readonly dirty = new Set<EventEntry>();

  constructor(options: CorrelatorOptions = {}) {
    this.windowMs = options.windowMs ?? 10 * 60_000;
    this.maxSimilar = options.maxSimilar ?? 10;
    this.burst = options.burst ?? DEFAULT_BURST;
    this.maxEntries = options.maxEntries ?? 4096;
  }

  add(e: EventInput): void {
    this.pending.push(e);
  }

  /** Folds what was added since the last flush into the remembered Events; what to write. */
  flush(now: number): FlushResult {
    const batch = this.pending;
    this.pending = [];
    for (const e of combineBursts(batch, this.burst)) {
      if (e.count === undefined) { this.one(e, now); continue; }
      // A burst: one combined Event about the group's object; the newest message speaks for all.
      const about = e.owner?.uid ? e.owner : e.involvedObject;
      this.count({ ...e, involvedObject: about, message: COMBINED_PREFIX + e.message }, e.count, combinedKey(about, e), now, e.firstAt ?? e.at);
    }
    this.expire();
    const create: EventEntry[] = [];
    const update: EventEntry[] = [];
    for (const entry of this.dirty) {
      if (!entry.written) { entry.written = true; create.push(entry); } else if (entry.name) update.push(entry);
      else continue; // still being created: its new count goes out with a later flush
      entry.dirty = false;
      this.dirty.delete(entry);
    }
    return { create, update };
  }

  /** The caller created the entry's Event under this name. */
  created(entry: EventEntry, name: string): void {
    entry.name = name;
  }

  /** The caller's write failed: forget the entry so the next occurrence starts afresh. */
  forget(entry: EventEntry): void {
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    this.dirty.delete(entry);
  }

  /** Changes not written yet (added events, or counts of Events still being created). */
  get hasWork(): boolean {
    return this.pending.length > 0 || this.dirty.size > 0;
  }

  private one(e: EventInput, now: number): EventEntry {
    const exact = exactKey(e);
    const known = this.entries.get(exact);
    if (known && now - known.lastTimestamp <= this.windowMs) return this.count(e, 1, exact, now);
    // Kubernetes' aggregator: too many different messages for one object+reason → combined.
    const aggKey = [e.involvedObject.uid, e.type, e.reason, e.component, e.host ?? ''].join(sep);
    let s = this.similar.get(aggKey);
    if (!s || now - s.since > this.windowMs) {
      // Renewed at the end: Map order stays the order of `since`, which expire() relies on.
      this.similar.delete(aggKey);
      s = { since: now, messages: new Set() };
      this.similar.set(aggKey, s);
    }
    s.messages.add(e.message);
    if (s.messages.size > this.maxSimilar) {
      return this.count({ ...e, message: COMBINED_PREFIX + e.message }, 1, combinedKey(e.involvedObject, e), now);
    }
    return this.count(e, 1, exact, now);
  }

  private count(e: EventInput, n: number, key: string, now: number, firstAt = e.at): EventEntry {
    const known = this.entries.get(key);
    if (known && now - known.lastTimestamp <= this.windowMs) {
      known.count += n;
      known.lastTimestamp = Math.max(known.lastTimestamp, e.at);
      known.message = e.message;
      known.dirty = true;
      this.dirty.add(known);
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    const entry: EventEntry = {
      key, involvedObject: e.involvedObject, type: e.type, reason: e.reason, message: e.message, component: e.component,
      count: n, firstTimestamp: firstAt, lastTimestamp: e.at, written: false, dirty: true,
    };
    if (e.host !== undefined) entry.host = e.host;
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.dirty.add(entry);
    return entry;
  }

  private expire(): void {
    dropOldest(this.entries, this.maxEntries, (e) => e.dirty); // not written yet: kept until it is
    // An entry past its window is found so where it is used (one()), so no scan of them all here.
    dropOldest(this.similar, this.maxEntries);
  }
}

function exactKey(e: EventInput): string {
  return [e.involvedObject.uid, e.involvedObject.kind, e.involvedObject.name, e.involvedObject.fieldPath ?? '', e.type, e.reason, e.component, e.host ?? '', e.message].join(sep);
}

function combinedKey(about: ObjectRef, e: { type: string; reason: string; component: string; host?: string }): string {
  return [about.uid, about.kind, about.name, e.type, e.reason, e.component, e.host ?? '', COMBINED_PREFIX].join(sep);
}
