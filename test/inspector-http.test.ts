// The inspector over HTTP on a running cluster: the page and its assets, the
// JSON API, and the live stream.
import t from 'tap';
import { createCluster } from '../src/index.js';

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

  const summary = await (await fetch(base + 'api/summary')).json() as { objects: Record<string, Record<string, number>>; revision: number };
  t.same(summary.objects.Node, { Ready: 2 }, 'node states from stateOf over the store');
  const actors = await (await fetch(base + 'api/actors?kind=Node')).json() as { total: number; rows: { name: string; address?: string }[] };
  t.same(actors.rows.map((r) => r.name), ['node-1', 'node-2']);
  t.ok(actors.rows.every((r) => r.address?.endsWith(`/Node/${r.name}`)), 'each node row names its kubelet actor');
  const controllers = await (await fetch(base + 'api/actors?kind=scheduler')).json() as { rows: { state: string }[] };
  t.equal(controllers.rows.length, 1);
  t.match(controllers.rows[0]!.state, /^backoff\.(Clear|BackingOff), cycle\.(Syncing|Idle|Scheduling)$/, "the scheduler's statechart state, from the runtime");

  t.equal((await fetch(base + 'api/chart/Nope')).status, 404);
  t.equal((await fetch(base + 'api/story?kind=Pod')).status, 400);
  t.equal((await fetch(base + 'api/at?rev=0')).status, 400);
  t.equal((await fetch(base + `api/at?rev=${summary.revision + 1000}`)).status, 504, 'a revision from the future is refused as the store refuses it');
  const past = await (await fetch(base + 'api/at?rev=1')).json() as { rev: number; counts: Record<string, unknown> };
  t.equal(past.rev, 1);

  const stream = await fetch(base + 'events');
  t.match(stream.headers.get('content-type'), /text\/event-stream/);
  const reader = stream.body!.getReader();
  let text = '';
  while (!/event: counts/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
  t.match(text, /event: hello\ndata: {"client":"c\d+"}/);
  const client = /"client":"(c\d+)"/.exec(text)![1];
  const sel = await fetch(base + 'api/select', { method: 'POST', body: JSON.stringify({ client, kind: 'Node', name: 'node-1' }) });
  t.equal(sel.status, 200);
  while (!/event: actor\ndata: .*"name":"node-1"/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
  t.pass('the selected object comes down the stream');
  await reader.cancel();
});
