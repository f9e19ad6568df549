// The protobuf wire format, read-only: varints (64-bit kept exact), length-
// delimited fields, fixed32/fixed64 skipped. Groups are not supported.
// Every problem is a ProtobufError; nothing here loops without consuming input.

/** A body that cannot be decoded; the API answers it with 400 BadRequest. */
export class ProtobufError extends Error {
  override readonly name = 'ProtobufError';
  constructor(message: string) {
    super(message);
  }
}

export const enum WireType {
  Varint = 0,
  Fixed64 = 1,
  Bytes = 2,
  StartGroup = 3,
  EndGroup = 4,
  Fixed32 = 5,
}

/** One occurrence of a field in a message, as found on the wire. */
export type FieldValue =
  | { wire: WireType.Varint; value: number | bigint }
  | { wire: WireType.Bytes; value: Uint8Array }
  | { wire: WireType.Fixed32 | WireType.Fixed64; value: null };

const TWO_32 = 2 ** 32;

/**
 * Reads a varint at `pos`. Values below 2^53 come back as numbers, larger
 * ones (up to 2^64-1) as bigints. Over-long or truncated varints throw.
 */
export function readVarint(buf: Uint8Array, pos: number, end: number): { value: number | bigint; next: number } {
  let lo = 0; // bits 0..31
  let hi = 0; // bits 32..56, shifted down by 32
  let top = 0; // bits 57..63, shifted down by 57
  for (let i = 0; i < 10; i++) {
    if (pos + i >= end) throw new ProtobufError('truncated varint: the body ends in the middle of a number');
    const b = buf[pos + i]!;
    const bits = b & 0x7f;
    if (i < 4) lo |= bits << (7 * i);
    else if (i === 4) { lo |= (bits & 0x0f) << 28; hi |= bits >> 4; }
    else if (i < 8) hi |= bits << (7 * i - 32);
    else if (i === 8) { hi |= (bits & 0x01) << 24; top |= bits >> 1; }
    else {
      if (bits > 1) throw new ProtobufError('malformed varint: more than 64 bits');
      top |= bits << 6;
    }
    if ((b & 0x80) === 0) {
      lo >>>= 0;
      const high = hi >>> 0;
      if (top === 0 && high < 2 ** 21) return { value: high * TWO_32 + lo, next: pos + i + 1 };
      const big = (BigInt(top) << 57n) | (BigInt(high) << 32n) | BigInt(lo);
      return { value: big, next: pos + i + 1 };
    }
  }
  throw new ProtobufError('malformed varint: more than 10 bytes');
}

/**
 * Splits one message into its fields, checking the framing of each. Nested
 * messages are returned as byte ranges (views, not copies) and are not
 * parsed here, so unknown fields cost no recursion.
 */
export function scanMessage(buf: Uint8Array): Map<number, FieldValue[]> {
  const fields = new Map<number, FieldValue[]>();
  const end = buf.length;
  let pos = 0;
  while (pos < end) {
    const tag = readVarint(buf, pos, end);
    pos = tag.next;
    if (typeof tag.value !== 'number' || tag.value >= TWO_32) throw new ProtobufError('malformed field tag: larger than 32 bits');
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    if (field === 0) throw new ProtobufError('malformed field tag: field number 0');
    let value: FieldValue;
    switch (wire) {
      case WireType.Varint: {
        const v = readVarint(buf, pos, end);
        pos = v.next;
        value = { wire, value: v.value };
        break;
      }
      case WireType.Bytes: {
        const len = readVarint(buf, pos, end);
        pos = len.next;
        if (typeof len.value !== 'number' || len.value > end - pos) {
          throw new ProtobufError(`truncated field ${field}: its length runs past the end of the body`);
        }
        value = { wire, value: buf.subarray(pos, pos + len.value) };
        pos += len.value;
        break;
      }
      case WireType.Fixed64:
      case WireType.Fixed32: {
        const size = wire === WireType.Fixed64 ? 8 : 4;
        if (size > end - pos) throw new ProtobufError(`truncated field ${field}: fixed-width value runs past the end of the body`);
        pos += size;
        value = { wire, value: null };
        break;
      }
      case WireType.StartGroup:
      case WireType.EndGroup:
        throw new ProtobufError(`field ${field} uses protobuf groups, which are not supported`);
      default:
        throw new ProtobufError(`field ${field} has invalid wire type ${wire}`);
    }
    let list = fields.get(field);
    if (!list) fields.set(field, (list = []));
    list.push(value);
  }
  return fields;
}

/** Reads a packed run of varints (a repeated scalar sent as one length-delimited field). */
export function readPackedVarints(buf: Uint8Array): (number | bigint)[] {
  const out: (number | bigint)[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const v = readVarint(buf, pos, buf.length);
    out.push(v.value);
    pos = v.next;
  }
  return out;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function utf8(bytes: Uint8Array, what: string): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new ProtobufError(`${what}: invalid UTF-8 in a string field`);
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding, as Go's encoding/json writes []byte. */
export function base64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chunk += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
    if (chunk.length >= 8192) { parts.push(chunk); chunk = ''; }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    chunk += B64[n >> 18]! + B64[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    chunk += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + '=';
  }
  parts.push(chunk);
  return parts.join('');
}
