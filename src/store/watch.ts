// One watcher: an ordered queue of events with a promise-based reader (no polling). While it
// catches up from the journal, live changes are buffered behind the replay, so the stream has
// no gaps and no duplicates.
import type { Change } from './change.js';
import type { Status } from './errors.js';
import { eventFor, type WatchFilter } from './watch-filter.js';
import type { KObject, Watch, WatchEvent } from './types.js';

export class StoreWatch implements Watch {
  private readonly queue: WatchEvent[] = [];
  private head = 0;
  private reader: ((e: WatchEvent | undefined) => void) | undefined;
  private catchingUp = false;
  private buffered: Change[] = [];
  private bookmarkWanted = false;
  private ended = false;
  /** Changes at or below this revision were already covered (initial state or replay). */
  private seenUpTo: number;

  constructor(
    private readonly filter: WatchFilter,
    private readonly kind: string,
    private readonly bookmarks: boolean,
    private readonly maxPending: number,
    /** The revision a live watch is complete up to (the store's committed revision). */
    private readonly completeRevision: () => number,
    private readonly onStop: (w: StoreWatch) => void,
    fromRevision: number,
  ) {
    this.seenUpTo = fromRevision;
  }

  get stopped(): boolean { return this.ended; }

  /** Initial state: one ADDED per current object. */
  addInitial(object: KObject, rev: number): void {
    this.push({ type: 'ADDED', revision: rev, object });
  }

  startCatchUp(): void { this.catchingUp = true; }

  /** A change read back from the journal during catch-up. */
  replay(c: Change): void {
    if (this.ended || c.rev <= this.seenUpTo) return;
    this.deliver(c);
  }

  finishCatchUp(): void {
    if (this.ended) return;
    this.catchingUp = false;
    const live = this.buffered;
    this.buffered = [];
    for (const c of live) if (c.rev > this.seenUpTo) this.deliver(c);
    if (this.bookmarks || this.bookmarkWanted) this.emitBookmark();
  }

  /** A change just committed. */
  offer(c: Change): void {
    if (this.ended) return;
    if (this.catchingUp) { this.buffered.push(c); return; }
    if (c.rev > this.seenUpTo) this.deliver(c);
  }

  private deliver(c: Change): void {
    this.seenUpTo = c.rev;
    const type = eventFor(this.filter, c);
    if (type) this.push({ type, revision: c.rev, object: c.object });
  }

  bookmark(): void {
    if (this.ended) return;
    if (this.catchingUp) { this.bookmarkWanted = true; return; }
    this.emitBookmark();
  }

  private emitBookmark(): void {
    this.bookmarkWanted = false;
    const rev = Math.max(this.seenUpTo, this.completeRevision());
    this.push({ type: 'BOOKMARK', revision: rev, object: { kind: this.kind, metadata: { resourceVersion: String(rev) } } });
  }

  /** End the stream with an ERROR event carrying a Status (e.g. 410 Expired). */
  fail(status: Status): void {
    if (this.ended) return;
    this.push({ type: 'ERROR', revision: this.seenUpTo, object: status });
    this.end();
  }

  private push(e: WatchEvent): void {
    if (this.ended) return;
    if (this.reader) {
      const r = this.reader;
      this.reader = undefined;
      r(e);
      return;
    }
    this.queue.push(e);
    if (this.queue.length - this.head > this.maxPending) {
      this.queue.length = this.head = 0;
      this.fail({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Expired', code: 410,
        message: `watch consumer fell more than ${this.maxPending} events behind; start a new watch` });
    }
  }

  next(): Promise<WatchEvent | undefined> {
    if (this.head < this.queue.length) {
      const e = this.queue[this.head]!;
      this.queue[this.head++] = undefined as never;
      if (this.head > 1024 && this.head * 2 > this.queue.length) { this.queue.splice(0, this.head); this.head = 0; }
      return Promise.resolve(e);
    }
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve) => { this.reader = resolve; });
  }

  /** Events already queued, without waiting (for consumers that batch). */
  drain(): WatchEvent[] {
    const out = this.queue.slice(this.head);
    this.queue.length = this.head = 0;
    return out;
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.buffered = [];
    this.onStop(this);
    if (this.reader) { const r = this.reader; this.reader = undefined; r(undefined); }
  }

  stop(): void {
    this.queue.length = this.head = 0;
    this.end();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    try {
      for (;;) {
        const e = await this.next();
        if (!e) return;
        yield e;
      }
    } finally {
      if (!this.ended) this.stop();
    }
  }
}
