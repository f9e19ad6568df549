import t from 'tap';
import { eventReader, startServer } from './helpers/api.js';

const deployment = (name: string, replicas = 2, labels: Record<string, string> = { app: name }) => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name, labels },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] } },
  },
});

const pod = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] },
});

t.test('namespaces from the start, each with a default ServiceAccount', async (t) => {
  const s = await startServer(t);
  const r = await s.request('GET', '/api/v1/namespaces');
  t.equal(r.status, 200);
  t.same(r.body.items.map((n: any) => n.metadata.name).sort(), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  for (const ns of ['default', 'kube-system']) {
    let sa = await s.request('GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`);
    for (let i = 0; sa.status !== 200 && i < 50; i++) { await new Promise((r) => setTimeout(r, 20)); sa = await s.request('GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`); }
    t.equal(sa.status, 200, `${ns} has its default ServiceAccount`);
  }
  const nodes = await s.request('GET', '/api/v1/nodes');
  t.equal(nodes.body.items.length, 3, '--nodes 3 registered three Node objects');
});

t.test('create, get, defaults, list with selectors, pagination', async (t) => {
  const s = await startServer(t);
  const created = await s.request('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web'));
  t.equal(created.status, 201);
  t.ok(created.body.metadata.uid, 'uid assigned');
  t.equal(created.body.metadata.generation, 1);
  t.equal(created.body.spec.strategy.type, 'RollingUpdate', 'defaults applied');
  t.equal(created.body.spec.revisionHistoryLimit, 10);
  const again = await s.request('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web'));
  t.equal(again.status, 409);
  t.equal(again.body.reason, 'AlreadyExists');
  t.equal(again.body.message, 'deployments.apps "web" already exists');
  const got = await s.request('GET', '/apis/apps/v1/namespaces/default/deployments/web');
  t.equal(got.body.metadata.resourceVersion, created.body.metadata.resourceVersion);
  const missing = await s.request('GET', '/apis/apps/v1/namespaces/default/deployments/nope');
  t.same([missing.status, missing.body.reason, missing.body.message, missing.body.details], [404, 'NotFound', 'deployments.apps "nope" not found', { name: 'nope', group: 'apps', kind: 'deployments' }]);

  for (let i = 0; i < 7; i++) t.equal((await s.request('POST', '/api/v1/namespaces/default/pods', pod(`p${i}`, { tier: i % 2 ? 'odd' : 'even' }))).status, 201);
  const odd = await s.request('GET', '/api/v1/namespaces/default/pods?labelSelector=tier%3Dodd');
  t.same(odd.body.items.map((p: any) => p.metadata.name).sort(), ['p1', 'p3', 'p5']);
  const notOdd = await s.request('GET', '/api/v1/namespaces/default/pods?labelSelector=tier!%3Dodd');
  t.equal(notOdd.body.items.length, 4);
  const byName = await s.request('GET', '/api/v1/pods?fieldSelector=metadata.name%3Dp2');
  t.same(byName.body.items.map((p: any) => p.metadata.name), ['p2']);
  t.equal(byName.body.kind, 'PodList');
  const badField = await s.request('GET', '/api/v1/pods?fieldSelector=spec.foo%3Dx');
  t.equal(badField.status, 400);

  const seen: string[] = [];
  let cont = '';
  let pages = 0;
  let rv = '';
  do {
    const page = await s.request('GET', `/api/v1/namespaces/default/pods?limit=3${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
    t.equal(page.status, 200);
    if (!rv) rv = page.body.metadata.resourceVersion;
    t.equal(page.body.metadata.resourceVersion, rv, 'every page reads at the first page\'s revision');
    seen.push(...page.body.items.map((p: any) => p.metadata.name));
    cont = page.body.metadata.continue ?? '';
    pages++;
    if (pages === 1) await s.request('POST', '/api/v1/namespaces/default/pods', pod('late'));
  } while (cont && pages < 10);
  t.same(seen.sort(), ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6'], 'pages cover the list as it was; a later create does not show');
});

t.test('optimistic concurrency, merge and JSON patches, status and scale subresources', async (t) => {
  const s = await startServer(t);
  const d = (await s.request('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('api', 2))).body;
  const base = '/apis/apps/v1/namespaces/default/deployments/api';
  const put = await s.request('PUT', base, { ...d, spec: { ...d.spec, replicas: 4 } });
  t.equal(put.status, 200);
  t.equal(put.body.metadata.generation, 2, 'a spec change bumps generation');
  const stale = await s.request('PUT', base, { ...d, spec: { ...d.spec, replicas: 5 } });
  t.same([stale.status, stale.body.reason], [409, 'Conflict'], 'a stale resourceVersion is a Conflict');
  t.match(stale.body.message, /the object has been modified; please apply your changes to the latest version and try again/);

  const merged = await s.request('PATCH', base, { metadata: { labels: { team: 'a' } }, spec: { replicas: 1 } }, { 'content-type': 'application/merge-patch+json' });
  t.equal(merged.status, 200);
  t.same([merged.body.metadata.labels, merged.body.spec.replicas], [{ app: 'api', team: 'a' }, 1]);
  const jp = await s.request('PATCH', base, [{ op: 'replace', path: '/spec/replicas', value: 3 }, { op: 'remove', path: '/metadata/labels/team' }], { 'content-type': 'application/json-patch+json' });
  t.same([jp.status, jp.body.spec.replicas, jp.body.metadata.labels], [200, 3, { app: 'api' }]);
  const badJp = await s.request('PATCH', base, [{ op: 'remove', path: '/spec/nothing/here' }], { 'content-type': 'application/json-patch+json' });
  t.equal(badJp.status, 422);
  const smp = await s.request('PATCH', base, { spec: {} }, { 'content-type': 'application/yaml' });
  t.equal(smp.status, 415);

  const withStatus = await s.request('PUT', base, { ...jp.body, status: { replicas: 99 } });
  t.notOk(withStatus.body.status?.replicas, 'a write to the main resource ignores status');
  const st = await s.request('PUT', `${base}/status`, { ...withStatus.body, spec: { ...withStatus.body.spec, replicas: 50 }, status: { replicas: 3, readyReplicas: 2 } });
  t.equal(st.status, 200);
  t.same([st.body.status.replicas, st.body.spec.replicas], [3, 3], 'a write to status ignores spec');

  const scale = await s.request('GET', `${base}/scale`);
  t.same([scale.body.kind, scale.body.apiVersion, scale.body.spec.replicas, scale.body.status.replicas, scale.body.status.selector], ['Scale', 'autoscaling/v1', 3, 3, 'app=api']);
  const scaled = await s.request('PATCH', `${base}/scale`, { spec: { replicas: 7 } }, { 'content-type': 'application/merge-patch+json' });
  t.equal(scaled.body.spec.replicas, 7);
  t.equal((await s.request('GET', base)).body.spec.replicas, 7, 'scale wrote spec.replicas');
  const negative = await s.request('PUT', `${base}/scale`, { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'api' }, spec: { replicas: -1 } });
  t.equal(negative.status, 422);
});

t.test('watch: events after a revision, selectors, resume, expired, timeout', async (t) => {
  const s = await startServer(t);
  const first = (await s.request('POST', '/api/v1/namespaces/default/pods', pod('w1', { app: 'x' }))).body;
  const res = await fetch(`${s.url}/api/v1/namespaces/default/pods?watch=1&resourceVersion=${first.metadata.resourceVersion}&labelSelector=app%3Dx&timeoutSeconds=2`);
  t.equal(res.status, 200);
  await s.request('POST', '/api/v1/namespaces/default/pods', pod('w2', { app: 'x' }));
  await s.request('POST', '/api/v1/namespaces/default/pods', pod('other', { app: 'y' }));
  await s.request('PATCH', '/api/v1/namespaces/default/pods/w1', { metadata: { labels: { app: 'gone' } } }, { 'content-type': 'application/merge-patch+json' });
  await s.request('DELETE', '/api/v1/namespaces/default/pods/w2');
  const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
  t.same(lines.map((e) => [e.type, e.object.metadata.name]), [['ADDED', 'w2'], ['DELETED', 'w1'], ['DELETED', 'w2']],
    'only matching changes after the revision; leaving the selector is a DELETED; the stream ended at timeoutSeconds');
  await s.store.compact(s.store.revision);
  const old = await fetch(`${s.url}/api/v1/namespaces/default/pods?watch=1&resourceVersion=2`);
  t.equal(old.status, 200, 'an expired watch is not an HTTP error');
  const ev = JSON.parse((await old.text()).trim().split('\n')[0]!);
  t.same([ev.type, ev.object.kind, ev.object.code, ev.object.reason], ['ERROR', 'Status', 410, 'Expired']);
});

t.test('deletion: propagation policies, preconditions, graceful pods, collections', async (t) => {
  const s = await startServer(t);
  const base = '/apis/apps/v1/namespaces/default/deployments';
  for (const name of ['orphan', 'fg', 'bg']) await s.request('POST', base, deployment(name));
  const o = await s.request('DELETE', `${base}/orphan`, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Orphan' });
  t.same([o.status, o.body.metadata.finalizers, !!o.body.metadata.deletionTimestamp], [200, ['orphan'], true], 'Orphan: kept with the orphan finalizer');
  const f = await s.request('DELETE', `${base}/fg?propagationPolicy=Foreground`);
  t.same([f.status, f.body.metadata.finalizers], [200, ['foregroundDeletion']], 'Foreground: kept with foregroundDeletion');
  const b = await s.request('DELETE', `${base}/bg`, { propagationPolicy: 'Background' });
  t.same([b.status, b.body.kind, b.body.status, b.body.details.name], [200, 'Status', 'Success', 'bg'], 'Background: gone at once');
  const bad = await s.request('DELETE', `${base}/orphan`, { propagationPolicy: 'Sideways' });
  t.equal(bad.status, 400);
  const created = (await s.request('POST', '/api/v1/namespaces/default/pods', pod('pre'))).body;
  const wrongUid = await s.request('DELETE', '/api/v1/namespaces/default/pods/pre', { preconditions: { uid: 'not-it' } });
  t.same([wrongUid.status, wrongUid.body.reason], [409, 'Conflict'], 'a uid precondition that does not hold is a Conflict');
  const ok = await s.request('DELETE', '/api/v1/namespaces/default/pods/pre', { preconditions: { uid: created.metadata.uid } });
  t.equal(ok.status, 200);

  await s.request('POST', '/api/v1/namespaces/default/pods', pod('bound'));
  const bind = await s.request('POST', '/api/v1/namespaces/default/pods/bound/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bound' }, target: { kind: 'Node', name: 'node-1' } });
  t.equal(bind.status, 201);
  const rebind = await s.request('POST', '/api/v1/namespaces/default/pods/bound/binding', { target: { kind: 'Node', name: 'node-2' } });
  t.same([rebind.status, rebind.body.reason], [409, 'Conflict'], 'a bound pod cannot be bound again');
  // deletionTimestamp has whole seconds, as on Kubernetes: a 3 s grace leaves at least 2 s.
  const graceful = await s.request('DELETE', '/api/v1/namespaces/default/pods/bound?gracePeriodSeconds=3');
  t.same([graceful.status, graceful.body.metadata.deletionGracePeriodSeconds, !!graceful.body.metadata.deletionTimestamp], [200, 3, true], 'a bound pod is marked, not removed');
  let after = await s.request('GET', '/api/v1/namespaces/default/pods/bound');
  t.equal(after.status, 200, 'still there during its grace');
  for (let i = 0; after.status === 200 && i < 200; i++) { await new Promise((r) => setTimeout(r, 50)); after = await s.request('GET', '/api/v1/namespaces/default/pods/bound'); }
  t.equal(after.status, 404, 'gone once the grace ran out');

  for (let i = 0; i < 4; i++) await s.request('POST', '/api/v1/namespaces/default/pods', pod(`col${i}`, { batch: i < 3 ? 'one' : 'two' }));
  const dc = await s.request('DELETE', '/api/v1/namespaces/default/pods?labelSelector=batch%3Done');
  t.same([dc.status, dc.body.items.length], [200, 3]);
  const left = await s.request('GET', '/api/v1/namespaces/default/pods?labelSelector=batch');
  t.same(left.body.items.map((p: any) => p.metadata.name), ['col3']);
});

t.test('namespace lifecycle: missing → 404, terminating → 403, content removed, then the namespace', async (t) => {
  const s = await startServer(t);
  const missing = await s.request('POST', '/api/v1/namespaces/nowhere/pods', pod('x'));
  t.same([missing.status, missing.body.reason, missing.body.message], [404, 'NotFound', 'namespaces "nowhere" not found']);
  t.equal((await s.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } })).status, 201);
  for (const n of ['a', 'b']) await s.request('POST', '/api/v1/namespaces/team/pods', pod(n));
  await s.request('POST', '/apis/apps/v1/namespaces/team/deployments', deployment('d'));
  // Held by a finalizer, so the namespace is still Terminating when the next create comes.
  await s.request('POST', '/api/v1/namespaces/team/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers: ['example.com/hold'] } });
  const del = await s.request('DELETE', '/api/v1/namespaces/team');
  t.equal(del.status, 200);
  t.ok(del.body.metadata.deletionTimestamp, 'marked');
  const refused = await s.request('POST', '/api/v1/namespaces/team/pods', pod('late'));
  t.same([refused.status, refused.body.reason], [403, 'Forbidden']);
  t.equal(refused.body.message, 'pods "late" is forbidden: unable to create new content in namespace team because it is being terminated', 'naming the object, as Kubernetes does');
  t.equal(refused.body.details?.name, 'late');
  t.equal((await s.request('PATCH', '/api/v1/namespaces/team/configmaps/held', { metadata: { finalizers: null } }, { 'content-type': 'application/merge-patch+json' })).status, 200);
  let ns = await s.request('GET', '/api/v1/namespaces/team');
  for (let i = 0; ns.status === 200 && i < 100; i++) { await new Promise((r) => setTimeout(r, 30)); ns = await s.request('GET', '/api/v1/namespaces/team'); }
  t.equal(ns.status, 404, 'the namespace is gone once its content is');
  t.equal((await s.request('GET', '/api/v1/namespaces/team/pods')).body.items.length, 0);
});

const watchLines = async (res: Response) => (await res.text()).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

t.test('watch resume: from the last resourceVersion seen, exactly the events after it', async (t) => {
  const s = await startServer(t);
  const P = '/api/v1/namespaces/default/pods';
  const a = (await s.request('POST', P, pod('a', { app: 'r' }))).body;
  const ac = new AbortController();
  const first = await fetch(`${s.url}${P}?watch=1&labelSelector=app%3Dr&resourceVersion=${a.metadata.resourceVersion}`, { signal: ac.signal });
  t.equal(first.status, 200);
  await s.request('POST', P, pod('b', { app: 'r' }));
  await s.request('POST', P, pod('c', { app: 'r' }));
  // The client reads one event (c's may be in flight too, unread), then goes away.
  const events = eventReader(first);
  const seen = await events.next();
  ac.abort();
  await events.cancel();
  t.same([seen.type, seen.object.metadata.name], ['ADDED', 'b']);
  const last = seen.object.metadata.resourceVersion as string;

  // Changes while no one watches.
  await s.request('PATCH', `${P}/b`, { metadata: { labels: { app: 'r', touched: 'yes' } } }, { 'content-type': 'application/merge-patch+json' });
  await s.request('DELETE', `${P}/c`);
  await s.request('DELETE', `${P}/a`);
  await s.request('POST', P, pod('d', { app: 'r' }));
  await s.request('POST', P, pod('not-selected', { app: 'other' }));

  // Resumed from the last resourceVersion seen: everything after it, once, in order (the stream ends at timeoutSeconds).
  const resumed = await watchLines(await fetch(`${s.url}${P}?watch=1&labelSelector=app%3Dr&resourceVersion=${last}&timeoutSeconds=1`));
  t.same(resumed.map((e) => [e.type, e.object.metadata.name]), [['ADDED', 'c'], ['MODIFIED', 'b'], ['DELETED', 'c'], ['DELETED', 'a'], ['ADDED', 'd']],
    'c (sent but unread) is not missing, b is not repeated, later changes follow');
  const rvs = resumed.map((e) => Number(e.object.metadata.resourceVersion));
  t.ok(rvs.every((rv, i) => rv > Number(last) && (i === 0 || rv > rvs[i - 1]!)), `resourceVersions ascend past ${last} (${rvs.join(', ')})`);
  t.same(resumed[1].object.metadata.labels, { app: 'r', touched: 'yes' }, 'MODIFIED carries the new state');

  // Resumed from the newest of those: nothing replayed (a replay would come first), only what comes next.
  const tail = eventReader(await fetch(`${s.url}${P}?watch=1&labelSelector=app%3Dr&resourceVersion=${rvs.at(-1)}`));
  await s.request('POST', P, pod('e', { app: 'r' }));
  const next = await tail.next();
  await tail.cancel();
  t.same([next.type, next.object.metadata.name], ['ADDED', 'e']);
});

t.test('allowWatchBookmarks: a BOOKMARK with the revision the watch is complete up to', async (t) => {
  const s = await startServer(t);
  const P = '/api/v1/namespaces/default/pods';
  const before = (await s.request('POST', P, pod('b1'))).body.metadata.resourceVersion as string;
  await s.request('POST', P, pod('b2'));
  const listRv = (await s.request('GET', P)).body.metadata.resourceVersion as string;

  // From an older revision: the replay, then a bookmark at the revision it caught up to.
  const caughtUp = await watchLines(await fetch(`${s.url}${P}?watch=1&allowWatchBookmarks=true&resourceVersion=${before}&timeoutSeconds=1`));
  t.same(caughtUp.map((e) => e.type), ['ADDED', 'BOOKMARK']);
  const bm = caughtUp[1];
  t.same(bm.object, { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: listRv } }, 'a bookmark is the kind and a resourceVersion, nothing else');
  t.ok(Number(bm.object.metadata.resourceVersion) >= Number(caughtUp[0].object.metadata.resourceVersion));

  // From the current revision: a bookmark at once, then the change.
  const live = eventReader(await fetch(`${s.url}${P}?watch=1&allowWatchBookmarks=true&resourceVersion=${listRv}`));
  await s.request('POST', P, pod('b3'));
  const ev = [await live.next(), await live.next()];
  await live.cancel();
  t.same(ev.map((e) => e.type), ['BOOKMARK', 'ADDED']);
  t.equal(ev[0].object.metadata.resourceVersion, listRv);

  // Not asked for, none sent.
  const plain = await watchLines(await fetch(`${s.url}${P}?watch=1&resourceVersion=${before}&timeoutSeconds=1`));
  t.same(plain.map((e) => e.type), ['ADDED', 'ADDED'], 'without allowWatchBookmarks: no BOOKMARK');
});

t.test('status subresources of pods and nodes ignore spec; the main resource ignores status', async (t) => {
  const s = await startServer(t);
  const P = '/api/v1/namespaces/default/pods/st';
  const created = (await s.request('POST', '/api/v1/namespaces/default/pods', pod('st'))).body;
  const running = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], podIP: '10.0.0.7' };
  const put = await s.request('PUT', `${P}/status`, { ...created, spec: { ...created.spec, activeDeadlineSeconds: 5, nodeName: 'node-2' }, status: running });
  t.equal(put.status, 200, put.text);
  t.same(put.body.spec, created.spec, 'PUT pods/status: spec as it was');
  t.match(put.body.status, running, 'status as sent');
  const merged = await s.request('PATCH', `${P}/status`, { spec: { activeDeadlineSeconds: 9 }, status: { message: 'patched' } }, { 'content-type': 'application/merge-patch+json' });
  t.same([merged.status, merged.body.spec.activeDeadlineSeconds, merged.body.status.message, merged.body.status.phase], [200, undefined, 'patched', 'Running'], 'PATCH pods/status: spec untouched, status merged');
  const main = await s.request('PUT', P, { ...merged.body, metadata: { ...merged.body.metadata, labels: { tier: 'x' } }, status: { phase: 'Failed' } });
  t.equal(main.status, 200, main.text);
  t.same([main.body.metadata.labels, main.body.status.phase, main.body.status.podIP], [{ tier: 'x' }, 'Running', '10.0.0.7'], 'PUT pods: metadata written, status kept');
  const mainPatch = await s.request('PATCH', P, { status: { phase: 'Succeeded' } }, { 'content-type': 'application/merge-patch+json' });
  t.same([mainPatch.status, mainPatch.body.status.phase], [200, 'Running'], 'PATCH pods: status ignored');
  t.equal((await s.request('GET', P)).body.status.phase, 'Running', 'as stored');

  const N = '/api/v1/nodes/node-1';
  const node = (await s.request('GET', N)).body;
  t.notOk(node.spec?.unschedulable);
  const status = { ...node.status, capacity: { ...node.status.capacity, pods: '7' } };
  const nput = await s.request('PUT', `${N}/status`, { ...node, spec: { ...node.spec, unschedulable: true }, status });
  t.equal(nput.status, 200, nput.text);
  t.same([nput.body.spec, nput.body.status.capacity.pods], [node.spec, '7'], 'PUT nodes/status: spec as it was, status as sent');
  const npatch = await s.request('PATCH', `${N}/status`, { spec: { unschedulable: true }, status: { capacity: { pods: '8' } } }, { 'content-type': 'application/merge-patch+json' });
  t.same([npatch.status, npatch.body.spec.unschedulable, npatch.body.status.capacity.pods], [200, undefined, '8'], 'PATCH nodes/status: spec untouched');
  const nmain = await s.request('PUT', N, { ...npatch.body, spec: { ...npatch.body.spec, unschedulable: true }, status: { ...npatch.body.status, capacity: { pods: '1' } } });
  t.same([nmain.status, nmain.body.spec.unschedulable, nmain.body.status.capacity.pods], [200, true, '8'], 'PUT nodes: spec written, status kept');
});

t.test('Accept: as=Table over raw HTTP, for one object and for a list', async (t) => {
  const s = await startServer(t);
  const TABLE = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' };
  await s.request('POST', '/api/v1/namespaces/default/pods', pod('t1'));
  await s.request('POST', '/api/v1/namespaces/default/pods', pod('t2'));
  const list = await s.request('GET', '/api/v1/namespaces/default/pods', undefined, TABLE);
  t.equal(list.status, 200);
  t.match(list.headers.get('content-type'), /^application\/json/);
  t.same([list.body.kind, list.body.apiVersion], ['Table', 'meta.k8s.io/v1']);
  t.same(list.body.columnDefinitions.slice(0, 5).map((c: { name: string }) => c.name), ['Name', 'Ready', 'Status', 'Restarts', 'Age']);
  t.same(list.body.rows.map((r: any) => r.cells.slice(0, 4)), [['t1', '0/1', 'Pending', 0], ['t2', '0/1', 'Pending', 0]]);
  t.same(list.body.rows.map((r: any) => [r.object.kind, r.object.apiVersion, r.object.metadata.name]),
    [['PartialObjectMetadata', 'meta.k8s.io/v1', 't1'], ['PartialObjectMetadata', 'meta.k8s.io/v1', 't2']], 'rows carry metadata by default');
  t.match(list.body.metadata.resourceVersion, /^\d+$/);

  const one = await s.request('GET', '/api/v1/namespaces/default/pods/t1?includeObject=Object', undefined, TABLE);
  t.same([one.status, one.body.kind, one.body.rows.length, one.body.rows[0].cells[0], one.body.rows[0].object.kind, one.body.rows[0].object.spec.containers[0].name],
    [200, 'Table', 1, 't1', 'Pod', 'c'], 'one object as a one-row Table, the whole object with includeObject=Object');

  const paged = await s.request('GET', '/api/v1/namespaces/default/pods?limit=1', undefined, TABLE);
  t.same([paged.body.kind, paged.body.rows.length, typeof paged.body.metadata.continue], ['Table', 1, 'string'], 'a page of a list as a Table keeps its continue token');
  const deploys = await s.request('GET', '/apis/apps/v1/deployments', undefined, TABLE);
  t.same(deploys.body.columnDefinitions.slice(0, 5).map((c: { name: string }) => c.name), ['Name', 'Ready', 'Up-to-date', 'Available', 'Age']);
  const plain = await s.request('GET', '/api/v1/namespaces/default/pods', undefined, { accept: 'application/json' });
  t.equal(plain.body.kind, 'PodList', 'plain JSON without as=Table');
});
