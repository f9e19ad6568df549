// burst: D Deployments totalling N pods on M simulated nodes, all applied at
// once; time until every Deployment is Available, and each pod's startup
// latency (first seen → Ready) observed through a watch, as a client would.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../src/serve.js';
import type { KObject } from '../src/store/types.js';
import { numberArg, percentile, type BenchArgs } from './args.js';

const ready = (p: KObject) => (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');

function deployment(i: number, replicas: number): KObject {
  const name = `burst-${i}`;
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'registry.local/app:1', resources: { requests: { cpu: '1m', memory: '1Mi' } } }] } },
    },
  };
}

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const pods = numberArg(args, 'pods', 1000);
  const nodes = numberArg(args, 'nodes', 100);
  const deployments = numberArg(args, 'deployments', 10);
  const workers = args.workers === undefined ? undefined : numberArg(args, 'workers', 1);
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-burst-'));
  const server = await serve({ port: 0, dataDir: join(dir, 'data'), nodes, workers });
  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);
  try {
    // Nodes registered; give each kubelet a moment to subscribe (they start from the node list).
    await new Promise((r) => setTimeout(r, 200));
    const firstSeen = new Map<string, number>();
    const readyAt = new Map<string, number>();
    const podWatch = server.store.watch({ group: '', resource: 'pods', kind: 'Pod', namespaced: true }, { namespace: 'default', fromRevision: server.store.revision });
    const depWatch = server.store.watch({ group: 'apps', resource: 'deployments', kind: 'Deployment', namespaced: true }, { namespace: 'default', fromRevision: server.store.revision });
    const startRev = server.store.revision;
    const perDeployment = Math.floor(pods / deployments);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const available = new Set<string>();
    const allAvailable = new Promise<number>((resolve) => {
      void (async () => {
        for await (const ev of depWatch) {
          const d = ev.object as KObject;
          if (ev.type === 'MODIFIED' && d.status?.availableReplicas === d.spec.replicas && d.status?.updatedReplicas === d.spec.replicas) available.add(d.metadata.name!);
          if (available.size === deployments) { resolve(performance.now() - t0); return; }
        }
      })();
    });
    void (async () => {
      for await (const ev of podWatch) {
        const p = ev.object as KObject;
        const uid = p.metadata.uid!;
        const now = performance.now();
        if (!firstSeen.has(uid)) firstSeen.set(uid, now);
        if (!readyAt.has(uid) && ready(p)) readyAt.set(uid, now);
      }
    })();
    await Promise.all(Array.from({ length: deployments }, (_, i) => fetch(`${server.url}/apis/apps/v1/namespaces/default/deployments`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify(deployment(i, i === deployments - 1 ? pods - perDeployment * (deployments - 1) : perDeployment)),
    }).then(async (r) => { if (r.status !== 201) throw new Error(`create failed: ${r.status} ${await r.text()}`); })));
    const allAvailableMs = await allAvailable;
    const cpu = process.cpuUsage(cpu0);
    const writes = server.store.revision - startRev;
    podWatch.stop();
    depWatch.stop();
    const startup = [...readyAt.entries()].map(([uid, t]) => t - firstSeen.get(uid)!).sort((a, b) => a - b);
    const stats = await server.runtime.stats();
    return {
      scenario: 'burst', pods, nodes, deployments, workers: server.runtime.workers, fsync: 'on',
      allAvailableMs: Math.round(allAvailableMs),
      podStartupMs: { p50: Math.round(percentile(startup, 50)), p90: Math.round(percentile(startup, 90)), p99: Math.round(percentile(startup, 99)), max: Math.round(startup[startup.length - 1] ?? NaN) },
      podsReady: readyAt.size,
      podsPerSecond: Math.round(pods / (allAvailableMs / 1000)),
      journalWrites: writes,
      journalWritesPerPod: +(writes / pods).toFixed(2),
      peakRssBytes: peakRss,
      // CPU of every thread of the process until all were Available: steadier than wall time on a shared box.
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      actors: stats.actors,
      messages: stats.threads.reduce((a, t) => a + t.delivered, 0),
    };
  } finally {
    clearInterval(rssTimer);
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
