// The batches one thread sends another form one ordered stream (a MessagePort keeps order),
// so a record structure defined in one batch can serve every later batch of the stream
// (msgpackr's sequential mode): a pod's two dozen nested shapes are defined once per stream,
// not once per batch. Batches are small at a steady load, and one defining its structures
// cost about three times a batch that only refers to them (encode and decode, one pod each).
//
// Each buffer's first byte says whether it starts a stream. The encoder starts a new one when
// created (the peer is new) and after a batch failed to encode (msgpackr may have given
// structures ids that never reached the peer); the decoder starts over when told so.
import { Packr } from 'msgpackr';

const CONTINUES = 0;
const STARTS = 1;

/** Structures one stream keeps beyond the fixed ones; past that msgpackr reassigns the oldest ids. */
export const STREAM_STRUCTURES = 2048;

function streamPackr(fixed: readonly string[][], own: number): Packr {
  return new Packr({
    // Copies: msgpackr annotates the arrays it is given.
    structures: fixed.map((s) => s.slice()),
    maxSharedStructures: fixed.length,
    maxOwnStructures: own,
    sequential: true,
    useRecords: true,
    moreTypes: false,
  });
}

/** The sending half of one thread-to-thread stream. */
export class BatchStreamEncoder {
  private packr: Packr | undefined;

  constructor(private readonly fixed: readonly string[][], private readonly own = STREAM_STRUCTURES) {}

  /** Encode into a buffer of its own, so it can be transferred, not copied. */
  encode(batch: unknown[]): ArrayBuffer {
    const starts = this.packr === undefined;
    const packr = (this.packr ??= streamPackr(this.fixed, this.own));
    let packed: Uint8Array;
    try {
      packed = packr.pack(batch) as Uint8Array;
    } catch (e) {
      this.packr = undefined;
      throw e;
    }
    // msgpackr writes into a shared pool: copy out the bytes this batch owns, behind the flag.
    const own = new Uint8Array(packed.byteLength + 1);
    own[0] = starts ? STARTS : CONTINUES;
    own.set(packed, 1);
    return own.buffer;
  }

  /** The peer is a new one: the next batch starts a new stream. */
  restart(): void {
    this.packr = undefined;
  }
}

/** The receiving half of one thread-to-thread stream. */
export class BatchStreamDecoder {
  private packr: Packr | undefined;

  constructor(private readonly fixed: readonly string[][], private readonly own = STREAM_STRUCTURES) {}

  decode(buffer: ArrayBuffer): unknown[] {
    const bytes = new Uint8Array(buffer);
    if (bytes[0] === STARTS) this.packr = streamPackr(this.fixed, this.own);
    else if (bytes[0] !== CONTINUES || !this.packr) throw new Error(`a runtime batch out of its stream (flag ${bytes[0]}${this.packr ? '' : ', no stream started'})`);
    return this.packr.unpack(bytes.subarray(1)) as unknown[];
  }
}
