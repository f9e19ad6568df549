// Cluster IPs and node ports for Services written through the API. What is taken: what
// committed Services hold (ServiceHoldings, kept by a watch, never a list per write) plus what
// writes still on their way to the journal were given. A write holds its allocation until its
// store answer is counted in the holdings, so an address is never free in between.
import type { KObject, ObjectStore } from '../../store/types.js';
import { allocate, RangeFullError } from '../services/allocation.js';
import { NODE_PORT_RANGE, parseCidr, SERVICE_CIDR } from '../services/ranges.js';
import { ApiError, invalid } from '../status.js';
import type { RequestContext } from './context.js';
import { qualifiedKind } from './admission.js';
import { HeldTally } from '../services/held-tally.js';
import { ServiceHoldings } from './service-holdings.js';

const IP_RANGE = parseCidr(SERVICE_CIDR);

class ServiceAllocator {
  /** What writes on their way to the journal were given. */
  private readonly pending = new HeldTally();
  private readonly holdings: ServiceHoldings;

  constructor(private readonly store: ObjectStore) {
    this.holdings = new ServiceHoldings(store);
  }

  /**
   * Give `svc` what it needs and check what it asks for; throws Invalid (422) for an address or
   * port taken or out of range. The answer's `release` must be called once its write is answered.
   */
  async allocate(ctx: RequestContext, svc: KObject, old: KObject | undefined): Promise<() => void> {
    // Counted up to what the store has committed now: a Service deleted before this request
    // came no longer holds its address. From here on, all is decided in this turn.
    await this.holdings.caughtUp(this.store.revision);
    const holdings = this.holdings, pending = this.pending;
    const taken = {
      ips: { has: (ip: string) => holdings.holdsIp(ip) || pending.holdsIp(ip) },
      ports: { has: (p: number) => holdings.holdsPort(p) || pending.holdsPort(p) },
    };
    let result;
    try {
      result = allocate(svc, old, taken, IP_RANGE, NODE_PORT_RANGE, Math.random);
    } catch (err) {
      if (err instanceof RangeFullError) throw new ApiError('InternalError', `Internal error occurred: ${err.message}`);
      throw err;
    }
    if (result.errors.length) throw invalid(qualifiedKind(ctx), svc.metadata?.name ?? svc.metadata?.generateName ?? '', ctx.type.kind, ctx.type.group, result.errors);
    if (result.ips.length === 0 && result.ports.length === 0) return NOTHING;
    pending.add(result);
    let released = false;
    const drops = () => pending.drop(result);
    return () => {
      if (released) return;
      released = true;
      // The write is answered (committed, or refused): its hold ends once the holdings have
      // counted everything committed by now, which includes it if it landed.
      holdings.caughtUp(this.store.revision).then(drops, drops);
    };
  }
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
