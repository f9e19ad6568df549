// The benchmark's API clients: bench/http.ts (fetch) and the churn client thread
// (bench/http-client.ts, node:http) decide alike when to send a request again (a 429,
// after its Retry-After, at most 10 times) and when an answer is a failure.
import t, { type Test } from 'tap';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { create, MAX_RETRIES_429, waitBeforeResendMs, unexpectedStatus } from '../bench/http.js';
import { ThreadedHttpClient } from '../bench/http-client.js';

t.test('waitBeforeResendMs: a 429 after its Retry-After (1 s without one), up to 10 times; nothing else', async (t) => {
  const cases: [status: number, retryAfter: string | null | undefined, attempt: number, want: number | null][] = [
    [429, '1', 0, 1000],
    [429, '3', 0, 3000],
    [429, null, 0, 1000],
    [429, undefined, 4, 1000],
    [429, '', 0, 1000],
    [429, '0', 0, 1000],
    [429, '-2', 0, 1000],
    [429, 'soon', 0, 1000],
    [429, '2', MAX_RETRIES_429 - 1, 2000],
    [429, '2', MAX_RETRIES_429, null],
    [429, '2', MAX_RETRIES_429 + 1, null],
    [200, '1', 0, null],
    [201, null, 0, null],
    [500, '1', 0, null],
    [503, '1', 0, null],
    [409, null, 0, null],
  ];
  t.equal(MAX_RETRIES_429, 10, "client-go's limit");
  for (const [status, retryAfter, attempt, want] of cases) {
    t.equal(waitBeforeResendMs(status, retryAfter, attempt), want, `${status}, Retry-After ${JSON.stringify(retryAfter)}, attempt ${attempt}`);
  }
});

t.test('unexpectedStatus: the method, path, status and the start of the body', async (t) => {
  t.equal(unexpectedStatus('POST', 'http://127.0.0.1:1/api/v1/pods?x=1', 201, '{}', [201]), null);
  t.equal(unexpectedStatus('DELETE', 'http://127.0.0.1:1/api/v1/pods/a', 404, 'gone', [200, 202, 404]), null);
  t.equal(unexpectedStatus('POST', 'http://127.0.0.1:1/api/v1/pods?x=1', 500, 'boom', [201]), 'POST /api/v1/pods: 500 boom');
  t.equal(unexpectedStatus('POST', 'http://127.0.0.1:1/p', 422, 'x'.repeat(400), [201]), `POST /p: 422 ${'x'.repeat(300)}`);
});

/** A server answering each request with the next of `answers` (the last one repeated), counting them. */
async function scripted(t: Test, answers: [status: number, headers: Record<string, string>, body: string][]) {
  let served = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const [status, headers, body] = answers[Math.min(served++, answers.length - 1)]!;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, served: () => served };
}

const TOO_MANY: [number, Record<string, string>, string] = [429, { 'retry-after': '1' }, '{"kind":"Status","code":429}'];
const CREATED: [number, Record<string, string>, string] = [201, {}, '{"metadata":{"name":"p"}}'];

t.test('the churn client thread sends a request answered 429 again, and fails on an unexpected status', async (t) => {
  const http = new ThreadedHttpClient();
  t.teardown(() => http.close());
  const s = await scripted(t, [TOO_MANY, CREATED]);
  t.equal(await http.call('POST', `${s.url}/api/v1/namespaces/default/pods`, { metadata: { name: 'p' } }, 'application/json', [201]), CREATED[2], 'the answer after the retry');
  t.equal(s.served(), 2, 'sent twice');

  const refused = await scripted(t, [[500, {}, 'broken']]);
  await t.rejects(http.call('POST', `${refused.url}/api/v1/namespaces/default/pods`, {}, 'application/json', [201]), { message: 'POST /api/v1/namespaces/default/pods: 500 broken' });
  t.equal(refused.served(), 1, 'a 500 is not sent again');
});

t.test('the scenarios\' fetch client sends a request answered 429 again', async (t) => {
  const s = await scripted(t, [TOO_MANY, CREATED]);
  t.same(await create(s.url, '/api/v1/namespaces/default/pods', { metadata: { name: 'p' } }), { metadata: { name: 'p' } });
  t.equal(s.served(), 2, 'sent twice');
});
