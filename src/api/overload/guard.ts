// The in-flight budgets around the API handler: a request past its class's
// budget gets 429 TooManyRequests with Retry-After, before any work is done
// for it. A short request holds its slot until the handler's Response is
// returned (its body is already built then: JSON bodies are whole strings); a
// long-running one (a watch, the inspector's event stream) until its body
// ends, fails or is cancelled, which is when the connection is done with it.
import { ApiError, statusResponse } from '../status.js';
import { classify, InflightBudgets, type InflightLimits, type InflightStats } from './inflight.js';
import { requestURL } from '../request-url.js';

export type Handler = (request: Request) => Promise<Response>;

export interface GuardedHandler extends Handler {
  /** Cheap: counters only (another layer may publish them as metrics). */
  stats(): InflightStats;
}

const RETRY_AFTER_SECONDS = 1;

/** The apiserver's own answer, word for word: clients (client-go) honour Retry-After and try again. */
export function tooManyRequests(): Response {
  const status = new ApiError('TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: RETRY_AFTER_SECONDS }).toStatus();
  return statusResponse(status, { 'retry-after': String(RETRY_AFTER_SECONDS) });
}

export function withInflightLimit(handler: Handler, limits: Partial<Record<keyof InflightLimits, number | undefined>> = {}): GuardedHandler {
  const budgets = new InflightBudgets(limits);
  const guarded: Handler = async (request) => {
    const c = classify(request.method, requestURL(request));
    if (c === 'exempt') return handler(request);
    if (!budgets.tryAcquire(c)) return tooManyRequests();
    if (c !== 'long-running') {
      try {
        return await handler(request);
      } finally {
        budgets.release(c);
      }
    }
    let response: Response;
    try {
      response = await handler(request);
    } catch (err) {
      budgets.release(c);
      throw err;
    }
    if (!response.body) { budgets.release(c); return response; }
    const body = onBodyDone(response.body, () => budgets.release(c), request.signal);
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return Object.assign(guarded, { stats: () => budgets.stats() });
}

/**
 * `body` passed through chunk by chunk (nothing buffered here); `done` runs once,
 * when it ends, errors or is cancelled, or when the request is aborted (the
 * client went away: a safety net, so a body nobody reads cannot hold a slot).
 */
export function onBodyDone(body: ReadableStream<Uint8Array>, done: () => void, signal?: AbortSignal): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let finished = false;
  const onAbort = () => { finish(); reader.cancel(signal?.reason).catch(() => {}); };
  const finish = () => {
    if (finished) return;
    finished = true;
    signal?.removeEventListener('abort', onAbort);
    done();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // An error upstream (a watch cut off for falling behind) must reach the
      // writer at once, even while it waits for a stalled socket to drain.
      reader.closed.then(undefined, (err: unknown) => { finish(); controller.error(err); });
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    },
    async pull(controller) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await reader.read();
      } catch (err) {
        finish();
        controller.error(err);
        return;
      }
      if (r.done) { finish(); controller.close(); } else controller.enqueue(r.value);
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
}
