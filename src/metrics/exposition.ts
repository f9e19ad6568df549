// The server's figures as Prometheus metric families: pure functions from the
// stats the runtime, the journal and the API's in-flight limiter already keep
// to `{ name, help, type, values }` (the shape prom-client's registry prints).
// No I/O and no clock; the registry that writes the text is in
// src/platform/prometheus.ts (prom-client is a Node library).
import { cumulativeBuckets, mergeHistograms, type HistogramSnapshot, type ThreadMetricsSnapshot } from './histogram.js';

export const PREFIX = 'cybernetes_';

export type MetricType = 'gauge' | 'counter' | 'histogram';
export type Labels = Record<string, string | number>;

export interface MetricValue {
  labels: Labels;
  value: number;
  /** For histogram series: name_bucket, name_sum, name_count. */
  metricName?: string;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  values: MetricValue[];
}

/** A metric or label name as Prometheus allows it: [a-zA-Z_:][a-zA-Z0-9_:]*, other characters become `_`. */
export function promName(raw: string): string {
  const s = raw.replace(/[^a-zA-Z0-9_:]/g, '_');
  return /^[a-zA-Z_:]/.test(s) ? s : `_${s}`;
}

/** The `_bucket` (cumulative, `le` ending with +Inf), `_sum` and `_count` series of one histogram. */
export function histogramValues(name: string, labels: Labels, h: HistogramSnapshot): MetricValue[] {
  const out: MetricValue[] = cumulativeBuckets(h).map((b) => ({
    metricName: `${name}_bucket`, labels: { ...labels, le: b.le === Infinity ? '+Inf' : b.le }, value: b.count,
  }));
  out.push({ metricName: `${name}_sum`, labels, value: h.sum });
  out.push({ metricName: `${name}_count`, labels, value: h.count });
  return out;
}

/** The runtime's per-thread figures, as runtime.stats() returns them (only what is exported). */
export interface ThreadFigures {
  thread: number;
  actors: number;
  delivered: number;
  mailboxDepth: number;
  restarts: number;
  escalations: number;
  deadLetters: number;
  metrics?: ThreadMetricsSnapshot;
}

export interface RuntimeFigures {
  threads: ThreadFigures[];
  workerRestarts: number;
}

export interface JournalFigures {
  commitSeconds: HistogramSnapshot;
  batchRecords: HistogramSnapshot;
  fanoutActors: HistogramSnapshot;
  fanoutWatchers: HistogramSnapshot;
  watchers: number;
  subscriptions: number;
  revision: number;
}

export interface ApiserverFigures {
  inflight: Record<string, number>;
  rejected: Record<string, number>;
  limits: Record<string, number>;
  slowWatchesCut: number;
}

export interface MetricsSources {
  runtime?: RuntimeFigures;
  journal?: JournalFigures;
  apiserver?: ApiserverFigures;
}

/** Metrics actors keep in their thread (ThreadMetrics names), with their label's name and help. */
export const THREAD_METRICS: Readonly<Record<string, { label: string; help: string; type: MetricType }>> = {
  reconcile_duration_seconds: { label: 'controller', type: 'histogram', help: 'Time one reconcile of a controller took, awaited writes included.' },
  reconcile_queue_wait_seconds: { label: 'controller', type: 'histogram', help: 'Time from the change that asked for a reconcile to its start.' },
  reconcile_queue_depth: { label: 'controller', type: 'gauge', help: 'Reconciles asked for and not yet started.' },
};

const family = (name: string, type: MetricType, help: string, values: MetricValue[]): MetricFamily => ({ name: PREFIX + name, type, help, values });

/** Histograms and gauges from every thread, merged per (name, label) into families. */
export function threadFamilies(threads: readonly { metrics?: ThreadMetricsSnapshot }[]): MetricFamily[] {
  const hist = new Map<string, Map<string, HistogramSnapshot[]>>();
  const gauges = new Map<string, Map<string, number>>();
  for (const t of threads) {
    for (const h of t.metrics?.histograms ?? []) {
      const byLabel = hist.get(h.name) ?? hist.set(h.name, new Map()).get(h.name)!;
      (byLabel.get(h.label) ?? byLabel.set(h.label, []).get(h.label)!).push(h.histogram);
    }
    for (const g of t.metrics?.gauges ?? []) {
      const byLabel = gauges.get(g.name) ?? gauges.set(g.name, new Map()).get(g.name)!;
      byLabel.set(g.label, (byLabel.get(g.label) ?? 0) + g.value);
    }
  }
  const known = (name: string) => THREAD_METRICS[name] ?? { label: 'name', type: 'gauge' as MetricType, help: `${name} (kept by actors).` };
  const out: MetricFamily[] = [];
  for (const name of [...hist.keys()].sort()) {
    const meta = known(name);
    const base = PREFIX + promName(name);
    const values: MetricValue[] = [];
    for (const [label, parts] of [...hist.get(name)!].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      values.push(...histogramValues(base, { [meta.label]: label }, mergeHistograms(parts)!));
    }
    out.push({ name: base, type: 'histogram', help: meta.help, values });
  }
  for (const name of [...gauges.keys()].sort()) {
    const meta = known(name);
    const values = [...gauges.get(name)!].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([label, value]) => ({ labels: { [meta.label]: label }, value }));
    out.push({ name: PREFIX + promName(name), type: 'gauge', help: meta.help, values });
  }
  return out;
}

function runtimeFamilies(rt: RuntimeFigures): MetricFamily[] {
  const perThread = (f: (t: ThreadFigures) => number) => rt.threads.map((t) => ({ labels: { thread: String(t.thread) }, value: f(t) }));
  return [
    family('actors', 'gauge', 'Actors running, per thread (0 is the main thread).', perThread((t) => t.actors)),
    family('runtime_mailbox_depth', 'gauge', 'Messages sent to a thread and not yet handled by it.', perThread((t) => t.mailboxDepth)),
    family('runtime_messages_delivered_total', 'counter', 'Messages delivered to actors, per thread.', perThread((t) => t.delivered)),
    family('runtime_actor_restarts_total', 'counter', 'Actors restarted by their supervision policy, per thread.', perThread((t) => t.restarts)),
    family('runtime_actor_escalations_total', 'counter', 'Actors that failed past their restart intensity, per thread.', perThread((t) => t.escalations)),
    family('runtime_dead_letters_total', 'counter', 'Messages to actors that did not exist, per thread.', perThread((t) => t.deadLetters)),
    family('runtime_worker_restarts_total', 'counter', 'Worker threads replaced after dying.', [{ labels: {}, value: rt.workerRestarts }]),
    ...threadFamilies(rt.threads),
  ];
}

function journalFamilies(j: JournalFigures): MetricFamily[] {
  const n = (name: string) => PREFIX + name;
  return [
    { name: n('journal_commit_duration_seconds'), type: 'histogram', help: 'Time to write (and fsync) one group-commit batch to LevelDB.', values: histogramValues(n('journal_commit_duration_seconds'), {}, j.commitSeconds) },
    { name: n('journal_batch_records'), type: 'histogram', help: 'Changes (log records) per committed batch.', values: histogramValues(n('journal_batch_records'), {}, j.batchRecords) },
    {
      name: n('watch_fanout'), type: 'histogram', help: 'Per committed batch, the targets its changes went to: router subscriptions (actors) or watch streams (watchers).',
      values: [...histogramValues(n('watch_fanout'), { to: 'actors' }, j.fanoutActors), ...histogramValues(n('watch_fanout'), { to: 'watchers' }, j.fanoutWatchers)],
    },
    family('watchers', 'gauge', 'Watch streams open on the store.', [{ labels: {}, value: j.watchers }]),
    family('router_subscriptions', 'gauge', 'Routing subscriptions of actors (by key, owner, node, kind).', [{ labels: {}, value: j.subscriptions }]),
    family('journal_revision', 'gauge', 'Newest committed revision.', [{ labels: {}, value: j.revision }]),
  ];
}

function apiserverFamilies(a: ApiserverFigures): MetricFamily[] {
  const perClass = (r: Record<string, number>) => Object.keys(r).sort().map((c) => ({ labels: { class: c }, value: r[c]! }));
  return [
    family('apiserver_inflight_requests', 'gauge', 'Requests in flight, per class (readonly, mutating, long-running).', perClass(a.inflight)),
    family('apiserver_inflight_limit', 'gauge', 'Most requests in flight allowed per class (0: no limit).', perClass(a.limits)),
    family('apiserver_rejected_requests_total', 'counter', 'Requests refused with 429 for their class being full.', perClass(a.rejected)),
    family('apiserver_slow_watches_cut_total', 'counter', 'Watch clients cut off for leaving too much unread.', [{ labels: {}, value: a.slowWatchesCut }]),
  ];
}

/** Every family the sources give, in a stable order. */
export function metricFamilies(src: MetricsSources): MetricFamily[] {
  return [
    ...(src.runtime ? runtimeFamilies(src.runtime) : []),
    ...(src.journal ? journalFamilies(src.journal) : []),
    ...(src.apiserver ? apiserverFamilies(src.apiserver) : []),
  ];
}
