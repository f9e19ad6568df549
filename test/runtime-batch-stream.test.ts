// The stream of batches between two threads (src/runtime/batch-stream.ts): structures defined
// once serve later batches; ids reassigned past the stream's limit still decode right; a new
// stream (a new peer, or after a batch failed to encode) starts over on both ends; a decoder
// never confuses a batch out of its stream for one in it.
import t from 'tap';
import { BatchStreamDecoder, BatchStreamEncoder } from '../src/runtime/batch-stream.js';
import { BatchCodec } from '../src/runtime/codec.js';

const FIXED = [['type'], ['type', 'value']];

/** A seeded generator of objects of many shapes (keys from a small alphabet, nested). */
function shapes(seed: number) {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const keys = 'abcdefghijklmnop'.split('');
  const obj = (depth: number): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    const n = 1 + Math.floor(rnd() * 4);
    for (let i = 0; i < n; i++) {
      const k = keys[Math.floor(rnd() * keys.length)]!;
      o[k] = depth > 0 && rnd() < 0.3 ? obj(depth - 1) : rnd() < 0.5 ? `v${Math.floor(rnd() * 100)}` : Math.floor(rnd() * 1000);
    }
    return o;
  };
  return () => Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => (rnd() < 0.2 ? { type: 't', value: obj(2) } : obj(3)));
}

t.test('batches of many shapes decode as sent, within and past the structures a stream keeps', async (t) => {
  for (const own of [4, 64, 2048]) {
    const enc = new BatchStreamEncoder(FIXED, own), dec = new BatchStreamDecoder(FIXED, own);
    const next = shapes(own);
    let wrong = 0;
    for (let i = 0; i < 3000; i++) {
      const batch = next();
      if (JSON.stringify(dec.decode(enc.encode(batch))) !== JSON.stringify(batch)) wrong++;
    }
    t.equal(wrong, 0, `3,000 batches through a stream keeping ${own} structures`);
  }
});

t.test('a shape is defined once per stream: later batches carry only references to it', async (t) => {
  const codec = new BatchCodec(FIXED);
  const enc = codec.encoder(), dec = codec.decoder();
  const pod = (i: number) => ({ type: 'pod.updated', pod: { metadata: { name: `p${i}`, namespace: 'default', labels: { app: 'web' } }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] } } });
  const first = enc.encode([pod(1)]), second = enc.encode([pod(2)]);
  t.ok(second.byteLength < first.byteLength * 0.6, `the second batch (${second.byteLength} B) is much smaller than the first (${first.byteLength} B)`);
  t.same(dec.decode(first), [pod(1)]);
  t.same(dec.decode(second), [pod(2)]);
  t.same(codec.decode(codec.encode([pod(3)])), [pod(3)], 'a batch encoded on its own still carries its own definitions');
});

t.test('a new stream: after the encoder restarts, a decoder that saw the old one and one that did not both read it', async (t) => {
  const enc = new BatchStreamEncoder(FIXED);
  const old = new BatchStreamDecoder(FIXED);
  t.same(old.decode(enc.encode([{ x: 1, y: 2 }])), [{ x: 1, y: 2 }]);
  t.throws(() => new BatchStreamDecoder(FIXED).decode(enc.encode([{ x: 3, y: 4 }])), /out of its stream.*no stream started/, 'the middle of a stream, to a decoder that never saw its start');
  enc.restart();
  const batch = enc.encode([{ x: 5, y: 6 }, { z: 7 }]);
  t.same(old.decode(batch), [{ x: 5, y: 6 }, { z: 7 }], 'the old decoder starts over');
  t.throws(() => old.decode(new Uint8Array([9, 0x90]).buffer), /out of its stream \(flag 9\)/);
});

t.test('a batch that failed to encode: the next starts a new stream, so structures it named are not assumed', async (t) => {
  const enc = new BatchStreamEncoder(FIXED), dec = new BatchStreamDecoder(FIXED);
  t.same(dec.decode(enc.encode([{ a: 1 }])), [{ a: 1 }]);
  // A new shape first, then a value msgpack cannot carry (an integer past 64 bits): the pack throws
  // after the shape had an id, and the buffer naming it is never sent.
  t.throws(() => enc.encode([{ fresh: 1, shape: 2 }, { big: 2n ** 70n }]));
  const after = enc.encode([{ fresh: 3, shape: 4 }, { a: 5 }]);
  t.equal(new Uint8Array(after)[0], 1, 'the next batch starts a stream');
  t.same(dec.decode(after), [{ fresh: 3, shape: 4 }, { a: 5 }]);
  t.same(dec.decode(enc.encode([{ fresh: 6, shape: 7 }])), [{ fresh: 6, shape: 7 }], 'and goes on from there');
});
