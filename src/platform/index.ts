// The only module that knows Node from Deno. Everything above it speaks in
// web-standard terms (MessagePort, URL); workers are created here through the
// web-standard `Worker` where the runtime has one (Deno) and
// `node:worker_threads` where it does not (Node).

export type RuntimeName = 'deno' | 'node';

interface DenoGlobal { version: { deno: string }; exit(code?: number): never }
const denoGlobal = (globalThis as { Deno?: DenoGlobal }).Deno;

export const runtimeName: RuntimeName = denoGlobal ? 'deno' : 'node';

type NodeWorkerThreads = typeof import('node:worker_threads');
type NodeOs = typeof import('node:os');
// Resolved once at load; Deno never imports node:* here.
const nodeWorkerThreads: NodeWorkerThreads | undefined = denoGlobal ? undefined : await import('node:worker_threads');
const nodeOs: NodeOs | undefined = denoGlobal ? undefined : await import('node:os');

export interface WorkerExit {
  /** Exit code when the runtime reports one (Node), else 1 for an error. */
  code: number;
  error?: unknown;
}

/** A worker thread as the runtime sees it, whatever created it. */
export interface WorkerHandle {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  /** Called once when the worker dies on its own (uncaught error, exit); not after terminate(). */
  onExit(listener: (exit: WorkerExit) => void): void;
  terminate(): Promise<void>;
}

export function availableCores(): number {
  if (nodeOs) return typeof nodeOs.availableParallelism === 'function' ? nodeOs.availableParallelism() : nodeOs.cpus().length;
  return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}

export function startWorker(url: URL, name: string): WorkerHandle {
  let exitListener: ((exit: WorkerExit) => void) | undefined;
  let ended = false;
  const end = (exit: WorkerExit) => {
    if (ended) return;
    ended = true;
    exitListener?.(exit);
  };
  if (nodeWorkerThreads) {
    const w = new nodeWorkerThreads.Worker(url, { name });
    let lastError: unknown;
    w.on('error', (err) => { lastError = err; });
    w.on('exit', (code) => end({ code: code || (lastError ? 1 : 0), error: lastError }));
    return {
      postMessage: (m, t) => w.postMessage(m, t as never),
      onExit: (l) => { exitListener = l; },
      terminate: async () => { ended = true; await w.terminate(); },
    };
  }
  const w = new Worker(url, { type: 'module', name });
  w.addEventListener('error', (ev) => {
    // Without preventDefault the error would propagate to (and kill) the main thread.
    ev.preventDefault();
    end({ code: 1, error: (ev as ErrorEvent).error ?? new Error((ev as ErrorEvent).message) });
    w.terminate();
  });
  return {
    postMessage: (m, t) => w.postMessage(m, t ?? []),
    onExit: (l) => { exitListener = l; },
    terminate: async () => { ended = true; w.terminate(); },
  };
}

/** Inside a worker: the channel to the thread that started it. */
export interface ParentChannel {
  onMessage(listener: (data: unknown) => void): void;
  close(): void;
}

export function parentChannel(): ParentChannel {
  if (nodeWorkerThreads) {
    const port = nodeWorkerThreads.parentPort;
    if (!port) throw new Error('parentChannel() called outside a worker thread');
    return {
      onMessage: (l) => { port.on('message', l); },
      close: () => port.close(),
    };
  }
  const scope = globalThis as unknown as { addEventListener(t: 'message', l: (e: MessageEvent) => void): void; close(): void };
  return {
    onMessage: (l) => scope.addEventListener('message', (e) => l(e.data)),
    close: () => scope.close(),
  };
}

/** True when this code runs inside a worker thread rather than the main thread. */
export function inWorker(): boolean {
  if (nodeWorkerThreads) return !nodeWorkerThreads.isMainThread;
  return typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
}

/** A module reference as a URL string: URLs stay, file paths resolve against the working directory. */
export function moduleUrl(spec: string | URL): string {
  if (spec instanceof URL) return spec.href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(spec) && !/^[a-z]:[\\/]/i.test(spec)) return spec;
  const cwd = denoGlobal ? (denoGlobal as unknown as { cwd(): string }).cwd() : process.cwd();
  return new URL(spec, `file://${cwd.endsWith('/') ? cwd : cwd + '/'}`).href;
}

/** The command line after the script name. */
export function commandArgs(): string[] {
  if (denoGlobal) return [...(denoGlobal as unknown as { args: string[] }).args];
  return process.argv.slice(2);
}

/** Runs `handler` once on SIGINT or SIGTERM, so a server can close its journal cleanly. */
export function onTerminate(handler: (signal: string) => void): void {
  let fired = false;
  const once = (signal: string) => { if (!fired) { fired = true; handler(signal); } };
  if (denoGlobal) {
    const d = denoGlobal as unknown as { addSignalListener(s: string, f: () => void): void };
    for (const s of ['SIGINT', 'SIGTERM']) d.addSignalListener(s, () => once(s));
    return;
  }
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => once(s));
}

export function setExitCode(code: number): void {
  if (denoGlobal) (globalThis as unknown as { Deno: { exitCode: number } }).Deno.exitCode = code;
  else process.exitCode = code;
}

export function isInteractive(): boolean {
  if (denoGlobal) return (denoGlobal as unknown as { stdout: { isTerminal(): boolean } }).stdout.isTerminal();
  return Boolean(process.stdout.isTTY);
}

/** The JavaScript runtime and its version, as /version reports it in goVersion's place: "node20.20.2", "deno2.1.4". */
export function runtimeVersion(): string {
  const g = globalThis as { Deno?: { version: { deno: string } }; process?: { version?: string } };
  if (g.Deno) return `deno${g.Deno.version.deno}`;
  return g.process?.version ? `node${g.process.version.replace(/^v/, '')}` : 'unknown';
}

/** os/arch in Go's spelling, as /version's platform: "linux/amd64". */
export function runtimePlatform(): string {
  const g = globalThis as { Deno?: { build: { os: string; arch: string } }; process?: { platform?: string; arch?: string } };
  const os = g.Deno?.build.os ?? g.process?.platform ?? 'unknown';
  const arch = g.Deno?.build.arch ?? g.process?.arch ?? 'unknown';
  const goArch: Record<string, string> = { x64: 'amd64', x86_64: 'amd64', ia32: '386', arm64: 'arm64', aarch64: 'arm64', arm: 'arm' };
  return `${os}/${goArch[arch] ?? arch}`;
}
