// One batch = one msgpackr message = one transferred buffer. Record structures
// are fixed and identical in every thread (registered before any worker
// starts), and `maxSharedStructures` equals their count, so no thread ever
// defines a shared structure. Between two threads, other shapes are defined in
// the stream of batches (batch-stream.ts); a batch encoded on its own (encode)
// defines them inside itself.
import { Packr } from 'msgpackr';
import { BatchStreamDecoder, BatchStreamEncoder } from './batch-stream.js';
import { EncodeError, InvalidEventError } from './errors.js';

/** Event shapes the runtime itself sends; modules may add theirs at registration. */
const BUILTIN_STRUCTURES: string[][] = [
  ['type'],
  ['type', 'value'],
  ['type', 'id'],
  ['type', 'child', 'error'],
  ['status', 'value'],
];

export class BatchCodec {
  private readonly packr: Packr;
  private readonly fixed: string[][];

  constructor(extraStructures: string[][] = []) {
    this.fixed = [...BUILTIN_STRUCTURES, ...extraStructures].map((s) => s.slice());
    this.packr = new Packr({
      structures: this.fixed.map((s) => s.slice()),
      maxSharedStructures: this.fixed.length,
      useRecords: true,
      moreTypes: false,
    });
  }

  /** Encode into a buffer of its own, so it can be transferred, not copied. */
  encode(batch: unknown[]): ArrayBuffer {
    const packed = this.packr.pack(batch) as Uint8Array;
    // msgpackr writes into a shared pool: copy out the bytes this batch owns.
    const own = new Uint8Array(packed.byteLength);
    own.set(packed);
    return own.buffer;
  }

  decode(buffer: ArrayBuffer): unknown[] {
    return this.packr.unpack(new Uint8Array(buffer)) as unknown[];
  }

  /** The sending half of a stream of batches to one peer thread. */
  encoder(): BatchStreamEncoder {
    return new BatchStreamEncoder(this.fixed);
  }

  /** The receiving half of a stream of batches from one peer thread. */
  decoder(): BatchStreamDecoder {
    return new BatchStreamDecoder(this.fixed);
  }
}

/**
 * Checks that a value survives the trip between threads unchanged, so a
 * program that works on one thread works on many. Throws EncodeError naming
 * the offending path. Cheap for the small events actors exchange.
 */
export function assertPlainData(value: unknown, path = 'event', depth = 0): void {
  // Hot path (every send): check without building paths; name the path only on failure.
  if (isPlainData(value, depth)) return;
  explainNotPlain(value, path, depth);
}

// msgpack carries integers of 64 bits at most; msgpackr throws at encode time
// beyond that, which would be at flush, after the send was accepted.
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;
const fitsMsgpackInt = (value: bigint): boolean => value >= INT64_MIN && value <= UINT64_MAX;

/** Exactly the values explainNotPlain accepts, without building a path per key. */
function isPlainData(value: unknown, depth: number): boolean {
  if (depth > 64) return false;
  switch (typeof value) {
    case 'string': case 'number': case 'boolean': case 'undefined': return true;
    case 'bigint': return fitsMsgpackInt(value);
    case 'function': case 'symbol': return false;
  }
  if (value === null) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isPlainData(value[i], depth + 1)) return false;
    return true;
  }
  if (value instanceof Date || value instanceof Uint8Array) return true;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value as Record<string, unknown>) {
    if (!isPlainData((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** Throws the EncodeError naming the first path that is not plain data. */
function explainNotPlain(value: unknown, path: string, depth: number): void {
  if (depth > 64) throw new EncodeError(path, 'a structure nested more than 64 levels (a cycle?)');
  switch (typeof value) {
    case 'string': case 'number': case 'boolean': return;
    case 'undefined': return; // dropped from objects, nil in arrays: harmless
    case 'bigint':
      if (fitsMsgpackInt(value)) return;
      throw new EncodeError(path, 'a bigint outside the 64-bit range (int64 or uint64)');
    case 'function': throw new EncodeError(path, 'a function');
    case 'symbol': throw new EncodeError(path, 'a symbol');
  }
  if (value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) explainNotPlain(value[i], `${path}[${i}]`, depth + 1);
    return;
  }
  if (value instanceof Date || value instanceof Uint8Array) return;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new EncodeError(path, `an instance of ${(value as object).constructor?.name ?? 'a class'}`);
  }
  for (const key in value as Record<string, unknown>) {
    explainNotPlain((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
  }
}

export function assertEvent(event: unknown): asserts event is { type: string } {
  if (typeof event !== 'object' || event === null || typeof (event as { type?: unknown }).type !== 'string') {
    throw new InvalidEventError(event === null ? 'null' : typeof event === 'object' ? 'an object without a string type' : typeof event);
  }
  assertPlainData(event);
}
