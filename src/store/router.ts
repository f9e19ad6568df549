// The router: after a commit, hands each change to the subscribers it
// concerns — by key, by owner uid, by node (old and new), by kind — grouped
// by where the subscribers live, one deliver() per group per route() call.
//
// Cost: a route() does a fixed number of map lookups per change
// (1 + ownerUids + up to 2 nodes + 1) and visits only matching
// subscriptions; it never scans subscribers. `stats` counts both, so tests
// can prove it without timing.

export type RouteBy = 'key' | 'owner' | 'node' | 'kind';

export interface RoutableChange {
  rev: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  kind: string;
  ownerUids: string[];
  nodeName?: string;
  prevNodeName?: string;
  encoded: Uint8Array;
  cause?: string;
}

export interface RoutedEntry<Target> {
  /** each target once, in subscription-match order */
  targets: Target[];
  /** the caller's object, by reference */
  change: RoutableChange;
}

export interface RouterStats {
  routes: number;
  changes: number;
  /** (by, value) map lookups */
  lookups: number;
  /** subscriptions visited, i.e. matched */
  visited: number;
  /** deliver() calls */
  deliveries: number;
}

interface Sub<Target> {
  readonly by: RouteBy;
  readonly value: string;
  readonly group: number;
  readonly target: Target;
  active: boolean;
}

/** Per group, during one route pass: its batch and which change the last entry is for. */
interface GroupState<Target> {
  batch: RoutedEntry<Target>[];
  at: number;
  /** set of the last entry's targets, built only once it grows past a few */
  seen: Set<Target> | null;
}

/** Below this, Array.includes beats building a Set for target dedupe. */
const SMALL = 8;

export class Router<Target = string> {
  readonly stats: RouterStats = { routes: 0, changes: 0, lookups: 0, visited: 0, deliveries: 0 };

  private readonly index: Readonly<Record<RouteBy, Map<string, Set<Sub<Target>>>>> = {
    key: new Map(),
    owner: new Map(),
    node: new Map(),
    kind: new Map(),
  };
  /** group → target → live subscription count; tells when a target is gone from a group */
  private readonly live = new Map<number, Map<Target, number>>();
  private count = 0;

  private routing = false;
  private readonly queue: RoutableChange[][] = [];
  private delivering = false;
  /** during delivery: targets whose last subscription in a group went away */
  private gone: Map<number, Set<Target>> | null = null;

  constructor(private readonly deliver: (group: number, batch: RoutedEntry<Target>[]) => void) {}

  /** Number of live subscriptions. */
  get size(): number {
    return this.count;
  }

  /**
   * Subscribe `target` in `group` to changes matching (by, value). Returns an
   * idempotent unsubscribe. A subscription made during delivery takes effect
   * from the next route().
   */
  subscribe(by: RouteBy, value: string, group: number, target: Target): () => void {
    const map = this.index[by];
    if (map === undefined) throw new TypeError(`unknown route: ${String(by)}`);
    const sub: Sub<Target> = { by, value, group, target, active: true };
    let set = map.get(value);
    if (set === undefined) map.set(value, (set = new Set()));
    set.add(sub);
    let g = this.live.get(group);
    if (g === undefined) this.live.set(group, (g = new Map()));
    g.set(target, (g.get(target) ?? 0) + 1);
    this.count++;
    return () => this.unsubscribe(sub);
  }

  private unsubscribe(sub: Sub<Target>): void {
    if (!sub.active) return;
    sub.active = false;
    this.count--;
    const map = this.index[sub.by];
    const set = map.get(sub.value);
    if (set !== undefined) {
      set.delete(sub);
      if (set.size === 0) map.delete(sub.value); // no empty sets left behind
    }
    const g = this.live.get(sub.group)!;
    const n = g.get(sub.target)! - 1;
    if (n > 0) {
      g.set(sub.target, n);
      return;
    }
    g.delete(sub.target);
    if (g.size === 0) this.live.delete(sub.group);
    // A target that left its group mid-delivery gets nothing more from this route().
    if (this.delivering) {
      this.gone ??= new Map();
      let s = this.gone.get(sub.group);
      if (s === undefined) this.gone.set(sub.group, (s = new Set()));
      s.add(sub.target);
    }
  }

  /**
   * Route changes (in revision order). A route() called from inside a
   * deliver() is queued and runs after the current one, so each group still
   * sees revisions in order. If a deliver() throws, the other groups are still
   * served and the first error is rethrown at the end.
   */
  route(changes: RoutableChange[]): void {
    if (this.routing) {
      this.queue.push(changes);
      return;
    }
    this.routing = true;
    let failed = false;
    let error: unknown;
    try {
      let next: RoutableChange[] | undefined = changes;
      while (next !== undefined) {
        try {
          this.routeOnce(next);
        } catch (e) {
          if (!failed) {
            failed = true;
            error = e;
          }
        }
        next = this.queue.shift();
      }
    } finally {
      this.routing = false;
    }
    if (failed) throw error;
  }

  private routeOnce(changes: RoutableChange[]): void {
    const stats = this.stats;
    stats.routes++;
    const out = new Map<number, GroupState<Target>>();
    const { key, owner, node, kind } = this.index;

    // Matching runs no user code, so the index cannot change under it.
    for (let i = 0; i < changes.length; i++) {
      const c = changes[i]!;
      stats.changes++;
      this.collect(key, c.key, i, c, out);
      for (const uid of c.ownerUids) this.collect(owner, uid, i, c, out);
      // Unbound ('' or absent) matches no node subscription.
      if (c.nodeName) this.collect(node, c.nodeName, i, c, out);
      if (c.prevNodeName && c.prevNodeName !== c.nodeName) this.collect(node, c.prevNodeName, i, c, out);
      this.collect(kind, c.kind, i, c, out);
    }

    this.delivering = true;
    this.gone = null;
    let failed = false;
    let error: unknown;
    try {
      for (const [group, gs] of out) {
        let batch = gs.batch;
        const gone = this.goneFrom(group);
        if (gone !== undefined) {
          batch = withoutTargets(batch, gone);
          if (batch.length === 0) continue;
        }
        stats.deliveries++;
        try {
          this.deliver(group, batch);
        } catch (e) {
          if (!failed) {
            failed = true;
            error = e;
          }
        }
      }
    } finally {
      this.delivering = false;
      this.gone = null;
    }
    if (failed) throw error;
  }

  /** Read through a method: TS would keep `gone` narrowed to null across deliver() calls. */
  private goneFrom(group: number): Set<Target> | undefined {
    return this.gone?.get(group);
  }

  private collect(
    map: Map<string, Set<Sub<Target>>>,
    value: string,
    i: number,
    change: RoutableChange,
    out: Map<number, GroupState<Target>>,
  ): void {
    this.stats.lookups++;
    const set = map.get(value);
    if (set === undefined) return;
    for (const sub of set) {
      this.stats.visited++;
      let gs = out.get(sub.group);
      if (gs === undefined) out.set(sub.group, (gs = { batch: [], at: -1, seen: null }));
      if (gs.at !== i) {
        // First match of this change in this group.
        gs.batch.push({ targets: [sub.target], change });
        gs.at = i;
        gs.seen = null;
        continue;
      }
      const targets = gs.batch[gs.batch.length - 1]!.targets;
      if (gs.seen !== null) {
        if (!gs.seen.has(sub.target)) {
          gs.seen.add(sub.target);
          targets.push(sub.target);
        }
      } else if (!targets.includes(sub.target)) {
        targets.push(sub.target);
        if (targets.length > SMALL) gs.seen = new Set(targets);
      }
    }
  }
}

function withoutTargets<Target>(batch: RoutedEntry<Target>[], gone: Set<Target>): RoutedEntry<Target>[] {
  const out: RoutedEntry<Target>[] = [];
  for (const e of batch) {
    const targets = e.targets.filter((t) => !gone.has(t));
    if (targets.length > 0) out.push(targets.length === e.targets.length ? e : { targets, change: e.change });
  }
  return out;
}
