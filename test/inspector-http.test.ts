// The inspector over HTTP on a running cluster: the page and its assets, the
// JSON API, and the live stream.
import t from 'tap';
import { createCluster } from '../src/index.js';
import { eventReader } from './helpers/api.js';

t.test('inspector routes', async (t) => {
  const cluster = await createCluster({ nodes: 2 });
  t.teardown(() => cluster.close());
  const base = `${cluster.url}/inspector/`;

  const redirect = await fetch(`${cluster.url}/inspector?token=x`, { redirect: 'manual' });
  t.equal(redirect.status, 308);
  t.equal(redirect.headers.get('location'), '/inspector/?token=x', 'the query (a token) survives the redirect');
  const page = await fetch(base);
  t.match(page.headers.get('content-type'), /text\/html/);
  const html = await page.text();
  t.match(html, /<script src="app.js">/);
  t.notMatch(html, /https?:\/\//, 'nothing loaded from elsewhere');
  for (const [path, type] of [['app.js', /javascript/], ['app.css', /css/]] as const) {
    const r = await fetch(base + path);
    t.equal(r.status, 200, path);
    t.match(r.headers.get('content-type'), type);
    t.notMatch(await r.text(), /https?:\/\/(?!www\.w3\.org\/2000\/svg)/, `${path} loads nothing from elsewhere`);
  }

  const summary = await (await fetch(base + 'api/summary')).json() as { objects: Record<string, Record<string, number>>; revision: number; charts: string[] };
  t.same(summary.charts, ['Deployment', 'ReplicaSet', 'Pod', 'Node', 'scheduler'], 'the kinds with charts');
  t.same(summary.objects.Node, { Ready: 2 }, 'node states from stateOf over the store');
  const actors = await (await fetch(base + 'api/actors?kind=Node')).json() as { total: number; rows: { name: string; address?: string }[] };
  t.same(actors.rows.map((r) => r.name), ['node-1', 'node-2']);
  t.ok(actors.rows.every((r) => r.address?.endsWith(`/Node/${r.name}`)), 'each node row names its kubelet actor');
  const controllers = await (await fetch(base + 'api/actors?kind=scheduler')).json() as { rows: { state: string }[] };
  t.equal(controllers.rows.length, 1);
  t.match(controllers.rows[0]!.state, /^backoff\.(Clear|BackingOff), cycle\.(Syncing|Idle|Scheduling)$/, "the scheduler's statechart state, from the runtime");

  t.equal((await fetch(base + 'api/chart/Nope')).status, 404);
  t.equal((await fetch(base + 'api/chart/store')).status, 404, 'an actor kind without a machine has no chart');
  const scheduler = await (await fetch(base + 'api/chart/scheduler')).json() as { kind: string; chart: { root: { type: string; children: { id: string }[] } }; graph: { children: { id: string; x?: number }[] } };
  t.equal(scheduler.kind, 'scheduler');
  t.equal(scheduler.chart.root.type, 'parallel', "the scheduler's chart: a parallel machine");
  t.same(scheduler.graph.children.map((c) => [c.id, typeof c.x]), [['scheduler.cycle', 'number'], ['scheduler.backoff', 'number']], 'its regions laid out');
  t.equal((await fetch(base + 'api/story?kind=Pod')).status, 400);
  t.equal((await fetch(base + 'api/at?rev=0')).status, 400);
  t.equal((await fetch(base + `api/at?rev=${summary.revision + 1000}`)).status, 504, 'a revision from the future is refused as the store refuses it');
  const past = await (await fetch(base + 'api/at?rev=1')).json() as { rev: number; counts: Record<string, unknown> };
  t.equal(past.rev, 1);

  const stream = await fetch(base + 'events');
  t.match(stream.headers.get('content-type'), /text\/event-stream/);
  const events = eventReader(stream);
  const first = await events.until(/event: counts/);
  t.match(first, /event: hello\ndata: {"client":"c\d+"}/);
  const client = /"client":"(c\d+)"/.exec(first)![1];
  const sel = await fetch(base + 'api/select', { method: 'POST', body: JSON.stringify({ client, kind: 'Node', name: 'node-1' }) });
  t.equal(sel.status, 200);
  await events.until(/event: actor\ndata: .*"name":"node-1"/);
  t.pass('the selected object comes down the stream');
  await events.cancel();
});

t.test('api/actors filters by namespace and state together', async (t) => {
  const cluster = await createCluster({ nodes: 2 });
  t.teardown(() => cluster.close());
  const base = `${cluster.url}/inspector/`;
  const deployment = (namespace: string, replicas: number, nodeSelector?: Record<string, string>) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace },
    spec: {
      replicas, selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }], ...(nodeSelector ? { nodeSelector } : {}) } },
    },
  });
  await cluster.apply([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b' } },
    deployment('team-a', 2),
    // No node carries this label: its pod stays Unschedulable.
    deployment('team-b', 1, { 'pool-type': 'none' }),
  ]);
  type Rows = { total: number; rows: { kind: string; namespace?: string; name: string; state: string }[] };
  const actors = async (query: string) => await (await fetch(`${base}api/actors?${query}`)).json() as Rows;
  // Wait on the condition (the index follows the store's watches).
  const settled = async (query: string, total: number) => {
    for (let i = 0; i < 600; i++) {
      const r = await actors(query);
      if (r.total === total) return r;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return actors(query);
  };

  const running = await settled('namespace=team-a&state=Running', 2);
  t.equal(running.total, 2, 'team-a: its 2 pods are Running');
  t.same(running.rows.map((r) => [r.kind, r.namespace, r.state]), [['Pod', 'team-a', 'Running.Ready'], ['Pod', 'team-a', 'Running.Ready']], 'a parent state matches its children, in that namespace only');
  t.same((await actors('namespace=team-a&state=Running.Ready')).total, 2, 'the full state too');
  const stuck = await settled('namespace=team-b&state=Unschedulable', 1);
  t.same(stuck.rows.map((r) => [r.kind, r.namespace, r.state]), [['Pod', 'team-b', 'Unschedulable']], "team-b's pod, Unschedulable");
  t.same((await actors('namespace=team-b&state=Running')).rows, [], 'no Running pod in team-b');
  t.same((await actors('namespace=team-a&state=Unschedulable')).rows, [], 'no Unschedulable pod in team-a');
  t.same((await actors('namespace=team-a&state=Run')).rows, [], 'a state is matched whole, not as a prefix of its name');
  const teamA = await actors('namespace=team-a');
  t.same(teamA.rows.map((r) => [r.kind, r.namespace]), [['Deployment', 'team-a'], ['Pod', 'team-a'], ['Pod', 'team-a'], ['ReplicaSet', 'team-a']], 'a namespace alone: its objects only (no nodes, no controllers)');
  const complete = await settled('namespace=team-a&kind=Deployment&state=Complete', 1);
  t.same(complete.rows.map((r) => [r.namespace, r.name]), [['team-a', 'web']], 'with kind: the Deployment, Complete');
  t.same((await actors('namespace=nowhere')).total, 0, 'an unknown namespace: nothing');
});
