// msgpackr encoding. Objects use shared record structures that live in the journal
// (meta/structures): new structures are collected here and written in the same LevelDB batch as
// the first record that could reference them, so a durable record can always be decoded.
// One writer per journal makes this safe.
import { Packr, RESERVE_START_SPACE, REUSE_BUFFER_MODE } from 'msgpackr';

/** Plain msgpack (no records) for journal envelopes and metadata values. */
const plain = new Packr({ useRecords: false, moreTypes: false });

export class ObjectCodec {
  private structures: unknown[][];
  private dirty = false;
  private readonly packr: Packr;

  constructor(saved: unknown[][] | undefined) {
    this.structures = saved ?? [];
    this.packr = new Packr({
      // The saved structures are loaded through getStructures on first use, not given as
      // `structures`: msgpackr marks the ids past the 32nd as two-byte only when it loads them,
      // and without the mark a reopened journal read those records a byte off (undecodable).
      maxSharedStructures: 1000,
      getStructures: () => this.structures as any,
      saveStructures: (s: unknown[][]) => { this.structures = s; this.dirty = true; return true; },
    } as any);
  }

  /**
   * Encode `value` once, straight into its journal record: the record's envelope (see
   * encodeRecord) is written in front of the object's bytes in msgpackr's own buffer, so the
   * object is neither encoded twice nor copied. `encoded` (the object alone, for the cache, the
   * router and watchers) is a view into `record`.
   */
  encodeWithRecord(key: string, type: ChangeType, prevRev: number, cause: string | undefined, value: unknown): { encoded: Uint8Array; record: Uint8Array } {
    const head = envelopeHead(key, type, prevRev, cause);
    // The bin header's size depends on the object's length; reserve the largest (5 bytes).
    const reserve = head + 5;
    if (reserve > 0xff) {
      const encoded = this.encode(value);
      return { encoded, record: encodeRecord({ key, type, prevRev, cause, object: encoded }) };
    }
    // REUSE_BUFFER_MODE: msgpackr's whole buffer with the value at [start, end), rather than a
    // view of its own that would only be dropped; a view when new structures were saved.
    const out = this.packr.pack(value, REUSE_BUFFER_MODE | RESERVE_START_SPACE | reserve) as Uint8Array & { start?: number; end?: number };
    const from = out.start ?? 0, to = out.end ?? out.length;
    const objectAt = from + reserve;
    const length = to - objectAt;
    const bin = length < 0x100 ? 2 : length < 0x10000 ? 3 : 5;
    const start = objectAt - head - bin;
    for (let i = 0; i < head; i++) out[start + i] = scratch[i]!;
    let p = start + head;
    if (bin === 2) { out[p++] = 0xc4; out[p] = length; }
    else if (bin === 3) { out[p++] = 0xc5; out[p++] = length >>> 8; out[p] = length & 0xff; }
    else { out[p++] = 0xc6; out[p++] = length >>> 24; out[p++] = (length >>> 16) & 0xff; out[p++] = (length >>> 8) & 0xff; out[p] = length & 0xff; }
    return { encoded: out.subarray(objectAt, to), record: out.subarray(start, to) };
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

/**
 * Decodes what an ObjectCodec encoded, on any thread, given that codec's shared structures
 * as they grow (append-only; ids never change). A structure it has not seen yet is looked up
 * in `structures()` when first met.
 */
export class SharedStructuresDecoder {
  private readonly packr: Packr;

  constructor(structures: () => readonly unknown[][]) {
    this.packr = new Packr({
      structures: [],
      maxSharedStructures: 1000,
      // msgpackr annotates and truncates the list it is given: a copy of the entries each time.
      getStructures: () => structures().map((s) => [...s]),
    } as any);
  }

  decode<T = any>(bytes: Uint8Array): T {
    return this.packr.unpack(bytes) as T;
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

// The envelope is written by hand for encodeWithRecord: msgpack's fixarray(5), the key, the
// type code, prevRev and cause, then (written after the object is packed) the object as bin.
// Byte for byte what encodeRecord produces for short strings; decodeRecord reads both.
const scratch = new Uint8Array(1024);
const utf8 = new TextEncoder();
const scratchView = new DataView(scratch.buffer);

/** Writes a msgpack str at `p` in `scratch`; returns the new position, or -1 if it does not fit. */
function writeStr(s: string, p: number): number {
  const n = s.length;
  if (p + 3 + n * 3 > scratch.length) return -1;
  // The body goes after room for the largest header, then moves next to the header it gets.
  const body = p + 3;
  let len = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) { len = utf8.encodeInto(s, scratch.subarray(body)).written; break; }
    scratch[body + i] = c;
  }
  if (len < 0x20) { scratch[p] = 0xa0 | len; scratch.copyWithin(p + 1, body, body + len); return p + 1 + len; }
  if (len < 0x100) { scratch[p] = 0xd9; scratch[p + 1] = len; scratch.copyWithin(p + 2, body, body + len); return p + 2 + len; }
  scratch[p] = 0xda; scratch[p + 1] = len >>> 8; scratch[p + 2] = len & 0xff;
  return body + len;
}

function writeUint(n: number, p: number): number {
  if (n < 0x80) scratch[p++] = n;
  else if (n < 0x100) { scratch[p++] = 0xcc; scratch[p++] = n; }
  else if (n < 0x10000) { scratch[p++] = 0xcd; scratchView.setUint16(p, n); p += 2; }
  else if (n <= 0xffffffff) { scratch[p++] = 0xce; scratchView.setUint32(p, n); p += 4; }
  else { scratch[p++] = 0xcb; scratchView.setFloat64(p, n); p += 8; }
  return p;
}

/** Writes the envelope up to (not including) the object's bin header into `scratch`; returns its length (> 0xff: too long). */
function envelopeHead(key: string, type: ChangeType, prevRev: number, cause: string | undefined): number {
  scratch[0] = 0x95;
  let p = writeStr(key, 1);
  if (p < 0 || p > 0xf0) return 0x100;
  scratch[p++] = type === 'ADDED' ? 0 : type === 'MODIFIED' ? 1 : 2;
  p = writeUint(prevRev, p);
  if (cause === undefined) scratch[p++] = 0xc0;
  else { p = writeStr(cause, p); if (p < 0) return 0x100; }
  return p;
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
