// The HTTP client every verb uses: fetch against --server with a bearer
// --token, Status errors turned into one line that says what went wrong.
import { CliError, usageError } from './errors.js';

export const DEFAULT_SERVER = 'http://127.0.0.1:8080';

export interface RequestOptions {
  query?: Record<string, string | undefined>;
  body?: string;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
}

export interface WatchEvent { type: string; object: any }

/** A Kubernetes Status in an error answer, if the body is one. */
function statusMessage(body: unknown): string | undefined {
  const s = body as { kind?: string; message?: string } | null;
  return s && typeof s === 'object' && s.kind === 'Status' && typeof s.message === 'string' && s.message ? s.message : undefined;
}

export class Client {
  readonly server: string;

  constructor(server: string, private readonly token?: string) {
    try { new URL(server); } catch { throw usageError(`--server must be a URL like ${DEFAULT_SERVER}, got "${server}"`); }
    this.server = server.replace(/\/+$/, '');
  }

  url(path: string, query: Record<string, string | undefined> = {}): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, v);
    const s = q.toString();
    return `${this.server}${path}${s ? `?${s}` : ''}`;
  }

  /** The raw answer; throws only when the server cannot be reached. */
  async fetch(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (options.contentType) headers['content-type'] = options.contentType;
    const init: RequestInit = { method, headers };
    if (options.body !== undefined) init.body = options.body;
    if (options.signal) init.signal = options.signal;
    try {
      return await fetch(this.url(path, options.query), init);
    } catch (err) {
      if ((err as Error).name === 'AbortError' || options.signal?.aborted) throw err;
      const code = (err as { cause?: { code?: string } }).cause?.code;
      throw new CliError(`cannot reach the server at ${this.server}${code && code !== 'ECONNREFUSED' ? ` (${code})` : ''}: start one with "cybernetes serve" or pass --server`, 1, true);
    }
  }

  /** A JSON answer; a non-2xx answer becomes a CliError with the Status message. */
  async json<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.fetch(method, path, options);
    const text = await res.text();
    let body: unknown;
    try { body = text ? JSON.parse(text) : undefined; } catch { body = undefined; }
    if (!res.ok) throw httpError(res, body, method, path);
    if (body === undefined) throw new CliError(`the server answered ${method} ${path} with something that is not JSON`);
    return body as T;
  }

  /** A watch as a stream of events; ends when the server closes it or `signal` aborts. */
  async *watch(path: string, query: Record<string, string | undefined>, options: { accept?: string; signal?: AbortSignal } = {}): AsyncGenerator<WatchEvent> {
    const res = await this.fetch('GET', path, { query: { ...query, watch: '1' }, ...options });
    if (!res.ok) {
      const text = await res.text();
      let body: unknown;
      try { body = JSON.parse(text); } catch { /* not a Status */ }
      throw httpError(res, body, 'GET', path);
    }
    if (!res.body) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (line) yield JSON.parse(line) as WatchEvent;
        }
      }
    } catch (err) {
      if (options.signal?.aborted) return;
      throw err;
    } finally {
      reader.cancel().catch(() => {});
    }
  }
}

export function httpError(res: Response, body: unknown, method: string, path: string): CliError {
  const message = statusMessage(body);
  if (res.status === 401) return new CliError(`${message ?? 'Unauthorized'}: pass a valid --token (or set CYBERNETES_TOKEN)`, 1, true);
  if (message) return new CliError(message);
  return new CliError(`the server answered ${res.status} ${res.statusText} to ${method} ${path}`);
}
