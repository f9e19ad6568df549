// `cybernetes serve` as a child process: how the server runs for real (its own
// process, the CLI's flags, controllers and kubelets on, signals to stop it).
import type { Test } from 'tap';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requester, type ApiTarget } from './api.js';
import { writeKubeconfig } from './kubectl.js';

/** The CLI's entry point, as `cybernetes` runs it. */
export const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

export interface ServeProcess {
  child: ChildProcess;
  out(): string;
  err(): string;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Spawns `cybernetes serve ARGS`; past `killAfterMs` (if given) it is killed outright. */
export function spawnServe(args: string[], options: { killAfterMs?: number } = {}): ServeProcess {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const guard = options.killAfterMs ? setTimeout(() => child.kill('SIGKILL'), options.killAfterMs) : undefined;
  // A test process that ends without its teardown (an uncaught error) takes its server with it.
  const orphaned = () => child.kill('SIGKILL');
  process.once('exit', orphaned);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => {
    clearTimeout(guard);
    process.removeListener('exit', orphaned);
    r(code);
  }));
  return { child, out: () => out, err: () => err, exited };
}

/** The URL the server printed once listening; rejects if it exits first or says nothing within `timeoutMs` (generous: the machine is shared). */
export function listening(p: ServeProcess, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = /listening on (https?:\/\/\S+)/.exec(p.out());
      if (!m) return;
      done();
      resolve(m[1]!);
    };
    const exit = (code: number | null) => { done(); reject(new Error(`server exited (${code}) before listening: ${p.err()}`)); };
    const timer = setTimeout(() => { done(); reject(new Error(`server did not start within ${timeoutMs} ms: ${p.err()}`)); }, timeoutMs);
    const done = () => { clearTimeout(timer); p.child.stdout!.off('data', check); p.child.off('exit', exit); };
    p.child.stdout!.on('data', check);
    p.child.once('exit', exit);
    check();
    if (p.child.exitCode !== null && !/listening on/.test(p.out())) exit(p.child.exitCode);
  });
}

export interface ProcessServer extends ApiTarget {
  process: ServeProcess;
}

/**
 * A `cybernetes serve` child process on a free loopback port and a temp
 * journal, with a kubeconfig for it. Unlike startServer, controllers,
 * scheduler and kubelets run: pods get bound and started. Stopped with
 * SIGTERM at teardown (SIGKILL if it has not drained within 20 s). The CLI
 * tests' server (startCliServer) is this one.
 */
export async function startServerProcess(t: Test, options: { nodes?: number; workers?: number } = {}): Promise<ProcessServer> {
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-proc-'));
  const p = spawnServe(['--port', '0', '--data-dir', join(dir, 'data'), '--nodes', String(options.nodes ?? 3), '--workers', String(options.workers ?? 1)]);
  const stop = async () => {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
    const drainLimit = setTimeout(() => p.child.kill('SIGKILL'), 20_000);
    await p.exited;
    clearTimeout(drainLimit);
    await rm(dir, { recursive: true, force: true });
  };
  let url: string;
  try {
    url = await listening(p);
  } catch (err) {
    await stop();
    throw err;
  }
  t.teardown(stop);
  const kubeconfig = await writeKubeconfig(join(dir, 'kubeconfig'), url);
  return { url, dir, kubeconfig, request: requester(url), process: p };
}
