// Overload protection over real connections: a flood past the in-flight
// budgets gets 429s with Retry-After while the requests in flight complete; the
// watch budget; a watch client that stops reading is cut off and its store watch
// released; a chunked body over 3 MiB is a 413. No timing assertions: every
// wait is for a condition, with a generous timeout.
import t, { type Test } from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServeOptions, type Server } from '../src/serve.js';

async function start(t: Test, options: Partial<ServeOptions>): Promise<Server> {
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-overload-'));
  const server = await serve({ port: 0, dataDir: join(dir, 'data'), nodes: 1, workers: 0, controllers: false, ...options });
  t.teardown(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  return server;
}

async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const P = '/api/v1/namespaces/default/pods';
const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
const post = (s: Server, path: string, body: unknown) =>
  fetch(s.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A POST whose body is sent in two parts; the server holds its slot until the second. */
function heldPost(s: Server, path: string, body: string) {
  return heldPostWith(s, path, body, {});
}

function heldPostWith(s: Server, path: string, body: string, extraHeaders: Record<string, string>) {
  const u = new URL(s.url);
  let finish!: () => void;
  const done = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method: 'POST', path, agent: false,
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...extraHeaders } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => { text += c; }).on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
    req.write(body.slice(0, 20));
    finish = () => { req.end(body.slice(20)); };
  });
  return { done, finish: () => finish() };
}

t.test('a flood past the budgets gets 429 with Retry-After; requests in flight complete; the server stays healthy', async (t) => {
  const s = await start(t, { maxRequestsInflight: 2, maxMutatingRequestsInflight: 2 });
  const held = [heldPost(s, P, JSON.stringify(pod('held-0'))), heldPost(s, P, JSON.stringify(pod('held-1')))];
  await until('both mutating slots taken', () => s.overloadStats().inflight.mutating === 2);

  const flood = await Promise.all(Array.from({ length: 60 }, (_, i) => post(s, P, pod(`flood-${i}`))));
  const bodies = await Promise.all(flood.map((r) => r.json()));
  t.same([...new Set(flood.map((r) => r.status))], [429], 'every request of the flood refused');
  t.ok(flood.every((r) => r.headers.get('retry-after') === '1'), 'each with Retry-After: 1');
  t.same(bodies[0], {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Too many requests, please try again later.',
    reason: 'TooManyRequests', details: { retryAfterSeconds: 1 }, code: 429,
  });

  // Meanwhile: health checks, and reads (their own budget), are served.
  for (const path of ['/healthz', '/readyz', '/livez']) t.equal((await fetch(s.url + path)).status, 200, `${path} while full`);
  const list = await fetch(s.url + P);
  t.equal(list.status, 200, 'a read is served while the mutating budget is full');
  t.same((await list.json()).items, [], 'and nothing of the flood was stored');

  for (const h of held) h.finish();
  const finished = await Promise.all(held.map((h) => h.done));
  t.same(finished.map((f) => f.status), [201, 201], 'the requests in flight completed');
  t.same(s.overloadStats().inflight, { readonly: 0, mutating: 0, 'long-running': 0 }, 'every slot released');
  t.equal(s.overloadStats().rejected.mutating, 60);
  t.equal((await post(s, P, pod('after'))).status, 201, 'served again after the flood');
  const names = (await (await fetch(s.url + P)).json()).items.map((p: { metadata: { name: string } }) => p.metadata.name).sort();
  t.same(names, ['after', 'held-0', 'held-1']);
});

t.test('with tokens: authentication comes before the limits (401, not 429), authorization after them', async (t) => {
  const tokens = [{ token: 'admin-token', user: 'admin', uid: '1', groups: ['system:masters'] }, { token: 'nobody-token', user: 'nobody', uid: '2', groups: [] }];
  const s = await start(t, { tokens, maxRequestsInflight: 2, maxMutatingRequestsInflight: 2 });
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const held = [0, 1].map((i) => {
    const h = heldPostWith(s, P, JSON.stringify(pod(`held-${i}`)), auth('admin-token'));
    return h;
  });
  await until('both mutating slots taken', () => s.overloadStats().inflight.mutating === 2);
  const anonymous = await Promise.all(Array.from({ length: 10 }, (_, i) => post(s, P, pod(`anon-${i}`))));
  t.same([...new Set(anonymous.map((r) => r.status))], [401], 'no token: Unauthorized, even with the budget full');
  const nobody = await fetch(s.url + P, { method: 'POST', headers: { 'content-type': 'application/json', ...auth('nobody-token') }, body: JSON.stringify(pod('x')) });
  t.equal(nobody.status, 429, 'an authenticated user meets the limit before authorization');
  for (const h of held) h.finish();
  t.same((await Promise.all(held.map((h) => h.done))).map((f) => f.status), [201, 201]);
  const denied = await fetch(s.url + P, { method: 'POST', headers: { 'content-type': 'application/json', ...auth('nobody-token') }, body: JSON.stringify(pod('y')) });
  t.equal(denied.status, 403, 'with room again: authorization says no');
});

t.test('watches have a budget of their own', async (t) => {
  const s = await start(t, { maxRequestsInflight: 1, maxWatches: 2 });
  const aborts = [new AbortController(), new AbortController()];
  const watches = await Promise.all(aborts.map((a) => fetch(`${s.url}${P}?watch=true`, { signal: a.signal })));
  t.same(watches.map((w) => w.status), [200, 200]);
  await until('two watches counted', () => s.overloadStats().inflight['long-running'] === 2);
  const third = await fetch(`${s.url}/apis/apps/v1/deployments?watch=1`);
  t.equal(third.status, 429, 'a third watch is refused');
  t.equal(third.headers.get('retry-after'), '1');
  await third.body?.cancel();
  t.equal((await fetch(s.url + P)).status, 200, 'watches do not take the read-only budget (of one)');
  aborts[0]!.abort();
  await watches[0]!.body?.cancel().catch(() => {});
  await until('the closed watch released', () => s.overloadStats().inflight['long-running'] === 1);
  const again = await fetch(`${s.url}${P}?watch=true`);
  t.equal(again.status, 200, 'a new watch once one closed');
  const reader = again.body!.getReader();
  t.equal((await post(s, P, pod('seen'))).status, 201);
  let text = '';
  while (!text.includes('\n')) text += new TextDecoder().decode((await reader.read()).value);
  t.match(JSON.parse(text.split('\n')[0]!), { type: 'ADDED', object: { metadata: { name: 'seen' } } }, 'and it streams');
  await reader.cancel();
  aborts[1]!.abort();
});

/** Watchers the store holds (a private field, read to prove the watch was released). */
const storeWatchers = (s: Server) => {
  const m = (s.store as unknown as { watchers: Map<string, Set<unknown>> }).watchers;
  let n = 0;
  for (const set of m.values()) n += set.size;
  return n;
};

t.test('a watch client that stops reading is cut off; its store watch is released', async (t) => {
  const s = await start(t, { watchBacklogBytes: 64 * 1024 });
  const before = storeWatchers(s);
  const u = new URL(s.url);
  const sock = net.connect(Number(u.port), u.hostname);
  sock.pause(); // never reads: the kernel's buffers fill, then the server's
  await new Promise<void>((r) => sock.once('connect', () => r()));
  sock.write(`GET /api/v1/namespaces/default/configmaps?watch=1 HTTP/1.1\r\nHost: ${u.host}\r\n\r\n`);
  let closed = false;
  sock.on('close', () => { closed = true; });
  sock.on('error', () => {}); // a reset is one way to be cut off
  await until('the watch open', () => s.overloadStats().inflight['long-running'] === 1);
  t.equal(storeWatchers(s), before + 1, 'one store watch for it');

  // Write, one at a time (a burst bigger than the bound would be cut even from a
  // client that reads), until the server gives up on it; the kernel's buffers fill first.
  const data = { blob: 'x'.repeat(8 * 1024) };
  let written = 0;
  while (s.overloadStats().slowWatchesCut === 0 && written < 4000) {
    const r = await post(s, '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${written++}` }, data });
    if (r.status !== 201) { t.fail(`a write failed: ${r.status}`); break; }
  }
  t.equal(s.overloadStats().slowWatchesCut, 1, `cut off after ${written} objects (~${Math.round(written * 8 / 1024)} MiB) written`);
  await until('its watch slot released', () => s.overloadStats().inflight['long-running'] === 0);
  t.equal(storeWatchers(s), before, 'and its store watch stopped');
  // Still not reading: the server must let go of the connection by itself.
  await until('the server no longer writing to it', () => s.overloadStats().writing === 0);
  sock.resume(); // now reading: what was already sent, then the end
  await until('the connection closed by the server', () => closed);

  // Healthy: another watch sees new writes.
  t.equal((await fetch(s.url + '/healthz')).status, 200);
  const w = await fetch(`${s.url}/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${s.store.revision}`);
  const reader = w.body!.getReader();
  await post(s, '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'later' } });
  let text = '';
  while (!text.includes('\n')) text += new TextDecoder().decode((await reader.read()).value);
  t.match(JSON.parse(text.split('\n')[0]!), { type: 'ADDED', object: { metadata: { name: 'later' } } });
  await reader.cancel();
});

t.test('a chunked body over 3 MiB is refused with 413, not read whole', async (t) => {
  const s = await start(t, {});
  const u = new URL(s.url);
  const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method: 'POST', path: P, agent: false,
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (r) => {
      let text = '';
      r.setEncoding('utf8').on('data', (c: string) => { text += c; }).on('end', () => resolve({ status: r.statusCode!, text }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const pump = () => {
      while (sent < 5 * 1024 * 1024) {
        sent += chunk.length;
        if (!req.write(chunk)) { req.once('drain', pump); return; }
      }
      req.end();
    };
    pump();
  });
  t.equal(res.status, 413);
  t.match(JSON.parse(res.text), { kind: 'Status', reason: 'RequestEntityTooLarge', code: 413 });
  t.equal((await fetch(s.url + '/healthz')).status, 200, 'the server is fine');
});

t.test('idle keep-alive connections are held 90 s, as kube-apiserver holds them, so clients close theirs first', async (t) => {
  const s = await start(t, {});
  const res = await fetch(s.url + '/version');
  await res.text();
  t.equal(res.status, 200);
  // What undici and Node's agent read to time out their idle sockets before the server does.
  t.equal(res.headers.get('keep-alive'), 'timeout=90');
});
