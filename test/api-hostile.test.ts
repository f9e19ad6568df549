import t from 'tap';
import { startServer } from './helpers/api.js';

const goodPod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
const goodDeploy = (name: string) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
  spec: { replicas: 1, selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
});
const P = '/api/v1/namespaces/default/pods';
const D = '/apis/apps/v1/namespaces/default/deployments';
const J = { 'content-type': 'application/json' };

interface Row { name: string; method: string; path: string; body?: string | (() => string); headers?: Record<string, string>; status: number; reason?: string; field?: string; message?: RegExp }

const nested = (depth: number) => '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"deep","labels":' + '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) + '}}';

const rows: Row[] = [
  { name: 'malformed JSON', method: 'POST', path: P, body: '{"apiVersion": "v1", "kind": ', status: 400, reason: 'BadRequest' },
  { name: 'truncated body', method: 'POST', path: P, body: JSON.stringify(goodPod('trunc')).slice(0, 40), status: 400 },
  { name: 'an array instead of an object', method: 'POST', path: P, body: '[1,2,3]', status: 400 },
  { name: 'null body', method: 'POST', path: P, body: 'null', status: 400 },
  { name: 'empty body', method: 'POST', path: P, body: '', status: 400 },
  { name: 'absurdly nested body', method: 'POST', path: P, body: nested(100_000), status: 400 },
  { name: 'body over 3 MiB', method: 'POST', path: P, body: () => JSON.stringify({ ...goodPod('huge'), metadata: { name: 'huge', annotations: { a: 'x'.repeat(3 * 1024 * 1024 + 10) } } }), status: 413, reason: 'RequestEntityTooLarge' },
  { name: 'PATCH with an unknown media type', method: 'PATCH', path: `${P}/exists`, body: '{}', headers: { 'content-type': 'text/plain' }, status: 415, reason: 'UnsupportedMediaType' },
  { name: 'unknown resource', method: 'GET', path: '/api/v1/namespaces/default/widgets', status: 404, reason: 'NotFound' },
  { name: 'unknown group version', method: 'GET', path: '/apis/apps/v9/deployments', status: 404 },
  { name: 'kind does not match the endpoint', method: 'POST', path: D, body: JSON.stringify({ ...goodDeploy('kind'), kind: 'ReplicaSet' }), status: 400, message: /kind in the data \(ReplicaSet\) does not match/ },
  { name: 'a Pod sent to the deployments endpoint', method: 'POST', path: D, body: JSON.stringify(goodPod('kind')), status: 400, message: /API version in the data \(v1\) does not match/ },
  { name: 'apiVersion does not match', method: 'POST', path: D, body: JSON.stringify({ ...goodDeploy('av'), apiVersion: 'extensions/v1beta1' }), status: 400 },
  { name: 'namespace does not match the path', method: 'POST', path: P, body: JSON.stringify({ ...goodPod('nsm'), metadata: { name: 'nsm', namespace: 'kube-system' } }), status: 400 },
  { name: "the article's upper-case name", method: 'POST', path: D, body: JSON.stringify({ ...goodDeploy('x'), metadata: { name: 'Service-A' } }), status: 422, reason: 'Invalid', field: 'metadata.name' },
  { name: 'name longer than 253', method: 'POST', path: P, body: JSON.stringify(goodPod('a'.repeat(254))), status: 422, field: 'metadata.name' },
  { name: 'negative replicas', method: 'POST', path: D, body: JSON.stringify({ ...goodDeploy('neg'), spec: { ...goodDeploy('neg').spec, replicas: -3 } }), status: 422, field: 'spec.replicas' },
  { name: 'selector that does not match the template', method: 'POST', path: D, body: JSON.stringify({ ...goodDeploy('sel'), spec: { ...goodDeploy('sel').spec, selector: { matchLabels: { app: 'other' } } } }), status: 422, field: 'spec.template.metadata.labels' },
  { name: 'duplicate container names', method: 'POST', path: P, body: JSON.stringify({ ...goodPod('dup'), spec: { containers: [{ name: 'c', image: 'a' }, { name: 'c', image: 'b' }] } }), status: 422, field: 'spec.containers[1].name' },
  { name: 'container without an image', method: 'POST', path: P, body: JSON.stringify({ ...goodPod('noimg'), spec: { containers: [{ name: 'c' }] } }), status: 422, field: 'spec.containers[0].image' },
  { name: 'no containers', method: 'POST', path: P, body: JSON.stringify({ ...goodPod('none'), spec: { containers: [] } }), status: 422, field: 'spec.containers' },
  { name: 'invalid label value', method: 'POST', path: P, body: JSON.stringify({ ...goodPod('lbl'), metadata: { name: 'lbl', labels: { app: 'bad value!' } } }), status: 422, field: 'metadata.labels' },
  { name: 'invalid quantity', method: 'POST', path: P, body: JSON.stringify({ ...goodPod('qty'), spec: { containers: [{ name: 'c', image: 'a', resources: { limits: { memory: '500XB' } } }] } }), status: 422 },
  { name: 'unknown field under Strict', method: 'POST', path: `${P}?fieldValidation=Strict`, body: JSON.stringify({ ...goodPod('unk'), spec: { ...goodPod('unk').spec, bogus: 1 } }), status: 400, message: /unknown field "spec.bogus"/ },
  { name: 'duplicate field under Strict', method: 'POST', path: `${P}?fieldValidation=Strict`, body: '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"d1","name":"d2"},"spec":{"containers":[{"name":"c","image":"a"}]}}', status: 400, message: /duplicate field "metadata.name"/ },
  { name: 'bad fieldValidation value', method: 'POST', path: `${P}?fieldValidation=Maybe`, body: JSON.stringify(goodPod('fv')), status: 400 },
  { name: 'POST to a named object', method: 'POST', path: `${P}/exists`, body: JSON.stringify(goodPod('exists')), status: 405, reason: 'MethodNotAllowed' },
  { name: 'PUT whose name differs from the URL', method: 'PUT', path: `${P}/exists`, body: JSON.stringify(goodPod('other')), status: 400 },
  { name: 'limit that is not a number', method: 'GET', path: `${P}?limit=lots`, status: 400 },
  { name: 'unparseable label selector', method: 'GET', path: `${P}?labelSelector=${encodeURIComponent('a in (b')}`, status: 400 },
  { name: 'dryRun with an unknown value', method: 'POST', path: `${P}?dryRun=Some`, body: JSON.stringify(goodPod('dry')), status: 400 },
  { name: 'unknown propagation policy', method: 'DELETE', path: `${P}/exists?propagationPolicy=Sideways`, status: 400 },
  { name: 'JSON patch that is not an array', method: 'PATCH', path: `${P}/exists`, body: '{"op":"add"}', headers: { 'content-type': 'application/json-patch+json' }, status: 400 },
  { name: 'binding without a target', method: 'POST', path: `${P}/exists/binding`, body: '{"apiVersion":"v1","kind":"Binding","metadata":{"name":"exists"}}', status: 422 },
  { name: 'metadata that is not an object', method: 'POST', path: P, body: '{"apiVersion":"v1","kind":"Pod","metadata":"x","spec":{"containers":[{"name":"c","image":"a"}]}}', status: 400 },
  { name: 'a name with a percent sign in the path', method: 'GET', path: '/api/v1/namespaces/default/pods/a%25b', status: 400 },
  { name: 'negative gracePeriodSeconds', method: 'DELETE', path: `${P}/exists?gracePeriodSeconds=-5`, status: 400 },
  { name: 'raw control bytes inside a JSON string', method: 'POST', path: P, body: '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"\u0000\u0001"}}', status: 400 },
  { name: 'escaped control characters in a name', method: 'POST', path: P, body: '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"\\u0000x"},"spec":{"containers":[{"name":"c","image":"a"}]}}', status: 422, field: 'metadata.name' },
];

t.test('hostile inputs get the right 4xx Status and store nothing', async (t) => {
  const s = await startServer(t);
  t.equal((await s.request('POST', P, goodPod('exists'))).status, 201);
  const before = await s.request('GET', '/api/v1/pods');
  const beforeDeploys = await s.request('GET', '/apis/apps/v1/deployments');
  for (const row of rows) {
    const body = typeof row.body === 'function' ? row.body() : row.body;
    const r = await s.request(row.method, row.path, body, { ...(body !== undefined ? J : {}), ...row.headers });
    t.equal(r.status, row.status, `${row.name}: ${row.status}`);
    t.equal(r.body?.kind, 'Status', `${row.name}: answered with a Status`);
    t.equal(r.body?.code, row.status, `${row.name}: Status.code`);
    if (row.reason) t.equal(r.body?.reason, row.reason, `${row.name}: reason ${row.reason}`);
    if (row.field) t.ok(r.body?.details?.causes?.some((c: { field?: string }) => c.field?.startsWith(row.field!)), `${row.name}: names ${row.field} (${JSON.stringify(r.body?.details?.causes)})`);
    if (row.message) t.match(r.body?.message, row.message, `${row.name}: message`);
    t.equal((await s.request('GET', '/healthz')).text, 'ok', `${row.name}: still healthy`);
  }
  const after = await s.request('GET', '/api/v1/pods');
  t.same(after.body.items.map((p: any) => p.metadata.name), before.body.items.map((p: any) => p.metadata.name), 'no pod was stored by a refused request');
  t.same(after.body.items.map((p: any) => p.metadata.resourceVersion), before.body.items.map((p: any) => p.metadata.resourceVersion), 'and none changed');
  t.equal((await s.request('GET', '/apis/apps/v1/deployments')).body.items.length, beforeDeploys.body.items.length, 'no deployment either');
});
