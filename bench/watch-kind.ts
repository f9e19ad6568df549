// Measurement through watches, as a client sees the cluster: every change of a
// kind after the current revision, handed to a callback in the journal's order.
import { resourceByKind } from '../src/api/resources/index.js';
import type { JournalStore } from '../src/store/index.js';
import type { WatchEvent } from '../src/store/types.js';
import { NAMESPACE } from './manifests.js';

const API_VERSIONS: Record<string, string> = { Pod: 'v1', Node: 'v1', Deployment: 'apps/v1', ReplicaSet: 'apps/v1' };

/** Watches `kind` (in the bench namespace when namespaced) from the store's current revision; returns stop. */
export function watchKind(store: JournalStore, kind: keyof typeof API_VERSIONS, onEvent: (ev: WatchEvent) => void): () => void {
  const ref = resourceByKind(API_VERSIONS[kind]!, kind);
  if (!ref) throw new Error(`no resource for ${kind}`);
  const w = store.watch(ref, { namespace: ref.namespaced ? NAMESPACE : undefined, fromRevision: store.revision });
  void (async () => {
    for await (const ev of w) {
      if (ev.type === 'ADDED' || ev.type === 'MODIFIED' || ev.type === 'DELETED') onEvent(ev);
      else if (ev.type === 'ERROR') throw new Error(`${kind} watch ended: ${JSON.stringify(ev.object)}`);
    }
  })().catch((err) => { process.emitWarning(String(err)); });
  return () => w.stop();
}
