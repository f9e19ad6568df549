// Namespaces as Kubernetes has them: the four built-in ones from the start, a
// `default` ServiceAccount in each, and deletion that marks a namespace
// Terminating, deletes its content, and removes it once nothing is left.
// Driven by watches, never by polling.
import { StoreError } from '../store/errors.js';
import type { KObject, ObjectStore, ResourceRef, Watch } from '../store/types.js';
import { RESOURCES } from './resources/index.js';

export const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

const NS: ResourceRef = { group: '', resource: 'namespaces', kind: 'Namespace', namespaced: false };
const SA: ResourceRef = { group: '', resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true };

function ignore(reason: string) {
  return (err: unknown) => {
    if (err instanceof StoreError && err.reason === reason) return undefined;
    throw err;
  };
}

export async function ensureBuiltinNamespaces(store: ObjectStore): Promise<void> {
  for (const name of BUILTIN_NAMESPACES) {
    await store.create(NS, {
      apiVersion: 'v1', kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
    }, { cause: 'bootstrap' }).catch(ignore('AlreadyExists'));
  }
}

function namespacedRefs(): ResourceRef[] {
  return RESOURCES.filter((r) => r.namespaced).map((r) => ({ group: r.group, resource: r.resource, kind: r.kind, namespaced: true }));
}

export class NamespaceController {
  private readonly watches: Watch[] = [];
  private readonly terminating = new Set<string>();
  private readonly busy = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly store: ObjectStore) {}

  start(): void {
    this.follow(this.store.watch(NS, {}), (type, ns) => {
      const name = ns.metadata.name!;
      if (type === 'DELETED') { this.terminating.delete(name); return; }
      if (ns.metadata.deletionTimestamp) { this.terminating.add(name); this.kick(name); return; }
      if (type === 'ADDED') void this.ensureServiceAccount(name);
    });
    // Content leaving a terminating namespace may let it go.
    for (const ref of namespacedRefs()) {
      this.follow(this.store.watch(ref, { fromRevision: this.store.revision }), (type, obj) => {
        const ns = obj.metadata.namespace;
        if (ns && this.terminating.has(ns) && (type === 'DELETED' || type === 'MODIFIED')) this.kick(ns);
        if (ns && type === 'DELETED' && ref.resource === 'serviceaccounts' && obj.metadata.name === 'default' && !this.terminating.has(ns)) {
          void this.ensureServiceAccount(ns);
        }
      });
    }
  }

  private follow(w: Watch, on: (type: string, obj: KObject) => void): void {
    this.watches.push(w);
    void (async () => {
      for await (const ev of w) {
        if (this.stopped) return;
        if (ev.type === 'ADDED' || ev.type === 'MODIFIED' || ev.type === 'DELETED') on(ev.type, ev.object as KObject);
      }
    })().catch(() => { /* a watch ending with an error stops this follower; the server is closing */ });
  }

  private async ensureServiceAccount(namespace: string): Promise<void> {
    if (this.stopped) return;
    await this.store.create(SA, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } }, { cause: 'namespace-controller' })
      .catch(ignore('AlreadyExists')).catch(ignore('NotFound')).catch(() => undefined);
  }

  /** One sweep at a time per namespace; a kick during a sweep runs another after it. */
  private kick(namespace: string): void {
    const running = this.busy.get(namespace);
    const next = (running ?? Promise.resolve()).then(() => this.sweep(namespace)).catch(() => undefined);
    this.busy.set(namespace, next);
    void next.finally(() => { if (this.busy.get(namespace) === next) this.busy.delete(namespace); });
  }

  private async sweep(namespace: string): Promise<void> {
    if (this.stopped || !this.terminating.has(namespace)) return;
    const ns = await this.store.get(NS, undefined, namespace).catch(ignore('NotFound'));
    if (!ns) return;
    if (ns.status?.phase !== 'Terminating') {
      await this.store.update(NS, { ...ns, status: { ...ns.status, phase: 'Terminating' } }, { subresource: 'status', cause: 'namespace-controller' }).catch(() => undefined);
    }
    let remaining = 0;
    for (const ref of namespacedRefs()) {
      const { items } = await this.store.list(ref, { namespace });
      for (const obj of items) {
        remaining++;
        if (obj.metadata.deletionTimestamp) continue;
        const grace = ref.kind === 'Pod' && obj.spec?.nodeName ? obj.spec?.terminationGracePeriodSeconds ?? 30 : undefined;
        await this.store.delete(ref, namespace, obj.metadata.name!, { cause: 'namespace-controller', ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}) })
          .then((r) => { if (r.removed) remaining--; })
          .catch(ignore('NotFound'));
      }
    }
    if (remaining === 0) await this.store.delete(NS, undefined, namespace, { cause: 'namespace-controller' }).catch(ignore('NotFound'));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.watches) w.stop();
    await Promise.all([...this.busy.values()]);
  }
}
