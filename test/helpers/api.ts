// A running server for API tests, in-process, on a free port and a temp journal.
import type { Test } from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type Server } from '../../src/serve.js';
import { writeKubeconfig } from './kubectl.js';
import type { StaticToken } from '../../src/api/auth/token-file.js';

export interface ApiResponse { status: number; body: any; headers: Headers; text: string }
export type RequestFn = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<ApiResponse>;

/** What a test needs of a running server, in-process or a child process. */
export interface ApiTarget {
  readonly url: string;
  dir: string;
  /** A kubeconfig pointing at this server, for kubectl. */
  kubeconfig: string;
  request: RequestFn;
}

export interface TestServer extends Server, ApiTarget {}

/** One HTTP request to the server at `url`; a JSON body is parsed, other bodies are left as text. */
export function requester(url: string): RequestFn {
  return async (method, path, body, headers = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const res = await fetch(url + path, init);
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, body: parsed as any, headers: res.headers, text };
  };
}

/**
 * Reads a streamed response body as it arrives. `next`: the next newline-delimited JSON value (a
 * watch event), undefined once the stream has ended. `until`: the text up to the end of the first
 * match of `pattern` (no g flag) in what is not read yet (an event stream's events), failing if
 * the stream ends first.
 */
export function eventReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  const more = async (): Promise<boolean> => {
    const { value, done } = await reader.read();
    if (done) return false;
    buf += decoder.decode(value, { stream: true });
    return true;
  };
  return {
    async next(): Promise<any | undefined> {
      while (!buf.includes('\n')) if (!(await more())) return undefined;
      const i = buf.indexOf('\n');
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      return JSON.parse(line);
    },
    async until(pattern: RegExp): Promise<string> {
      let m: RegExpExecArray | null;
      while (!(m = pattern.exec(buf))) {
        if (!(await more())) throw new Error(`the stream ended before ${pattern} showed; its end: ${JSON.stringify(buf.slice(-300))}`);
      }
      const end = m.index + m[0].length;
      const text = buf.slice(0, end);
      buf = buf.slice(end);
      return text;
    },
    cancel: () => reader.cancel().catch(() => {}),
  };
}

/** The API alone unless `controllers` is set: API tests see only what they wrote. */
export async function startServer(t: Test, options: { nodes?: number; controllers?: boolean; tokens?: StaticToken[]; tlsCertFile?: string; tlsPrivateKeyFile?: string } = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-api-'));
  const server = await serve({ port: 0, dataDir: join(dir, 'data'), nodes: options.nodes ?? 3, workers: 0, controllers: options.controllers ?? false, tokens: options.tokens, tlsCertFile: options.tlsCertFile, tlsPrivateKeyFile: options.tlsPrivateKeyFile });
  const kubeconfig = await writeKubeconfig(join(dir, 'kubeconfig'), server.url);
  t.teardown(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  return Object.assign(server, { dir, kubeconfig, request: requester(server.url) });
}
