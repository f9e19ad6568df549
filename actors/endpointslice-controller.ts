// The EndpointSlice controller: every Service with a selector gets EndpointSlices listing the
// pods it picks (machines/endpointslice/slices.ts plans them), and the older core/v1 Endpoints
// beside them (machines/endpoints/endpoints.ts), as Kubernetes' endpoints controller keeps them. It hears Services and slices by
// kind, and pods by kind only once some Service has a selector (a cluster without one routes it
// no pod change), and keeps what it hears: a run reads nothing from the store, as Kubernetes'
// controller works from its informers' caches. A change marks the Services it may concern: those
// in the pod's namespace whose selector picks it now or picked it as it was. Each
// Service is reconciled level-triggered, one run at a time (a Reconciler each); a refused write
// (a slice changed meanwhile, or one known late) is planned again after a back-off.
import { fromCallback } from 'xstate';
import { actorContext } from '../src/runtime/context.js';
import type { KObject } from '../src/store/types.js';
import { MANAGED_BY, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, planSlices, selectorOf, selects } from '../machines/endpointslice/slices.js';
import { planEndpoints } from '../machines/endpoints/endpoints.js';
import { ObjectCache, Reconciler, StoreClient, failer, reconcileMeter, uidOf } from './client.js';
import { FailureStreak } from './retry-backoff.js';
import { refs, type Change, type StoreChanges, type WireOp } from './protocol.js';

export const endpointSliceControllerActor = fromCallback(({ receive, self }) => {
  const ctx = actorContext(self);
  const client = new StoreClient(ctx);
  const fail = failer(self);
  const meter = reconcileMeter(ctx, 'endpointslice');
  interface Entry { svc: KObject; reconciler: Reconciler; refusals: FailureStreak }
  const services = new Map<string, Entry>();
  /** The newest of each Service heard or read, and the ones gone. */
  const known = new ObjectCache();
  /** Service uids by namespace, and by namespace/name (for their slices). */
  const inNamespace = new Map<string, Set<string>>();
  const byName = new Map<string, string>();
  /**
   * What it has heard: pods (once followed), its slices, Endpoints; one ObjectCache per namespace
   * (the newer of a read and a routed change wins, and what it heard deleted stays so).
   */
  const pods = new Map<string, ObjectCache>();
  const slices = new Map<string, ObjectCache>();
  const endpoints = new Map<string, ObjectCache>();
  const cacheOf = (caches: Map<string, ObjectCache>, ns: string): ObjectCache => {
    let c = caches.get(ns);
    if (!c) caches.set(ns, (c = new ObjectCache()));
    return c;
  };
  const inCache = (caches: Map<string, ObjectCache>, ns: string): KObject[] => [...(caches.get(ns)?.values() ?? [])];
  /** Resolved once the pods are read (a run waits for it). */
  let podsRead: Promise<void> | null = null;
  let slicesRead: Promise<void>;

  const followPods = () => {
    podsRead ??= client.subscribe([{ by: 'kind', value: 'Pod' }], [{ resource: refs.pods }]).then((reply) => {
      for (const p of reply.objects[0] ?? []) cacheOf(pods, p.metadata.namespace!).put(p);
    });
    podsRead.catch(fail);
  };

  const mark = (uid: string) => services.get(uid)?.reconciler.poke();

  /** One run for one Service: null when done, a delay when it must run again. */
  const reconcile = async (uid: string): Promise<number | null> => {
    const entry = services.get(uid);
    if (!entry) return null;
    const svc = entry.svc;
    // Being deleted (foreground): its slices are the garbage collector's now, not to be made again.
    if (svc.metadata.deletionTimestamp) return null;
    const sel = selectorOf(svc);
    const namespace = svc.metadata.namespace!;
    await slicesRead;
    if (sel) await podsRead;
    if (services.get(uid)?.svc !== svc) return 0; // changed while waiting: plan from the newer one
    const picked = sel ? inCache(pods, namespace).filter((p) => selects(sel, p)) : [];
    const own = inCache(slices, namespace).filter((x) => x.metadata.labels?.[SERVICE_NAME_LABEL] === svc.metadata.name);
    const plan = planSlices(svc, picked, own);
    const ep = planEndpoints(svc, picked, inCache(endpoints, namespace).find((e) => e.metadata.name === svc.metadata.name));
    const ops: WireOp[] = [
      ...(ep?.create ? [{ op: 'create', resource: refs.endpoints, object: ep.create } satisfies WireOp] : []),
      ...(ep?.update ? [{ op: 'update', resource: refs.endpoints, object: ep.update } satisfies WireOp] : []),
      ...plan.delete.map((s): WireOp => ({ op: 'delete', resource: refs.endpointslices, namespace, name: s.metadata.name!, uid: s.metadata.uid })),
      ...plan.update.map((s): WireOp => ({ op: 'update', resource: refs.endpointslices, object: s })),
      ...plan.create.map((s): WireOp => ({ op: 'create', resource: refs.endpointslices, object: s })),
    ];
    const results = await client.write(ops);
    if (!services.has(uid)) {
      // The Service went while this run wrote: slices it just made would outlive it (the garbage
      // collector has collected its dependents already), so they go now.
      const made = results.flatMap((r, i) => (r.ok && ops[i]!.op === 'create' ? [{ object: r.object, resource: (ops[i] as { resource: typeof refs.pods }).resource }] : []));
      await client.write(made.map(({ object, resource }): WireOp => ({ op: 'delete', resource, namespace, name: object.metadata.name!, uid: object.metadata.uid })));
      return null;
    }
    let refused = false;
    for (const r of results) if (!r.ok && r.reason !== 'NotFound') refused = true;
    if (!refused) { entry.refusals.succeeded(); return null; }
    return entry.refusals.failed();
  };

  const serviceChanged = (type: string, svc: KObject) => {
    const uid = uidOf(svc);
    const ns = svc.metadata.namespace!;
    const key = `${ns}/${svc.metadata.name}`;
    if (type === 'DELETED') {
      // Its slices go with it (the garbage collector follows their owner reference); its
      // Endpoints, which have no owner, go by this controller, as in Kubernetes.
      const ep = inCache(endpoints, ns).find((e) => e.metadata.name === svc.metadata.name);
      if (ep && selectorOf(svc)) void client.write([{ op: 'delete', resource: refs.endpoints, namespace: ns, name: ep.metadata.name!, uid: ep.metadata.uid }]).catch(fail);
      services.get(uid)?.reconciler.stop();
      services.delete(uid);
      inNamespace.get(ns)?.delete(uid);
      byName.delete(key);
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

  const podChanged = (c: Change) => {
    const cache = cacheOf(pods, c.object.metadata.namespace!);
    // The Services that picked it as it was, and those that pick it now (or as it went).
    const was = cache.get(uidOf(c.object));
    if (!cache.apply(c)) return;
    for (const uid of inNamespace.get(c.object.metadata.namespace!) ?? []) {
      const sel = selectorOf(services.get(uid)!.svc);
      if (sel && (selects(sel, c.object) || (was !== undefined && selects(sel, was)))) mark(uid);
    }
  };

  const endpointsChanged = (c: Change) => {
    const ep = c.object;
    if (!cacheOf(endpoints, ep.metadata.namespace!).apply(c)) return;
    const uid = byName.get(`${ep.metadata.namespace}/${ep.metadata.name}`);
    if (uid) mark(uid);
  };

  const sliceChanged = (c: Change) => {
    const slice = c.object;
    const name = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!name || slice.metadata.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY) return;
    if (!cacheOf(slices, slice.metadata.namespace!).apply(c)) return;
    // Its own writes come back too: the run they start finds nothing to do.
    const uid = byName.get(`${slice.metadata.namespace}/${name}`);
    if (uid) mark(uid);
  };

  const read = client.subscribe(
    [{ by: 'kind', value: 'Service' }, { by: 'kind', value: 'EndpointSlice' }, { by: 'kind', value: 'Endpoints' }],
    [{ resource: refs.services }, { resource: refs.endpointslices, labelSelector: `${MANAGED_BY_LABEL}=${MANAGED_BY}` }, { resource: refs.endpoints }],
  );
  slicesRead = read.then((reply) => {
    for (const x of reply.objects[1] ?? []) cacheOf(slices, x.metadata.namespace!).put(x);
    for (const x of reply.objects[2] ?? []) cacheOf(endpoints, x.metadata.namespace!).put(x);
  });
  read.then((reply) => {
    // (a change routed before this answer is newer: the cache keeps it, and what it saw deleted stays so)
    for (const svc of reply.objects[0] ?? []) if (known.put(svc)) serviceChanged('ADDED', svc);
  }, fail);

  receive((event) => {
    if (event.type === 'actor.failed') throw new Error((event as { error?: string }).error); // supervised restart
    if (event.type !== 'store.changes') return;
    for (const c of (event as StoreChanges).changes) {
      const kind = c.object.kind;
      if (kind === 'Pod') podChanged(c);
      else if (kind === 'Service') { if (known.apply(c)) serviceChanged(c.type, c.object); }
      else if (kind === 'EndpointSlice') sliceChanged(c);
      else if (kind === 'Endpoints') endpointsChanged(c);
    }
  });
  return () => {
    for (const e of services.values()) e.reconciler.stop();
    try { client.unsubscribe(); } catch { /* the runtime is closing */ }
  };
});
