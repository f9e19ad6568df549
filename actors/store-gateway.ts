// The store gateway: the actor through which every controller and resource
// actor reads, writes and subscribes. It runs on the main thread beside the
// journal; its writes from one turn join the same group commit.
import { fromCallback } from 'xstate';
import { actorContext } from '../src/runtime/context.js';
import { parseAddress } from '../src/runtime/address.js';
import { StoreError } from '../src/store/errors.js';
import { deepCopy } from '../src/store/copy.js';
import type { JournalStore } from '../src/store/index.js';
import type { KObject } from '../src/store/types.js';
import { pods as podType } from '../src/api/resources/core.js';
import { boundPod } from '../src/api/binding.js';
import { mainServices } from './services.js';
import { MAX_CREATE_COUNT, expandOps, refs, validCount, type LeanResult, type OpResult, type StoreRevisions, type StoreRevisionsReply, type StoreSubscribe, type StoreWrite, type WireOp } from './protocol.js';

type GatewayEvent = { type: string; ops?: WireOp[]; lean?: StoreWrite['lean']; subs?: StoreSubscribe['subs']; read?: StoreSubscribe['read']; target?: string };

const leanOf = (r: OpResult, op: WireOp): LeanResult => {
  if (!r.ok) return r;
  if (op.op === 'create') return { ok: true, revision: r.revision, name: r.object.metadata.name! };
  return r.removed ? { ok: true, revision: r.revision, removed: true } : { ok: true, revision: r.revision };
};

const badCount = (op: WireOp): OpResult | null => {
  if (op.op !== 'create' || op.count === undefined || validCount(op.count)) return null;
  return { ok: false, reason: 'BadRequest', message: `create count must be a whole number from 1 to ${MAX_CREATE_COUNT}, got ${String(op.count)}`, code: 400 };
};

function failure(err: unknown): OpResult {
  if (err instanceof StoreError) return { ok: false, reason: err.reason, message: err.message, code: err.code };
  return { ok: false, reason: 'InternalError', message: err instanceof Error ? err.message : String(err), code: 500 };
}


/** Pods that controllers create pass the API server's defaulting and admission too (DefaultTolerationSeconds, ServiceAccount, Priority, QoS), as in Kubernetes. */
const admitPod = (o: KObject): void => { podType.default(o); podType.prepareForCreate?.(o); };

async function runOp(store: JournalStore, op: WireOp, cause: string): Promise<OpResult> {
  try {
    switch (op.op) {
      case 'create': {
        const r = await store.create(op.resource, op.object, { cause });
        return { ok: true, revision: r.revision, object: r.object };
      }
      case 'update': {
        const r = await store.update(op.resource, op.object, { cause, ...(op.subresource ? { subresource: op.subresource } : {}) });
        return { ok: true, revision: r.revision, object: r.object, removed: r.removed };
      }
      case 'delete': {
        const addFinalizers = op.propagationPolicy === 'Foreground' ? ['foregroundDeletion'] : op.propagationPolicy === 'Orphan' ? ['orphan'] : undefined;
        const r = await store.delete(op.resource, op.namespace, op.name, {
          cause,
          ...(op.uid ? { preconditions: { uid: op.uid } } : {}),
          ...(op.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: op.gracePeriodSeconds } : {}),
          ...(addFinalizers ? { addFinalizers } : {}),
        });
        return { ok: true, revision: r.revision, object: r.object, removed: r.removed };
      }
      case 'bind': {
        const r = await store.modify(refs.pods, op.namespace, op.name, (pod) => boundPod(pod, op.node, Date.now(), op.uid), { cause });
        return { ok: true, revision: r.revision, object: r.object };
      }
    }
  } catch (err) {
    return failure(err);
  }
}

/** A read as the actors send it, as the store's list options. */
function listOptionsOf(r: NonNullable<StoreSubscribe['read']>[number]) {
  return { namespace: r.namespace, labelSelector: r.labelSelector, fieldSelector: r.fieldSelector, ...(r.ownerUid ? { ownerUid: r.ownerUid } : {}) };
}

/** A pod create's admission (defaults, then its references), or null for any other op. */
function admission(op: WireOp): OpResult | null {
  if (op.op !== 'create' || op.resource.kind !== 'Pod') return null;
  try {
    admitPod(op.object);
    return null;
  } catch (err) {
    return failure(err);
  }
}

/** Logic 'store': spawned once, on the main thread, by the cluster. */
export const storeGateway = fromCallback<{ type: string }, { services: string }>(({ input, receive, self }) => {
  const { store, writes } = mainServices(input.services);
  // By target, then by route: an actor that subscribes again to what it has (a restarted actor
  // keeps its address, and the subscriptions of its previous run serve it) adds nothing.
  const subscriptions = new Map<string, Map<string, () => void>>();
  receive((e) => {
    const event = e as GatewayEvent;
    const ctx = actorContext(self);
    const cause = `msg:${String(ctx.cause)}`;
    switch (event.type) {
      case 'store.write': {
        const answer = ctx.replyLater();
        const sender = ctx.sender;
        // Every op starts in this turn, so they land in one journal batch; a refused op is answered beside the others.
        // The results hold objects the store just decoded: plain data by construction.
        const lean = event.lean;
        const leanFor = (op: WireOp) => lean === true || (lean === 'creates' && op.op === 'create');
        // Each op is decided once: a bad count, then the writer's right, then pod admission (authorized
        // before admitted, as kube-apiserver orders them). A create with a count is that many creates,
        // one result each; its copies are the same op, so they share its decision and its admitted template.
        const originals = event.ops ?? [];
        const refusals = new Map<WireOp, OpResult | null>();
        for (const op of originals) refusals.set(op, badCount(op) ?? writes.check(sender, op) ?? admission(op));
        const ops = expandOps(originals);
        // A reply to an actor on this thread is passed as it is, not encoded: its objects, the
        // store's own (read-only, shared with the store), go as copies it may change.
        const local = sender !== null && parseAddress(sender).thread === ctx.thread;
        const give = (r: OpResult): OpResult => (local && r.ok ? { ...r, object: deepCopy(r.object) } : r);
        void Promise.all(ops.map((op) => refusals.get(op) ?? runOp(store, op, cause)))
          .then((results) => answer({ results: results.map((r, i) => (leanFor(ops[i]!) ? leanOf(r, ops[i]!) : give(r))) }, { plain: true }));
        return;
      }
      case 'store.subscribe': {
        const target = ctx.sender;
        if (!target) return;
        const group = parseAddress(target).thread;
        let offs = subscriptions.get(target);
        if (!offs) subscriptions.set(target, (offs = new Map()));
        for (const s of event.subs ?? []) {
          const route = `${s.by}\u0000${s.value}`;
          if (!offs.has(route)) offs.set(route, store.router.subscribe(s.by, s.value, group, target));
        }
        const answer = ctx.replyLater();
        const revision = store.revision;
        void Promise.all((event.read ?? []).map(async (r) => {
          const { items } = await store.list(r.resource, listOptionsOf(r));
          return items;
        })).then((objects) => answer({ revision, objects }, { plain: true }), () => answer({ revision, objects: [] }));
        return;
      }
      case 'store.revisions': {
        const r = (e as StoreRevisions).read;
        // Answered now; replyLater only for its `plain` (pairs of strings and numbers need no check).
        const answer = ctx.replyLater();
        let reply: StoreRevisionsReply;
        try {
          reply = store.listRevisions(r.resource, listOptionsOf(r));
        } catch (err) {
          reply = { revision: store.revision, items: [], error: String((err as Error)?.message ?? err) };
        }
        answer(reply, { plain: true });
        return;
      }
      case 'store.unsubscribe':
      case 'store.unsubscribe.for': {
        // From the actor itself, or from the cluster when an actor ends.
        const target = event.type === 'store.unsubscribe' ? ctx.sender : (event as { target?: string }).target;
        if (!target) return;
        for (const off of subscriptions.get(target)?.values() ?? []) off();
        subscriptions.delete(target);
        return;
      }
    }
  });
  return () => { for (const offs of subscriptions.values()) for (const off of offs.values()) off(); };
});
