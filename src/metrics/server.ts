// What a /metrics scrape reads from a running server: one stats round to the
// runtime's threads (the call the runtime already has, carrying each thread's
// histograms), the journal's own histograms and the API limiter's counters.
import type { Runtime } from '../runtime/runtime.js';
import type { JournalStore } from '../store/index.js';
import { metricFamilies, type ApiserverFigures, type MetricFamily } from './exposition.js';

export async function serverMetricFamilies(runtime: Runtime, store: JournalStore, apiserver?: () => ApiserverFigures): Promise<MetricFamily[]> {
  const rt = await runtime.stats();
  const m = store.metrics;
  return metricFamilies({
    runtime: { threads: rt.threads, workerRestarts: rt.workerRestarts },
    journal: {
      commitSeconds: m.commitSeconds.snapshot(), batchRecords: m.batchRecords.snapshot(),
      fanoutActors: m.fanoutActors.snapshot(), fanoutWatchers: m.fanoutWatchers.snapshot(),
      watchers: store.watcherCount, subscriptions: store.router.size, revision: store.revision,
    },
    apiserver: apiserver?.(),
  });
}
