// The pure pieces of /metrics, in tables: bucket search, cumulative buckets,
// merging threads' snapshots, names, the families built from stats; and the
// Reconciler's meter (queue depth back to zero, one wait and one duration per run).
import t from 'tap';
import { Reconciler, reconcileMeter } from '../actors/client.js';
import { COUNT_BUCKETS, FixedHistogram, SECONDS_BUCKETS, ThreadMetrics, bucketIndex, cumulativeBuckets, mergeHistograms } from '../src/metrics/histogram.js';
import { histogramValues, metricFamilies, promName, threadFamilies } from '../src/metrics/exposition.js';

t.test('bucketIndex: the first bound ≥ value, else +Inf', async (t) => {
  const bounds = [1, 2, 4];
  const cases: [value: number, index: number][] = [
    [-1, 0], [0, 0], [1, 0], [1.5, 1], [2, 1], [3, 2], [4, 2], [4.0001, 3], [1e9, 3], [Infinity, 3], [NaN, 3],
  ];
  for (const [v, i] of cases) t.equal(bucketIndex(bounds, v), i, `${v} → ${i}`);
  t.equal(bucketIndex([], 5), 0, 'no bounds: everything is +Inf');
  for (let i = 0; i < SECONDS_BUCKETS.length; i++) t.equal(bucketIndex(SECONDS_BUCKETS, SECONDS_BUCKETS[i]!), i, `le is inclusive at ${SECONDS_BUCKETS[i]}`);
  t.equal(bucketIndex(COUNT_BUCKETS, 1000), COUNT_BUCKETS.indexOf(1024));
});

t.test('FixedHistogram: counts, sum, cumulative buckets', async (t) => {
  const cases: [observed: number[], cumulative: number[], sum: number][] = [
    [[], [0, 0, 0, 0], 0],
    [[0.5], [1, 1, 1, 1], 0.5],
    [[1, 2, 3, 100], [1, 2, 3, 4], 106],
    [[5, 5], [0, 0, 0, 2], 10],
  ];
  for (const [observed, cumulative, sum] of cases) {
    const h = new FixedHistogram([1, 2, 4]);
    for (const v of observed) h.observe(v);
    const s = h.snapshot();
    t.same(cumulativeBuckets(s), [{ le: 1, count: cumulative[0] }, { le: 2, count: cumulative[1] }, { le: 4, count: cumulative[2] }, { le: Infinity, count: cumulative[3] }], `${observed}`);
    t.equal(s.count, observed.length);
    t.equal(s.sum, sum);
  }
  t.throws(() => new FixedHistogram([1, 1]), RangeError, 'bounds must increase');
  t.throws(() => new FixedHistogram([2, 1]), RangeError);
});

t.test('mergeHistograms: sums per bucket; different buckets refuse', async (t) => {
  const a = new FixedHistogram([1, 2]); a.observe(1); a.observe(3);
  const b = new FixedHistogram([1, 2]); b.observe(2);
  t.same(mergeHistograms([a.snapshot(), b.snapshot()]), { bounds: [1, 2], counts: [1, 1, 1], sum: 6, count: 3 });
  t.same(mergeHistograms([a.snapshot()]), a.snapshot(), 'one part: itself');
  t.equal(mergeHistograms([]), undefined);
  t.throws(() => mergeHistograms([a.snapshot(), new FixedHistogram([1, 3]).snapshot()]), RangeError);
  const snap = a.snapshot();
  mergeHistograms([snap, b.snapshot()]);
  t.same(snap.counts, [1, 0, 1], 'the inputs are left alone');
});

t.test('promName: what Prometheus allows', async (t) => {
  const cases: [string, string][] = [
    ['reconcile_duration_seconds', 'reconcile_duration_seconds'],
    ['node-lifecycle', 'node_lifecycle'],
    ['a.b/c', 'a_b_c'],
    ['9lives', '_9lives'],
    ['ns:metric', 'ns:metric'],
  ];
  for (const [raw, name] of cases) t.equal(promName(raw), name, raw);
});

t.test('histogramValues: _bucket with le (+Inf last), _sum, _count', async (t) => {
  const h = new FixedHistogram([0.1, 1]); h.observe(0.05); h.observe(2);
  t.same(histogramValues('x', { controller: 'd' }, h.snapshot()), [
    { metricName: 'x_bucket', labels: { controller: 'd', le: 0.1 }, value: 1 },
    { metricName: 'x_bucket', labels: { controller: 'd', le: 1 }, value: 1 },
    { metricName: 'x_bucket', labels: { controller: 'd', le: '+Inf' }, value: 2 },
    { metricName: 'x_sum', labels: { controller: 'd' }, value: 2.05 },
    { metricName: 'x_count', labels: { controller: 'd' }, value: 2 },
  ]);
});

t.test('threadFamilies: histograms and gauges merged over threads, per label', async (t) => {
  const t1 = new ThreadMetrics(), t2 = new ThreadMetrics();
  t1.histogram('reconcile_duration_seconds', 'deployment', [1]).observe(0.5);
  t2.histogram('reconcile_duration_seconds', 'deployment', [1]).observe(2);
  t2.histogram('reconcile_duration_seconds', 'replicaset', [1]).observe(0.1);
  t1.gauge('reconcile_queue_depth', 'deployment').value = 2;
  t2.gauge('reconcile_queue_depth', 'deployment').value = 1;
  t.equal(t1.histogram('reconcile_duration_seconds', 'deployment'), t1.histogram('reconcile_duration_seconds', 'deployment'), 'one instance per (name, label)');
  const families = threadFamilies([{ metrics: t1.snapshot() }, { metrics: t2.snapshot() }, {}]);
  t.same(families.map((f) => [f.name, f.type]), [['cybernetes_reconcile_duration_seconds', 'histogram'], ['cybernetes_reconcile_queue_depth', 'gauge']]);
  const count = (controller: string) => families[0]!.values.find((v) => v.metricName?.endsWith('_count') && v.labels.controller === controller)!.value;
  t.equal(count('deployment'), 2);
  t.equal(count('replicaset'), 1);
  t.same(families[1]!.values, [{ labels: { controller: 'deployment' }, value: 3 }]);
  t.same(threadFamilies([]), []);
});

t.test('metricFamilies: names, types and labels from the stats', async (t) => {
  const empty = new FixedHistogram(COUNT_BUCKETS).snapshot();
  const families = metricFamilies({
    runtime: { workerRestarts: 1, threads: [
      { thread: 0, actors: 2, delivered: 10, mailboxDepth: 0, restarts: 0, escalations: 0, deadLetters: 1 },
      { thread: 1, actors: 7, delivered: 90, mailboxDepth: 3, restarts: 1, escalations: 0, deadLetters: 0 },
    ] },
    journal: { commitSeconds: new FixedHistogram().snapshot(), batchRecords: empty, fanoutActors: empty, fanoutWatchers: empty, watchers: 4, subscriptions: 9, revision: 42 },
    apiserver: { inflight: { readonly: 1, mutating: 0, 'long-running': 2 }, rejected: { readonly: 0, mutating: 5, 'long-running': 0 }, limits: { readonly: 400, mutating: 200, 'long-running': 1000 }, slowWatchesCut: 3 },
  });
  const byName = new Map(families.map((f) => [f.name, f]));
  const table: [name: string, type: string, labels: Record<string, string | number>, value: number][] = [
    ['cybernetes_actors', 'gauge', { thread: '1' }, 7],
    ['cybernetes_runtime_mailbox_depth', 'gauge', { thread: '1' }, 3],
    ['cybernetes_runtime_messages_delivered_total', 'counter', { thread: '0' }, 10],
    ['cybernetes_runtime_dead_letters_total', 'counter', { thread: '0' }, 1],
    ['cybernetes_runtime_worker_restarts_total', 'counter', {}, 1],
    ['cybernetes_watchers', 'gauge', {}, 4],
    ['cybernetes_router_subscriptions', 'gauge', {}, 9],
    ['cybernetes_journal_revision', 'gauge', {}, 42],
    ['cybernetes_apiserver_inflight_requests', 'gauge', { class: 'long-running' }, 2],
    ['cybernetes_apiserver_rejected_requests_total', 'counter', { class: 'mutating' }, 5],
    ['cybernetes_apiserver_inflight_limit', 'gauge', { class: 'readonly' }, 400],
    ['cybernetes_apiserver_slow_watches_cut_total', 'counter', {}, 3],
  ];
  for (const [name, type, labels, value] of table) {
    const f = byName.get(name);
    t.equal(f?.type, type, `${name} type`);
    t.equal(f?.values.find((v) => JSON.stringify(v.labels) === JSON.stringify(labels))?.value, value, `${name} ${JSON.stringify(labels)}`);
  }
  for (const name of ['cybernetes_journal_commit_duration_seconds', 'cybernetes_journal_batch_records', 'cybernetes_watch_fanout']) t.equal(byName.get(name)?.type, 'histogram', name);
  t.same(byName.get('cybernetes_watch_fanout')!.values.filter((v) => v.metricName?.endsWith('_count')).map((v) => v.labels.to), ['actors', 'watchers']);
  for (const f of families) t.match(f.name, /^cybernetes_[a-z_]+$/, `${f.name} is a Prometheus name with the prefix`);
  t.same(metricFamilies({}), []);
});

t.test('Reconciler with a meter: one wait and one duration per run, depth back to 0', async (t) => {
  const metrics = new ThreadMetrics();
  const meter = reconcileMeter({ metrics }, 'test');
  let release!: () => void;
  let runs = 0;
  const r = new Reconciler(async () => { runs++; if (runs === 1) await new Promise<void>((res) => { release = res; }); return null; }, (e) => { throw e; }, meter);
  r.poke();
  t.equal(meter.depth.value, 1, 'poked: one queued');
  await new Promise((res) => setTimeout(res, 0));
  t.equal(meter.depth.value, 0, 'running: none queued');
  r.poke(); r.poke(); r.poke();
  t.equal(meter.depth.value, 1, 'pokes during a run coalesce into one queued run');
  release();
  await new Promise((res) => setTimeout(res, 10));
  t.equal(runs, 2);
  t.equal(meter.depth.value, 0);
  t.equal(meter.wait.count, 2);
  t.equal(meter.duration.count, 2);
  t.ok(meter.wait.sum >= 0 && meter.duration.sum >= 0);

  // A failing run with one queued behind it: the queued one leaves the depth too.
  const failing = new Reconciler(async () => { failing.poke(); throw new Error('boom'); }, () => {}, reconcileMeter({ metrics }, 'failing'));
  failing.poke();
  await new Promise((res) => setTimeout(res, 10));
  t.equal(metrics.gauge('reconcile_queue_depth', 'failing').value, 0);

  // Without a meter nothing is measured (and nothing breaks).
  let plain = 0;
  const unmetered = new Reconciler(async () => { plain++; }, () => {});
  unmetered.poke();
  await new Promise((res) => setTimeout(res, 0));
  t.equal(plain, 1);
});
