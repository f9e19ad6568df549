// Every followed object's statechart state, kept from the store's watch (the
// store is the truth), with counts per kind and state maintained as changes
// arrive, so an aggregate costs nothing to read at 10,000 pods.
import type { KObject } from '../store/types.js';

export interface StateRow {
  kind: string;
  namespace?: string;
  name: string;
  state: string;
  /** resourceVersion of the object the state was read from. */
  rev: number;
  nodeName?: string;
}

export interface StateChange { kind: string; key: string; from: string | null; to: string | null }

export interface RowFilter {
  kind?: string;
  namespace?: string;
  /** Substring of the name. */
  name?: string;
  /** The state, or a parent of it ("Running" matches "Running.Ready"). */
  state?: string;
}

export function rowOf(kind: string, o: KObject, state: string): StateRow {
  const row: StateRow = { kind, name: o.metadata.name ?? '', state, rev: Number(o.metadata.resourceVersion ?? 0) };
  if (o.metadata.namespace) row.namespace = o.metadata.namespace;
  if (typeof o.spec?.nodeName === 'string') row.nodeName = o.spec.nodeName;
  return row;
}

export const rowKey = (namespace: string | undefined, name: string) => (namespace ? `${namespace}/${name}` : name);

export function matchesFilter(row: StateRow, f: RowFilter): boolean {
  if (f.kind && row.kind !== f.kind) return false;
  if (f.namespace && row.namespace !== f.namespace) return false;
  if (f.name && !row.name.includes(f.name)) return false;
  if (f.state && row.state !== f.state && !row.state.startsWith(`${f.state}.`)) return false;
  return true;
}

/** Counts per state of some rows. */
export function countStates(rows: Iterable<StateRow>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const r of rows) {
    const k = (out[r.kind] ??= {});
    k[r.state] = (k[r.state] ?? 0) + 1;
  }
  return out;
}

export function sortRows(rows: StateRow[]): StateRow[] {
  return rows.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)
    || ((a.namespace ?? '') < (b.namespace ?? '') ? -1 : (a.namespace ?? '') > (b.namespace ?? '') ? 1 : 0)
    || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export class StateIndex {
  private readonly rows = new Map<string, Map<string, StateRow>>();
  private readonly counts = new Map<string, Map<string, number>>();
  /** Bumped on every change of a state or of the set of objects. */
  version = 0;

  constructor(private readonly stateOf: (kind: string, o: KObject) => string) {}

  private bump(kind: string, state: string, by: number): void {
    let c = this.counts.get(kind);
    if (!c) this.counts.set(kind, (c = new Map()));
    const n = (c.get(state) ?? 0) + by;
    if (n === 0) c.delete(state); else c.set(state, n);
  }

  /** Applies a watch event; returns the state change (null when the state stayed). */
  apply(kind: string, type: 'ADDED' | 'MODIFIED' | 'DELETED', o: KObject): StateChange | null {
    let rows = this.rows.get(kind);
    if (!rows) this.rows.set(kind, (rows = new Map()));
    const key = rowKey(o.metadata.namespace, o.metadata.name ?? '');
    const prev = rows.get(key);
    if (type === 'DELETED') {
      if (!prev) return null;
      rows.delete(key);
      this.bump(kind, prev.state, -1);
      this.version++;
      return { kind, key, from: prev.state, to: null };
    }
    return this.set(rows, key, prev, rowOf(kind, o, this.stateOf(kind, o)));
  }

  /** An object added or changed, its state already known (the store's summary of it). */
  applyRow(row: StateRow): StateChange | null {
    let rows = this.rows.get(row.kind);
    if (!rows) this.rows.set(row.kind, (rows = new Map()));
    const key = rowKey(row.namespace, row.name);
    return this.set(rows, key, rows.get(key), row);
  }

  private set(rows: Map<string, StateRow>, key: string, prev: StateRow | undefined, row: StateRow): StateChange | null {
    const { kind, state } = row;
    rows.set(key, row);
    if (prev?.state === state) return null;
    if (prev) this.bump(kind, prev.state, -1);
    this.bump(kind, state, 1);
    this.version++;
    return { kind, key, from: prev?.state ?? null, to: state };
  }

  get(kind: string, namespace: string | undefined, name: string): StateRow | undefined {
    return this.rows.get(kind)?.get(rowKey(namespace, name));
  }

  /** Counts per kind and state. */
  countsByKind(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [kind, c] of this.counts) out[kind] = Object.fromEntries(c);
    return out;
  }

  /** Rows matching the filter, sorted, from `offset`, at most `limit`; with the total matched. */
  query(f: RowFilter, limit = 200, offset = 0): { total: number; rows: StateRow[] } {
    const kinds = f.kind ? [f.kind] : [...this.rows.keys()];
    const matched: StateRow[] = [];
    for (const k of kinds) for (const r of this.rows.get(k)?.values() ?? []) if (matchesFilter(r, f)) matched.push(r);
    sortRows(matched);
    return { total: matched.length, rows: matched.slice(offset, offset + limit) };
  }

  size(kind: string): number {
    return this.rows.get(kind)?.size ?? 0;
  }
}
