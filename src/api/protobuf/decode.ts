// Kubernetes protobuf bodies to the JSON objects the rest of the API works on.
//
// A body is the 4-byte prefix "k8s\0" and a runtime.Unknown message
// {typeMeta{apiVersion, kind}, raw, contentEncoding, contentType}; `raw` is
// the object in its generated.proto encoding. The output is what the same
// object would have been as JSON: zero-valued omitempty fields left out,
// empty structs as {}, Time as RFC 3339, IntOrString as a number or string,
// Quantity as its string, []byte as base64.
import { parseJsonStrict, StrictJsonError } from '../strict-json.js';
import { MESSAGES, SCALARS, TOP_LEVEL, type FieldSpec, type MessageSpec } from './schema.js';
import { ProtobufError, WireType, base64, readPackedVarints, scanMessage, utf8, type FieldValue } from './wire.js';

/** The Content-Type of a Kubernetes protobuf body. */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** The deepest nesting of messages accepted (real objects stay well under 20). */
export const MAX_DEPTH = 64;

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

/** True when the Content-Type (parameters ignored) is Kubernetes protobuf. */
export function isProtobuf(contentType: string | null): boolean {
  if (!contentType) return false;
  return contentType.split(';')[0]!.trim().toLowerCase() === PROTOBUF_MEDIA_TYPE;
}

export interface DecodedObject {
  apiVersion: string;
  kind: string;
  /** The object as JSON would have carried it, apiVersion and kind included. */
  object: Record<string, unknown>;
}

/**
 * Decodes a Kubernetes protobuf body. Throws ProtobufError for bytes that are
 * not a well-formed body and for kinds this decoder has no schema for.
 */
export function decodeKubernetesProtobuf(bytes: Uint8Array): DecodedObject {
  if (bytes.length < MAGIC.length || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new ProtobufError('the body is not Kubernetes protobuf: it does not start with the "k8s\\x00" prefix');
  }
  const envelope = scan(bytes.subarray(MAGIC.length), 'the protobuf envelope');
  const typeMetaChunks = chunksOf(envelope.get(1), 'typeMeta');
  const typeMeta = mergeScan(typeMetaChunks, 'typeMeta');
  const apiVersion = lastString(typeMeta.get(1), 'typeMeta.apiVersion');
  const kind = lastString(typeMeta.get(2), 'typeMeta.kind');
  const encoding = lastString(envelope.get(3), 'contentEncoding');
  const contentType = lastString(envelope.get(4), 'contentType');
  if (encoding !== '') throw new ProtobufError(`the protobuf envelope's contentEncoding "${encoding}" is not supported`);
  if (contentType !== '' && contentType !== PROTOBUF_MEDIA_TYPE) {
    throw new ProtobufError(`the protobuf envelope's contentType "${contentType}" is not supported`);
  }
  if (kind === '') throw new ProtobufError('the protobuf envelope names no kind (typeMeta.kind is empty)');
  const raw = chunksOf(envelope.get(2), 'raw');

  let messageName: string | undefined;
  if (kind === 'DeleteOptions') messageName = 'DeleteOptions'; // sent under every group's version
  else messageName = TOP_LEVEL.get(`${apiVersion}/${kind}`);
  if (messageName === undefined) {
    const knownElsewhere = [...TOP_LEVEL.keys()].some((k) => k.endsWith(`/${kind}`));
    const where = knownElsewhere ? ` in ${apiVersion || 'an empty apiVersion'}` : '';
    throw new ProtobufError(`protobuf bodies of kind ${kind}${where} are not supported; send application/json`);
  }
  const body = decodeMessage(MESSAGES.get(messageName)!, raw, kind, 1);
  const object: Record<string, unknown> = { apiVersion, kind };
  for (const [k, v] of Object.entries(body)) setKey(object, k, v);
  return { apiVersion, kind, object };
}

// ---- messages

const OMIT = Symbol('omit');
type Value = unknown | typeof OMIT;

function scan(bytes: Uint8Array, path: string): Map<number, FieldValue[]> {
  try {
    return scanMessage(bytes);
  } catch (err) {
    if (err instanceof ProtobufError) throw new ProtobufError(`${path}: ${err.message}`);
    throw err;
  }
}

/** Several occurrences of one message field merge, as protobuf defines. */
function mergeScan(chunks: Uint8Array[], path: string): Map<number, FieldValue[]> {
  if (chunks.length === 1) return scan(chunks[0]!, path);
  const merged = new Map<number, FieldValue[]>();
  for (const chunk of chunks) {
    for (const [n, values] of scan(chunk, path)) {
      const list = merged.get(n);
      if (list) list.push(...values);
      else merged.set(n, values);
    }
  }
  return merged;
}

function decodeMessage(spec: MessageSpec, chunks: Uint8Array[], path: string, depth: number): Record<string, unknown> {
  if (depth > MAX_DEPTH) throw new ProtobufError(`${path}: messages nested deeper than ${MAX_DEPTH} levels`);
  const fields = mergeScan(chunks, path);
  const out: Record<string, unknown> = {};
  for (const f of spec.fields) {
    const occurrences = fields.get(f.number);
    if (!occurrences) continue;
    const value = fieldValue(f, occurrences, `${path}.${f.name}`, depth);
    if (value === OMIT) continue;
    if (f.inline) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) setKey(out, k, v);
    } else {
      setKey(out, f.name, value);
    }
  }
  return out;
}

function fieldValue(f: FieldSpec, occ: FieldValue[], path: string, depth: number): Value {
  if (f.map) return mapValue(f.map, occ, path, depth);
  if (f.repeated) {
    const items: unknown[] = [];
    for (let i = 0; i < occ.length; i++) {
      const o = occ[i]!;
      const at = `${path}[${items.length}]`;
      if (SCALARS.has(f.type)) {
        if (o.wire === WireType.Bytes && (f.type === 'int32' || f.type === 'int64' || f.type === 'bool')) {
          for (const v of readPacked(o.value, at)) items.push(scalar(f.type, { wire: WireType.Varint, value: v }, at));
        } else {
          items.push(scalar(f.type, o, at));
        }
      } else {
        const v = messageOrSpecial(f.type, [bytesOf(o, at)], at, depth);
        // A zero Time in a list is null in JSON; keep the slot.
        items.push(v === OMIT ? null : v);
      }
    }
    return items.length ? items : OMIT;
  }
  if (SCALARS.has(f.type)) {
    const v = scalar(f.type, occ[occ.length - 1]!, path);
    if (!f.keep && (v === '' || v === 0 || v === false)) return OMIT;
    return v;
  }
  return messageOrSpecial(f.type, occ.map((o) => bytesOf(o, path)), path, depth);
}

function messageOrSpecial(type: string, chunks: Uint8Array[], path: string, depth: number): Value {
  switch (type) {
    case 'Time': return time(mergeScan(chunks, path), path, false);
    case 'MicroTime': return time(mergeScan(chunks, path), path, true);
    case 'IntOrString': return intOrString(mergeScan(chunks, path), path);
    case 'Quantity': {
      const s = lastString(mergeScan(chunks, path).get(1), path);
      return s === '' ? '0' : s;
    }
    case 'RawJSON': return rawJson(mergeScan(chunks, path), path);
    default: return decodeMessage(MESSAGES.get(type)!, chunks, path, depth + 1);
  }
}

function mapValue(valueType: 'string' | 'bytes' | 'Quantity', occ: FieldValue[], path: string, depth: number): Value {
  if (depth + 1 > MAX_DEPTH) throw new ProtobufError(`${path}: messages nested deeper than ${MAX_DEPTH} levels`);
  const out: Record<string, unknown> = {};
  for (const o of occ) {
    const entry = scan(bytesOf(o, path), path);
    const key = lastString(entry.get(1), `${path} key`);
    const at = `${path}[${JSON.stringify(key)}]`;
    const raw = entry.get(2);
    let value: unknown;
    if (valueType === 'string') value = lastString(raw, at);
    else if (valueType === 'bytes') value = raw ? base64(bytesOf(raw[raw.length - 1]!, at)) : '';
    else value = raw ? messageOrSpecial('Quantity', raw.map((r) => bytesOf(r, at)), at, depth + 1) : '0';
    setKey(out, key, value);
  }
  return out;
}

// ---- scalars

function wireName(w: WireType): string {
  return w === WireType.Varint ? 'varint' : w === WireType.Bytes ? 'length-delimited' : w === WireType.Fixed32 ? 'fixed32' : 'fixed64';
}

function bytesOf(o: FieldValue, path: string): Uint8Array {
  if (o.wire !== WireType.Bytes) throw new ProtobufError(`${path}: expected a length-delimited field, got ${wireName(o.wire)}`);
  return o.value;
}

function readPacked(bytes: Uint8Array, path: string): (number | bigint)[] {
  try {
    return readPackedVarints(bytes);
  } catch (err) {
    if (err instanceof ProtobufError) throw new ProtobufError(`${path}: ${err.message}`);
    throw err;
  }
}

function scalar(type: string, o: FieldValue, path: string): string | number | boolean {
  if (type === 'string') return utf8(bytesOf(o, path), path);
  if (type === 'bytes') return base64(bytesOf(o, path));
  if (o.wire !== WireType.Varint) throw new ProtobufError(`${path}: expected a varint field, got ${wireName(o.wire)}`);
  const v = o.value;
  if (type === 'bool') return v !== 0 && v !== 0n;
  if (type === 'int32') {
    // Go keeps the low 32 bits; negative values arrive sign-extended to 64.
    if (typeof v === 'number' && v <= 0x7fffffff) return v;
    return Number(BigInt.asIntN(32, BigInt(v)));
  }
  // int64
  if (typeof v === 'number') return v;
  const signed = BigInt.asIntN(64, v);
  if (signed < BigInt(Number.MIN_SAFE_INTEGER) || signed > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ProtobufError(`${path}: the integer ${signed} is too large to represent exactly`);
  }
  return Number(signed);
}

function lastString(occ: FieldValue[] | undefined, path: string): string {
  if (!occ) return '';
  return scalar('string', occ[occ.length - 1]!, path) as string;
}

function lastInt(occ: FieldValue[] | undefined, type: 'int32' | 'int64', path: string): number | undefined {
  if (!occ) return undefined;
  return scalar(type, occ[occ.length - 1]!, path) as number;
}

function chunksOf(occ: FieldValue[] | undefined, path: string): Uint8Array[] {
  return occ ? occ.map((o) => bytesOf(o, path)) : [new Uint8Array(0)];
}

// ---- types with their own JSON form

/** Seconds of 0001-01-01T00:00:00Z, Go's zero time. */
const GO_ZERO_TIME = -62135596800;
const MAX_TIME = 253402300799; // 9999-12-31T23:59:59Z

function time(fields: Map<number, FieldValue[]>, path: string, micro: boolean): Value {
  const seconds = lastInt(fields.get(1), 'int64', `${path}.seconds`);
  const nanos = lastInt(fields.get(2), 'int32', `${path}.nanos`) ?? 0;
  if (seconds === undefined && nanos === 0) return OMIT; // the zero time: null in JSON
  const s = seconds ?? 0;
  if (s === GO_ZERO_TIME && nanos === 0) return OMIT;
  if (s < GO_ZERO_TIME || s > MAX_TIME) throw new ProtobufError(`${path}: seconds ${s} is outside the years 0001 to 9999`);
  if (nanos < 0 || nanos > 999_999_999) throw new ProtobufError(`${path}: nanos ${nanos} is outside 0 to 999999999`);
  const iso = new Date(s * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z for years 0001..9999
  const base = iso.slice(0, 19);
  if (!micro) return `${base}Z`;
  return `${base}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
}

function intOrString(fields: Map<number, FieldValue[]>, path: string): Value {
  const type = lastInt(fields.get(1), 'int64', `${path}.type`) ?? 0;
  if (type === 0) return lastInt(fields.get(2), 'int32', `${path}.intVal`) ?? 0;
  if (type === 1) return lastString(fields.get(3), `${path}.strVal`);
  throw new ProtobufError(`${path}: IntOrString type ${type} is neither 0 (int) nor 1 (string)`);
}

function rawJson(fields: Map<number, FieldValue[]>, path: string): Value {
  const occ = fields.get(1);
  if (!occ) return OMIT;
  const bytes = bytesOf(occ[occ.length - 1]!, path);
  if (bytes.length === 0) return OMIT;
  try {
    return parseJsonStrict(bytes).value;
  } catch (err) {
    if (err instanceof StrictJsonError) throw new ProtobufError(`${path}: the embedded JSON is invalid: ${err.message}`);
    throw err;
  }
}

/** Sets a key as an own property, "__proto__" included. */
function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}
