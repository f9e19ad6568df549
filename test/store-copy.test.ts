import t from 'tap';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ownString, ownStrings } from '../src/store/copy.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A 40-character slice of its own 200 KB string, as decoding leaves a string that lives on. */
const sliceOfBig = (i: number) => `${'x'.repeat(200_000)}${String(i).padStart(8, '0')}-0123456789abcdefghijklmnopqrstuvwxyz`.substring(200_000, 200_040);

t.test('ownString keeps the same text without the string it was cut from', async (t) => {
  for (const s of ['', 'a', 'short', 'exactly-13-ch', 'ünïcödé and 𝄞 beyond the basic plane', 'x'.repeat(5000), sliceOfBig(1)]) t.equal(ownString(s), s);
  const measure = (keep: (s: string) => string) => {
    const kept: string[] = [];
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 200; i++) kept.push(keep(sliceOfBig(i)));
    gc();
    const grew = process.memoryUsage().heapUsed - before;
    t.equal(kept.length, 200);
    return grew;
  };
  const shared = measure((s) => s);
  const own = measure(ownString);
  // 200 slices of 200 KB strings keep ~40 MB; own copies ~10 KB.
  t.ok(shared > 20e6, `slices keep their big strings (${(shared / 1e6).toFixed(1)} MB), so the measure can tell`);
  t.ok(own < 2e6, `own copies keep ${(own / 1e6).toFixed(2)} MB`);
});

t.test('ownStrings copies every string of plain objects and arrays in place', async (t) => {
  const v = { a: 'x', b: ['y', { c: 'z', n: 1 }], d: null };
  t.equal(ownStrings(v), v);
  t.same(v, { a: 'x', b: ['y', { c: 'z', n: 1 }], d: null });
});
