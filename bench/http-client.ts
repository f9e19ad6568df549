// A load generator's HTTP client on a thread of its own: the scenarios run in the server's
// process, and a client's own work (building, sending and parsing requests) on the server's
// main thread would be counted against the server. Requests and answers cross in one message
// per turn each way.
import { Worker, isMainThread, parentPort } from 'node:worker_threads';

interface Call { id: number; method: string; url: string; body?: string; contentType?: string; expect: number[] }
interface Answer { id: number; status: number; text: string; error?: string }

if (!isMainThread && parentPort) {
  const port = parentPort;
  let out: Answer[] = [];
  const flush = () => { const a = out; out = []; port.postMessage(a); };
  port.on('message', (calls: Call[]) => {
    for (const c of calls) {
      void (async () => {
        let a: Answer;
        try {
          const res = await fetch(c.url, { method: c.method, headers: c.body === undefined ? {} : { 'content-type': c.contentType ?? 'application/json' }, body: c.body });
          a = { id: c.id, status: res.status, text: await res.text() };
          if (!c.expect.includes(res.status)) a.error = `${c.method} ${new URL(c.url).pathname}: ${res.status} ${a.text.slice(0, 300)}`;
        } catch (e) {
          a = { id: c.id, status: 0, text: '', error: `${c.method} ${c.url}: ${(e as Error).message}` };
        }
        if (out.push(a) === 1) queueMicrotask(flush);
      })();
    }
  });
}

/** The main side: calls answered by the client thread; rejects on an unexpected status. */
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
      if (this.queued.push(c) === 1) queueMicrotask(() => { const q = this.queued; this.queued = []; this.worker.postMessage(q); });
    });
  }

  async close(): Promise<void> {
    for (const p of this.pending.values()) p.reject(new Error('the HTTP client closed'));
    this.pending.clear();
    await this.worker.terminate();
  }
}
