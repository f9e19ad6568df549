// API call latency under concurrent load, as a client sees it: a server
// process (cybernetes serve) and this process driving create, get and list
// with several requests in flight, each timed from send to full response.
// Then --services Service creates, the first tenth against the last: a create's cost must
// not grow with the Services already there (each gets an address no other holds).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { numberArg, percentile, type BenchArgs } from './args.js';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));

function pod(name: string) {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, labels: { app: 'bench', shard: name.slice(-1) } },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '10m', memory: '16Mi' } } }], schedulerName: 'none' },
  };
}

/** Latencies sorted, or with `inOrder` by request index. */
async function timed(n: number, concurrency: number, call: (i: number) => Promise<Response>, inOrder = false): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const t0 = performance.now();
      const res = await call(i);
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`request ${i} failed with ${res.status}`);
      latencies[inOrder ? i : latencies.length] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return inOrder ? latencies : latencies.sort((a, b) => a - b);
}

function service(name: string) {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }] } };
}

const summary = (xs: number[]) => ({ p50: +percentile(xs, 50).toFixed(2), p99: +percentile(xs, 99).toFixed(2), max: +xs[xs.length - 1]!.toFixed(2) });

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const n = numberArg(args, 'requests', 2000);
  const concurrency = numberArg(args, 'concurrency', 32);
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-bench-api-'));
  // schedulerName "none": no scheduler binds these pods, so the load is the API and the journal alone.
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', join(dir, 'data'), '--nodes', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => { out += d; const m = /listening on (\S+)/.exec(out); if (m) resolve(m[1]!); });
      child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const base = `${url}/api/v1/namespaces/default/pods`;
    const post = (i: number) => fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(pod(`p-${i}`)) });
    await timed(200, concurrency, (i) => post(1_000_000 + i)); // warm-up
    const create = await timed(n, concurrency, post);
    const get = await timed(n, concurrency, (i) => fetch(`${base}/p-${i % n}`));
    const list = await timed(Math.max(20, Math.floor(n / 20)), Math.min(concurrency, 8), () => fetch(`${base}?labelSelector=shard%3D${Math.floor(Math.random() * 10)}`));
    const services = numberArg(args, 'services', 2000);
    const svcs = `${url}/api/v1/namespaces/default/services`;
    const started = performance.now();
    const svc = await timed(services, concurrency, (i) => fetch(svcs, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(service(`s-${i}`)) }), true);
    const svcSecs = (performance.now() - started) / 1000;
    const tenth = Math.max(1, Math.floor(services / 10));
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    return {
      scenario: 'api', requests: n, concurrency, objects: n + 200,
      createMs: summary(create), getMs: summary(get), listMs: summary(list),
      services, serviceCreatesPerSec: Math.round(services / svcSecs),
      serviceCreateFirstTenthMs: summary(sorted(svc.slice(0, tenth))), serviceCreateLastTenthMs: summary(sorted(svc.slice(-tenth))),
      note: 'list: one shard of ~10% of the pods per call, label selector',
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(dir, { recursive: true, force: true });
  }
}
