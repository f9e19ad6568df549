// Addresses and node ports with how many holders each has: one stays taken while any holder
// keeps it (two Services a restore left on one address, or a write's hold beside its Service's).
// Pure: the allocator's pending writes and the committed Services' holdings both count so.

/** What one holder holds (heldBy's answer, or an allocation's). */
export interface Held { readonly ips: readonly string[]; readonly ports: readonly number[] }

export class HeldTally {
  private readonly ips = new Map<string, number>();
  private readonly ports = new Map<number, number>();

  add(held: Held): void {
    for (const ip of held.ips) this.ips.set(ip, (this.ips.get(ip) ?? 0) + 1);
    for (const p of held.ports) this.ports.set(p, (this.ports.get(p) ?? 0) + 1);
  }

  drop(held: Held): void {
    for (const ip of held.ips) dropOne(this.ips, ip);
    for (const p of held.ports) dropOne(this.ports, p);
  }

  holdsIp(ip: string): boolean { return this.ips.has(ip); }
  holdsPort(port: number): boolean { return this.ports.has(port); }

  clear(): void {
    this.ips.clear();
    this.ports.clear();
  }
}

function dropOne<K>(m: Map<K, number>, k: K): void {
  const n = (m.get(k) ?? 0) - 1;
  if (n > 0) m.set(k, n); else m.delete(k);
}
