// Router micro-bench: route batches of pod changes through a router holding
// many subscriptions (one actor per pod by key, owners, kubelets by node,
// a few controllers by kind), and report changes/s and deliveries.
// Scenario shape as bench/run.ts expects: `run(args)` → flat record.
// Options: --pods N (10000) --nodes N (100) --batch N (1000) --rounds N (5)
import { numberArg, type BenchArgs } from './args.js';
import { Router, type RoutableChange } from '../src/store/router.js';
import { parseFieldSelector, parseLabelSelector } from '../src/store/selectors.js';

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const pods = numberArg(args, 'pods', 10_000);
  const nodes = numberArg(args, 'nodes', 100);
  const batchSize = numberArg(args, 'batch', 1_000);
  const rounds = numberArg(args, 'rounds', 5);
  const groups = 2;

  let delivered = 0;
  const router = new Router<string>((_group, batch) => {
    for (const e of batch) delivered += e.targets.length;
  });
  for (let i = 0; i < pods; i++) {
    router.subscribe('key', `/pods/default/p${i}`, i % groups, `pod/${i}`);
    router.subscribe('owner', `pod-uid-${i}`, i % groups, `pod/${i}`);
  }
  for (let r = 0; r < pods / 10; r++) router.subscribe('owner', `rs-uid-${r}`, r % groups, `rs/${r}`);
  for (let n = 0; n < nodes; n++) router.subscribe('node', `n${n}`, n % groups, `kubelet/${n}`);
  for (const k of ['Pod', 'ReplicaSet', 'Deployment']) router.subscribe('kind', k, 0, `controller/${k}`);

  const encoded = new Uint8Array(512);
  let rev = 0;
  const makeBatch = (): RoutableChange[] =>
    Array.from({ length: batchSize }, () => {
      const i = rev % pods;
      rev++;
      return {
        rev,
        type: 'MODIFIED',
        key: `/pods/default/p${i}`,
        kind: 'Pod',
        ownerUids: [`rs-uid-${Math.floor(i / 10)}`],
        nodeName: `n${i % nodes}`,
        encoded,
      } satisfies RoutableChange;
    });

  router.route(makeBatch()); // warm up
  const batches = Array.from({ length: rounds }, makeBatch);
  const before = { ...router.stats };
  delivered = 0;
  const t0 = performance.now();
  for (const b of batches) router.route(b);
  const ms = performance.now() - t0;
  const changes = rounds * batchSize;

  // Selector matching on a pod-shaped object.
  const pod = { metadata: { name: 'p1', namespace: 'default', labels: { app: 'web', tier: 'front', 'pod-template-hash': 'abc' } }, spec: { nodeName: 'n1' }, status: { phase: 'Running' } };
  const lm = parseLabelSelector('app=web,tier in (front,back),!canary');
  const fm = parseFieldSelector('Pod', 'spec.nodeName=n1,status.phase!=Failed');
  const N = 1_000_000;
  let hits = 0;
  const t1 = performance.now();
  for (let i = 0; i < N; i++) if (lm(pod.metadata.labels) && fm(pod)) hits++;
  const selNs = ((performance.now() - t1) * 1e6) / N;

  return {
    subscriptions: router.size,
    changes,
    ms: Math.round(ms * 10) / 10,
    changesPerSec: Math.round(changes / (ms / 1000)),
    targetsDelivered: delivered,
    deliverCalls: router.stats.deliveries - before.deliveries,
    lookupsPerChange: (router.stats.lookups - before.lookups) / changes,
    visitedPerChange: (router.stats.visited - before.visited) / changes,
    labelAndFieldMatchNs: Math.round(selNs),
    selectorHits: hits,
  };
}

// Also runnable alone: node dist/bench/router.js
if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await run({}), null, 2));
