// Deterministic simulation: random template changes and scaling during rollouts, pods that
// become ready after random delays; after every step the rollout's guarantees must hold,
// and once the disturbances stop the Deployment must complete.
import t from 'tap';
import type { KObject } from '../src/store/types.js';
import { maxSurge, maxUnavailable, specReplicas } from '../machines/deployment/util.js';
import { AppsWorld, prng } from './helpers/apps-world.js';

const START = Date.parse('2025-01-01T00:00:00Z');

function deployment(replicas: number, ms: unknown, mu: unknown): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'ns' },
    spec: {
      replicas, selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'img:0' }] } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: ms, maxUnavailable: mu } },
      revisionHistoryLimit: 3, progressDeadlineSeconds: 600,
    },
  };
}

function complete(w: AppsWorld): boolean {
  const d = w.d, s = d.status ?? {};
  const prog = s.conditions?.find((c: any) => c.type === 'Progressing');
  const r = specReplicas(d);
  return (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) && (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r
    && (s.availableReplicas ?? 0) === r && prog?.reason === 'NewReplicaSetAvailable' && w.activePods().length === r;
}

const FENCEPOSTS: [unknown, unknown][] = [['25%', '25%'], [1, 0], [0, 1], ['50%', '0%'], ['0%', '30%'], [2, 2], ['10%', '10%']];

for (let seed = 1; seed <= 24; seed++) {
  t.test(`seed ${seed}`, async (t) => {
    const rand = prng(seed);
    const [ms, mu] = FENCEPOSTS[seed % FENCEPOSTS.length]!;
    const w = new AppsWorld(deployment(1 + Math.floor(rand() * 12), ms, mu), START, rand);
    let image = 0;
    // The availability floor holds once reached, until the replica count changes.
    let floorReached = false;
    let violations = 0;
    const check = (step: number): void => {
      const d = w.d;
      const r = specReplicas(d);
      const pods = w.activePods().length;
      if (pods > r + maxSurge(d)) {
        violations++;
        t.fail(`step ${step}: ${pods} pods > ${r} + ${maxSurge(d)}`);
      }
      const ready = w.readyPods();
      if (ready >= r - maxUnavailable(d)) floorReached = true;
      else if (floorReached) {
        violations++;
        t.fail(`step ${step}: ${ready} available < ${r} − ${maxUnavailable(d)}`);
      }
    };
    for (let step = 0; step < 150; step++) {
      const x = rand();
      if (x < 0.08) {
        w.editSpec((s) => { s.template.spec.containers[0].image = `img:${++image}`; });
      } else if (x < 0.12 && image > 0) {
        w.editSpec((s) => { s.template.spec.containers[0].image = `img:${--image}`; }); // back to an older template
      } else if (x < 0.18) {
        w.editSpec((s) => { s.replicas = Math.floor(rand() * 15); });
        floorReached = false;
      }
      w.advance(Math.floor(rand() * 1500));
      w.step();
      check(step);
    }
    let steps = 0;
    while (!complete(w) && steps < 200) {
      w.advance(1000);
      w.step();
      check(1000 + steps);
      steps++;
    }
    t.ok(complete(w), `converges to a complete Deployment (after ${steps} quiet steps)`);
    // History is trimmed by the sync after the one that saw the rollout complete.
    w.advance(1000);
    w.step();
    t.ok(complete(w), 'and stays complete');
    t.equal(violations, 0, 'no invariant violations');
    const active = [...w.rss.values()].filter((r) => r.spec.replicas > 0);
    t.ok(active.length <= 1, 'only the new ReplicaSet keeps replicas');
    t.ok(w.rss.size <= 1 + 3, 'history trimmed to revisionHistoryLimit');
    const revs = [...w.rss.values()].map((r) => Number(r.metadata.annotations?.['deployment.kubernetes.io/revision']));
    t.equal(new Set(revs).size, revs.length, 'revisions are unique');
    t.equal(w.d.metadata.annotations?.['deployment.kubernetes.io/revision'], String(Math.max(...revs)), 'the Deployment carries the newest revision');
  });
}
