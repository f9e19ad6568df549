// GET /metrics end to end: a server with controllers on a worker thread runs a
// Deployment to Available, then the scrape holds plausible figures for every
// part (reconciles per controller, journal batches, fan-out, actors per
// thread, the limiter); with a token file /metrics is behind RBAC like any path.
import t from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../src/serve.js';
import type { KObject } from '../src/store/types.js';
import { startServer } from './helpers/api.js';

interface Sample { name: string; labels: Record<string, string>; value: number }

/** The samples of a text exposition (format 0.0.4): `name{a="b",...} value` lines. */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) { const [, , name, type] = line.split(' '); types.set(name!, type!); continue; }
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: m[3] === '+Inf' ? Infinity : Number(m[3]) });
  }
  return { samples, types };
}

const pick = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
const one = (samples: Sample[], name: string, labels: Record<string, string> = {}) => {
  const found = pick(samples, name, labels);
  if (found.length !== 1) throw new Error(`${name} ${JSON.stringify(labels)}: ${found.length} samples`);
  return found[0]!.value;
};

const available = (d: KObject) => (d.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Available' && c.status === 'True');

t.test('a Deployment run to Available shows in /metrics', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-metrics-'));
  const server = await serve({ port: 0, dataDir: join(dir, 'data'), nodes: 3, workers: 1, controllers: true, resyncMs: 0 });
  t.teardown(async () => { await server.close(); await rm(dir, { recursive: true, force: true }); });
  const replicas = 5;
  const res = await fetch(`${server.url}/apis/apps/v1/namespaces/default/deployments`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } } },
    }),
  });
  t.equal(res.status, 201);
  const end = Date.now() + 60_000;
  for (;;) {
    const d = await (await fetch(`${server.url}/apis/apps/v1/namespaces/default/deployments/web`)).json() as KObject;
    if (available(d) && d.status?.readyReplicas === replicas) break;
    if (Date.now() > end) throw new Error(`not Available: ${JSON.stringify(d.status)}`);
    await new Promise((r) => setTimeout(r, 50));
  }

  const scrape = await fetch(`${server.url}/metrics`);
  t.equal(scrape.status, 200);
  t.equal(scrape.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  const text = await scrape.text();
  const { samples, types } = parseExposition(text);

  // Reconcile latency per controller, measured in the worker, brought back by the stats call.
  t.equal(types.get('cybernetes_reconcile_duration_seconds'), 'histogram');
  for (const controller of ['deployment', 'replicaset', 'scheduler']) {
    const count = one(samples, 'cybernetes_reconcile_duration_seconds_count', { controller });
    t.ok(count > 0, `${controller}: ${count} reconciles`);
    t.equal(one(samples, 'cybernetes_reconcile_duration_seconds_bucket', { controller, le: '+Inf' }), count, `${controller}: +Inf bucket = count`);
    t.ok(one(samples, 'cybernetes_reconcile_duration_seconds_sum', { controller }) >= 0);
    t.ok(one(samples, 'cybernetes_reconcile_queue_wait_seconds_count', { controller }) > 0, `${controller}: queue waits`);
    t.ok(one(samples, 'cybernetes_reconcile_queue_depth', { controller }) >= 0, `${controller}: queue depth`);
  }
  const buckets = pick(samples, 'cybernetes_reconcile_duration_seconds_bucket', { controller: 'deployment' }).map((s) => s.value);
  t.same(buckets, [...buckets].sort((a, b) => a - b), 'buckets are cumulative');

  // The journal: batches written, each with at least one record.
  t.equal(types.get('cybernetes_journal_commit_duration_seconds'), 'histogram');
  const batches = one(samples, 'cybernetes_journal_commit_duration_seconds_count');
  t.ok(batches > 0, `${batches} batches`);
  const batchCount = one(samples, 'cybernetes_journal_batch_records_count');
  t.ok(batchCount > 0 && batchCount <= batches, 'record counts per batch with changes');
  t.ok(one(samples, 'cybernetes_journal_batch_records_sum') >= batchCount, 'at least one record per batch');
  t.ok(one(samples, 'cybernetes_watch_fanout_count', { to: 'actors' }) > 0, 'commits routed to actors');
  t.ok(one(samples, 'cybernetes_watch_fanout_sum', { to: 'actors' }) > 0, 'targets told');
  const watchers = one(samples, 'cybernetes_watchers'); // the server's own (namespaces, pod termination) among them
  t.ok(watchers >= 0);
  t.ok(one(samples, 'cybernetes_router_subscriptions') > 0);
  t.ok(one(samples, 'cybernetes_journal_revision') > 0);

  // Actors per thread: main and one worker; pods, their ReplicaSet and Deployment are actors.
  t.equal(types.get('cybernetes_actors'), 'gauge');
  const actors = pick(samples, 'cybernetes_actors');
  t.same(actors.map((s) => s.labels.thread).sort(), ['0', '1']);
  t.ok(actors.reduce((a, s) => a + s.value, 0) >= replicas + 2, 'at least the pods, the ReplicaSet and the Deployment');
  t.ok(one(samples, 'cybernetes_runtime_messages_delivered_total', { thread: '1' }) > 0);
  t.ok(one(samples, 'cybernetes_runtime_mailbox_depth', { thread: '1' }) >= 0);

  // The limiter: this scrape is itself a readonly request in flight.
  t.equal(one(samples, 'cybernetes_apiserver_inflight_requests', { class: 'readonly' }), 1);
  t.equal(one(samples, 'cybernetes_apiserver_inflight_requests', { class: 'mutating' }), 0);
  t.equal(one(samples, 'cybernetes_apiserver_inflight_limit', { class: 'readonly' }), 400);
  t.equal(one(samples, 'cybernetes_apiserver_rejected_requests_total', { class: 'readonly' }), 0);

  // prom-client's default process metrics.
  t.ok(one(samples, 'process_cpu_user_seconds_total') > 0);
  t.ok(one(samples, 'process_resident_memory_bytes') > 0);

  // A second scrape: counters do not go back, families are not duplicated.
  const again = parseExposition(await (await fetch(`${server.url}/metrics`)).text());
  t.ok(one(again.samples, 'cybernetes_journal_commit_duration_seconds_count') >= batches);
  t.equal(pick(again.samples, 'cybernetes_actors').length, 2);

  t.equal((await fetch(`${server.url}/metrics`, { method: 'POST' })).status, 405, 'GET only');

  // A watch client is one more watcher, and the next commit is offered to it.
  const abort = new AbortController();
  const watch = await fetch(`${server.url}/api/v1/namespaces/default/configmaps?watch=1`, { signal: abort.signal });
  t.equal(watch.status, 200);
  const offeredBefore = one(again.samples, 'cybernetes_watch_fanout_sum', { to: 'watchers' });
  t.equal((await fetch(`${server.url}/api/v1/namespaces/default/configmaps`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }),
  })).status, 201);
  const watching = parseExposition(await (await fetch(`${server.url}/metrics`)).text()).samples;
  t.equal(one(watching, 'cybernetes_watchers'), watchers + 1, 'the watch is counted');
  t.ok(one(watching, 'cybernetes_watch_fanout_sum', { to: 'watchers' }) > offeredBefore, 'the commit was offered to it');
  abort.abort();
  await watch.body?.cancel().catch(() => {});
});

t.test('/metrics behind the token file: 401, 403, then 200 for system:masters and system:monitoring', async (t) => {
  const s = await startServer(t, {
    tokens: [
      { token: 'admin-token', user: 'admin', uid: '1', groups: ['system:masters'] },
      { token: 'alice-token', user: 'alice', uid: '2', groups: [] },
      { token: 'prom-token', user: 'prometheus', uid: '3', groups: ['system:monitoring'] },
    ],
  });
  const none = await s.request('GET', '/metrics');
  t.equal(none.status, 401, 'no token');
  const alice = await s.request('GET', '/metrics', undefined, { authorization: 'Bearer alice-token' });
  t.equal(alice.status, 403, 'a user without the right');
  t.equal(alice.body.reason, 'Forbidden');
  t.match(alice.body.message, /\/metrics/);
  const admin = await s.request('GET', '/metrics', undefined, { authorization: 'Bearer admin-token' });
  t.equal(admin.status, 200, 'system:masters');
  t.match(admin.text, /^cybernetes_actors\{thread="0"\} \d+$/m);
  const prom = await s.request('GET', '/metrics', undefined, { authorization: 'Bearer prom-token' });
  t.equal(prom.status, 200, 'system:monitoring (the bootstrap role for /metrics)');
  t.match(prom.text, /^# TYPE cybernetes_journal_commit_duration_seconds histogram$/m);
});
