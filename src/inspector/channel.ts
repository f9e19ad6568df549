// One live client's outbox (Server-Sent Events) with backpressure by
// coalescing: each topic holds only its newest value ("counts", "actor"), and
// list topics ("transitions", "records") keep only their newest N items. The
// stream is pulled: a frame is built only when the connection asks for the
// next chunk, so a slow client gets fewer, coalesced updates, and nothing
// queues up for it beyond one value per topic.
const encoder = new TextEncoder();

export interface ChannelStats {
  /** Frames (one per topic) written. */
  sent: number;
  /** Values replaced before they were sent. */
  coalesced: number;
  /** List items dropped because the list was full. */
  dropped: number;
}

export class EventChannel {
  private readonly slots = new Map<string, unknown>();
  private readonly lists = new Map<string, unknown[]>();
  private wake: (() => void) | null = null;
  private closedFlag = false;
  private beat: ReturnType<typeof setInterval> | null = null;
  readonly stats: ChannelStats = { sent: 0, coalesced: 0, dropped: 0 };
  /** Runs once when the client goes away or the channel is closed. */
  onClose: (() => void) | null = null;

  constructor(readonly id: string, private readonly listCap = 100) {}

  get closed(): boolean { return this.closedFlag; }

  /** Something is waiting to be sent. */
  get pending(): boolean { return this.slots.size > 0 || this.lists.size > 0; }

  /** Sets a topic's value, replacing one not yet sent. */
  put(topic: string, value: unknown): void {
    if (this.closedFlag) return;
    if (this.slots.has(topic)) this.stats.coalesced++;
    this.slots.set(topic, value);
    this.notify();
  }

  /** Appends to a list topic; past the cap the oldest items go. */
  append(topic: string, item: unknown): void {
    if (this.closedFlag) return;
    let list = this.lists.get(topic);
    if (!list) this.lists.set(topic, (list = []));
    list.push(item);
    if (list.length > this.listCap) {
      const over = list.length - this.listCap;
      list.splice(0, over);
      this.stats.dropped += over;
    }
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    if (w) { this.wake = null; w(); }
  }

  /** Everything pending, as [topic, data] pairs (lists as arrays); empties the outbox. */
  take(): [string, unknown][] {
    const out: [string, unknown][] = [...this.slots];
    for (const [topic, list] of this.lists) out.push([topic, list]);
    this.slots.clear();
    this.lists.clear();
    this.stats.sent += out.length;
    return out;
  }

  /** Resolves once something is pending (or the channel closed: then null). */
  async next(): Promise<[string, unknown][] | null> {
    while (!this.pending) {
      if (this.closedFlag) return null;
      await new Promise<void>((r) => { this.wake = r; });
    }
    return this.closedFlag ? null : this.take();
  }

  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    if (this.beat) { clearInterval(this.beat); this.beat = null; }
    this.slots.clear();
    this.lists.clear();
    this.notify();
    const f = this.onClose;
    this.onClose = null;
    f?.();
  }

  /** The SSE body: one chunk per pull, holding every pending topic as its own event. */
  stream(heartbeatMs = 15_000): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        controller.enqueue(encoder.encode(`retry: 2000\nevent: hello\ndata: ${JSON.stringify({ client: this.id })}\n\n`));
        // A comment now and then keeps proxies from closing a quiet stream.
        if (!this.closedFlag) this.beat = setInterval(() => this.put('ping', Date.now()), heartbeatMs);
      },
      pull: async (controller) => {
        const frames = await this.next();
        if (!frames) { controller.close(); return; }
        controller.enqueue(encoder.encode(sseFrames(frames)));
      },
      cancel: () => this.close(),
    }, { highWaterMark: 0 });
  }
}

export function sseFrames(frames: [string, unknown][]): string {
  let out = '';
  for (const [topic, data] of frames) out += `event: ${topic}\ndata: ${JSON.stringify(data)}\n\n`;
  return out;
}
