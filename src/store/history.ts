// In-memory metadata of the retained revisions (above the compaction point), enough to answer
// "which revision of key K was current at revision R" without touching disk, and to plan
// compaction the way etcd does it. The bytes of old revisions stay in LevelDB.

export interface RevisionMeta {
  key: string;
  /** The key's previous revision (0: none). */
  prevRev: number;
  /** prevRev is a tombstone (this revision re-creates the key). */
  prevDeleted: boolean;
  deleted: boolean;
}

export class History {
  /** metas[i] describes revision compacted + 1 + i. */
  private metas: (RevisionMeta | undefined)[] = [];
  /** Newest revision of every key that is live or has a retained tombstone. */
  readonly heads = new Map<string, number>();

  constructor(private compactedRev: number) {}

  get compacted(): number { return this.compactedRev; }

  /** Record a committed revision (also used at open for surviving revisions at or below the compaction point). */
  record(rev: number, meta: RevisionMeta): void {
    this.heads.set(meta.key, rev);
    if (rev > this.compactedRev) this.metas[rev - this.compactedRev - 1] = meta;
  }

  meta(rev: number): RevisionMeta | undefined {
    return rev > this.compactedRev ? this.metas[rev - this.compactedRev - 1] : undefined;
  }

  /**
   * The revision of `key` current at `atRev` (which must be at or above the compaction point),
   * or 0 when the key did not exist then. Walks prevRev from the newest revision.
   */
  versionAt(key: string, atRev: number): number {
    let r = this.heads.get(key) ?? 0;
    // At or below the compaction point only live objects survive, so a head there is live.
    let deleted = this.meta(r)?.deleted ?? false;
    while (r > atRev) {
      const m = this.meta(r);
      if (!m) return 0;
      // Whether prevRev is a tombstone is recorded here, since the tombstone itself may be compacted.
      deleted = m.prevDeleted;
      r = m.prevRev;
    }
    return r === 0 || deleted ? 0 : r;
  }

  /**
   * The journal revisions that compaction to `to` drops: a revision goes only when a newer
   * revision of the same key is at or below `to`, or when it is a tombstone at or below `to`.
   * So no current object is ever lost.
   */
  planCompaction(to: number): number[] {
    const drop: number[] = [];
    for (let r = this.compactedRev + 1; r <= to; r++) {
      const m = this.meta(r);
      if (!m) continue;
      if (m.prevRev > 0) drop.push(m.prevRev);
      if (m.deleted) drop.push(r);
    }
    return drop;
  }

  /** Forget revisions at or below `to`; returns keys whose last (tombstone) revision went. */
  applyCompaction(to: number): string[] {
    if (to <= this.compactedRev) return [];
    const gone: string[] = [];
    const n = Math.min(to - this.compactedRev, this.metas.length);
    for (let i = 0; i < n; i++) {
      const m = this.metas[i];
      const rev = this.compactedRev + 1 + i;
      if (m?.deleted && this.heads.get(m.key) === rev) { this.heads.delete(m.key); gone.push(m.key); }
    }
    this.metas.splice(0, n);
    this.compactedRev = to;
    return gone;
  }
}
