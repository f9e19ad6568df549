// inspector: the inspector page in headless Chromium with N pods running:
// time to first render (navigation → every pod counted Running.Ready) and
// time for an update to show (journal commit → the page shows it).
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../src/serve.js';
import type { KObject } from '../src/store/types.js';
import { numberArg, percentile, type BenchArgs } from './args.js';

const DEPLOYMENTS = { group: 'apps', resource: 'deployments', kind: 'Deployment', namespaced: true };

interface Page {
  addInitScript(script: string): Promise<void>;
  evaluate<T>(expression: string): Promise<T>;
  goto(url: string): Promise<unknown>;
  waitForSelector(selector: string, options?: { timeout?: number }): Promise<unknown>;
}
interface Browser { newPage(o?: { viewport?: { width: number; height: number } }): Promise<Page>; close(): Promise<void> }
interface Playwright { chromium: { launch(o: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser> } }

function deployment(i: number, replicas: number): KObject {
  const name = `insp-${i}`;
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'registry.local/app:1' }] } } },
  };
}

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const pods = numberArg(args, 'pods', 10_000);
  const nodes = numberArg(args, 'nodes', 1000);
  const deployments = numberArg(args, 'deployments', 100);
  const updates = numberArg(args, 'updates', 5);
  const executablePath = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  const pw = (await import('playwright-core' as string)) as Playwright;
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-bench-inspector-'));
  const server = await serve({ port: 0, dataDir: join(dir, 'data'), nodes });
  const browser = await pw.chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const per = Math.floor(pods / deployments);
    await Promise.all(Array.from({ length: deployments }, (_, i) => server.store.create(DEPLOYMENTS, deployment(i, i === deployments - 1 ? pods - per * (deployments - 1) : per))));
    // Wait (through a watch) until every Deployment is Available: the cluster is at rest, N pods running.
    await new Promise<void>((resolve) => {
      const done = new Set<string>();
      const w = server.store.watch(DEPLOYMENTS, { namespace: 'default' });
      void (async () => {
        for await (const ev of w) {
          const d = ev.object as KObject;
          if (d.status?.availableReplicas === d.spec?.replicas) done.add(d.metadata.name!);
          if (done.size === deployments) { w.stop(); resolve(); }
        }
      })();
    });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // Responsiveness as the browser sees it: every main-thread task over 50 ms (Long Tasks API).
    await page.addInitScript(`window.__longTasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });`);
    const t0 = performance.now();
    await page.goto(`${server.url}/inspector/`);
    await page.waitForSelector(`#counts [data-kind="Pod"] .state-count[data-state="Running.Ready"][data-count="${pods}"]`, { timeout: 120_000 });
    const firstRenderMs = performance.now() - t0;
    // An update: pause one Deployment; measured from its commit to the page counting it Paused.
    const latencies: number[] = [];
    for (let i = 0; i < updates; i++) {
      const d = await server.store.get(DEPLOYMENTS, 'default', `insp-${i}`);
      const committed = server.store.update(DEPLOYMENTS, { ...d, spec: { ...d.spec, paused: true } });
      await committed;
      const t1 = performance.now();
      await page.waitForSelector(`#counts [data-kind="Deployment"] .state-count[data-state="Paused"][data-count="${i + 1}"]`, { timeout: 60_000 });
      latencies.push(performance.now() - t1);
    }
    latencies.sort((a, b) => a - b);
    const longTasks = await page.evaluate<[number, number][]>('window.__longTasks');
    const blocking = longTasks.map(([, d]) => d);
    return {
      scenario: 'inspector', pods, nodes, deployments,
      firstRenderMs: Math.round(firstRenderMs),
      updateToScreenMs: { p50: Math.round(percentile(latencies, 50)), max: Math.round(latencies[latencies.length - 1]!) },
      samples: latencies.map((x) => Math.round(x)),
      // Tasks over 50 ms from navigation to the last update, and their time beyond 50 ms each
      // (total blocking time): how long the page could not answer a click.
      longTasks: { count: blocking.length, maxMs: Math.round(Math.max(0, ...blocking)), totalBlockingMs: Math.round(blocking.reduce((a, d) => a + d - 50, 0)) },
      note: 'first render: navigation until every pod is counted Running.Ready; update: journal commit until the page counts the Deployment Paused; longTasks: main-thread tasks over 50 ms in the page over the whole run',
    };
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
