// Main's side of the tap: several listeners, each with its own filter; the
// threads get the union, and each listener sees only what it asked for.
import type { InspectionRecord } from './envelope.js';
import type { InspectionFilter } from './inspection.js';

export type { InspectionFilter };

interface Entry { filter: InspectionFilter; listener: (records: InspectionRecord[]) => void }

export class InspectionListeners {
  private readonly entries = new Set<Entry>();

  add(filter: InspectionFilter, listener: (records: InspectionRecord[]) => void): () => void {
    const entry = { filter, listener };
    this.entries.add(entry);
    return () => { this.entries.delete(entry); };
  }

  /** The filter every thread applies: the union of the listeners', or null when none. */
  combined(): InspectionFilter | null {
    if (this.entries.size === 0) return null;
    let addresses: Set<string> | null = new Set();
    let kinds: Set<string> | null = new Set();
    const out: InspectionFilter = { events: false, transitions: false, lifecycle: false };
    for (const { filter: f } of this.entries) {
      if (f.addresses && addresses) f.addresses.forEach((a) => addresses!.add(a)); else addresses = null;
      if (f.kinds && kinds) f.kinds.forEach((k) => kinds!.add(k)); else kinds = null;
      out.events ||= f.events !== false;
      out.transitions ||= f.transitions !== false;
      out.lifecycle ||= f.lifecycle !== false;
    }
    // Threads AND the two sets; a union of one listener's addresses and another's
    // kinds cannot be said that way, so the threads then send all and main filters.
    if (addresses?.size && kinds?.size) { addresses = null; kinds = null; }
    if (addresses?.size) out.addresses = [...addresses];
    if (kinds?.size) out.kinds = [...kinds];
    return out;
  }

  dispatch(records: InspectionRecord[]): void {
    for (const { filter, listener } of this.entries) {
      const mine = records.filter((r) => matches(filter, r));
      if (mine.length) listener(mine);
    }
  }
}

function matches(f: InspectionFilter, r: InspectionRecord): boolean {
  if (r.type === 'event' && f.events === false) return false;
  if (r.type === 'transition' && f.transitions === false) return false;
  if (r.type === 'lifecycle' && f.lifecycle === false) return false;
  if (f.addresses && !f.addresses.includes(r.address)) return false;
  if (f.kinds && !f.kinds.includes(r.kind)) return false;
  return true;
}
