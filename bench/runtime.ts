// `npm run bench -- runtime [--json FILE] [--workers N] [--batch N] [--reps N] [--seconds S] [--asks N]`
//
// What the actor runtime costs against what its two primitives cost, in one run,
// on one payload (`{ type: 'ping' }`; see PAYLOAD):
//   rawMsgsPerSec           main builds Send envelopes, encodes them in batches with
//                           the runtime's BatchCodec and transfers the buffers to a bare
//                           worker (bench/raw-worker.ts) that decodes and counts them;
//                           timed until the worker reports the final count.
//   noopActorMsgsPerSec     runtime.send to a no-op callback actor (fixture `sink`) on a
//                           worker, `batch` sends per turn; timed until an ask sent after
//                           the last send is answered (streams are ordered, so every
//                           send was handled before it).
//   machineActorMsgsPerSec  the same to an XState machine actor (fixture `counter`).
//   eventCostUs             one XState event alone: createActor(counter) on this
//                           thread, `send` in a loop.
//   askP50Us / askP99Us     sequential asks main → worker actor → main.
// Each rate is measured `reps` times, interleaved, every sample over at least
// `seconds` (see Sized); the median is reported, the samples too.
import { createActor } from 'xstate';
import { availableCores, runtimeName, startWorker } from '../src/platform/index.js';
import { BatchCodec } from '../src/runtime/codec.js';
import { createRuntime, type Address, type Runtime } from '../src/index.js';
import { actors, eventStructures } from '../test/fixtures/logic.js';
import { numberArg, percentile, type BenchArgs } from './args.js';
import type { RawDone, RawExpect, RawInit } from './raw-worker.js';

/**
 * The one payload of every measurement. Not `{ type: 'ping', seq }`: the
 * fixture counter appends every seq it sees to an array it copies per event,
 * which would make the machine figures quadratic in the message count.
 */
const PAYLOAD = { type: 'ping' } as const;
const SEND = 1; // Op.Send
const FIXTURE = new URL('../test/fixtures/logic.js', import.meta.url);
const RAW_WORKER = new URL('./raw-worker.js', import.meta.url);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number, digits = 0): number => Number(x.toFixed(digits));

/**
 * A rate measured over at least `seconds`: `measure(n)` handles n messages and
 * returns the seconds it took. A run shorter than `seconds` (a cold pilot
 * guessed low, or the machine got faster) is discarded and redone with more
 * messages, so every reported sample covers at least `seconds`.
 */
class Sized {
  constructor(private n: number, private readonly seconds: number, private readonly measure: (n: number) => Promise<number>) {}

  get messages(): number { return this.n; }

  async rate(): Promise<number> {
    for (;;) {
      const took = await this.measure(this.n);
      if (took >= this.seconds) return this.n / took;
      this.n = Math.ceil((this.n * (this.seconds / Math.max(took, 1e-3)) * 1.2) / 1000) * 1000;
    }
  }
}

// ---- raw: codec + transfer + decode, no runtime ---------------------------

export class RawLink {
  private readonly channel = new MessageChannel();
  private readonly worker = startWorker(RAW_WORKER, 'bench-raw');
  private readonly stream = new BatchCodec(eventStructures).encoder();
  private mid = 0;
  private waiting: ((d: RawDone) => void) | null = null;

  constructor(private readonly batch: number) {
    const init: RawInit = { type: 'init', port: this.channel.port2, structures: eventStructures };
    this.worker.postMessage(init, [this.channel.port2]);
    this.channel.port1.onmessage = (e: MessageEvent) => this.waiting?.(e.data as RawDone);
  }

  /** Seconds from the first envelope built to the worker's final count of `total`. */
  async seconds(total: number): Promise<number> {
    const port = this.channel.port1;
    const done = new Promise<RawDone>((resolve) => { this.waiting = resolve; });
    port.postMessage({ type: 'expect', total } satisfies RawExpect);
    const t0 = performance.now();
    for (let sent = 0; sent < total;) {
      const n = Math.min(this.batch, total - sent);
      const batch = new Array(n);
      // Exactly a runtime Send envelope from main: [Op.Send, id, event, from, mid, cause].
      for (let i = 0; i < n; i++) batch[i] = [SEND, 'sink', { type: PAYLOAD.type }, null, ++this.mid, null];
      const buffer = this.stream.encode(batch);
      port.postMessage(buffer, [buffer]);
      sent += n;
      await null; // one turn per batch, as the runtime sends
    }
    const { count } = await done;
    const seconds = (performance.now() - t0) / 1000;
    if (count !== total) throw new Error(`raw worker counted ${count} of ${total}`);
    return seconds;
  }

  async close(): Promise<void> {
    this.channel.port1.postMessage({ type: 'close' });
    this.channel.port1.close();
    await this.worker.terminate();
  }
}

// ---- through the runtime --------------------------------------------------

/** Seconds to deliver `total` messages to `to`, ended by an ask that queues behind them. */
async function actorSeconds(rt: Runtime, to: Address, total: number, batch: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 1; i <= total; i++) {
    rt.send(to, { type: PAYLOAD.type });
    if (i % batch === 0) await null; // the host flushes this turn's batch first
  }
  await rt.ask(to, { type: PAYLOAD.type }, { timeout: 600_000 });
  return (performance.now() - t0) / 1000;
}

/** Seconds for `events` XState events to the counter machine, on this thread, no runtime. */
async function eventSeconds(events: number): Promise<number> {
  const actor = createActor(actors.counter, { input: { start: 0 } });
  actor.start();
  const t0 = performance.now();
  for (let i = 0; i < events; i++) actor.send({ type: PAYLOAD.type });
  const seconds = (performance.now() - t0) / 1000;
  const n = (actor.getSnapshot().context as { n: number }).n;
  actor.stop();
  if (n !== events) throw new Error(`counter saw ${n} of ${events} events`);
  return seconds;
}

async function askLatency(rt: Runtime, to: Address, asks: number): Promise<{ p50: number; p99: number }> {
  const samples = new Float64Array(asks);
  for (let i = 0; i < asks; i++) {
    const t0 = performance.now();
    await rt.ask(to, { type: PAYLOAD.type });
    samples[i] = (performance.now() - t0) * 1000;
  }
  samples.sort();
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const workers = numberArg(args, 'workers', Math.max(1, availableCores() - 1));
  const batch = numberArg(args, 'batch', 1000);
  const reps = numberArg(args, 'reps', 3);
  const seconds = numberArg(args, 'seconds', 1);
  const asks = numberArg(args, 'asks', 20_000);
  const pilot = numberArg(args, 'pilot', 400_000);
  if (workers < 1) throw new Error('--workers must be at least 1: the runtime figures are for a worker actor');

  const raw = new RawLink(batch);
  const rt = await createRuntime({ workers, modules: [FIXTURE] });
  try {
    const sink = rt.spawn('sink', { id: 'sink', worker: 1 });
    const counter = rt.spawn('counter', { id: 'counter', worker: 1 });
    await rt.ask(sink, PAYLOAD);
    await rt.ask(counter, PAYLOAD);

    // Sized from a first run (the pilot, which also warms every path up), then grown as needed.
    const sized = {
      raw: new Sized(pilot, seconds, (m) => raw.seconds(m)),
      noop: new Sized(pilot, seconds, (m) => actorSeconds(rt, sink, m, batch)),
      machine: new Sized(pilot / 4, seconds, (m) => actorSeconds(rt, counter, m, batch)),
      events: new Sized(pilot / 4, seconds, eventSeconds),
    };
    for (const s of Object.values(sized)) await s.rate();
    await askLatency(rt, sink, 2000);

    const samples = { raw: [] as number[], noop: [] as number[], machine: [] as number[], eventUs: [] as number[], askP50: [] as number[], askP99: [] as number[] };
    for (let r = 0; r < reps; r++) {
      samples.raw.push(await sized.raw.rate());
      samples.noop.push(await sized.noop.rate());
      samples.machine.push(await sized.machine.rate());
      samples.eventUs.push(1e6 / (await sized.events.rate()));
      const lat = await askLatency(rt, sink, asks);
      samples.askP50.push(lat.p50);
      samples.askP99.push(lat.p99);
    }
    const n = Object.fromEntries(Object.entries(sized).map(([k, s]) => [k, s.messages]));

    const rawRate = median(samples.raw);
    const noopRate = median(samples.noop);
    const machineRate = median(samples.machine);
    const eventUs = median(samples.eventUs);
    const bestMachineRate = 1e6 / (1e6 / rawRate + eventUs);
    const stats = await rt.stats();
    return {
      scenario: 'runtime',
      runtime: runtimeName,
      node: process.version,
      cores: availableCores(),
      workers,
      batch,
      reps,
      payload: JSON.stringify(PAYLOAD),
      messages: n,
      asks,
      rawMsgsPerSec: round(rawRate),
      noopActorMsgsPerSec: round(noopRate),
      machineActorMsgsPerSec: round(machineRate),
      eventCostUs: round(eventUs, 3),
      askP50Us: round(median(samples.askP50), 1),
      askP99Us: round(median(samples.askP99), 1),
      bestMachineRate: round(bestMachineRate),
      noopVsRaw: round(noopRate / rawRate, 3),
      machineVsBest: round(machineRate / bestMachineRate, 3),
      targets: { noopVsRaw: 0.5, machineVsBest: 0.8 },
      meetsTargets: { noop: noopRate / rawRate >= 0.5, machine: machineRate / bestMachineRate >= 0.8 },
      buffersSentByMain: stats.threads[0]?.sentBuffers,
      samples: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map((x) => round(x, k.startsWith('raw') || k === 'noop' || k === 'machine' ? 0 : 3))])),
    };
  } finally {
    await rt.close();
    await raw.close();
  }
}
