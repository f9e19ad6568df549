// Kubernetes' rolling-update guarantees, checked on the running system at every
// journal revision of a seeded random sequence of image changes and scalings:
// the ReplicaSets' desired replicas never exceed replicas + maxSurge, and,
// once the Deployment has been fully available, their available replicas never
// fall below replicas − maxUnavailable (a scaling moves both bounds, so each
// holds against the looser of the old and new replica counts until the
// controller has seen the change). The floor is checked twice: on the
// ReplicaSets' reported availability and on the pods themselves (Ready and not
// terminating), so a status that lags its pods cannot hide a real outage.
import t from 'tap';
import { createCluster } from '../src/index.js';
import type { KObject, WatchEvent } from '../src/store/types.js';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

const complete = (d: KObject) => {
  const s = d.status ?? {};
  return (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) && s.updatedReplicas === d.spec.replicas
    && s.replicas === d.spec.replicas && s.availableReplicas === d.spec.replicas;
};

for (const [seed, surge, unavailable] of [[7, 2, 1], [11, '25%', '25%'], [23, 0, 2]] as const) {
  t.test(`rollouts and scalings (seed ${seed}, maxSurge ${surge}, maxUnavailable ${unavailable})`, async (t) => {
    const random = prng(seed);
    const cluster = await createCluster({ nodes: 4, workers: 1 });
    t.teardown(() => cluster.close());
    const events: { kind: string; ev: WatchEvent }[] = [];
    const stops = ['Deployment', 'ReplicaSet', 'Pod'].map((kind) => cluster.watch(kind, (ev) => events.push({ kind, ev }), { namespace: 'default' }));
    t.teardown(() => stops.forEach((s) => s()));
    let replicas = 8;
    await cluster.apply({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'roll', namespace: 'default' },
      spec: {
        replicas, selector: { matchLabels: { app: 'roll' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } },
        template: { metadata: { labels: { app: 'roll' } }, spec: { containers: [{ name: 'c', image: 'app:0' }] } },
      },
    });
    await cluster.waitFor('Deployment', 'roll', complete, { timeoutMs: 60_000 });
    for (let step = 1; step <= 8; step++) {
      const d = (await cluster.get('Deployment', 'roll'))!;
      if (random() < 0.6) d.spec.template.spec.containers[0].image = `app:${step}`;
      else { replicas = Math.max(2, Math.min(14, replicas + Math.round(random() * 8 - 4))); d.spec.replicas = replicas; }
      await cluster.apply({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'roll', namespace: 'default' }, spec: d.spec });
      await new Promise((r) => setTimeout(r, 20 + random() * 200));
    }
    const final = await cluster.waitFor('Deployment', 'roll', complete, { timeoutMs: 60_000 });
    t.equal(final.status.availableReplicas, replicas, 'the last rollout completed');

    // Replay the journal's history of the Deployment and its ReplicaSets in revision order.
    const history = events.filter((e) => e.ev.type !== 'BOOKMARK').sort((a, b) => a.ev.revision - b.ev.revision);
    const rsets = new Map<string, KObject>();
    const pods = new Map<string, KObject>();
    const podAvailable = (p: KObject) => !p.metadata.deletionTimestamp
      && (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
    let minPodAvail = Infinity;
    let desired = 0, previous = 0, everAvailable = false, checked = 0, maxTotal = 0, minAvail = Infinity;
    const resolve = (v: number | string, n: number, up: boolean) => typeof v === 'number' ? v : (up ? Math.ceil : Math.floor)((parseInt(v, 10) / 100) * n);
    for (const { kind, ev } of history) {
      const o = ev.object as KObject;
      if (kind === 'Deployment') {
        if (o.spec.replicas !== desired) { previous = desired || o.spec.replicas; desired = o.spec.replicas; everAvailable = false; }
        if (complete(o)) { previous = desired; everAvailable = true; }
        continue;
      }
      if (kind === 'Pod') {
        if (ev.type === 'DELETED') pods.delete(o.metadata.uid!); else pods.set(o.metadata.uid!, o);
      } else if (ev.type === 'DELETED') rsets.delete(o.metadata.uid!); else rsets.set(o.metadata.uid!, o);
      const high = Math.max(desired, previous), low = Math.min(desired, previous);
      const surgeN = resolve(surge, high, true);
      let unavailN = resolve(unavailable, low, false);
      if (surgeN === 0 && unavailN === 0) unavailN = 1;
      const total = [...rsets.values()].reduce((a, r) => a + (r.spec.replicas ?? 0), 0);
      const available = [...rsets.values()].reduce((a, r) => a + (r.status?.availableReplicas ?? 0), 0);
      maxTotal = Math.max(maxTotal, total - high);
      if (total > high + surgeN) t.fail(`revision ${ev.revision}: ${total} replicas desired > ${high} + maxSurge ${surgeN}`);
      if (everAvailable) {
        const ready = [...pods.values()].filter(podAvailable).length;
        minAvail = Math.min(minAvail, available - low);
        minPodAvail = Math.min(minPodAvail, ready - low);
        if (available < low - unavailN) t.fail(`revision ${ev.revision}: ${available} available < ${low} − maxUnavailable ${unavailN}`);
        if (ready < low - unavailN) t.fail(`revision ${ev.revision}: ${ready} pods Ready < ${low} − maxUnavailable ${unavailN}`);
      }
      checked++;
    }
    t.ok(checked > 20, `bounds held at each of ${checked} revisions (most above replicas: ${maxTotal}, least below: ${minAvail === Infinity ? 0 : -minAvail}, in Ready pods: ${minPodAvail === Infinity ? 0 : -minPodAvail})`);
  });
}
