// The Node adapter's Request (built lazily from node:http's message) and its
// one-write answers for bodies already whole: a handler sees a Request that
// behaves as any other, a client sees a Content-Length and the same bytes.
import t from 'tap';
import { request as httpRequest } from 'node:http';
import { listen, requestText, wholeResponse, type HttpServer } from '../src/platform/http.js';
import { abortRequest, nodeRequest } from '../src/platform/node-request.js';

t.test('nodeRequest: method, url and headers at once; the rest from the real Request', async (t) => {
  const body = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(new TextEncoder().encode('{"a":1}')); c.close(); } });
  const r = nodeRequest({ method: 'POST', url: 'http://h/x?y=1', headers: { 'content-type': 'application/json', 'x-two': ['a', 'b'] }, body });
  t.ok(r instanceof Request, 'an instance of Request');
  t.equal(r.method, 'POST');
  t.equal(r.url, 'http://h/x?y=1');
  t.equal(r.headers.get('content-type'), 'application/json');
  t.equal(r.headers.get('x-two'), 'a, b', 'a repeated header is joined as fetch joins it');
  t.equal(r.headers, r.headers, 'one Headers per request');
  t.equal(r.bodyUsed, false);
  t.same(await r.json(), { a: 1 }, 'the body through the real Request');
  t.equal(r.bodyUsed, true);
  t.equal(r.signal.aborted, false);
  const copy = r.clone.bind(r);
  t.throws(() => copy(), 'a used body cannot be cloned, as with any Request');
});

t.test('abortRequest: the signal aborts, whether it was taken before or after', async (t) => {
  const before = nodeRequest({ method: 'GET', url: 'http://h/', headers: {} });
  const signal = before.signal;
  let heard = 0;
  signal.addEventListener('abort', () => heard++);
  abortRequest(before);
  t.equal(signal.aborted, true);
  t.equal(heard, 1, 'a listener hears it once');
  const after = nodeRequest({ method: 'GET', url: 'http://h/', headers: {} });
  abortRequest(after);
  t.equal(after.signal.aborted, true, 'a signal taken after the abort is already aborted');
});

t.test('a whole answer reads as any Response: once, as text, JSON or a stream; cloned before', async (t) => {
  const make = () => wholeResponse(JSON.stringify({ ok: 'ü' }), { status: 201, headers: { 'content-type': 'application/json' } });
  const r = make();
  t.ok(r instanceof Response);
  t.equal(r.status, 201);
  t.equal(r.headers.get('content-type'), 'application/json');
  t.equal(r.bodyUsed, false);
  const copy = r.clone();
  t.same(await r.json(), { ok: 'ü' });
  t.equal(r.bodyUsed, true, 'read once');
  await t.rejects(r.text(), TypeError, 'a second read fails, as for any Response');
  t.throws(() => r.clone(), TypeError, 'no clone once read');
  t.equal(await copy.text(), '{"ok":"ü"}', 'the clone has the body of its own');
  t.equal(copy.status, 201);
  const streamed = make();
  const chunks: Uint8Array[] = [];
  const reader = streamed.body!.getReader();
  for (let c = await reader.read(); !c.done; c = await reader.read()) chunks.push(c.value);
  t.equal(Buffer.concat(chunks).toString('utf8'), '{"ok":"ü"}', 'its body stream has the bytes');
  t.equal(streamed.bodyUsed, true);
  const rewrapped = new Response(make().body, { status: 200 });
  t.equal(await rewrapped.text(), '{"ok":"ü"}', 'a Response made from its body reads it');
  const bytes = wholeResponse(new TextEncoder().encode('abc') as Uint8Array<ArrayBuffer>, { status: 200 });
  t.equal(new TextDecoder().decode(await bytes.arrayBuffer()), 'abc', 'a body of bytes too');
});

t.test('the adapter: whole answers in one write with a Content-Length, streams as they come', async (t) => {
  let seen: { method: string; url: string; type: string | null; text: string; isRequest: boolean } | undefined;
  const server: HttpServer = await listen({
    host: '127.0.0.1', port: 0, maxBodyBytes: 1 << 20, tooLarge: () => new Response('too large', { status: 413 }),
    handler: async (req) => {
      const url = new URL(req.url);
      if (url.pathname === '/stream') {
        const chunks = ['a', 'b', 'c'];
        return new Response(new ReadableStream({ pull(c) { const x = chunks.shift(); if (x) c.enqueue(new TextEncoder().encode(x)); else c.close(); } }), { status: 200 });
      }
      seen = { method: req.method, url: req.url, type: req.headers.get('content-type'), text: await requestText(req), isRequest: req instanceof Request };
      return wholeResponse(JSON.stringify({ ok: 'ü' }), { status: 201, headers: { 'content-type': 'application/json' } });
    },
  });
  t.teardown(() => server.close(0));
  const call = (path: string, body?: string) => new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, method: body ? 'POST' : 'GET', headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
  const whole = await call('/objects?x=1', '{"name":"n"}');
  t.equal(whole.status, 201);
  t.equal(whole.text, '{"ok":"ü"}');
  t.equal(whole.headers['content-length'], String(Buffer.byteLength('{"ok":"ü"}')), 'the length in bytes');
  t.equal(whole.headers['transfer-encoding'], undefined, 'not chunked');
  t.same(seen, { method: 'POST', url: `http://127.0.0.1:${server.port}/objects?x=1`, type: 'application/json', text: '{"name":"n"}', isRequest: true });
  const bodiless = await new Promise<string>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path: '/objects/x', method: 'DELETE' }, (res) => { res.resume(); res.on('end', () => resolve(String(res.statusCode))); });
    req.on('error', reject);
    req.end();
  });
  t.equal(bodiless, '201');
  t.same(seen, { method: 'DELETE', url: `http://127.0.0.1:${server.port}/objects/x`, type: null, text: '', isRequest: true }, 'a DELETE with no body reads as empty');
  const chunked = await new Promise<string>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path: '/objects', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => { res.resume(); res.on('end', () => resolve(String(res.statusCode))); });
    req.on('error', reject);
    req.write('{"a":');
    setTimeout(() => req.end('1}'), 20);
  });
  t.equal(chunked, '201');
  t.equal(seen?.text, '{"a":1}', 'a chunked body is read from its stream');
  const streamed = await call('/stream');
  t.equal(streamed.text, 'abc');
  t.equal(streamed.headers['transfer-encoding'], 'chunked', 'a stream goes out as it comes');
});
