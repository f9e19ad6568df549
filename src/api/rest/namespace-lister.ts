// The namespaces admission checks, kept by a watch (one per store): a create reads its
// namespace here instead of decoding it from the store, as Kubernetes' NamespaceLifecycle
// admission reads its informer's lister. The watch hears a commit before the next request is
// read, so a namespace marked for deletion is seen as such by the creates that follow. Until the
// watch has caught up, for a namespace it has not heard of, or once it has ended, a lookup goes
// to the store.
import type { KObject, ObjectStore } from '../../store/types.js';

export const NAMESPACES_REF = { group: '', resource: 'namespaces', kind: 'Namespace', namespaced: false } as const;

const RESTART_MS = 1000;

class NamespaceLister {
  private readonly known = new Map<string, KObject>();
  private synced = false;

  constructor(private readonly store: ObjectStore) {
    this.start();
  }

  private start(): void {
    let watch;
    try {
      watch = this.store.watch(NAMESPACES_REF, { bookmarks: true });
    } catch {
      return; // a closed store, or one without watches: every lookup goes to the store
    }
    void (async () => {
      let failed = false;
      try {
        for (;;) {
          const e = await watch.next();
          if (!e) return; // stopped: the store is closing
          if (e.type === 'ERROR') { failed = true; return; }
          if (e.type === 'BOOKMARK') { this.synced = true; continue; }
          const name = (e.object as KObject).metadata.name!;
          if (e.type === 'DELETED') this.known.delete(name); else this.known.set(name, e.object as KObject);
        }
      } finally {
        this.synced = false;
        this.known.clear();
        // Ended with an error (it fell behind, or its revision was compacted): list and watch again
        // after a second, as an informer does; meanwhile lookups go to the store.
        if (failed) {
          const again = setTimeout(() => this.start(), RESTART_MS);
          (again as { unref?: () => void }).unref?.();
        }
      }
    })();
  }

  /** The namespace as the watch last saw it (read-only), or undefined: ask the store. */
  get(name: string): KObject | undefined {
    return this.synced ? this.known.get(name) : undefined;
  }
}

const listers = new WeakMap<ObjectStore, NamespaceLister>();

export function namespaceLister(store: ObjectStore): NamespaceLister {
  let l = listers.get(store);
  if (!l) listers.set(store, (l = new NamespaceLister(store)));
  return l;
}
