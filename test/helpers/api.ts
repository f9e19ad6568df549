// A running server for API tests, in-process, on a free port and a temp journal.
import type { Test } from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type Server } from '../../src/serve.js';
import { writeKubeconfig } from './kubectl.js';
import type { StaticToken } from '../../src/api/auth/token-file.js';

export interface TestServer extends Server {
  dir: string;
  /** A kubeconfig pointing at this server, for kubectl. */
  kubeconfig: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers; text: string }>;
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
  return Object.assign(server, {
    dir, kubeconfig,
    async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      }
      const res = await fetch(server.url + path, init);
      const text = await res.text();
      let parsed: unknown = text;
      try { parsed = JSON.parse(text); } catch { /* not JSON */ }
      return { status: res.status, body: parsed as any, headers: res.headers, text };
    },
  });
}
