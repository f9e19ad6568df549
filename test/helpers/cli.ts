// The CLI as users run it: each verb as a child process against a `cybernetes serve`
// child process (startServerProcess), with its output and exit code.
import type { Test } from 'tap';
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, startServerProcess, type ProcessServer } from './server-process.js';

export interface CliResult { code: number | null; stdout: string; stderr: string }

export interface CliServer extends ProcessServer {
  /** Runs `cybernetes <args> --server URL`, with `input` on stdin. */
  run(args: string[], input?: string): Promise<CliResult>;
  /** A long-running verb (get -w): its output so far, and a way to stop it. */
  start(args: string[]): { out(): string; err(): string; stop(): Promise<void> };
  /** One request; the parsed body, or a throw naming the status when it is not 2xx. */
  api(method: string, path: string, body?: unknown, contentType?: string): Promise<any>;
}

/** One server for the whole test file (startServerProcess: one worker, stopped with SIGTERM at the end), and the CLI against it. */
export async function startCliServer(t: Test, options: { nodes?: number } = {}): Promise<CliServer> {
  const server = await startServerProcess(t, { nodes: options.nodes, workers: 1 });
  const { url } = server;
  const children = new Set<ChildProcess>();
  t.teardown(() => { for (const c of children) c.kill('SIGKILL'); });
  return {
    ...server,
    run: (args, input) => runCli([...args, '--server', url], input),
    start(args) {
      const c = spawn(process.execPath, [CLI, ...args, '--server', url], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.add(c);
      let o = '', e = '';
      c.stdout!.on('data', (d) => (o += d));
      c.stderr!.on('data', (d) => (e += d));
      const done = new Promise<void>((r) => c.on('exit', () => { children.delete(c); r(); }));
      return { out: () => o, err: () => e, stop: async () => { c.kill('SIGTERM'); await done; } };
    },
    async api(method, path, body, contentType = 'application/merge-patch+json') {
      const init: RequestInit = { method, headers: { 'content-type': contentType } };
      if (body !== undefined) init.body = JSON.stringify(body);
      const res = await fetch(url + path, init);
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
  };
}

export function runCli(args: string[], input?: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const guard = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('close', (code) => { clearTimeout(guard); resolve({ code, stdout, stderr }); });
    child.stdin.end(input ?? '');
  });
}

/** Column start offsets of a table line: where each run of 3+ spaces ends. */
export function columnStarts(line: string): number[] {
  const starts = [0];
  for (const m of line.matchAll(/ {3,}/g)) starts.push(m.index! + m[0].length);
  return starts;
}
