// HTTP listening, the one part of the server that differs per runtime. The
// server above it is a web-standard `(Request) => Promise<Response>` handler,
// as in Hono's runtime adapters: node:http here, Deno.serve on Deno.
import { abortRequest, nodeRequest } from './node-request.js';

/** How long an idle keep-alive connection stays open (kube-apiserver: 90 s). */
export const KEEP_ALIVE_IDLE_MS = 90_000;
/** The kernel caps it at net.core.somaxconn. */
const LISTEN_BACKLOG = 4096;

export interface HttpServer {
  /** The address actually bound (port 0 picks a free one). */
  readonly host: string;
  readonly port: number;
  /** Responses whose bodies are being written now (Node; Deno writes bodies itself and has none). */
  writing?(): number;
  /** Stops accepting, waits up to graceMs for requests in flight, then cuts the rest. */
  close(graceMs?: number): Promise<void>;
}

export interface ListenOptions {
  host: string;
  port: number;
  /**
   * Reads bodies with requestBytes/requestText only: a body the adapter pre-read lives beside
   * this Request, so request.text()/json() (or a rebuilt Request) would find it empty.
   */
  handler: (request: Request) => Promise<Response>;
  /** Bodies longer than this are refused before they are read whole. */
  maxBodyBytes: number;
  /** Answer for a body over the limit (the handler never sees such a request). */
  tooLarge: () => Response;
  /** Serve HTTPS with this PEM certificate (chain) and private key. */
  tls?: { cert: string; key: string };
}

/** Bodies read whole before the handler is called, by the Node adapter, keyed by their Request. */
const preRead = new WeakMap<Request, Uint8Array>();
const utf8 = new TextDecoder();

/**
 * A request's body bytes. The Node adapter reads a small body with a known length before
 * the handler runs and builds the Request without a body stream (a web stream per request
 * costs more than a small body's parse); any other request is read from its stream.
 * Read once, as a Request body is.
 */
export async function requestBytes(request: Request): Promise<Uint8Array> {
  const pre = preRead.get(request);
  if (pre) { preRead.delete(request); return pre; }
  return new Uint8Array(await request.arrayBuffer());
}

/** The body as text (UTF-8, as Request.text() decodes it). */
export async function requestText(request: Request): Promise<string> {
  return utf8.decode(await requestBytes(request));
}

/** Bodies of responses built whole, keyed by their Response (see wholeResponse). */
const wholeBodies = new WeakMap<Response, string | Uint8Array<ArrayBuffer>>();

/**
 * A Response whose body is already whole (a JSON document, a table): the Node adapter writes
 * it with its headers in one call instead of reading the Response's stream chunk by chunk.
 * Anyone else reads it as any Response.
 */
export function wholeResponse(body: string | Uint8Array<ArrayBuffer>, init: ResponseInit): Response {
  // Deno.serve reads a Response's own body, so there it is a plain Response.
  const response = (globalThis as { Deno?: unknown }).Deno ? new Response(body, init) : new WholeBodyResponse(body, init);
  wholeBodies.set(response, body);
  return response;
}

/**
 * Node: a Response that builds its body stream only if someone reads it. Node's Response makes a
 * web stream for every body it is given (about half of what a Response costs), and the Node
 * adapter never reads it: it writes the whole body at once. Reading it any way works as for
 * any Response, once.
 */
class WholeBodyResponse extends Response {
  readonly #whole: string | Uint8Array<ArrayBuffer>;
  #read: Response | undefined;

  constructor(body: string | Uint8Array<ArrayBuffer>, init: ResponseInit) {
    super(null, init);
    this.#whole = body;
  }

  /** The body as an ordinary Response would hold it, made on first use. */
  #reader(): Response {
    return (this.#read ??= new Response(this.#whole));
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null { return this.#reader().body; }
  override get bodyUsed(): boolean { return this.#read?.bodyUsed ?? false; }
  override text(): Promise<string> { return this.#reader().text(); }
  override json(): Promise<any> { return this.#reader().json(); }
  override arrayBuffer(): Promise<ArrayBuffer> { return this.#reader().arrayBuffer(); }
  override bytes(): Promise<Uint8Array<ArrayBuffer>> { return this.#reader().bytes(); }
  override blob(): Promise<Blob> { return this.#reader().blob(); }
  override formData(): Promise<FormData> { return this.#reader().formData(); }
  override clone(): Response {
    if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
    const copy = new WholeBodyResponse(this.#whole, { status: this.status, statusText: this.statusText, headers: this.headers });
    wholeBodies.set(copy, this.#whole);
    return copy;
  }
}

/** Bodies up to this size (with a Content-Length) are read whole before the handler runs. */
const PRE_READ_MAX = 64 * 1024;

/** Reads a body of the given length whole (Node's parser holds the client to its Content-Length). */
function readWhole(req: import('node:http').IncomingMessage, length: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const out = new Uint8Array(length);
    let at = 0;
    req.on('data', (chunk: Buffer) => { out.set(chunk.subarray(0, Math.max(0, length - at)), at); at += chunk.length; });
    req.on('end', () => resolve(at === length ? out : out.subarray(0, Math.min(at, length))));
    req.on('error', reject);
    // A client gone mid-body: no 'end' will come.
    req.on('close', () => { if (!req.complete) reject(new Error('the client closed the connection before the body ended')); });
  });
}

export class ListenError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = 'ListenError';
  }
}

interface DenoServe {
  serve(options: { hostname: string; port: number; cert?: string; key?: string; onListen?: (a: { hostname: string; port: number }) => void; signal?: AbortSignal }, handler: (r: Request) => Promise<Response>): { finished: Promise<void>; addr: { hostname: string; port: number }; shutdown(): Promise<void> };
}

export async function listen(options: ListenOptions): Promise<HttpServer> {
  const deno = (globalThis as { Deno?: DenoServe }).Deno;
  if (deno) return listenDeno(deno, options);
  return listenNode(options);
}

async function listenDeno(deno: DenoServe, options: ListenOptions): Promise<HttpServer> {
  const server = deno.serve({ hostname: options.host, port: options.port, ...(options.tls ?? {}), onListen: () => {} }, async (req) => {
    const length = Number(req.headers.get('content-length') ?? '0');
    if (length > options.maxBodyBytes) return options.tooLarge();
    // A body without a length (chunked) is counted as it streams in.
    if (req.body && !req.headers.has('content-length')) {
      const body = req.body.pipeThrough(limitStream(options.maxBodyBytes));
      req = new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal, duplex: 'half' } as RequestInit);
    }
    try {
      return await options.handler(req);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return options.tooLarge();
      throw err;
    }
  });
  return {
    host: server.addr.hostname,
    port: server.addr.port,
    close: async () => { await server.shutdown(); },
  };
}

async function listenNode(options: ListenOptions): Promise<HttpServer> {
  // node:https takes the same handler; the TLS options ride along in the server options.
  const createServer = (options.tls ? (await import('node:https')).createServer : (await import('node:http')).createServer) as typeof import('node:http').createServer;
  const scheme = options.tls ? 'https' : 'http';
  let writing = 0;
  // Idle keep-alive connections stay open 90 s, as kube-apiserver's do (Go's IdleTimeout); clients
  // close theirs a margin sooner (undici: the announced timeout less its threshold). With Node's
  // 5 s, a client of a server whose event loop is busy for seconds may send a request on a
  // socket the server is closing in the same turn, and read a reset instead of an answer.
  const server = createServer({ keepAliveTimeout: KEEP_ALIVE_IDLE_MS, ...(options.tls ?? {}) }, async (req, res) => {
    let request: Request | undefined;
    let gone = false;
    // Aborted only when the client went away before the response ended (an abort makes an error).
    res.on('close', () => {
      if (res.writableFinished) return;
      gone = true;
      if (request) abortRequest(request);
    });
    try {
      const length = Number(req.headers['content-length'] ?? '0');
      if (length > options.maxBodyBytes) {
        req.resume();
        return await writeResponse(res, options.tooLarge());
      }
      const method = req.method ?? 'GET';
      const hasBody = method !== 'GET' && method !== 'HEAD';
      const url = `${scheme}://${req.headers.host ?? `${options.host}:${options.port}`}${req.url ?? '/'}`;
      // A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 6.3):
      // a DELETE without one is read as empty at once, not through a stream.
      const known = (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] === undefined) && length <= PRE_READ_MAX;
      const whole = hasBody && known ? (length === 0 ? new Uint8Array(0) : await readWhole(req, length)) : undefined;
      const body = hasBody && !known ? limitedBody(req, options.maxBodyBytes) : undefined;
      request = nodeRequest({ method, url, headers: req.headers, body });
      if (gone) abortRequest(request);
      if (whole) preRead.set(request, whole);
      let response: Response;
      try {
        response = await options.handler(request);
      } catch (err) {
        if (err instanceof BodyTooLargeError) response = options.tooLarge();
        else throw err;
      }
      writing++;
      try {
        await writeResponse(res, response);
      } finally {
        writing--;
      }
    } catch (err) {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `internal error: ${(err as Error).message}`, reason: 'InternalError', code: 500 }));
      } else res.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(new ListenError(err.code === 'EADDRINUSE'
        ? `port ${options.port} on ${options.host} is already in use; stop what holds it or pass --port 0`
        : `cannot listen on ${options.host}:${options.port}: ${err.message}`, err.code ?? 'LISTEN'));
    });
    // Go (kube-apiserver) listens with the kernel's somaxconn as its backlog; Node's 511 is
    // too short for a client that opens a thousand connections at once to a busy server.
    server.listen({ port: options.port, host: options.host, backlog: LISTEN_BACKLOG }, () => resolve());
  });
  const addr = server.address() as { address: string; port: number };
  return {
    host: addr.address,
    port: addr.port,
    writing: () => writing,
    close: (graceMs = 5000) => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), graceMs).unref();
    }),
  };
}

class BodyTooLargeError extends Error {}

/** Past the limit, the rest of a body is read and dropped, up to this many times the limit, then the connection is cut. */
const DISCARD_FACTOR = 8;

/** Passes bytes through until more than `max` have gone by, then errors. */
function limitStream(max: number): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > max) controller.error(new BodyTooLargeError(`request body over ${max} bytes`));
      else controller.enqueue(chunk);
    },
  });
}

/** The request body as a web stream that errors once it passes the limit (chunked uploads too). */
function limitedBody(req: import('node:http').IncomingMessage, max: number): ReadableStream<Uint8Array> {
  let seen = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > max) {
          // Keep reading, and drop it: closing now would reset a client still
          // sending, which may then never see the 413. Beyond a point, cut it.
          if (seen - chunk.length <= max) controller.error(new BodyTooLargeError(`request body over ${max} bytes`));
          if (seen > max * DISCARD_FACTOR) req.destroy();
          return;
        }
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      });
      req.on('end', () => { try { controller.close(); } catch { /* already errored */ } });
      req.on('error', (e) => { try { controller.error(e); } catch { /* already errored */ } });
    },
    cancel() { req.destroy(); },
  });
}

async function writeResponse(res: import('node:http').ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((v, k) => {
    const prev = headers[k];
    headers[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  });
  const whole = response.bodyUsed ? undefined : wholeBodies.get(response);
  if (whole !== undefined) {
    // Headers and body in one write, with a Content-Length; the stream is never read.
    headers['content-length'] = String(typeof whole === 'string' ? Buffer.byteLength(whole) : whole.byteLength);
    res.writeHead(response.status, headers);
    res.end(whole);
    return;
  }
  res.writeHead(response.status, headers);
  if (!response.body) { res.end(); return; }
  // A watch may have nothing to say for a while: its client must see the headers now.
  res.flushHeaders();
  // Stream (watches): write each chunk as it comes, flush at once.
  const reader = response.body.getReader();
  let closed = false;
  let settled = false;
  // One waiter at a time, woken by drain, by the connection closing, or by the
  // body ending or failing (a watch cut off for falling behind): a stalled
  // client must not keep the connection, and its buffers, forever.
  let wake: (() => void) | undefined;
  const wakeUp = () => { const w = wake; wake = undefined; w?.(); };
  res.on('close', () => { closed = true; void reader.cancel().catch(() => {}); wakeUp(); });
  res.on('drain', wakeUp);
  reader.closed.then(() => { settled = true; wakeUp(); }, () => { settled = true; wakeUp(); });
  for (;;) {
    const { done, value } = await reader.read();
    if (done || closed) break;
    if (!res.write(value) && !settled && !closed) await new Promise<void>((r) => { wake = r; });
  }
  if (!closed) res.end();
}
