// The EndpointSlice controller: every Service with a selector gets EndpointSlices listing the
// pods it picks (machines/endpointslice/slices.ts plans them). It hears Services and its own
// slices by kind, and pods by kind only once some Service has a selector (a cluster without one
// routes it no pod change). A change marks the Services it may concern: those in the pod's
// namespace whose selector picks it now, and those whose slices held it. Each Service is then
// reconciled level-triggered, one run at a time (a Reconciler each): its pods and slices read
// afresh, the plan written; a refused write (a slice changed meanwhile) is planned again after a back-off.
import { fromCallback } from 'xstate';
import { actorContext } from '../src/runtime/context.js';
import type { KObject } from '../src/store/types.js';
import { MANAGED_BY, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, planSlices, selectorOf, selectorString, selects } from '../machines/endpointslice/slices.js';
import { Reconciler, StoreClient, failer, reconcileMeter, uidOf } from './client.js';
import { FailureStreak } from './retry-backoff.js';
import { refs, type StoreChanges, type WireOp } from './protocol.js';

export const endpointSliceControllerActor = fromCallback(({ receive, self }) => {
  const ctx = actorContext(self);
  const client = new StoreClient(ctx);
  const fail = failer(self);
  const meter = reconcileMeter(ctx, 'endpointslice');
  interface Entry { svc: KObject; reconciler: Reconciler; refusals: FailureStreak }
  const services = new Map<string, Entry>();
  /** Service uids by namespace, and by namespace/name (for their slices). */
  const inNamespace = new Map<string, Set<string>>();
  const byName = new Map<string, string>();
  /** The Services each pod was an endpoint of at their last reconcile. */
  const memberOf = new Map<string, Set<string>>();
  const membersOf = new Map<string, string[]>();
  /** Revisions of the slices this controller wrote: their echoes need no reconcile. */
  const written = new Set<number>();
  let followingPods = false;

  const followPods = () => {
    if (followingPods) return;
    followingPods = true;
    void client.subscribe([{ by: 'kind', value: 'Pod' }]).catch(fail);
  };

  const mark = (uid: string) => services.get(uid)?.reconciler.poke();

  const setMembers = (svcUid: string, pods: string[]) => {
    for (const p of membersOf.get(svcUid) ?? []) {
      const s = memberOf.get(p);
      s?.delete(svcUid);
      if (s?.size === 0) memberOf.delete(p);
    }
    for (const p of pods) {
      let s = memberOf.get(p);
      if (!s) memberOf.set(p, (s = new Set()));
      s.add(svcUid);
    }
    if (pods.length) membersOf.set(svcUid, pods); else membersOf.delete(svcUid);
  };

  /** One run for one Service: null when done, a delay when it must run again. */
  const reconcile = async (uid: string): Promise<number | null> => {
    const entry = services.get(uid);
    if (!entry) return null;
    const svc = entry.svc;
    const sel = selectorOf(svc);
    const namespace = svc.metadata.namespace!;
    const reads = [{ resource: refs.endpointslices, namespace, labelSelector: `${SERVICE_NAME_LABEL}=${svc.metadata.name}` }];
    if (sel) reads.push({ resource: refs.pods, namespace, labelSelector: selectorString(sel) });
    const reply = await client.subscribe([], reads);
    if (services.get(uid)?.svc !== svc) return 0; // changed while reading: plan from the newer one
    const plan = planSlices(svc, reply.objects[1] ?? [], reply.objects[0] ?? []);
    const ops: WireOp[] = [
      ...plan.delete.map((s): WireOp => ({ op: 'delete', resource: refs.endpointslices, namespace, name: s.metadata.name!, uid: s.metadata.uid })),
      ...plan.update.map((s): WireOp => ({ op: 'update', resource: refs.endpointslices, object: s })),
      ...plan.create.map((s): WireOp => ({ op: 'create', resource: refs.endpointslices, object: s })),
    ];
    const results = await client.write(ops);
    let refused = false;
    for (const r of results) {
      if (r.ok) written.add(r.revision);
      else if (r.reason !== 'NotFound') refused = true;
    }
    if (services.has(uid)) setMembers(uid, plan.members);
    if (!refused) { entry.refusals.succeeded(); return null; }
    return entry.refusals.failed();
  };

  const serviceChanged = (type: string, svc: KObject) => {
    const uid = uidOf(svc);
    const ns = svc.metadata.namespace!;
    const key = `${ns}/${svc.metadata.name}`;
    if (type === 'DELETED') {
      // Its slices go with it (the garbage collector follows their owner reference).
      services.get(uid)?.reconciler.stop();
      services.delete(uid);
      inNamespace.get(ns)?.delete(uid);
      byName.delete(key);
      setMembers(uid, []);
      return;
    }
    let entry = services.get(uid);
    if (!entry) {
      entry = { svc, reconciler: new Reconciler(() => reconcile(uid), fail, meter), refusals: new FailureStreak() };
      services.set(uid, entry);
    }
    entry.svc = svc;
    let set = inNamespace.get(ns);
    if (!set) inNamespace.set(ns, (set = new Set()));
    set.add(uid);
    byName.set(key, uid);
    if (selectorOf(svc)) followPods();
    entry.reconciler.poke();
  };

  const podChanged = (type: string, pod: KObject) => {
    for (const uid of memberOf.get(uidOf(pod)) ?? []) mark(uid);
    if (type === 'DELETED') return;
    for (const uid of inNamespace.get(pod.metadata.namespace!) ?? []) {
      const sel = selectorOf(services.get(uid)!.svc);
      if (sel && selects(sel, pod)) mark(uid);
    }
  };

  const sliceChanged = (rev: number, slice: KObject) => {
    if (written.delete(rev)) return; // its own write
    const name = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!name || slice.metadata.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY) return;
    const uid = byName.get(`${slice.metadata.namespace}/${name}`);
    if (uid) mark(uid);
  };

  void client.subscribe(
    [{ by: 'kind', value: 'Service' }, { by: 'kind', value: 'EndpointSlice' }],
    [{ resource: refs.services }],
  ).then((reply) => {
    for (const svc of reply.objects[0] ?? []) serviceChanged('ADDED', svc);
  }, fail);

  receive((event) => {
    if (event.type === 'actor.failed') throw new Error((event as { error?: string }).error); // supervised restart
    if (event.type !== 'store.changes') return;
    for (const c of (event as StoreChanges).changes) {
      const kind = c.object.kind;
      if (kind === 'Pod') podChanged(c.type, c.object);
      else if (kind === 'Service') serviceChanged(c.type, c.object);
      else if (kind === 'EndpointSlice') sliceChanged(c.rev, c.object);
    }
  });
  return () => {
    for (const e of services.values()) e.reconciler.stop();
    try { client.unsubscribe(); } catch { /* the runtime is closing */ }
  };
});
