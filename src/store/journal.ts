// The LevelDB side of the store: opening (with format, lock and corruption checks), the
// scan that rebuilds memory at open, durable batches, and reads of historical records.
// Nothing here knows about objects; it moves keys and bytes.
import { Level } from 'level';
import { JournalOpenError } from './errors.js';
import { ObjectCodec, decodeNumber, encodeNumber } from './codec.js';
import { LOG_END, LOG_PREFIX, META_COMPACTED, META_FORMAT, META_REVISION, META_STRUCTURES, logKey, revOfLogKey } from './keys.js';

/** On-disk format this build writes and reads. Bump on any incompatible layout change. */
export const FORMAT_VERSION = 1;

export type JournalOp = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string };

export interface JournalHeader {
  /** Newest revision ever assigned (meta/revision); the log may end earlier after compaction. */
  revision: number;
  compacted: number;
  structures: unknown[][] | undefined;
}

type Db = Level<string, Uint8Array>;
type ChainedBatch = ReturnType<Db['batch']>;

/**
 * One atomic LevelDB batch, formed operation by operation: each put or del goes to LevelDB's
 * native batch as it is added (level's chained form, whose per-operation preparation costs a
 * fraction of the array form's), so a batch is built while the previous one is on disk.
 */
export class JournalBatch {
  private chained: ChainedBatch | undefined;
  private count = 0;

  /** `sync` false: written without fsync (benchmarks only; see JournalStoreOptions.sync). */
  constructor(private readonly db: Db, private readonly sync = true) {}

  /** Operations added so far. */
  get size(): number { return this.count; }

  put(key: string, value: Uint8Array): void {
    (this.chained ??= this.db.batch()).put(key, value);
    this.count++;
  }

  del(key: string): void {
    (this.chained ??= this.db.batch()).del(key);
    this.count++;
  }

  add(op: JournalOp): void { if (op.type === 'put') this.put(op.key, op.value); else this.del(op.key); }
  putLog(rev: number, value: Uint8Array): void { this.put(logKey(rev), value); }
  delLog(rev: number): void { this.del(logKey(rev)); }

  /** Write it, fsynced (unless the journal was opened with `sync: false`). */
  write(): Promise<void> {
    const b = this.chained;
    this.chained = undefined;
    return b ? b.write({ sync: this.sync }) : Promise.resolve();
  }

  /** Drop it unwritten. */
  discard(): void {
    const b = this.chained;
    this.chained = undefined;
    if (b) b.close().catch(() => {});
  }
}

function codeOf(e: unknown): string | undefined {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.cause?.code ?? err?.code;
}

export class Journal {
  private constructor(private readonly db: Db, readonly location: string, private readonly sync: boolean) {}

  /** `sync` (default true): fsync every batch; false only for benchmarks that measure without the disk's flush. */
  static async open(location: string, options: { sync?: boolean } = {}): Promise<{ journal: Journal; header: JournalHeader }> {
    const db: Db = new Level<string, Uint8Array>(location, { keyEncoding: 'utf8', valueEncoding: 'view' });
    try {
      await db.open();
    } catch (e) {
      const code = codeOf(e);
      if (code === 'LEVEL_LOCKED')
        throw new JournalOpenError('Locked', `journal at ${location} is locked by another process (LevelDB LOCK). Stop the other cybernetes process that uses this data directory, or choose another directory.`, { cause: e });
      if (code === 'LEVEL_CORRUPTION')
        throw new JournalOpenError('Corrupt', `journal at ${location} is corrupt (${(e as any)?.cause?.message ?? e}). It was left untouched: restore it from a backup, or move it aside to start with an empty store.`, { cause: e });
      throw new JournalOpenError('IOError', `journal at ${location} could not be opened (${(e as any)?.cause?.message ?? e}). Check that the path is a writable directory.`, { cause: e });
    }
    const journal = new Journal(db, location, options.sync ?? true);
    try {
      return { journal, header: await journal.readHeader() };
    } catch (e) {
      await db.close().catch(() => {});
      throw e;
    }
  }

  private async readHeader(): Promise<JournalHeader> {
    const [format, revision, compacted, structures] = await this.db.getMany([META_FORMAT, META_REVISION, META_COMPACTED, META_STRUCTURES]);
    if (format === undefined) {
      // A fresh database has no keys at all; anything else without a format key is not ours.
      for await (const _ of this.db.keys({ limit: 1 }))
        throw new JournalOpenError('UnknownFormat', `${this.location} holds a LevelDB database that is not a cybernetes journal (no ${META_FORMAT} key). It was left untouched: choose an empty directory for the store.`);
      await this.db.put(META_FORMAT, encodeNumber(FORMAT_VERSION), { sync: true });
      return { revision: 0, compacted: 0, structures: undefined };
    }
    let version: number;
    try { version = decodeNumber(format); } catch {
      throw new JournalOpenError('UnknownFormat', `${this.location}: unreadable ${META_FORMAT}; this is not a cybernetes journal this build understands. It was left untouched.`);
    }
    if (!Number.isInteger(version) || version < 1)
      throw new JournalOpenError('UnknownFormat', `${this.location}: unknown journal format ${String(version)}. It was left untouched.`);
    if (version > FORMAT_VERSION)
      throw new JournalOpenError('NewerFormat', `${this.location} was written by a newer cybernetes (journal format ${version}; this build reads up to ${FORMAT_VERSION}). Upgrade cybernetes to open it; it was left untouched.`);
    try {
      return {
        revision: revision ? decodeNumber(revision) : 0,
        compacted: compacted ? decodeNumber(compacted) : 0,
        structures: structures ? ObjectCodec.decodeStructures(structures) : undefined,
      };
    } catch (e) {
      throw new JournalOpenError('Corrupt', `${this.location}: journal metadata is unreadable (${(e as Error).message}). It was left untouched: restore it from a backup, or move it aside.`, { cause: e });
    }
  }

  /** Every retained log entry in revision order. */
  async *scanLog(): AsyncGenerator<[rev: number, value: Uint8Array]> {
    for await (const [k, v] of this.db.iterator({ gte: LOG_PREFIX, lt: LOG_END })) yield [revOfLogKey(k), v];
  }

  /** Log entries with after < rev <= upTo, in order. */
  async *range(after: number, upTo: number): AsyncGenerator<[rev: number, value: Uint8Array]> {
    for await (const [k, v] of this.db.iterator({ gt: logKey(after), lte: logKey(upTo) })) yield [revOfLogKey(k), v];
  }

  getRecords(revs: number[]): Promise<(Uint8Array | undefined)[]> {
    return this.db.getMany(revs.map(logKey));
  }

  /** A new, empty batch (see JournalBatch). */
  batch(): JournalBatch { return new JournalBatch(this.db, this.sync); }

  /** One atomic LevelDB batch, fsynced unless opened with `sync: false`. */
  write(ops: JournalOp[]): Promise<void> {
    const b = this.batch();
    for (const op of ops) b.add(op);
    return b.write();
  }

  close(): Promise<void> { return this.db.close(); }
}

export const metaOps = {
  revision: (rev: number): JournalOp => ({ type: 'put', key: META_REVISION, value: encodeNumber(rev) }),
  compacted: (rev: number): JournalOp => ({ type: 'put', key: META_COMPACTED, value: encodeNumber(rev) }),
  structures: (bytes: Uint8Array): JournalOp => ({ type: 'put', key: META_STRUCTURES, value: bytes }),
  putLog: (rev: number, value: Uint8Array): JournalOp => ({ type: 'put', key: logKey(rev), value }),
  delLog: (rev: number): JournalOp => ({ type: 'del', key: logKey(rev) }),
};
