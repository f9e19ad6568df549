// The garbage collector: dependents follow their owners (ownerReferences).
// Background: once an owner is gone, its dependents are deleted. Foreground:
// an owner marked with `foregroundDeletion` waits until its dependents are
// gone, then loses the finalizer (and so goes). Orphan: an owner marked with
// `orphan` has its dependents' references removed, then goes.
import { fromCallback } from 'xstate';
import { actorContext } from '../src/runtime/context.js';
import type { KObject, ResourceRef } from '../src/store/types.js';
import { StoreClient, failer, uidOf } from './client.js';
import { RetryBackoff } from './retry-backoff.js';
import { refs, type StoreChanges, type WireOp } from './protocol.js';

/** Kinds that own others, and the kinds their dependents can be. */
const OWNERS: ResourceRef[] = [refs.deployments, refs.replicasets, refs.nodes, refs.services];
const DEPENDENTS: ResourceRef[] = [refs.replicasets, refs.pods, refs.leases, refs.endpointslices];

function refFor(kind: string | undefined): ResourceRef | undefined {
  return Object.values(refs).find((r) => r.kind === kind);
}

export const garbageCollectorActor = fromCallback(({ receive, self }) => {
  const ctx = actorContext(self);
  const client = new StoreClient(ctx);
  /** Owners marked for foreground or orphan deletion, by uid, while we work on them. */
  const marked = new Map<string, KObject>();
  const busy = new Set<string>();
  /** Owners whose dependents changed while they were being collected: collected once more after. */
  const again = new Set<string>();

  const dependentsOf = async (uid: string): Promise<KObject[]> => {
    const reply = await client.subscribe([], DEPENDENTS.map((resource) => ({ resource, ownerUid: uid })));
    return reply.objects.flat();
  };

  /**
   * Writes `ops`; throws if one was refused for a reason that calls for collecting again (a
   * Conflict: changed since it was read). Gone already is done, and so is a delete whose uid
   * precondition failed: a new object of that name, not this owner's dependent.
   */
  const writeAll = async (ops: WireOp[]): Promise<void> => {
    const results = await client.write(ops);
    const refused = results.find((r, i) => !r.ok && r.code !== 404 && !(r.code === 409 && ops[i]!.op === 'delete'));
    if (refused && !refused.ok) throw new Error(`${refused.reason}: ${refused.message}`);
  };

  const collect = async (owner: KObject, gone: boolean) => {
    const uid = uidOf(owner);
    // A change during a collection (a dependent just went) must not be lost: look again after it.
    if (busy.has(uid)) { again.add(uid); return; }
    busy.add(uid);
    try {
      const dependents = await dependentsOf(uid);
      const finalizers = owner.metadata.finalizers ?? [];
      const ops: WireOp[] = [];
      const ownerRef = refFor(owner.kind);
      if (gone) {
        for (const d of dependents) {
          const r = refFor(d.kind);
          // A dependent with another live owner stays; one whose only owners are gone goes.
          const others = (d.metadata.ownerReferences ?? []).filter((o) => o.uid !== uid);
          if (r && others.length === 0 && !d.metadata.deletionTimestamp) ops.push({ op: 'delete', resource: r, namespace: d.metadata.namespace, name: d.metadata.name!, uid: uidOf(d) });
        }
      } else if (finalizers.includes('orphan')) {
        const orphaned: WireOp[] = [];
        for (const d of dependents) {
          const r = refFor(d.kind);
          // At the version read: a dependent changed since is refused (Conflict) and read again,
          // not overwritten with what it was.
          if (r) orphaned.push({ op: 'update', resource: r, object: { ...d, metadata: { ...d.metadata, ownerReferences: (d.metadata.ownerReferences ?? []).filter((o) => o.uid !== uid) } } });
        }
        // Every dependent let go before the owner goes: one still pointing at a gone owner would
        // be deleted by the collection of the gone owner, not orphaned.
        await writeAll(orphaned);
        if (ownerRef) ops.push({ op: 'update', resource: ownerRef, object: { ...owner, metadata: { ...owner.metadata, finalizers: finalizers.filter((f) => f !== 'orphan') } } });
      } else if (finalizers.includes('foregroundDeletion')) {
        const blocking = dependents.filter((d) => (d.metadata.ownerReferences ?? []).some((o) => o.uid === uid && o.blockOwnerDeletion));
        for (const d of dependents) {
          const r = refFor(d.kind);
          // Foreground down the chain only for kinds this collector finalizes: a pod marked
          // foregroundDeletion would keep its finalizer forever, and it owns nothing anyway.
          const policy = OWNERS.some((o) => o.kind === d.kind) ? 'Foreground' : 'Background';
          if (r && !d.metadata.deletionTimestamp) ops.push({ op: 'delete', resource: r, namespace: d.metadata.namespace, name: d.metadata.name!, uid: uidOf(d), propagationPolicy: policy });
        }
        if (blocking.length === 0 && ownerRef) {
          ops.push({ op: 'update', resource: ownerRef, object: { ...owner, metadata: { ...owner.metadata, finalizers: finalizers.filter((f) => f !== 'foregroundDeletion') } } });
          marked.delete(uid);
        }
      }
      await writeAll(ops);
      retries.forget(uid);
    } catch {
      // The store did not answer in time, or refused: this owner is collected again after a backoff.
      failed.set(uid, { owner, gone });
      retries.retry(uid);
    } finally {
      busy.delete(uid);
      const latest = marked.get(uid);
      if (again.delete(uid) && latest) void collect(latest, false);
    }
  };
  const failed = new Map<string, { owner: KObject; gone: boolean }>();
  const retries = new RetryBackoff((uid) => {
    const f = failed.get(uid);
    failed.delete(uid);
    // The newest marked version if it is still being deleted; else what failed (an owner gone).
    if (f) void collect(marked.get(uid) ?? f.owner, f.gone);
  });

  // A read that fails (the store did not answer in time) fails the actor: its restart reads again.
  const fail = failer(self);
  void client.subscribe(OWNERS.map((r) => ({ by: 'kind' as const, value: r.kind })), OWNERS.map((resource) => ({ resource }))).then((reply) => {
    for (const o of reply.objects.flat()) if (o.metadata.deletionTimestamp) void collect(o, false);
  }, fail);

  receive((event) => {
    if (event.type === 'actor.failed') throw new Error((event as { error?: string }).error); // supervised restart
    if (event.type !== 'store.changes') return;
    for (const c of (event as StoreChanges).changes) {
      const o = c.object;
      const uid = uidOf(o);
      if (OWNERS.some((r) => r.kind === o.kind)) {
        // (A deleted owner may itself be a dependent, a ReplicaSet of a Deployment: read on.)
        if (c.type === 'DELETED') { marked.delete(uid); void collect(o, true); }
        else if (o.metadata.deletionTimestamp && (o.metadata.finalizers ?? []).some((f) => f === 'orphan' || f === 'foregroundDeletion')) {
          marked.set(uid, o);
          void client.subscribe([{ by: 'owner', value: uid }]).catch(fail);
          void collect(o, false);
        }
      }
      // A dependent of a foreground-deleting owner went: maybe the owner may go now.
      for (const ref of o.metadata.ownerReferences ?? []) {
        const owner = marked.get(ref.uid);
        if (owner && c.type === 'DELETED') void collect(owner, false);
      }
    }
  });
  return () => { retries.stop(); client.unsubscribe(); };
});
