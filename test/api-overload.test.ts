// Overload protection, without a network: which class a request is in, the
// budgets, the handler wrapper (429s, slots held and released), and the watch
// stream's bound on what a client leaves unread.
import t from 'tap';
import { onBodyDone, withInflightLimit } from '../src/api/overload/guard.js';
import { classify, InflightBudgets, type RequestClass } from '../src/api/overload/inflight.js';
import { watchStream, WatchTooSlowError } from '../src/api/rest/watch-stream.js';
import type { Watch, WatchEvent } from '../src/store/types.js';

const U = (path: string) => new URL(`http://h${path}`);

const rows: [string, string, RequestClass][] = [
  ['GET', '/healthz', 'exempt'],
  ['GET', '/readyz', 'exempt'],
  ['GET', '/livez/', 'exempt'],
  ['GET', '/readyz/ping', 'exempt'],
  ['POST', '/healthz', 'exempt'],
  ['GET', '/version', 'readonly'],
  ['GET', '/api', 'readonly'],
  ['GET', '/apis/apps/v1', 'readonly'],
  ['GET', '/openapi/v3', 'readonly'],
  ['GET', '/api/v1/namespaces/default/pods', 'readonly'],
  ['HEAD', '/api/v1/namespaces/default/pods/p', 'readonly'],
  ['GET', '/api/v1/namespaces/default/pods?watch=false', 'readonly'],
  ['GET', '/api/v1/namespaces/default/pods?watch=0', 'readonly'],
  ['GET', '/api/v1/namespaces/default/pods?watch=maybe', 'readonly'], // a 400 later, short either way
  ['GET', '/api/v1/namespaces/default/pods?watch=true', 'long-running'],
  ['GET', '/api/v1/namespaces/default/pods?watch=1', 'long-running'],
  ['GET', '/api/v1/namespaces/default/pods?watch', 'long-running'],
  ['GET', '/apis/apps/v1/deployments?labelSelector=a%3Db&watch=true&resourceVersion=5', 'long-running'],
  ['GET', '/api/v1/watch/namespaces/default/pods', 'long-running'],
  ['GET', '/apis/apps/v1/watch/deployments', 'long-running'],
  ['GET', '/api/v1/namespaces/default/pods/p/log', 'long-running'],
  ['POST', '/api/v1/namespaces/default/pods/p/exec', 'long-running'],
  ['GET', '/api/v1/nodes/n1/proxy', 'long-running'],
  ['GET', '/api/v1/namespaces/x/log', 'readonly'], // a resource named "log", not a subresource
  ['POST', '/api/v1/namespaces/default/pods?watch=true', 'mutating'], // a create: watch means nothing there
  ['POST', '/api/v1/namespaces/default/pods', 'mutating'],
  ['PUT', '/api/v1/namespaces/default/pods/p', 'mutating'],
  ['patch', '/apis/apps/v1/namespaces/default/deployments/d/scale', 'mutating'],
  ['DELETE', '/api/v1/namespaces/default/pods', 'mutating'],
  ['POST', '/api/v1/namespaces/default/pods/p/binding', 'mutating'],
  ['GET', '/inspector/events', 'long-running'],
  ['GET', '/inspector/api/summary', 'readonly'],
  ['POST', '/inspector/api/select', 'mutating'],
];

t.test('classify: method and URL to class', async (t) => {
  for (const [method, path, want] of rows) t.equal(classify(method, U(path)), want, `${method} ${path}`);
});

t.test('budgets: per class, independent, released, 0 is no limit', async (t) => {
  const b = new InflightBudgets({ readonly: 2, mutating: 1, 'long-running': 0 });
  t.ok(b.tryAcquire('readonly'));
  t.ok(b.tryAcquire('readonly'));
  t.notOk(b.tryAcquire('readonly'), 'third read-only refused');
  t.ok(b.tryAcquire('mutating'), 'mutating has its own budget');
  t.notOk(b.tryAcquire('mutating'));
  let watches = 0;
  for (let i = 0; i < 5000; i++) if (b.tryAcquire('long-running')) watches++;
  t.equal(watches, 5000, 'no limit on watches here');
  b.release('readonly');
  t.ok(b.tryAcquire('readonly'), 'a released slot is usable again');
  t.same(b.stats().inflight, { readonly: 2, mutating: 1, 'long-running': 5000 });
  t.same(b.stats().rejected, { readonly: 1, mutating: 1, 'long-running': 0 });
  b.release('mutating');
  t.throws(() => b.release('mutating'), /released more often/, 'a double release is a bug, not a bigger budget');
  t.same(new InflightBudgets({ readonly: undefined }).limits, { readonly: 400, mutating: 200, 'long-running': 1000 }, 'defaults');
  t.throws(() => new InflightBudgets({ mutating: -1 }), RangeError);
  t.throws(() => new InflightBudgets({ mutating: 1.5 }), RangeError);
});

interface Deferred { promise: Promise<Response>; resolve(r: Response): void; reject(e: unknown): void }
const deferred = (): Deferred => {
  let resolve!: (r: Response) => void, reject!: (e: unknown) => void;
  const promise = new Promise<Response>((a, b) => { resolve = a; reject = b; });
  return { promise, resolve, reject };
};

/** An inner handler whose answers the test gives, one per request, in order. */
function heldHandler() {
  const pending: Deferred[] = [];
  const handler = (_r: Request) => { const d = deferred(); pending.push(d); return d.promise; };
  return { handler, pending };
}

const req = (method: string, path: string, signal?: AbortSignal) => new Request(`http://h${path}`, { method, signal });

t.test('wrapper: 429 with Retry-After past a budget; others and health checks still served', async (t) => {
  const inner = heldHandler();
  const h = withInflightLimit(inner.handler, { readonly: 2, mutating: 1, 'long-running': 1 });
  const r1 = h(req('GET', '/api/v1/pods'));
  const r2 = h(req('GET', '/api/v1/pods'));
  const refused = await h(req('GET', '/api/v1/pods'));
  t.equal(refused.status, 429);
  t.equal(refused.headers.get('retry-after'), '1');
  t.same(await refused.json(), {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Too many requests, please try again later.',
    reason: 'TooManyRequests', details: { retryAfterSeconds: 1 }, code: 429,
  }, "Kubernetes' Status");
  t.equal(inner.pending.length, 2, 'the refused request never reached the handler');
  const m = h(req('POST', '/api/v1/namespaces/default/pods'));
  t.equal((await h(req('DELETE', '/api/v1/namespaces/default/pods/x'))).status, 429, 'mutating budget: one');
  const health = h(req('GET', '/healthz'));
  t.equal(inner.pending.length, 4, 'health check passed through with both budgets full');
  inner.pending[3]!.resolve(new Response('ok'));
  t.equal((await health).status, 200);
  t.same(h.stats().inflight, { readonly: 2, mutating: 1, 'long-running': 0 });
  // In-flight ones complete; their slots come back.
  inner.pending[0]!.resolve(new Response('a'));
  inner.pending[1]!.reject(new Error('boom'));
  inner.pending[2]!.resolve(new Response('m', { status: 201 }));
  t.equal(await (await r1).text(), 'a');
  await t.rejects(r2, /boom/, 'a failing handler still releases its slot');
  t.equal((await m).status, 201);
  t.same(h.stats().inflight, { readonly: 0, mutating: 0, 'long-running': 0 });
  t.same(h.stats().rejected, { readonly: 1, mutating: 1, 'long-running': 0 });
  const again = h(req('GET', '/api/v1/pods'));
  inner.pending[4]!.resolve(new Response('b'));
  t.equal((await again).status, 200, 'served again once slots are free');
});

/** A body the test feeds by hand. */
function feed() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({ start(c) { controller = c; }, cancel() { cancelled = true; } });
  return { body, controller, get cancelled() { return cancelled; } };
}

t.test('wrapper: a watch holds its slot until its body ends, fails or is cancelled', async (t) => {
  const inner = heldHandler();
  const h = withInflightLimit(inner.handler, { 'long-running': 1 });
  const W = '/api/v1/pods?watch=1';
  const ends: [string, (f: ReturnType<typeof feed>, r: ReadableStreamDefaultReader<Uint8Array>) => Promise<void>][] = [
    ['ends', async (f, r) => { f.controller.close(); t.equal((await r.read()).done, true); }],
    ['fails', async (f, r) => { f.controller.error(new Error('cut')); await t.rejects(r.read(), /cut/); }],
    ['is cancelled by the connection', async (f, r) => { await r.cancel(); t.ok(f.cancelled, 'cancel reaches the watch'); }],
  ];
  for (const [how, end] of ends) {
    const f = feed();
    const pending = h(req('GET', W));
    inner.pending.at(-1)!.resolve(new Response(f.body));
    const res = await pending;
    const reader = res.body!.getReader();
    f.controller.enqueue(new Uint8Array([1, 2]));
    t.same(await reader.read(), { done: false, value: new Uint8Array([1, 2]) }, 'chunks pass through');
    t.equal(h.stats().inflight['long-running'], 1, `held while the body streams (${how})`);
    t.equal((await h(req('GET', W))).status, 429, 'a second watch is refused');
    await end(f, reader);
    t.equal(h.stats().inflight['long-running'], 0, `released when the body ${how}`);
  }
  t.equal(h.stats().rejected['long-running'], 3);
  t.equal(h.stats().inflight.readonly, 0, 'watches never took read-only slots');
});

t.test('onBodyDone: an error upstream reaches a reader that is not reading; abort releases', async (t) => {
  const f = feed();
  let done = 0;
  const out = onBodyDone(f.body, () => { done++; });
  const reader = out.getReader();
  let failed: unknown;
  reader.closed.catch((e) => { failed = e; });
  f.controller.error(new Error('too slow'));
  await reader.closed.catch(() => {});
  t.match((failed as Error).message, /too slow/, 'closed rejects without a read pending');
  t.equal(done, 1);
  const g = feed();
  const abort = new AbortController();
  let gone = 0;
  onBodyDone(g.body, () => { gone++; }, abort.signal); // never read at all
  abort.abort();
  t.equal(gone, 1, 'released on abort');
  await new Promise((r) => setImmediate(r));
  t.ok(g.cancelled, 'and the body is cancelled');
  abort.abort();
  t.equal(gone, 1, 'once');
});

/** A store Watch the test drives: push events, see whether it was stopped. */
function fakeWatch() {
  const queue: (WatchEvent | undefined)[] = [];
  let waiter: ((e: WatchEvent | undefined) => void) | undefined;
  let stopped = false;
  const w: Watch = {
    next() {
      if (queue.length) return Promise.resolve(queue.shift());
      if (stopped) return Promise.resolve(undefined);
      return new Promise((r) => { waiter = r; });
    },
    bookmark() {},
    stop() { stopped = true; queue.length = 0; const r = waiter; waiter = undefined; r?.(undefined); },
    get stopped() { return stopped; },
    [Symbol.asyncIterator]() { throw new Error('not used'); },
  };
  const push = (e: WatchEvent) => { if (stopped) return; const r = waiter; waiter = undefined; if (r) r(e); else queue.push(e); };
  return { w, push, get stopped() { return stopped; }, get queued() { return queue.length; } };
}

const settle = () => new Promise((r) => setImmediate(r));
const enc = new TextEncoder();
const frame1k = (ev: WatchEvent) => enc.encode(JSON.stringify({ type: ev.type, rev: ev.revision }).padEnd(1023) + '\n');

t.test('watchStream: a reader that keeps up gets every event; the store queue stays empty', async (t) => {
  const fw = fakeWatch();
  const s = watchStream(fw.w, frame1k, { backlogBytes: 4096, catchUpTo: 0 });
  const reader = s.getReader();
  const got: number[] = [];
  for (let rev = 1; rev <= 100; rev++) {
    fw.push({ type: 'ADDED', revision: rev, object: {} });
    const { value } = await reader.read();
    got.push(JSON.parse(new TextDecoder().decode(value!)).rev);
  }
  t.same(got, Array.from({ length: 100 }, (_, i) => i + 1), 'every event, in order');
  fw.w.stop();
  t.equal((await reader.read()).done, true, 'a watch that ends closes the stream');
});

t.test('watchStream: a reader that stalls is cut off past the bound, and the watch stopped', async (t) => {
  const fw = fakeWatch();
  let slow = 0;
  const s = watchStream(fw.w, frame1k, { backlogBytes: 8 * 1024, catchUpTo: 0, onSlowClient: () => { slow++; } });
  const reader = s.getReader(); // never reads
  let err: unknown;
  reader.closed.catch((e) => { err = e; });
  let rev = 0;
  while (!fw.stopped && rev < 1000) { fw.push({ type: 'MODIFIED', revision: ++rev, object: {} }); await settle(); }
  t.ok(fw.stopped, 'the store watch was stopped');
  t.equal(rev, 9, '8 KiB of 1 KiB frames are allowed, the ninth is one too many');
  t.equal(fw.queued, 0, 'nothing left in the store queue');
  t.equal(slow, 1, 'reported once');
  await settle();
  t.type(err, WatchTooSlowError, 'the stream errored (the connection is cut)');
});

t.test('watchStream: catch-up (initial state, replay) is allowed on top of the bound', async (t) => {
  const fw = fakeWatch();
  // 50 objects exist at revision 50: their ADDED events must all fit, stalled reader or not.
  for (let rev = 1; rev <= 50; rev++) fw.push({ type: 'ADDED', revision: rev, object: {} });
  fw.push({ type: 'BOOKMARK', revision: 50, object: {} });
  const s = watchStream(fw.w, frame1k, { backlogBytes: 4 * 1024, catchUpTo: 50 });
  s.getReader();
  await settle();
  t.notOk(fw.stopped, 'a list bigger than the bound still streams');
  let rev = 50;
  while (!fw.stopped && rev < 1000) { fw.push({ type: 'MODIFIED', revision: ++rev, object: {} }); await settle(); }
  t.equal(rev, 55, 'then live events get the bound, no more');
});

t.test('watchStream: cancelling stops the watch', async (t) => {
  const fw = fakeWatch();
  const s = watchStream(fw.w, frame1k, { backlogBytes: 4096, catchUpTo: 0 });
  await s.cancel();
  t.ok(fw.stopped);
});
