// Store benchmark: durable writes/s through the journal store (group commit, many concurrent
// writers, >= 1,000 writes outstanding, pod-sized objects), commit latency, router fan-out to
// 100 subscribers and watch fan-out to 100 watchers, beside raw fsynced LevelDB batches of the
// same encoded records, in the same run.
//   node dist/bench/run.js store [--writes 20000] [--outstanding 2000] [--rawBatch 1000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level } from 'level';
import { numberArg, percentile, type BenchArgs } from './args.js';
import { JournalStore } from '../src/store/journal-store.js';
import { ObjectCodec, encodeRecord } from '../src/store/codec.js';
import { logKey } from '../src/store/keys.js';
import type { KObject, ResourceRef } from '../src/store/types.js';

const PODS: ResourceRef = { group: '', resource: 'pods', kind: 'Pod', namespaced: true };

/** A pod of about 1.5 KB encoded, shaped like what a ReplicaSet creates. */
export function podObject(i: number): KObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: `web-7d9f8b6c5-${i.toString(36).padStart(5, '0')}`, namespace: `ns-${i % 10}`,
      labels: { app: 'web', 'pod-template-hash': '7d9f8b6c5', tier: 'frontend' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-05-01T10:00:00Z', 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9f8b6c5', uid: '5b0e7a3c-1f2d-4e5f-9a8b-7c6d5e4f3a2b', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      containers: [{
        name: 'web', image: 'registry.example.com/team/web-frontend:1.27.3', imagePullPolicy: 'IfNotPresent',
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090, protocol: 'TCP' }],
        env: Array.from({ length: 8 }, (_, k) => ({ name: `FEATURE_FLAG_${k}`, value: `enabled-for-cohort-${k}-of-the-rollout` })),
        resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
        readinessProbe: { httpGet: { path: '/healthz/ready', port: 8080 }, initialDelaySeconds: 5, periodSeconds: 10 },
        livenessProbe: { httpGet: { path: '/healthz/live', port: 8080 }, initialDelaySeconds: 15, periodSeconds: 20 },
        volumeMounts: [{ name: 'config', mountPath: '/etc/web' }, { name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }],
      }],
      volumes: [{ name: 'config', configMap: { name: 'web-config' } }, { name: 'kube-api-access', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] } }],
      restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', serviceAccountName: 'default',
      schedulerName: 'default-scheduler', tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    },
    status: { phase: 'Pending', qosClass: 'Burstable' },
  };
}

function tempDir(): string { return mkdtempSync(join(tmpdir(), 'cyb-bench-store-')); }

/** CPU time (all threads of the process: main, LevelDB's, GC helpers) per item since `from`, in µs. */
function cpuPer(from: NodeJS.CpuUsage, n: number): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / n;
}

/**
 * Raw: the same journal records, fsynced LevelDB batches of `batch`, one after another. `chained`
 * builds each batch the way the store does (level's chained batch); `array` with db.batch(ops),
 * whose per-operation preparation in level costs several times more. `recordAt(j)` returns the
 * j-th record: already encoded, or encoded right then (the raw cost of encode + write).
 * `sync` false: the same batches not fsynced, so the difference is what the fsync costs.
 */
export async function rawRun(count: number, recordAt: (j: number) => Uint8Array, batch: number, form: 'chained' | 'array', sync = true): Promise<{ perSec: number; cpuUs: number }> {
  const dir = tempDir();
  const db = new Level<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
  await db.open();
  try {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < count; i += batch) {
      if (form === 'chained') {
        const b = db.batch();
        for (let j = i; j < Math.min(i + batch, count); j++) b.put(logKey(j + 1), recordAt(j));
        await b.write({ sync });
        continue;
      }
      const ops = [];
      for (let j = i; j < Math.min(i + batch, count); j++) ops.push({ type: 'put' as const, key: logKey(j + 1), value: recordAt(j) });
      await db.batch(ops, { sync });
    }
    return { perSec: count / ((performance.now() - t0) / 1000), cpuUs: cpuPer(c0, count) };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface StoreRun { writesPerSec: number; cpuUs: number; p50: number; p99: number; batches: number; routed: number; watched: number }

/** Through the store: `outstanding` concurrent writers creating pods until `writes` are done. */
async function storeRun(writes: number, outstanding: number, subscribers: number, watchers: number): Promise<StoreRun> {
  const dir = tempDir();
  let routed = 0, batches = 0;
  const s = await JournalStore.open({ path: dir, deliver: (_g, b) => { batches++; for (const e of b) routed += e.targets.length; } });
  try {
    for (let i = 0; i < subscribers; i++) s.router.subscribe('kind', 'Pod', i % 4, `sub-${i}`);
    let watched = 0;
    const ws = Array.from({ length: watchers }, () => s.watch(PODS, { fromRevision: 0 }));
    const readers = ws.map(async (w) => { for (;;) { const e = await w.next(); if (!e) return; watched++; } });
    const lat = new Float64Array(writes);
    // Objects are built before the clock starts, as the raw run's records are.
    const objects = Array.from({ length: writes }, (_, i) => podObject(i));
    let next = 0;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await Promise.all(Array.from({ length: outstanding }, async () => {
      while (next < writes) {
        const i = next++;
        const start = performance.now();
        await s.create(PODS, objects[i]!);
        lat[i] = performance.now() - start;
      }
    }));
    const secs = (performance.now() - t0) / 1000;
    const cpuUs = cpuPer(c0, writes);
    for (const w of ws) w.stop();
    await Promise.all(readers);
    lat.sort();
    return { writesPerSec: writes / secs, cpuUs, p50: percentile(lat, 50), p99: percentile(lat, 99), batches, routed, watched };
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (n: number, d = 2) => Number(n.toFixed(d));

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const writes = numberArg(args, 'writes', 20_000);
  const outstanding = numberArg(args, 'outstanding', 2_000);
  const rawBatch = numberArg(args, 'rawBatch', 1_000);
  // The records the store writes, encoded the same way (object with its revision, then the journal envelope).
  const codec = new ObjectCodec(undefined);
  const stored = (i: number) => {
    const o = podObject(i);
    o.metadata.uid = crypto.randomUUID();
    o.metadata.creationTimestamp = '2024-05-01T10:00:00Z';
    o.metadata.generation = 1;
    o.metadata.resourceVersion = String(i + 1);
    return { key: `/core/pods/${o.metadata.namespace}/${o.metadata.name}`, object: o };
  };
  const records = Array.from({ length: writes }, (_, i) => {
    const { key, object } = stored(i);
    return encodeRecord({ key, type: 'ADDED', prevRev: 0, cause: undefined, object: codec.encode(object) });
  });
  const recordBytes = records.reduce((n, r) => n + r.length, 0) / records.length;

  const raw = await rawRun(writes, (j) => records[j]!, rawBatch, 'chained');
  const rawArray = await rawRun(writes, (j) => records[j]!, rawBatch, 'array');
  const rawUnsynced = await rawRun(writes, (j) => records[j]!, rawBatch, 'chained', false);
  // The same records encoded inside the clock (from objects built like the store run's, by a
  // fresh codec as a fresh store has), one batch after another: the work a durable write cannot
  // skip, without the store's bookkeeping and without overlapping encoding and fsync.
  const objects = Array.from({ length: writes }, (_, i) => stored(i));
  const encoder = new ObjectCodec(undefined);
  const rawEncoded = await rawRun(writes, (j) => encoder.encodeWithRecord(objects[j]!.key, 'ADDED', 0, undefined, objects[j]!.object).record, rawBatch, 'chained');
  objects.length = 0;
  const store = await storeRun(writes, outstanding, numberArg(args, 'subscribers', 100), 0);
  const watched = await storeRun(Math.min(writes, 10_000), outstanding, 0, 100);
  return {
    scenario: 'store',
    writes, outstanding, rawBatch,
    recordBytes: Math.round(recordBytes),
    rawWritesPerSec: Math.round(raw.perSec),
    rawArrayWritesPerSec: Math.round(rawArray.perSec),
    rawEncodedWritesPerSec: Math.round(rawEncoded.perSec),
    rawUnsyncedWritesPerSec: Math.round(rawUnsynced.perSec),
    // One raw batch of rawBatch records, written and fsynced, and written only: the fsync's share.
    rawBatchMs: round(rawBatch / raw.perSec * 1000),
    rawUnsyncedBatchMs: round(rawBatch / rawUnsynced.perSec * 1000),
    durableWritesPerSec: Math.round(store.writesPerSec),
    durableVsRaw: round(store.writesPerSec / raw.perSec),
    durableVsRawArray: round(store.writesPerSec / rawArray.perSec),
    durableVsRawEncoded: round(store.writesPerSec / rawEncoded.perSec),
    // CPU per write, less disturbed than wall time by other load on a shared machine.
    rawCpuUsPerWrite: round(raw.cpuUs, 1),
    rawArrayCpuUsPerWrite: round(rawArray.cpuUs, 1),
    rawEncodedCpuUsPerWrite: round(rawEncoded.cpuUs, 1),
    durableCpuUsPerWrite: round(store.cpuUs, 1),
    commitP50Ms: round(store.p50),
    commitP99Ms: round(store.p99),
    routerDeliverCalls: store.batches,
    routerSubscribers: 100,
    routedDeliveries: store.routed,
    routedPerSec: Math.round(store.routed / (writes / store.writesPerSec)),
    watchers: 100,
    watchWritesPerSec: Math.round(watched.writesPerSec),
    watchEventsDelivered: watched.watched,
    watchEventsPerSec: Math.round(watched.watched / (Math.min(writes, 10_000) / watched.writesPerSec)),
    watchCommitP99Ms: round(watched.p99),
  };
}
