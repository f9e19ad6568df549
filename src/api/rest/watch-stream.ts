// A watch's HTTP body with a bound on what a slow client may leave unread.
// Events are taken from the store's watch as they come and queued here as
// encoded bytes (so the store's per-watcher queue stays empty); once the bytes
// queued for a client that does not read pass the bound, the watch is stopped
// and the stream errors, which cuts the connection: the client relists or
// rewatches from its last resourceVersion, as when Kubernetes drops a watcher
// that cannot keep up. Memory per stalled watcher is therefore bounded, not
// proportional to how much is written while it stalls.
import type { Watch, WatchEvent } from '../../store/types.js';

/** Kubernetes keeps 10-1000 events per watcher; 4 MiB holds a few thousand typical ones. */
export const DEFAULT_WATCH_BACKLOG_BYTES = 4 * 1024 * 1024;

export interface WatchStreamOptions {
  /** Unread bytes past which the client is cut off. */
  backlogBytes: number;
  /**
   * The store's revision when the watch began: events up to it are catch-up (the
   * initial state, or the replay from a resourceVersion), bounded by what exists
   * rather than by the write rate, so they are allowed on top of the backlog.
   */
  catchUpTo: number;
  /** Called when a client is cut off for falling behind. */
  onSlowClient?: () => void;
}

export class WatchTooSlowError extends Error {
  constructor(bytes: number) {
    super(`watch client left more than ${bytes} bytes unread; closing the watch (start a new one)`);
    this.name = 'WatchTooSlowError';
  }
}

export function watchStream(w: Watch, frame: (ev: WatchEvent) => Uint8Array, options: WatchStreamOptions): ReadableStream<Uint8Array> {
  let allowance = options.backlogBytes;
  let catchingUp = true;
  let over = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      void (async () => {
        try {
          for (;;) {
            const ev = await w.next();
            if (over) return;
            if (!ev) { controller.close(); return; }
            const bytes = frame(ev);
            if (catchingUp && ev.revision <= options.catchUpTo) allowance += bytes.byteLength;
            else catchingUp = false;
            controller.enqueue(bytes);
            // desiredSize is highWaterMark (0) minus the bytes queued and not yet read.
            if (-(controller.desiredSize ?? 0) > allowance) {
              over = true;
              w.stop();
              options.onSlowClient?.();
              controller.error(new WatchTooSlowError(options.backlogBytes));
              return;
            }
          }
        } catch (err) {
          // Cancelled meanwhile (enqueue on a closed stream), or a frame that failed to encode.
          w.stop();
          try { controller.error(err); } catch { /* already closed */ }
        }
      })();
    },
    cancel() { over = true; w.stop(); },
  }, { highWaterMark: 0, size: (chunk) => chunk.byteLength });
}
