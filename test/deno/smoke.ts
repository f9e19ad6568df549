// Deno smoke test of the actor runtime: a plain script (Deno cannot run tap).
//   npm run test:deno          (builds, then runs dist/test/deno/smoke.js on Deno)
//   node dist/test/deno/smoke.js   (the same checks on Node)
// Prints one line per check, then "N passed, M failed" alone on a line; exits
// non-zero on any failure. It must end by itself: the watchdog below does not
// keep the process alive (it is unref'd), so it fires only when something else
// does — a hang — and then fails the run.
import { AskTimeoutError, RuntimeClosedError, createRuntime, type Address, type LifecycleRecord, type Runtime } from '../../src/index.js';
import { runtimeName } from '../../src/platform/index.js';

interface DenoLike { version: { deno: string }; exit(code: number): never; unrefTimer(id: number): void }
interface NodeProcessLike { version: string; exit(code: number): never }
const deno = (globalThis as { Deno?: DenoLike }).Deno;
const nodeProcess = (globalThis as { process?: NodeProcessLike }).process;

const WATCHDOG_MS = 60_000;

function exit(code: number): never {
  if (deno) deno.exit(code);
  return nodeProcess!.exit(code);
}

/** A timer that does not keep the process alive. */
function unrefTimeout(fn: () => void, ms: number): void {
  const t = setTimeout(fn, ms) as unknown;
  if (deno) deno.unrefTimer(t as number);
  else (t as { unref(): void }).unref();
}

let passed = 0;
let failed = 0;

unrefTimeout(() => {
  console.log(`FAIL - watchdog: still running after ${WATCHDOG_MS / 1000} s (a hang, or a handle left open after close)`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  exit(1);
}, WATCHDOG_MS);

function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

async function check(name: string, body: () => Promise<string | void>): Promise<void> {
  try {
    const detail = await body();
    passed++;
    console.log(`ok - ${name}${detail ? ` (${detail})` : ''}`);
  } catch (err) {
    failed++;
    console.log(`FAIL - ${name}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  }
}

/** Waits until `probe` holds; resolves to its last value. Waiting is not measured, only bounded. */
async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string, limitMs = 10_000): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`${what}: last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

type Count = { n: number; seen: number[] };

const runtimeLine = runtimeName === 'deno'
  ? `runtime: deno ${deno!.version.deno}`
  : `runtime: node ${nodeProcess?.version ?? '?'} (not Deno: this is the Deno smoke test run under Node; running the same checks)`;
console.log(runtimeLine);

let rt: Runtime | undefined;
const lifecycle: LifecycleRecord[] = [];
const N = 1000;

try {
  rt = await createRuntime({ workers: 2, modules: [new URL('../fixtures/logic.js', import.meta.url)], askTimeoutMs: 10_000 });
  rt.onLifecycle((r) => lifecycle.push(r));
} catch (err) {
  failed++;
  console.log(`FAIL - create a runtime with 2 workers: ${err instanceof Error ? err.stack : String(err)}`);
}

if (rt) {
  const r = rt;
  const counters = [0, 1, 2].map((t) => r.spawn('counter', { id: `c${t}`, worker: t, input: { start: 0 } }));
  // Relays: thread 1 → thread 2, thread 2 → main, main → thread 1 (worker-to-worker stream included).
  const relays = [
    { relay: r.spawn('counter', { id: 'relay1', worker: 1 }), target: r.spawn('counter', { id: 'target2', worker: 2 }) },
    { relay: r.spawn('counter', { id: 'relay2', worker: 2 }), target: r.spawn('counter', { id: 'target0', worker: 0 }) },
    { relay: r.spawn('counter', { id: 'relay0', worker: 0 }), target: r.spawn('counter', { id: 'target1', worker: 1, input: { start: 100 } }) },
  ];
  // An ask is answered with the state reached unless the actor takes it with
  // replyLater(); slowEcho does, and answers after `delay` ms.
  const slow = r.spawn('slowEcho', { id: 'slow', worker: 2 });

  await check(`messages: ${N} sends to a counter on main, worker 1 and worker 2 arrive complete and in order`, async () => {
    for (let i = 0; i < N; i++) for (const a of counters) r.send(a, { type: 'ping', seq: i });
    for (const a of counters) {
      const got = await r.ask<Count>(a, { type: 'get' });
      assert(got.n === N, `${a}: count ${got.n}, expected ${N}`);
      assert(sameList(got.seen, range(N)), `${a}: pings out of order or missing`);
    }
    return `${counters.length * N} messages`;
  });

  await check('messages between threads: relays worker 1 → worker 2, worker 2 → main, main → worker 1 keep order', async () => {
    for (let i = 0; i < N; i++) for (const { relay, target } of relays) r.send(relay, { type: 'relay', to: target, seq: i });
    for (const { target } of relays) {
      const start = target === relays[2]!.target ? 100 : 0;
      const got = await eventually(() => r.ask<Count>(target, { type: 'get' }), (v) => v.n >= start + N, `${target} never got ${N} relayed pings`);
      assert(got.n === start + N, `${target}: count ${got.n}, expected ${start + N}`);
      assert(sameList(got.seen, range(N)), `${target}: relayed pings out of order or missing`);
    }
    return `${relays.length * N} relayed messages`;
  });

  await check('asks: interleaved with sends, each ask sees exactly the sends before it (main, worker 1, worker 2)', async () => {
    const asks: Promise<Count>[][] = counters.map(() => []);
    for (let i = 0; i < 200; i++) {
      counters.forEach((a, k) => {
        r.send(a, { type: 'ping', seq: N + i });
        asks[k]!.push(r.ask<Count>(a, { type: 'get' }));
      });
    }
    for (let k = 0; k < counters.length; k++) {
      const answers = await Promise.all(asks[k]!);
      answers.forEach((got, i) => assert(got.n === N + i + 1, `${counters[k]} ask #${i}: count ${got.n}, expected ${N + i + 1}`));
    }
    return `${counters.length * 200} asks`;
  });

  await check('ask timeout: an ask answered too late rejects with AskTimeoutError', async () => {
    let caught: unknown;
    try {
      await r.ask(slow, { type: 'echo', value: 'late', delay: 1000 }, { timeout: 200 });
    } catch (err) {
      caught = err;
    }
    assert(caught instanceof AskTimeoutError, `expected AskTimeoutError, got ${caught === undefined ? 'a reply' : String(caught)}`);
    assert(caught.code === 'AskTimeout' && caught.address === slow, `wrong error details: ${caught.message}`);
    // The runtime still answers after a timeout.
    const got = await r.ask<Count>(counters[2]!, { type: 'get' });
    assert(got.n === N + 200, 'runtime stopped answering after a timeout');
    const echoed = await r.ask(slow, { type: 'echo', value: 'in time', delay: 1 }, { timeout: 5000 });
    assert(echoed === 'in time', `slowEcho answered ${JSON.stringify(echoed)}`);
  });

  await check('worker crash: worker 1 is replaced, its actors come back from their input and answer; other streams recover', async () => {
    const onWorker1 = [counters[1]!, relays[0]!.relay, relays[2]!.target] as Address[];
    const restarted = new Promise<LifecycleRecord>((resolve) => {
      const off = r.onLifecycle((rec) => { if (rec.type === 'workerRestarted') { off(); resolve(rec); } });
    });
    await r.crashWorker(1);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const rec = await Promise.race([
      restarted,
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('no workerRestarted lifecycle record within 15 s')), 15_000); }),
    ]).finally(() => clearTimeout(timer));
    assert(rec.address === '1/', `workerRestarted for ${rec.address}, expected 1/`);
    assert(rec.recovered === onWorker1.length, `recovered ${rec.recovered} actors, expected ${onWorker1.length}`);
    const stats = await r.stats();
    assert(stats.workerRestarts === 1, `stats().workerRestarts = ${stats.workerRestarts}, expected 1`);
    assert(stats.actorsRecovered === onWorker1.length, `stats().actorsRecovered = ${stats.actorsRecovered}`);
    // Restored from input: counts start over (c1 from 0, target1 from 100).
    const c1 = await r.ask<Count>(counters[1]!, { type: 'get' });
    assert(c1.n === 0, `c1 after restart: count ${c1.n}, expected 0 (from input)`);
    const t1 = await r.ask<Count>(relays[2]!.target, { type: 'get' });
    assert(t1.n === 100, `target1 after restart: count ${t1.n}, expected 100 (from input)`);
    for (let i = 0; i < 50; i++) r.send(counters[1]!, { type: 'ping', seq: i });
    const again = await r.ask<Count>(counters[1]!, { type: 'get' });
    assert(again.n === 50 && sameList(again.seen, range(50)), `c1 after restart: ${again.n} pings, expected 50 in order`);
    // The new worker 1 talks to worker 2 and back (peer streams re-attached on both sides).
    for (let i = 0; i < 20; i++) r.send(relays[0]!.relay, { type: 'relay', to: relays[0]!.target, seq: N + i });
    for (let i = 0; i < 20; i++) r.send(relays[1]!.relay, { type: 'relay', to: relays[2]!.target, seq: i });
    const t2 = await eventually(() => r.ask<Count>(relays[0]!.target, { type: 'get' }), (v) => v.n >= N + 20, 'worker 1 → worker 2 after restart');
    assert(sameList(t2.seen.slice(N), range(20).map((i) => N + i)), 'worker 1 → worker 2 relays out of order after restart');
    // target1 (new worker 1) gets 20 relays from worker 2 (above) and 20 from main.
    for (let i = 0; i < 20; i++) r.send(relays[2]!.relay, { type: 'relay', to: relays[2]!.target, seq: i });
    const t1b = await eventually(() => r.ask<Count>(relays[2]!.target, { type: 'get' }), (v) => v.n >= 140, 'relays into restarted worker 1');
    assert(t1b.n === 140, `target1: count ${t1b.n}, expected 140`);
    const w2 = await r.ask<Count>(counters[2]!, { type: 'get' });
    assert(w2.n === N + 200, `worker 2's counter lost state: ${w2.n}`);
    return `recovered ${rec.recovered}, error: ${rec.error}`;
  });

  await check('close: the runtime closes, and refuses work afterwards', async () => {
    await r.close();
    let caught: unknown;
    try { r.send(counters[0]!, { type: 'ping' }); } catch (err) { caught = err; }
    assert(caught instanceof RuntimeClosedError, `send after close: expected RuntimeClosedError, got ${String(caught)}`);
    const spawned = lifecycle.filter((l) => l.type === 'spawned').length;
    return `${spawned} spawned records seen`;
  });
}

console.log(`${passed} passed, ${failed} failed`);
if (failed > 0) exit(1);
// Success: nothing else to do. The process ends when no handle is left open.
