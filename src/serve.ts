// The server process: journal, actor runtime and the Kubernetes API, opened
// together and closed together (drain requests and watches, flush the journal).
import { createApiHandler } from './api/server.js';
import { NamespaceController, ensureBuiltinNamespaces } from './api/namespaces.js';
import { registerNodes } from './api/nodes.js';
import { PodTerminationTimer } from './api/pod-termination.js';
import { MAX_BODY_BYTES, tooLarge } from './api/rest/body.js';
import { statusResponse } from './api/status.js';
import { createInspector } from './inspector/inspector.js';
import { listen, type HttpServer } from './platform/http.js';
import { startControlPlane } from './cluster.js';
import type { Runtime } from './runtime/runtime.js';
import type { JournalStore } from './store/index.js';

export interface ServeOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Directory of the LevelDB journal. */
  dataDir: string;
  /** Node objects registered at start. */
  nodes?: number;
  workers?: number;
  /** Run the controllers, scheduler and kubelets (default true; API-only when false). */
  controllers?: boolean;
  /** nodeMonitorGracePeriod in ms: a node whose kubelet stops renewing its Lease this long goes Unknown (default 40 s). */
  nodeMonitorGracePeriodMs?: number;
  /** Controllers' resync period in ms (default 30 s). */
  resyncMs?: number;
  log?: (line: string) => void;
}

export interface Server {
  readonly url: string;
  runtime: Runtime;
  store: JournalStore;
  close(): Promise<void>;
}

export async function serve(options: ServeOptions): Promise<Server> {
  const log = options.log ?? (() => {});
  const host = options.host ?? '127.0.0.1';
  const plane = await startControlPlane({ dataDir: options.dataDir, workers: options.workers, controllers: options.controllers, nodeMonitorGracePeriodMs: options.nodeMonitorGracePeriodMs, resyncMs: options.resyncMs });
  const { store, runtime } = plane;
  // Created at once, so its actor registry hears every spawn; its taps start on first use.
  const inspector = createInspector({ runtime, store });
  const cleanup: (() => Promise<void> | void)[] = [() => plane.close(), () => inspector.close()];
  const unwind = async () => { for (const c of cleanup.reverse()) await c(); };
  try {
    await ensureBuiltinNamespaces(store);
    await registerNodes(store, options.nodes ?? 3);
    const namespaces = new NamespaceController(store);
    namespaces.start();
    cleanup.push(() => namespaces.stop());
    const pods = new PodTerminationTimer(store);
    pods.start();
    cleanup.push(() => pods.stop());
    let ready = true;
    const handler = createApiHandler({ store, ready: () => ready, inspector });
    const http: HttpServer = await listen({
      host, port: options.port ?? 8080, handler, maxBodyBytes: MAX_BODY_BYTES,
      tooLarge: () => statusResponse(tooLarge().toStatus()),
    });
    const shownHost = http.host.includes(':') ? `[${http.host}]` : http.host;
    const url = `http://${shownHost}:${http.port}`;
    log(`listening on ${url}`);
    let closing: Promise<void> | null = null;
    return {
      url, runtime, store,
      close() {
        closing ??= (async () => {
          ready = false;
          await namespaces.stop();
          pods.stop();
          await inspector.close(); // ends its live streams, which would hold the close below
          await http.close(2000);
          await plane.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    await unwind();
    throw err;
  }
}
