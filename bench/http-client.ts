// A load generator's HTTP client on a thread of its own: the scenarios run in the server's
// process, and a client's own work (building, sending and parsing requests) on the server's
// main thread would be counted against the server. Requests and answers cross in one message
// per turn of the event loop each way. node:http with kept-alive connections, not fetch: on these 2-core
// machines fetch cost the client thread about 1 ms of CPU a request, a third of the machine
// at churn's rate, taken from the server being measured.
import { Agent, request } from 'node:http';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { waitBeforeResendMs, unexpectedStatus } from './http.js';

interface Call { id: number; method: string; url: string; body?: string; contentType?: string; expect: number[] }
interface Answer { id: number; text: string; error?: string }

if (!isMainThread && parentPort) {
  const port = parentPort;
  let out: Answer[] = [];
  const flush = () => { const a = out; out = []; port.postMessage(a); };
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  // Flushed once per turn of the event loop (setImmediate), not per answer: the responses that
  // end in one poll of the sockets go to the server's main thread as one message.
  const answer = (a: Answer) => { if (out.push(a) === 1) setImmediate(flush); };
  const send = (c: Call, attempt: number) => {
    const fail = (e: Error) => answer({ id: c.id, text: '', error: `${c.method} ${c.url}: ${e.message}` });
    const headers: Record<string, string | number> = {};
    if (c.body !== undefined) { headers['content-type'] = c.contentType ?? 'application/json'; headers['content-length'] = Buffer.byteLength(c.body); }
    const req = request(c.url, { method: c.method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('error', fail);
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const wait = waitBeforeResendMs(status, res.headers['retry-after'], attempt);
        if (wait !== null) { setTimeout(() => send(c, attempt + 1), wait); return; }
        const text = Buffer.concat(chunks).toString('utf8');
        const error = unexpectedStatus(c.method, c.url, status, text, c.expect);
        answer(error === null ? { id: c.id, text } : { id: c.id, text, error });
      });
    });
    req.on('error', fail);
    req.end(c.body);
  };
  port.on('message', (calls: Call[]) => { for (const c of calls) send(c, 0); });
}

/** The main side: calls answered by the client thread (a 429 retried as bench/http.ts does); rejects on an unexpected status. */
export class ThreadedHttpClient {
  private readonly worker = new Worker(new URL(import.meta.url));
  private readonly pending = new Map<number, { resolve: (text: string) => void; reject: (e: Error) => void }>();
  private next = 1;
  private queued: Call[] = [];

  constructor() {
    this.worker.on('message', (answers: Answer[]) => {
      for (const a of answers) {
        const p = this.pending.get(a.id);
        if (!p) continue;
        this.pending.delete(a.id);
        if (a.error) p.reject(new Error(a.error)); else p.resolve(a.text);
      }
    });
  }

  call(method: string, url: string, body: unknown, contentType: string, expect: number[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const id = this.next++;
      this.pending.set(id, { resolve, reject });
      const c: Call = { id, method, url, expect, contentType };
      if (body !== undefined) c.body = JSON.stringify(body);
      // One message per turn of the main thread's loop: every call its callbacks and their promises made.
      if (this.queued.push(c) === 1) setImmediate(() => { const q = this.queued; this.queued = []; this.worker.postMessage(q); });
    });
  }

  async close(): Promise<void> {
    for (const p of this.pending.values()) p.reject(new Error('the HTTP client closed'));
    this.pending.clear();
    await this.worker.terminate();
  }
}
