// The Prometheus text exposition, through prom-client: the standard Prometheus
// client for Node (text format 0.0.4, histograms, the default process and
// Node.js metrics). It lives here because it is a Node library (it requires
// util, perf_hooks, v8, cluster...): the rest of src/ stays web-standard and
// hands it plain metric families (src/metrics/exposition.ts). Loaded on first
// use only, so nothing that does not serve /metrics pays for it; where it
// cannot load (a runtime without Node's modules) createMetricsEndpoint gives null.
import type { MetricFamily } from '../metrics/exposition.js';

type PromClient = typeof import('prom-client');

export interface MetricsEndpoint {
  readonly contentType: string;
  /** The text exposition: default process metrics plus the families `collect` gives now. */
  render(): Promise<string>;
}

async function loadPromClient(): Promise<PromClient | null> {
  try {
    const m = (await import('prom-client')) as PromClient & { default?: PromClient };
    return m.Registry ? m : (m.default ?? null);
  } catch {
    return null;
  }
}

/**
 * A registry of its own (not prom-client's global one: several servers may share a process)
 * with the default metrics, and one entry per family name whose values are read from the
 * latest `collect()` (called once per scrape).
 */
export async function createMetricsEndpoint(collect: () => Promise<MetricFamily[]>): Promise<MetricsEndpoint | null> {
  const prom = await loadPromClient();
  if (!prom) return null;
  const registry = new prom.Registry();
  prom.collectDefaultMetrics({ register: registry });
  let current = new Map<string, MetricFamily>();
  const registered = new Set<string>();
  const register = (f: MetricFamily) => {
    registered.add(f.name);
    // prom-client's registry takes any object with name/help/type and get(); these values are already aggregated.
    registry.registerMetric({
      name: f.name, help: f.help, type: f.type, aggregator: 'sum',
      get: async () => {
        const now = current.get(f.name);
        return { name: f.name, help: now?.help ?? f.help, type: f.type, aggregator: 'sum', values: now?.values ?? [] };
      },
      reset: () => {},
    } as unknown as Parameters<typeof registry.registerMetric>[0]);
  };
  let scraping: Promise<string> | null = null;
  const scrape = async () => {
    const families = await collect();
    current = new Map(families.map((f) => [f.name, f]));
    for (const f of families) if (!registered.has(f.name)) register(f);
    return registry.metrics();
  };
  return {
    contentType: registry.contentType,
    // Concurrent scrapes share one collection (one stats round to the workers).
    render: () => (scraping ??= scrape().finally(() => { scraping = null; })),
  };
}
