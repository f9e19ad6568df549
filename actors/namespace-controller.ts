// The namespace controller: every namespace gets a `default` ServiceAccount;
// a namespace marked for deletion goes Terminating, everything in it is
// deleted, and once nothing is left the namespace itself goes. It hears
// namespaces and ServiceAccounts by kind, and the content of a terminating
// namespace by namespace; each sweep reads that content afresh (level-triggered).
import { fromCallback } from 'xstate';
import { RESOURCES } from '../src/api/resources/index.js';
import { actorContext } from '../src/runtime/context.js';
import type { KObject, ResourceRef } from '../src/store/types.js';
import { StoreClient, failer } from './client.js';
import { refs, type StoreChanges, type WireOp } from './protocol.js';

const NAMESPACED: ResourceRef[] = RESOURCES.filter((r) => r.namespaced)
  .map((r) => ({ group: r.group, resource: r.resource, kind: r.kind, namespaced: true }));

/** What a sweep of a terminating namespace writes, from what it read. Pure. */
export function planSweep(ns: KObject, content: { ref: ResourceRef; items: KObject[] }[]): { ops: WireOp[]; remaining: number; deletes: number } {
  const ops: WireOp[] = [];
  const name = ns.metadata.name!;
  if (ns.status?.phase !== 'Terminating') {
    ops.push({ op: 'update', resource: refs.namespaces, subresource: 'status', object: { ...ns, metadata: { ...ns.metadata, resourceVersion: undefined }, status: { ...ns.status, phase: 'Terminating' } } });
  }
  let remaining = 0, deletes = 0;
  for (const { ref, items } of content) {
    for (const o of items) {
      remaining++;
      if (o.metadata.deletionTimestamp) continue;
      // A bound pod is stopped by its kubelet within its grace period, as on any deletion.
      const grace = ref.kind === 'Pod' && o.spec?.nodeName ? o.spec?.terminationGracePeriodSeconds ?? 30 : undefined;
      ops.push({ op: 'delete', resource: ref, namespace: name, name: o.metadata.name!, uid: o.metadata.uid, ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}) });
      deletes++;
    }
  }
  return { ops, remaining, deletes };
}

export const namespaceControllerActor = fromCallback(({ receive, self }) => {
  const ctx = actorContext(self);
  const client = new StoreClient(ctx);
  const fail = failer(self);
  const namespaces = new Map<string, KObject>();
  const watched = new Set<string>();
  const busy = new Set<string>();
  const again = new Set<string>();
  let stopped = false;

  const ensureServiceAccount = (namespace: string) => {
    void client.write([{ op: 'create', resource: refs.serviceaccounts, object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } } }])
      .catch(fail); // AlreadyExists (and a namespace already gone) come back as results, not errors
  };

  /** One sweep at a time per namespace; a kick during a sweep runs another after it. */
  const kick = (name: string): void => {
    if (stopped) return;
    if (busy.has(name)) { again.add(name); return; }
    busy.add(name);
    void sweep(name).catch(fail).finally(() => {
      busy.delete(name);
      if (again.delete(name)) kick(name);
    });
  };

  const sweep = async (name: string): Promise<void> => {
    const ns = namespaces.get(name);
    if (!ns?.metadata.deletionTimestamp) return;
    // Hear what happens in it from now on; then read what is there.
    const subs = watched.has(name) ? [] : [{ by: 'namespace' as const, value: name }];
    watched.add(name);
    const reply = await client.subscribe(subs, NAMESPACED.map((resource) => ({ resource, namespace: name })));
    const plan = planSweep(namespaces.get(name) ?? ns, NAMESPACED.map((ref, i) => ({ ref, items: reply.objects[i] ?? [] })));
    const results = await client.write(plan.ops);
    let remaining = plan.remaining;
    plan.ops.forEach((op, i) => { if (op.op === 'delete' && results[i]?.ok && results[i].removed) remaining--; });
    if (remaining === 0) await client.write([{ op: 'delete', resource: refs.namespaces, name }]);
  };

  void client.subscribe(
    [{ by: 'kind', value: 'Namespace' }, { by: 'kind', value: 'ServiceAccount' }],
    [{ resource: refs.namespaces }],
  ).then((reply) => {
    for (const ns of reply.objects[0] ?? []) {
      namespaces.set(ns.metadata.name!, ns);
      if (ns.metadata.deletionTimestamp) kick(ns.metadata.name!);
      else ensureServiceAccount(ns.metadata.name!);
    }
  }, fail);

  receive((event) => {
    if (event.type === 'actor.failed') throw new Error((event as { error?: string }).error); // supervised restart
    if (event.type !== 'store.changes') return;
    for (const c of (event as StoreChanges).changes) {
      const o = c.object;
      if (o.kind === 'Namespace') {
        const name = o.metadata.name!;
        if (c.type === 'DELETED') { namespaces.delete(name); continue; }
        namespaces.set(name, o);
        if (o.metadata.deletionTimestamp) kick(name);
        else if (c.type === 'ADDED') ensureServiceAccount(name);
        continue;
      }
      const ns = o.metadata.namespace;
      if (!ns) continue;
      if (namespaces.get(ns)?.metadata.deletionTimestamp) { if (c.type !== 'ADDED') kick(ns); continue; }
      // The default ServiceAccount of a live namespace comes back if deleted.
      if (o.kind === 'ServiceAccount' && o.metadata.name === 'default' && c.type === 'DELETED' && namespaces.has(ns)) ensureServiceAccount(ns);
    }
  });
  return () => {
    stopped = true;
    try { client.unsubscribe(); } catch { /* the runtime is closing */ }
  };
});
