// The server process: journal, actor runtime and the Kubernetes API, opened
// together and closed together (drain requests and watches, flush the journal).
import { createApiHandler } from './api/server.js';
import { authenticatedUser, escalationAdmission, requestAuthenticator, requestAuthorizer } from './api/auth/http.js';
import { ANONYMOUS } from './api/auth/self-reviews.js';
import { resolveAuth, type AuthOptions } from './api/auth/serve-auth.js';
import { loadServingCert, type ServingCertOptions } from './api/auth/serving-cert.js';
import { StoredPolicy } from './api/auth/stored-policy.js';
import { withInflightLimit } from './api/overload/guard.js';
import type { InflightStats } from './api/overload/inflight.js';
import { ensureBuiltinNamespaces } from './api/namespaces.js';
import { ensureKubernetesService, KubernetesServiceKeeper } from './api/kubernetes-service.js';
import { registerNodes } from './api/nodes.js';
import { PodTerminationTimer } from './api/pod-termination.js';
import { MAX_BODY_BYTES, tooLarge } from './api/rest/body.js';
import { statusResponse } from './api/status.js';
import { createInspector } from './inspector/inspector.js';
import { stateSummary } from './inspector/kinds.js';
import { listen, type HttpServer } from './platform/http.js';
import { createMetricsEndpoint } from './platform/prometheus.js';
import { serverMetricFamilies } from './metrics/server.js';
import { startControlPlane, type ControlPlaneOptions } from './cluster.js';
import type { Runtime } from './runtime/runtime.js';
import type { JournalStore } from './store/index.js';

/** The control plane's options (journal, workers, controllers, simulation), and the server's. */
export interface ServeOptions extends ControlPlaneOptions, AuthOptions, ServingCertOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Node objects registered at start. */
  nodes?: number;
  /** Read-only requests in flight at once; past it, 429 (default 400; 0: no limit). */
  maxRequestsInflight?: number;
  /** Mutating requests in flight at once; past it, 429 (default 200; 0: no limit). */
  maxMutatingRequestsInflight?: number;
  /** Watches and other long-running requests open at once (default 1000; 0: no limit). */
  maxWatches?: number;
  /** Bytes a watch client may leave unread before it is cut off (default 4 MiB). */
  watchBacklogBytes?: number;
  log?: (line: string) => void;
}

export interface Server {
  readonly url: string;
  runtime: Runtime;
  store: JournalStore;
  /** Requests in flight and refused per class, and watch clients cut off for falling behind. */
  overloadStats(): OverloadStats;
  close(): Promise<void>;
}

export interface OverloadStats extends InflightStats {
  /** Watch clients cut off since start for leaving too much unread. */
  slowWatchesCut: number;
  /** Responses still being written to their connections (absent on Deno). */
  writing?: number;
}

export async function serve(options: ServeOptions): Promise<Server> {
  const log = options.log ?? (() => {});
  const host = options.host ?? '127.0.0.1';
  // Decided before the journal opens: a bad token file, or an exposed address without one, fails fast.
  const tokens = await resolveAuth(host, options);
  const tls = await loadServingCert(options);
  // The store keeps each followed object's state as it is written, so the inspector's first
  // page lists 10,000 pods without decoding one.
  const plane = await startControlPlane({ summarize: stateSummary, ...options });
  const { store, runtime } = plane;
  // Created at once, so its actor registry hears every spawn; its taps start on first use.
  const inspector = createInspector({ runtime, store });
  const cleanup: (() => Promise<void> | void)[] = [() => plane.close(), () => inspector.close()];
  const unwind = async () => { for (const c of cleanup.reverse()) await c(); };
  try {
    await ensureBuiltinNamespaces(store);
    await registerNodes(store, options.nodes ?? 3);
    const pods = new PodTerminationTimer(store);
    pods.start();
    cleanup.push(() => pods.stop());
    let ready = true;
    let slowWatchesCut = 0;
    const policy = tokens ? new StoredPolicy(store) : null;
    if (policy) cleanup.push(() => policy.close());
    const authorize = tokens && policy ? requestAuthorizer({ tokens, policy }) : undefined;
    const admit = policy ? escalationAdmission(policy) : undefined;
    // The self reviews answer for the user the authorizer let through, by the same policy.
    const selfReviewContext = policy ? async (request: Request) => ({ user: authenticatedUser(request) ?? ANONYMOUS, policy: await policy.current() }) : undefined;
    // GET /metrics (Prometheus text); `handler` is read at scrape time, for the limiter's counters.
    const prometheus = await createMetricsEndpoint(() => serverMetricFamilies(runtime, store, () => ({ ...handler.stats(), slowWatchesCut })));
    const metrics = prometheus ? async () => ({ contentType: prometheus.contentType, body: await prometheus.render() }) : undefined;
    const api = createApiHandler({ store, ready: () => ready, inspector, authorize, admit, watchBacklogBytes: options.watchBacklogBytes, onSlowWatch: () => { slowWatchesCut++; }, metrics, selfReviewContext });
    const handler = withInflightLimit(api, {
      readonly: options.maxRequestsInflight, mutating: options.maxMutatingRequestsInflight, 'long-running': options.maxWatches,
    });
    // Authentication in front of the limits, authorization behind them (kube-apiserver's order).
    const authenticate = tokens ? requestAuthenticator(tokens) : null;
    const front = authenticate ? (request: Request) => Promise.resolve(authenticate(request) ?? handler(request)) : handler;
    const http: HttpServer = await listen({
      host, port: options.port ?? 8080, handler: front, maxBodyBytes: MAX_BODY_BYTES,
      tooLarge: () => statusResponse(tooLarge().toStatus()), tls,
    });
    await ensureKubernetesService(store, http.port);
    const kubernetesService = new KubernetesServiceKeeper(store, http.port);
    kubernetesService.start();
    const shownHost = http.host.includes(':') ? `[${http.host}]` : http.host;
    const url = `${tls ? 'https' : 'http'}://${shownHost}:${http.port}`;
    log(`listening on ${url}`);
    let closing: Promise<void> | null = null;
    return {
      url, runtime, store,
      overloadStats: () => ({ ...handler.stats(), slowWatchesCut, ...(http.writing ? { writing: http.writing() } : {}) }),
      close() {
        closing ??= (async () => {
          ready = false;
          pods.stop();
          kubernetesService.stop();
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
