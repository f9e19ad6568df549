// createCluster(): a Kubernetes-compatible control plane in-process, for
// people's own tests: the API on a free loopback port, the controllers, and
// simulated nodes. Without a dataDir the journal lives in a temporary
// directory removed at close.
import { parseAllDocuments } from 'yaml';
import type { StaticToken } from './api/auth/token-file.js';
import { resourceByKind } from './api/resources/index.js';
import { makeTempDir, removeDir } from './platform/files.js';
import { serve, type Server } from './serve.js';
import type { KObject, WatchEvent } from './store/types.js';
import { deepCopy } from './store/copy.js';

export interface ClusterOptions {
  /** Journal directory; omitted: a temporary one, removed at close. */
  dataDir?: string;
  /** Simulated nodes registered at start (default 3). */
  nodes?: number;
  workers?: number;
  /**
   * nodeMonitorGracePeriod in ms (default 40 s, as Kubernetes): a node whose kubelet stops renewing
   * its Lease (annotate the Node `cybernetes.io/sim-heartbeat: stopped`) goes Unknown after this long.
   */
  nodeMonitorGracePeriodMs?: number;
  /** How often controllers re-read what they own, in ms (default 30 s, jittered): the repair for a missed event. */
  resyncMs?: number;
  /** fsync every journal batch (default true). false is faster and loses the newest commits if the machine crashes: for benchmarks and throwaway tests. */
  fsync?: boolean;
  /** The simulated nodes' container start latency: `fixed:5`, `uniform:1-10`, `exp:5` in ms (default fixed:0). */
  simStartLatency?: string;
  /** Seed of the simulation's random draws, for repeatable runs (default 0). */
  seed?: number;
  /**
   * Require bearer tokens and authorize with RBAC: a token file (`token,user,uid,"group1,group2"`)
   * and/or tokens given here. The cluster's own apply/get/list use a private token in system:masters.
   */
  tokenFile?: string;
  tokens?: StaticToken[];
}

export interface Cluster {
  /** The Kubernetes API, for kubectl or client libraries. */
  readonly url: string;
  /** Creates each object, or replaces the one that exists (manifests as objects or YAML). */
  apply(manifests: KObject | KObject[] | string): Promise<KObject[]>;
  get(kind: string, name: string, namespace?: string): Promise<KObject | null>;
  list(kind: string, options?: { namespace?: string; labelSelector?: string; fieldSelector?: string }): Promise<KObject[]>;
  /** Calls `onEvent` for every change of the kind (current objects first, as ADDED); returns a stop function. */
  watch(kind: string, onEvent: (event: WatchEvent) => void, options?: { namespace?: string; labelSelector?: string }): () => void;
  /** Resolves with the object once `predicate` holds for it; rejects after timeoutMs. */
  waitFor(kind: string, name: string, predicate: (o: KObject) => boolean, options?: { namespace?: string; timeoutMs?: number }): Promise<KObject>;
  close(): Promise<void>;
}

export class ClusterError extends Error {
  constructor(message: string, readonly status?: unknown) {
    super(message);
    this.name = 'ClusterError';
  }
}

function typeOf(kind: string) {
  // Accept "Deployment", "apps/v1/Deployment" or an object's apiVersion + kind.
  const t = resourceByKind('', kind) ?? ['v1', 'apps/v1', 'autoscaling/v2', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'rbac.authorization.k8s.io/v1'].map((v) => resourceByKind(v, kind)).find(Boolean);
  if (!t) throw new ClusterError(`unknown kind "${kind}"`);
  return t;
}

function manifestsOf(input: KObject | KObject[] | string): KObject[] {
  if (typeof input !== 'string') return Array.isArray(input) ? input : [input];
  const docs = parseAllDocuments(input);
  const out: KObject[] = [];
  for (const d of docs) {
    if (d.errors.length) throw new ClusterError(`invalid YAML: ${d.errors[0]!.message}`);
    const v = d.toJS() as KObject | null;
    if (v) out.push(v);
  }
  return out;
}

export async function createCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const temp = options.dataDir ? null : await makeTempDir('cybernetes-cluster-');
  // As kube-apiserver's loopback client: a random token, known only to this process, in system:masters.
  const loopback: StaticToken | null = options.tokenFile !== undefined || options.tokens?.length
    ? { token: crypto.randomUUID(), user: 'system:apiserver', uid: '', groups: ['system:masters'] } : null;
  let server: Server;
  try {
    server = await serve({
      port: 0, dataDir: options.dataDir ?? `${temp}/data`, nodes: options.nodes ?? 3, workers: options.workers, nodeMonitorGracePeriodMs: options.nodeMonitorGracePeriodMs,
      resyncMs: options.resyncMs, fsync: options.fsync, simStartLatency: options.simStartLatency, seed: options.seed,
      tokenFile: options.tokenFile, tokens: loopback ? [loopback, ...(options.tokens ?? [])] : undefined,
    });
  } catch (err) {
    if (temp) await removeDir(temp);
    throw err;
  }
  const base = server.url;
  const call = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': contentType };
    if (loopback) headers.authorization = `Bearer ${loopback.token}`;
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json() as Record<string, unknown>;
    return { status: res.status, body: json };
  };
  const pathOf = (kind: string, namespace: string | undefined, name?: string) => {
    const t = typeOf(kind);
    const gv = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
    const ns = t.namespaced ? `/namespaces/${namespace ?? 'default'}` : '';
    return `${gv}${ns}/${t.resource}${name ? `/${encodeURIComponent(name)}` : ''}`;
  };
  const store = server.store;

  const cluster: Cluster = {
    url: base,
    async apply(input) {
      const out: KObject[] = [];
      for (const m of manifestsOf(input)) {
        if (!m?.kind || !m.metadata?.name) throw new ClusterError('every manifest needs kind and metadata.name');
        const path = pathOf(m.kind, m.metadata.namespace);
        let r = await call('POST', path, m);
        if (r.status === 409 && r.body.reason === 'AlreadyExists') {
          r = await call('PATCH', pathOf(m.kind, m.metadata.namespace, m.metadata.name), m, 'application/merge-patch+json');
        }
        if (r.status >= 300) throw new ClusterError(String(r.body.message ?? `HTTP ${r.status}`), r.body);
        out.push(r.body as unknown as KObject);
      }
      return out;
    },
    async get(kind, name, namespace) {
      const r = await call('GET', pathOf(kind, namespace, name));
      if (r.status === 404) return null;
      if (r.status >= 300) throw new ClusterError(String(r.body.message), r.body);
      return r.body as unknown as KObject;
    },
    async list(kind, opts = {}) {
      const t = typeOf(kind);
      const q = new URLSearchParams();
      if (opts.labelSelector) q.set('labelSelector', opts.labelSelector);
      if (opts.fieldSelector) q.set('fieldSelector', opts.fieldSelector);
      const path = opts.namespace || !t.namespaced ? pathOf(kind, opts.namespace) : `${t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`}/${t.resource}`;
      const r = await call('GET', `${path}${q.size ? `?${q}` : ''}`);
      if (r.status >= 300) throw new ClusterError(String(r.body.message), r.body);
      return (r.body.items as KObject[]) ?? [];
    },
    watch(kind, onEvent, opts = {}) {
      const t = typeOf(kind);
      const w = store.watch(t, { namespace: opts.namespace, labelSelector: opts.labelSelector });
      // The store's watch events share their objects with the store (read-only): the caller gets its own.
      void (async () => { for await (const ev of w) onEvent({ ...ev, object: deepCopy(ev.object) }); })().catch(() => {});
      return () => w.stop();
    },
    waitFor(kind, name, predicate, opts = {}) {
      const t = typeOf(kind);
      return new Promise((resolve, reject) => {
        const w = store.watch(t, { namespace: t.namespaced ? opts.namespace ?? 'default' : undefined, fieldSelector: `metadata.name=${name}` });
        const timer = setTimeout(() => { w.stop(); reject(new ClusterError(`${kind} ${name}: condition not met within ${opts.timeoutMs ?? 30_000} ms`)); }, opts.timeoutMs ?? 30_000);
        void (async () => {
          for await (const ev of w) {
            if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED') continue;
            const o = deepCopy(ev.object as KObject); // its own: the event's object is the store's
            if (predicate(o)) {
              clearTimeout(timer);
              w.stop();
              resolve(o);
              return;
            }
          }
        })().catch(reject);
      });
    },
    async close() {
      await server.close();
      if (temp) await removeDir(temp);
    },
  };
  return cluster;
}
