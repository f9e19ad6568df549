// The web Request the Node adapter hands the handler, built lazily: method, url and
// headers are read straight from node:http's IncomingMessage, and the real (undici)
// Request, with its AbortSignal, is built only when something asks for more (a body
// stream, clone(), text()). Most API requests never do, and building one costs about
// 25 µs, a tenth of a pod create. Hono's Node adapter does the same; like its object,
// this one is an instance of Request for `instanceof` and type checks. It is not one to
// undici itself: `new Request(request)` and `fetch(request)` need the parts (url, method,
// headers, body), as the Deno adapter passes them when it wraps a request.
import type { IncomingHttpHeaders } from 'node:http';

export interface NodeRequestInit {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The body as a stream, when the adapter did not read it whole beforehand. */
  body?: ReadableStream<Uint8Array>;
}

const init = Symbol('init');
const built = Symbol('built');
const controller = Symbol('controller');
const headerCache = Symbol('headers');

interface Lazy {
  [init]: NodeRequestInit;
  [built]?: Request;
  [controller]?: AbortController;
  [headerCache]?: Headers;
}

function headersOf(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const k in raw) {
    const v = raw[k];
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else if (v !== undefined) headers.set(k, v);
  }
  return headers;
}

function signalOf(r: Lazy): AbortSignal {
  return (r[controller] ??= new AbortController()).signal;
}

function real(r: Lazy & Request): Request {
  return r[built] ??= new Request(r[init].url, {
    method: r[init].method, headers: r.headers, body: r[init].body, signal: signalOf(r), duplex: 'half',
  } as RequestInit);
}

const proto: object = {};
const own = (key: string, get: (r: Lazy) => unknown) => Object.defineProperty(proto, key, { get(this: Lazy) { return get(this); } });
own('method', (r) => r[init].method);
own('url', (r) => r[init].url);
own('headers', (r) => r[headerCache] ??= headersOf(r[init].headers));
own('signal', signalOf);
// Everything else Request has goes to the real one, built on first use.
for (const key of Object.getOwnPropertyNames(Request.prototype)) {
  if (key === 'constructor' || Object.prototype.hasOwnProperty.call(proto, key)) continue;
  const d = Object.getOwnPropertyDescriptor(Request.prototype, key)!;
  if (typeof d.value === 'function') {
    Object.defineProperty(proto, key, { value(this: Lazy & Request, ...args: unknown[]) { const r = real(this); return (r[key as keyof Request] as (...a: unknown[]) => unknown).apply(r, args); } });
  } else if (d.get) {
    Object.defineProperty(proto, key, { get(this: Lazy & Request) { return real(this)[key as keyof Request]; } });
  }
}
Object.setPrototypeOf(proto, Request.prototype);

export function nodeRequest(i: NodeRequestInit): Request {
  const r = Object.create(proto) as Lazy;
  r[init] = i;
  return r as unknown as Request;
}

/** The client went away before the response ended: the request's signal aborts (if anyone took it). */
export function abortRequest(request: Request): void {
  (request as unknown as Lazy)[controller]?.abort();
  // No signal taken yet: one taken later is already aborted.
  (request as unknown as Lazy)[controller] ??= abortedController();
}

function abortedController(): AbortController {
  const c = new AbortController();
  c.abort();
  return c;
}
