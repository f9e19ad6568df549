// Cluster IPs and node ports for Services written through the API. What is taken is read from
// the store (so a restart, or a Service deleted a moment ago, needs no bookkeeping of its own),
// plus what writes still on their way to the journal were given: a Service's write holds its
// allocation until the store has answered it.
import type { KObject, ObjectStore } from '../../store/types.js';
import { allocate, heldBy, RangeFullError } from '../services/allocation.js';
import { NODE_PORT_RANGE, parseCidr, SERVICE_CIDR } from '../services/ranges.js';
import { ApiError, invalid } from '../status.js';
import type { RequestContext } from './context.js';
import { qualifiedKind } from './admission.js';

const IP_RANGE = parseCidr(SERVICE_CIDR);

class ServiceAllocator {
  private readonly pendingIps = new Map<string, number>();
  private readonly pendingPorts = new Map<number, number>();

  constructor(private readonly store: ObjectStore) {}

  /**
   * Give `svc` what it needs and check what it asks for; throws Invalid (422) for an address or
   * port taken or out of range. The answer's `release` must be called once its write is answered.
   */
  async allocate(ctx: RequestContext, svc: KObject, old: KObject | undefined): Promise<() => void> {
    // What writes on their way hold, before the read and after it: one whose write lands (and whose
    // hold ends) while the read is on its way may be missing from what the read saw.
    const ips = new Set<string>(this.pendingIps.keys()), ports = new Set<number>(this.pendingPorts.keys());
    const { items } = await this.store.list(ctx.ref, {}); // every Service, all namespaces
    for (const ip of this.pendingIps.keys()) ips.add(ip);
    for (const p of this.pendingPorts.keys()) ports.add(p);
    for (const s of items as KObject[]) {
      // The Service being updated holds its own (allocate() counts them as its).
      const held = heldBy(s);
      for (const ip of held.ips) ips.add(ip);
      for (const p of held.ports) ports.add(p);
    }
    let result;
    try {
      result = allocate(svc, old, { ips, ports }, IP_RANGE, NODE_PORT_RANGE, Math.random);
    } catch (err) {
      if (err instanceof RangeFullError) throw new ApiError('InternalError', `Internal error occurred: ${err.message}`);
      throw err;
    }
    if (result.errors.length) throw invalid(qualifiedKind(ctx), svc.metadata?.name ?? svc.metadata?.generateName ?? '', ctx.type.kind, ctx.type.group, result.errors);
    for (const ip of result.ips) this.pendingIps.set(ip, (this.pendingIps.get(ip) ?? 0) + 1);
    for (const p of result.ports) this.pendingPorts.set(p, (this.pendingPorts.get(p) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const ip of result.ips) drop(this.pendingIps, ip);
      for (const p of result.ports) drop(this.pendingPorts, p);
    };
  }
}

function drop<K>(m: Map<K, number>, k: K): void {
  const n = (m.get(k) ?? 0) - 1;
  if (n > 0) m.set(k, n); else m.delete(k);
}

const allocators = new WeakMap<ObjectStore, ServiceAllocator>();

const NOTHING = () => {};

/** For a Service write: its allocation (see ServiceAllocator.allocate); for any other kind, nothing to hold. */
export async function allocateFor(ctx: RequestContext, obj: KObject, old?: KObject): Promise<() => void> {
  if (ctx.type.kind !== 'Service' || ctx.type.group !== '' || ctx.subresource === 'status') return NOTHING;
  let a = allocators.get(ctx.env.store);
  if (!a) allocators.set(ctx.env.store, (a = new ServiceAllocator(ctx.env.store)));
  return a.allocate(ctx, obj, old);
}
