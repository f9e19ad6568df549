// The cluster IPs and node ports committed Services hold, kept from one list and a watch of
// Services (kube-apiserver keeps a bitmap of them; here it is derived from the store, so a
// restart needs nothing of its own). Reads wait until the watch has caught up with a revision,
// which a bookmark proves, so what a reader sees is at least as new as what the store had
// committed when it asked: a Service deleted a moment ago no longer holds its address.
import type { KObject, ObjectStore, ResourceRef, Watch } from '../../store/types.js';
import { heldBy } from '../services/allocation.js';
import { HeldTally, type Held } from '../services/held-tally.js';

const SERVICES: ResourceRef = { group: '', resource: 'services', kind: 'Service', namespaced: true };

export class ServiceHoldings {
  private readonly tally = new HeldTally();
  private readonly byKey = new Map<string, Held>();
  private watch: Watch | null = null;
  private applied = 0;
  private starting: Promise<void> | null = null;
  private waiters: { rev: number; resolve: () => void; reject: (e: unknown) => void }[] = [];

  constructor(private readonly store: ObjectStore) {}

  /** Resolves once every Service write up to `rev` is counted (started on first use). */
  async caughtUp(rev: number): Promise<void> {
    for (;;) {
      // A start that failed (the store closing, a compaction between list and watch) is tried afresh next time.
      await (this.starting ??= this.start().catch((e: unknown) => { this.starting = null; throw e; }));
      if (this.applied >= rev) return;
      const watch = this.watch;
      if (!watch) continue; // it ended while this waited: counted afresh
      return new Promise<void>((resolve, reject) => {
        this.waiters.push({ rev, resolve, reject });
        watch.bookmark();
      });
    }
  }

  /** Whether a committed Service holds the address or node port (read after caughtUp). */
  holdsIp(ip: string): boolean { return this.tally.holdsIp(ip); }
  holdsPort(port: number): boolean { return this.tally.holdsPort(port); }

  private async start(): Promise<void> {
    const { items, resourceVersion } = await this.store.list(SERVICES, {});
    for (const s of items as KObject[]) this.set(keyOf(s), heldBy(s));
    this.applied = Number(resourceVersion);
    const watch = this.store.watch(SERVICES, { fromRevision: this.applied });
    this.watch = watch;
    void this.follow(watch);
  }

  private async follow(watch: Watch): Promise<void> {
    try {
      for (;;) {
        const ev = await watch.next();
        if (!ev || ev.type === 'ERROR') break;
        if (ev.type !== 'BOOKMARK') this.set(keyOf(ev.object as KObject), ev.type === 'DELETED' ? null : heldBy(ev.object as KObject));
        this.applied = Math.max(this.applied, ev.revision);
        if (this.waiters.length) this.wake();
      }
    } catch { /* the store is closing */ }
    // Ended (the store closed, or the watch fell behind): counted afresh on next use.
    if (this.watch === watch) this.reset();
  }

  private wake(): void {
    const due = this.waiters.filter((w) => w.rev <= this.applied);
    if (due.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.rev > this.applied);
    for (const w of due) w.resolve();
  }

  /** Forget everything; whoever waits asks again, from a fresh list (which fails once the store is closed). */
  private reset(): void {
    this.watch = null;
    this.starting = null;
    this.tally.clear();
    this.byKey.clear();
    this.applied = 0;
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) this.caughtUp(w.rev).then(w.resolve, w.reject);
  }

  private set(key: string, held: Held | null): void {
    const was = this.byKey.get(key);
    if (was) this.tally.drop(was);
    if (!held || (held.ips.length === 0 && held.ports.length === 0)) { this.byKey.delete(key); return; }
    this.byKey.set(key, held);
    this.tally.add(held);
  }
}

const keyOf = (s: KObject) => `${s.metadata.namespace}/${s.metadata.name}`;
