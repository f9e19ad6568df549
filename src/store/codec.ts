// msgpackr encoding. Objects use shared record structures that live in the journal
// (meta/structures): new structures are collected here and written in the same LevelDB batch as
// the first record that could reference them, so a durable record can always be decoded.
// One writer per journal makes this safe.
import { Packr } from 'msgpackr';

/** Plain msgpack (no records) for journal envelopes and metadata values. */
const plain = new Packr({ useRecords: false, moreTypes: false });

export class ObjectCodec {
  private structures: unknown[][];
  private dirty = false;
  private readonly packr: Packr;

  constructor(saved: unknown[][] | undefined) {
    this.structures = saved ?? [];
    this.packr = new Packr({
      structures: this.structures as any,
      maxSharedStructures: 1000,
      getStructures: () => this.structures as any,
      saveStructures: (s: unknown[][]) => { this.structures = s; this.dirty = true; return true; },
    } as any);
  }

  encode(value: unknown): Uint8Array {
    // msgpackr never reuses bytes it has returned (it moves on or allocates anew), so the
    // subarray is safe to keep in the cache without a copy.
    return this.packr.pack(value);
  }

  decode<T = any>(bytes: Uint8Array): T {
    return this.packr.unpack(bytes) as T;
  }

  /** Structures added since the last call, encoded for meta/structures; undefined if none. */
  takeStructuresIfChanged(): Uint8Array | undefined {
    if (!this.dirty) return undefined;
    this.dirty = false;
    return plain.pack(this.structures.map((s) => [...s]));
  }

  /** The shared structures, for decoders elsewhere (e.g. worker threads) to share. */
  get sharedStructures(): readonly unknown[][] { return this.structures; }

  static decodeStructures(bytes: Uint8Array): unknown[][] {
    return plain.unpack(bytes) as unknown[][];
  }
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';
const TYPE_CODES: ChangeType[] = ['ADDED', 'MODIFIED', 'DELETED'];

/** One journal entry: log/<rev> = {key, object (last state for a tombstone), prevRev, cause}. */
export interface LogRecord {
  key: string;
  type: ChangeType;
  prevRev: number;
  cause: string | undefined;
  /** The encoded object; for DELETED its last state (so a watcher can be told what went away). */
  object: Uint8Array;
}

export function encodeRecord(r: LogRecord): Uint8Array {
  return plain.pack([r.key, TYPE_CODES.indexOf(r.type), r.prevRev, r.cause ?? null, r.object]);
}

export function decodeRecord(bytes: Uint8Array): LogRecord {
  const a = plain.unpack(bytes) as [string, number, number, string | null, Uint8Array];
  if (!Array.isArray(a) || typeof a[0] !== 'string' || !(a[4] instanceof Uint8Array) || TYPE_CODES[a[1]] === undefined)
    throw new Error('malformed journal record');
  return { key: a[0], type: TYPE_CODES[a[1]]!, prevRev: a[2], cause: a[3] ?? undefined, object: a[4] };
}

export function encodeNumber(n: number): Uint8Array { return plain.pack(n); }
export function decodeNumber(b: Uint8Array): number {
  const n = plain.unpack(b);
  if (typeof n !== 'number') throw new Error('malformed journal metadata');
  return n;
}
