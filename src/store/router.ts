// The router: after a commit, hands each change to the subscribers it
// concerns — by key, by owner uid, by node (old and new), by kind, by
// namespace (looked up only while someone subscribes by namespace) — grouped
// by where the subscribers live, one deliver() per group per route() call.
//
// Cost: a route() does a fixed number of map lookups per change
// (1 + ownerUids + up to 2 nodes + 1) and visits only matching
// subscriptions; it never scans subscribers. `stats` counts both, so tests
// can prove it without timing.

import { scopeOfKey } from './object-index.js';

export type RouteBy = 'key' | 'owner' | 'node' | 'kind' | 'namespace';

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
  /**
   * each target once, in subscription-match order. Read-only: the array may be shared with
   * other entries and later deliveries (it is frozen when it is).
   */
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

/**
 * The subscriptions of one (by, value), with what they resolve to per group (each target
 * once, in subscription order), computed when first needed and dropped when a subscription
 * comes or goes. So a change matched by 100 kind subscribers costs one entry per group, not
 * 100 visits and a Set per group.
 */
interface Bucket<Target> {
  readonly subs: Set<Sub<Target>>;
  plan: { group: number; targets: Target[] }[] | null;
}

/** Per group, during one route pass: its batch and which change the last entry is for. */
interface GroupState<Target> {
  batch: RoutedEntry<Target>[];
  at: number;
  /** set of the last entry's targets, built only once it grows past a few */
  seen: Set<Target> | null;
  /** the last entry's targets are a bucket's plan (copied before they are added to) */
  shared: boolean;
}

/** Below this, Array.includes beats building a Set for target dedupe. */
const SMALL = 8;

export class Router<Target = string> {
  readonly stats: RouterStats = { routes: 0, changes: 0, lookups: 0, visited: 0, deliveries: 0 };

  private readonly index: Readonly<Record<RouteBy, Map<string, Bucket<Target>>>> = {
    key: new Map(),
    owner: new Map(),
    node: new Map(),
    kind: new Map(),
    namespace: new Map(),
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
    let bucket = map.get(value);
    if (bucket === undefined) map.set(value, (bucket = { subs: new Set(), plan: null }));
    bucket.subs.add(sub);
    bucket.plan = null;
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
    const bucket = map.get(sub.value);
    if (bucket !== undefined) {
      bucket.subs.delete(sub);
      bucket.plan = null;
      if (bucket.subs.size === 0) map.delete(sub.value); // no empty sets left behind
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
    const { key, owner, node, kind, namespace } = this.index;

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
      if (namespace.size > 0) {
        const ns = scopeOfKey(c.key).namespace; // '' for a cluster-scoped object: no namespace route
        if (ns) this.collect(namespace, ns, i, c, out);
      }
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
    map: Map<string, Bucket<Target>>,
    value: string,
    i: number,
    change: RoutableChange,
    out: Map<number, GroupState<Target>>,
  ): void {
    this.stats.lookups++;
    const bucket = map.get(value);
    if (bucket === undefined) return;
    const subs = bucket.subs;
    this.stats.visited += subs.size;
    if (subs.size <= SMALL) {
      // A few subscriptions (one actor per key, per owner): visit them.
      for (const sub of subs) this.add(out, sub.group, sub.target, i, change);
      return;
    }
    // Many (controllers and watchers of a kind): their targets per group, resolved once.
    const plan = bucket.plan ?? (bucket.plan = planOf(subs));
    for (let p = 0; p < plan.length; p++) {
      const { group, targets: planned } = plan[p]!;
      const gs = this.stateOf(out, group);
      if (gs.at !== i) {
        // First match of this change in this group: the bucket's targets as they are.
        gs.batch.push({ targets: planned, change });
        gs.at = i;
        gs.seen = null;
        gs.shared = true;
        continue;
      }
      for (const target of planned) this.add(out, group, target, i, change);
    }
  }

  private stateOf(out: Map<number, GroupState<Target>>, group: number): GroupState<Target> {
    let gs = out.get(group);
    if (gs === undefined) out.set(group, (gs = { batch: [], at: -1, seen: null, shared: false }));
    return gs;
  }

  /** `target` in `group` for change `i`, once. */
  private add(out: Map<number, GroupState<Target>>, group: number, target: Target, i: number, change: RoutableChange): void {
    const gs = this.stateOf(out, group);
    if (gs.at !== i) {
      // First match of this change in this group.
      gs.batch.push({ targets: [target], change });
      gs.at = i;
      gs.seen = null;
      gs.shared = false;
      return;
    }
    const entry = gs.batch[gs.batch.length - 1]!;
    if (gs.shared) { entry.targets = entry.targets.slice(); gs.shared = false; }
    const targets = entry.targets;
    if (gs.seen !== null) {
      if (!gs.seen.has(target)) {
        gs.seen.add(target);
        targets.push(target);
      }
    } else if (!targets.includes(target)) {
      targets.push(target);
      if (targets.length > SMALL) gs.seen = new Set(targets);
    }
  }
}

/** Per group (in order of first appearance), its targets once each, in subscription order. */
function planOf<Target>(subs: Set<Sub<Target>>): { group: number; targets: Target[] }[] {
  const byGroup = new Map<number, { targets: Target[]; seen: Set<Target> }>();
  for (const sub of subs) {
    let g = byGroup.get(sub.group);
    if (g === undefined) byGroup.set(sub.group, (g = { targets: [], seen: new Set() }));
    if (!g.seen.has(sub.target)) { g.seen.add(sub.target); g.targets.push(sub.target); }
  }
  const plan: { group: number; targets: Target[] }[] = [];
  for (const [group, g] of byGroup) plan.push({ group, targets: Object.freeze(g.targets) as Target[] });
  return plan;
}

function withoutTargets<Target>(batch: RoutedEntry<Target>[], gone: Set<Target>): RoutedEntry<Target>[] {
  const out: RoutedEntry<Target>[] = [];
  for (const e of batch) {
    const targets = e.targets.filter((t) => !gone.has(t));
    if (targets.length > 0) out.push(targets.length === e.targets.length ? e : { targets, change: e.change });
  }
  return out;
}
