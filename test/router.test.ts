import t from 'tap';
import { Router, type RoutableChange, type RouteBy, type RoutedEntry } from '../src/store/router.js';

let rev = 0;
function change(over: Partial<RoutableChange> = {}): RoutableChange {
  return {
    rev: ++rev,
    type: 'MODIFIED',
    key: '/pods/default/p1',
    kind: 'Pod',
    ownerUids: [],
    encoded: new Uint8Array([rev & 0xff]),
    ...over,
  };
}

type Call<T> = { group: number; batch: RoutedEntry<T>[] };

function harness<T = string>() {
  const calls: Call<T>[] = [];
  const router = new Router<T>((group, batch) => calls.push({ group, batch }));
  /** group → [rev, targets][] flattened over all calls */
  const seen = (group: number) =>
    calls.filter((c) => c.group === group).flatMap((c) => c.batch.map((e) => [e.change.rev, [...e.targets].sort()] as const));
  return { router, calls, seen };
}

t.test('matching by key, owner, node (old and new) and kind', async (t) => {
  const subs: [RouteBy, string][] = [
    ['key', '/pods/default/p1'],
    ['owner', 'rs-1'],
    ['node', 'n1'],
    ['node', 'n2'],
    ['kind', 'Pod'],
    ['kind', 'Node'],
  ];
  // [change, subscriptions (by index) that must get it]
  const table: [Partial<RoutableChange>, number[]][] = [
    [{ key: '/pods/default/p1', kind: 'Pod' }, [0, 4]],
    [{ key: '/pods/default/p2', kind: 'Pod', ownerUids: ['rs-1'] }, [1, 4]],
    [{ key: '/pods/default/p2', kind: 'Pod', ownerUids: ['rs-0', 'rs-1'] }, [1, 4]],
    [{ key: '/pods/default/p2', kind: 'Pod', nodeName: 'n1' }, [2, 4]],
    [{ key: '/pods/default/p2', kind: 'Pod', nodeName: 'n2', prevNodeName: 'n1' }, [2, 3, 4]], // moved: both kubelets
    [{ key: '/pods/default/p2', kind: 'Pod', prevNodeName: 'n1' }, [2, 4]], // unbound / deleted from n1
    [{ key: '/pods/default/p2', kind: 'Pod', nodeName: '', prevNodeName: '' }, [4]],
    [{ key: '/nodes/n1', kind: 'Node' }, [5]], // kind Node, but nodeName is not set: no node route
    [{ key: '/deployments/default/d', kind: 'Deployment' }, []],
  ];
  for (const [over, want] of table) {
    const { router, calls } = harness<string>();
    subs.forEach(([by, value], i) => router.subscribe(by, value, i, `s${i}`));
    const c = change(over);
    router.route([c]);
    const got = calls.map((x) => x.group).sort((a, b) => a - b);
    t.same(got, want, JSON.stringify(over));
    for (const call of calls) {
      t.equal(call.batch.length, 1);
      t.equal(call.batch[0]!.change, c, 'change passed by reference');
      t.equal(call.batch[0]!.change.encoded, c.encoded, 'bytes passed by reference');
      t.same(call.batch[0]!.targets, [`s${call.group}`]);
    }
  }
});

t.test('a target matched several ways gets a change once', async (t) => {
  const { router, calls } = harness<string>();
  router.subscribe('key', '/pods/default/p1', 0, 'kubelet-actor');
  router.subscribe('node', 'n1', 0, 'kubelet-actor');
  router.subscribe('node', 'n2', 0, 'kubelet-actor');
  router.subscribe('kind', 'Pod', 0, 'kubelet-actor');
  router.subscribe('owner', 'rs-1', 0, 'kubelet-actor');
  router.subscribe('owner', 'rs-1', 0, 'kubelet-actor'); // same subscription twice
  router.subscribe('kind', 'Pod', 0, 'controller');
  router.subscribe('kind', 'Pod', 1, 'kubelet-actor'); // same target name, other group: separate
  router.route([change({ ownerUids: ['rs-1', 'rs-1'], nodeName: 'n2', prevNodeName: 'n1' })]);
  t.equal(calls.length, 2);
  const g0 = calls.find((c) => c.group === 0)!;
  t.same(g0.batch.map((e) => e.targets), [['kubelet-actor', 'controller']]);
  t.same(calls.find((c) => c.group === 1)!.batch.map((e) => e.targets), [['kubelet-actor']]);
});

t.test('dedupe holds past the small-array threshold', async (t) => {
  const { router, calls } = harness<string>();
  for (let i = 0; i < 50; i++) {
    router.subscribe('kind', 'Pod', 0, `w${i}`);
    router.subscribe('key', '/pods/default/p1', 0, `w${i}`);
    router.subscribe('owner', 'o', 0, `w${i % 10}`);
  }
  router.route([change({ ownerUids: ['o'] }), change({ ownerUids: ['o'] })]);
  t.equal(calls.length, 1);
  for (const e of calls[0]!.batch) {
    t.equal(e.targets.length, 50);
    t.equal(new Set(e.targets).size, 50);
  }
});

t.test('one deliver per group per route, revision order kept per group', async (t) => {
  const { router, calls, seen } = harness<string>();
  router.subscribe('node', 'n1', 0, 'kubelet-n1');
  router.subscribe('node', 'n2', 1, 'kubelet-n2');
  router.subscribe('kind', 'ReplicaSet', 1, 'rs-controller');
  router.subscribe('key', '/pods/default/a', 2, 'watch-a');
  const batch = [
    change({ key: '/pods/default/a', nodeName: 'n1' }),
    change({ key: '/replicasets/default/r', kind: 'ReplicaSet' }),
    change({ key: '/pods/default/b', nodeName: 'n2' }),
    change({ key: '/pods/default/a', nodeName: 'n2', prevNodeName: 'n1' }),
    change({ key: '/pods/default/c', nodeName: 'n1', type: 'DELETED' }),
  ];
  const r = batch.map((c) => c.rev);
  router.route(batch);
  t.same(calls.map((c) => c.group).sort(), [0, 1, 2], 'each group once');
  t.same(seen(0), [[r[0], ['kubelet-n1']], [r[3], ['kubelet-n1']], [r[4], ['kubelet-n1']]]);
  t.same(seen(1), [[r[1], ['rs-controller']], [r[2], ['kubelet-n2']], [r[3], ['kubelet-n2']]]);
  t.same(seen(2), [[r[0], ['watch-a']], [r[3], ['watch-a']]]);
  // Nothing matched: no deliver at all.
  calls.length = 0;
  router.route([change({ key: '/x', kind: 'ConfigMap' })]);
  router.route([]);
  t.equal(calls.length, 0);
  t.equal(router.stats.deliveries, 3);
});

t.test('unsubscribe is idempotent and removes only that subscription', async (t) => {
  const { router, calls } = harness<string>();
  const off1 = router.subscribe('kind', 'Pod', 0, 'a');
  router.subscribe('kind', 'Pod', 0, 'a'); // a second, identical subscription
  const offB = router.subscribe('kind', 'Pod', 0, 'b');
  t.equal(router.size, 3);
  off1();
  off1();
  t.equal(router.size, 2);
  router.route([change()]);
  t.same(calls[0]!.batch[0]!.targets, ['a', 'b']);
  offB();
  calls.length = 0;
  router.route([change()]);
  t.same(calls[0]!.batch[0]!.targets, ['a']);
});

t.test('unsubscribe during delivery is safe', async (t) => {
  const offs = new Map<string, () => void>();
  const calls: Call<string>[] = [];
  const router = new Router<string>((group, batch) => {
    calls.push({ group, batch });
    // Group 0's handler tears down everything, including group 1's target.
    if (group === 0) for (const off of offs.values()) off();
  });
  offs.set('a', router.subscribe('key', '/pods/default/p1', 0, 'a'));
  offs.set('b', router.subscribe('kind', 'Pod', 1, 'b'));
  offs.set('c', router.subscribe('kind', 'Pod', 1, 'c'));
  router.route([change(), change()]);
  // Group 0 matched first, so is delivered first; its handler unsubscribes
  // b and c, which then receive nothing more from this route().
  t.same(calls.map((c) => c.group), [0]);
  t.equal(router.size, 0);
  calls.length = 0;
  router.route([change()]);
  t.equal(calls.length, 0);

  // A target that still holds another subscription in its group keeps its batch.
  const { router: r2, calls: c2 } = (() => {
    const cs: Call<string>[] = [];
    let offX: (() => void) | undefined;
    const r = new Router<string>((group, batch) => {
      cs.push({ group, batch });
      if (group === 0) offX?.();
    });
    r.subscribe('key', '/pods/default/p1', 0, 'z');
    offX = r.subscribe('kind', 'Pod', 1, 'x');
    r.subscribe('node', 'n1', 1, 'x');
    r.subscribe('kind', 'Pod', 1, 'y');
    return { router: r, calls: cs };
  })();
  r2.route([change({ nodeName: 'n1' })]);
  t.same(c2.map((c) => [c.group, c.batch[0]!.targets]), [[0, ['z']], [1, ['x', 'y']]]);
});

t.test('subscribe during delivery takes effect next route', async (t) => {
  const calls: Call<string>[] = [];
  let router!: Router<string>;
  router = new Router<string>((group, batch) => {
    calls.push({ group, batch });
    if (group === 0 && calls.length === 1) router.subscribe('kind', 'Pod', 1, 'late');
  });
  router.subscribe('kind', 'Pod', 0, 'early');
  router.route([change()]);
  t.same(calls.map((c) => c.group), [0]);
  router.route([change()]);
  t.same(calls.map((c) => c.group), [0, 0, 1]);
});

t.test('route() from inside deliver() is queued, keeping per-group order', async (t) => {
  const log: [number, number][] = [];
  let router!: Router<string>;
  let nested = false;
  const later = change();
  router = new Router<string>((group, batch) => {
    for (const e of batch) log.push([group, e.change.rev]);
    if (!nested) {
      nested = true;
      router.route([later]); // e.g. a synchronous write caused by this delivery
    }
  });
  router.subscribe('kind', 'Pod', 0, 'a');
  router.subscribe('kind', 'Pod', 1, 'b');
  const first = change();
  router.route([first]);
  t.same(log, [
    [0, first.rev],
    [1, first.rev],
    [0, later.rev],
    [1, later.rev],
  ]);
});

t.test('a throwing deliver does not starve other groups', async (t) => {
  const got: number[] = [];
  const router = new Router<string>((group) => {
    got.push(group);
    if (group === 0) throw new Error('boom');
  });
  router.subscribe('kind', 'Pod', 0, 'a');
  router.subscribe('kind', 'Pod', 1, 'b');
  t.throws(() => router.route([change()]), /boom/);
  t.same(got, [0, 1]);
  got.length = 0;
  t.throws(() => router.route([change()]), /boom/, 'router still usable');
  t.same(got, [0, 1]);
});

t.test('cost does not depend on non-matching subscribers', async (t) => {
  const changes = () => [
    change({ key: '/pods/default/p1', ownerUids: ['rs-1'], nodeName: 'n1', prevNodeName: 'n0' }),
    change({ key: '/pods/default/p2', ownerUids: ['rs-1'], nodeName: 'n1' }),
    change({ key: '/replicasets/default/rs', kind: 'ReplicaSet', ownerUids: ['d-1'] }),
  ];
  const measure = (noise: number) => {
    const { router, calls } = harness<string>();
    router.subscribe('key', '/pods/default/p1', 0, 'pod-actor');
    router.subscribe('owner', 'rs-1', 0, 'rs-actor');
    router.subscribe('node', 'n1', 1, 'kubelet-n1');
    router.subscribe('kind', 'ReplicaSet', 2, 'rs-controller');
    // Noise: subscribers on every route, none matching these changes.
    for (let i = 0; i < noise; i++) {
      router.subscribe('key', `/pods/other/p${i}`, i % 4, `k${i}`);
      router.subscribe('owner', `uid-${i}`, i % 4, `o${i}`);
      router.subscribe('node', `node-${i}`, i % 4, `n${i}`);
      router.subscribe('kind', `Kind${i}`, i % 4, `c${i}`);
    }
    router.route(changes());
    return { stats: { ...router.stats }, delivered: calls.map((c) => c.batch.length) };
  };
  const small = measure(1);
  const big = measure(20_000);
  t.same(big, small, 'same lookups, visits and deliveries with 80k non-matching subscribers');
  // 3 changes: key + owners + nodes + kind lookups = (1+1+2+1) + (1+1+1+1) + (1+1+0+1)
  t.equal(small.stats.lookups, 12);
  t.equal(small.stats.visited, 3 + 2 + 1, 'only matching subscriptions visited');
});
