import t from 'tap';
import {
  ERR_FORMAT_WRONG,
  ERR_SUFFIX,
  addQuantities,
  canonicalQuantity,
  compareQuantities,
  formatQuantity,
  parseQuantity,
  scaledValue,
  tryParseQuantity,
} from '../src/api/quantity.js';

t.test('parse: exact values (as nano units) and canonical forms', async (t) => {
  // [input, value × 10^9, canonical String()]
  const table: [string, bigint, string][] = [
    ['0', 0n, '0'],
    ['1', 1_000_000_000n, '1'],
    ['100m', 100_000_000n, '100m'],
    ['0.1', 100_000_000n, '100m'],
    ['.5', 500_000_000n, '500m'],
    ['1.5', 1_500_000_000n, '1500m'],
    ['1.', 1_000_000_000n, '1'],
    ['2Ki', 2048n * 10n ** 9n, '2Ki'],
    ['1Gi', 1073741824n * 10n ** 9n, '1Gi'],
    ['1.5Gi', 1610612736n * 10n ** 9n, '1536Mi'],
    ['0.5Gi', 536870912n * 10n ** 9n, '512Mi'],
    ['500Mi', 524288000n * 10n ** 9n, '500Mi'],
    ['1024Mi', 1073741824n * 10n ** 9n, '1Gi'],
    ['1000Ki', 1024000n * 10n ** 9n, '1000Ki'],
    ['100Ki', 102400n * 10n ** 9n, '100Ki'],
    ['0.5Ki', 512n * 10n ** 9n, '512'], // below 1024: printed in decimal
    ['1e3', 1000n * 10n ** 9n, '1e3'],
    ['1E3', 1000n * 10n ** 9n, '1e3'],
    ['1.5e3', 1500n * 10n ** 9n, '1500'],
    ['1e-3', 1_000_000n, '1e-3'],
    ['1500', 1500n * 10n ** 9n, '1500'],
    ['2000', 2000n * 10n ** 9n, '2k'],
    ['1k', 1000n * 10n ** 9n, '1k'],
    ['1M', 10n ** 15n, '1M'],
    ['12E', 12n * 10n ** 27n, '12E'],
    ['0.0001', 100_000n, '100u'],
    ['1n', 1n, '1n'],
    ['0.1n', 1n, '1n'], // rounded up to one nano unit
    ['-0.1n', -1n, '-1n'],
    ['-1.5', -1_500_000_000n, '-1500m'],
    ['+7', 7_000_000_000n, '7'],
    ['007', 7_000_000_000n, '7'],
    ['1.1Ki', 11264n * 10n ** 8n, '1126400m'], // 1126.4: not whole, so decimal
    ['8Ei', ((1n << 63n) - 1n) * 10n ** 9n, '9223372036854775807'], // capped at 2^63-1
  ];
  for (const [input, nanos, canonical] of table) {
    const q = parseQuantity(input);
    t.equal(scaledValue(q, -9), nanos, `${input} value`);
    t.equal(formatQuantity(q), canonical, `${input} canonical`);
  }
});

t.test('parse: invalid strings fail with Kubernetes messages', async (t) => {
  const table: [string, string][] = [
    ['', ERR_FORMAT_WRONG],
    ['abc', ERR_FORMAT_WRONG],
    ['1.5.5', ERR_FORMAT_WRONG],
    ['1 2', ERR_FORMAT_WRONG],
    ['5Mx', ERR_FORMAT_WRONG],
    ['1ki', ERR_SUFFIX],
    ['1e', ERR_SUFFIX],
    ['1Mb', ERR_FORMAT_WRONG],
    ['1KiB', ERR_FORMAT_WRONG],
    ['1Kii', ERR_SUFFIX],
    ['1ee3', ERR_SUFFIX],
  ];
  for (const [input, message] of table) {
    t.throws(() => parseQuantity(input), { name: 'QuantityError', message }, JSON.stringify(input));
    t.equal(tryParseQuantity(input), message, `try ${JSON.stringify(input)}`);
  }
  t.equal(ERR_FORMAT_WRONG, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
});

t.test('compare and add are exact (no floats)', async (t) => {
  const P = parseQuantity;
  // [a, b, a ⋚ b]
  const cmp: [string, string, number][] = [
    ['100m', '0.1', 0],
    ['1Gi', '1073741824', 0],
    ['1G', '1Gi', -1],
    ['128Mi', '500Mi', -1],
    ['1e3', '1k', 0],
    ['0.3', '300m', 0],
    ['1n', '0', 1],
    ['-1', '0', -1],
    ['-2', '-1', -1],
    ['1e30', '1', 1],
    ['999999999999999999999', '1e21', -1],
  ];
  for (const [a, b, want] of cmp) t.equal(compareQuantities(P(a), P(b)), want, `${a} vs ${b}`);
  // 0.1 + 0.2 is 0.3 exactly (floats say 0.30000000000000004)
  const sum = addQuantities(P('0.1'), P('0.2'));
  t.equal(compareQuantities(sum, P('0.3')), 0);
  t.equal(formatQuantity(sum), '300m');
  t.equal(formatQuantity(addQuantities(P('1Gi'), P('512Mi'))), '1536Mi');
  t.equal(scaledValue(P('100m'), -3), 100n, 'MilliValue');
  t.equal(scaledValue(P('1.0001'), 0), 2n, 'Value rounds up');
});

t.test('canonicalQuantity accepts JSON numbers and trims strings', async (t) => {
  const table: [unknown, string | undefined][] = [
    [0.5, '500m'],
    [2, '2'],
    [1e21, '1e21'],
    [' 64Mi ', '64Mi'],
    ['bad', undefined],
    [null, undefined],
  ];
  for (const [input, want] of table) t.equal(canonicalQuantity(input), want, String(input));
});
