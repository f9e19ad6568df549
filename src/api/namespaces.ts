// The four built-in namespaces, there from the start. What happens to a namespace
// afterwards (its default ServiceAccount, deletion) is the namespace controller's
// (actors/namespace-controller.ts).
import { StoreError } from '../store/errors.js';
import type { ObjectStore, ResourceRef } from '../store/types.js';

export const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

const NS: ResourceRef = { group: '', resource: 'namespaces', kind: 'Namespace', namespaced: false };

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
