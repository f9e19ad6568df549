// This thread's JavaScript heap, for the benchmarks' memory story. Each worker is its own V8
// isolate with its own heap, so each thread answers for itself. `collect` runs a full
// collection first, so the figure is what the thread retains rather than garbage not yet
// collected; Node exposes `gc` only behind a V8 flag, set here on first use (threads started
// after that have it as a global).

export interface HeapStats {
  /** Bytes of live objects (after the collection when one ran). */
  usedBytes: number;
  /** Bytes V8 has reserved for this heap. */
  totalBytes: number;
  /** Bytes outside the heap that its objects hold (ArrayBuffers, strings from native code). */
  externalBytes: number;
  /** A full collection ran first. */
  collected: boolean;
}

interface DenoMemory { memoryUsage(): { heapUsed: number; heapTotal: number; external: number } }
const deno = (globalThis as { Deno?: DenoMemory }).Deno;

type Gc = () => void;

async function nodeGc(): Promise<Gc | undefined> {
  const exposed = (globalThis as { gc?: Gc }).gc;
  if (typeof exposed === 'function') return exposed;
  const v8 = await import('node:v8');
  const vm = await import('node:vm');
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as unknown;
  return typeof gc === 'function' ? gc as Gc : undefined;
}

export async function heapStats(collect: boolean): Promise<HeapStats> {
  if (deno) {
    // Deno has no gc() to call without its --v8-flags: the figures as they stand.
    const m = deno.memoryUsage();
    return { usedBytes: m.heapUsed, totalBytes: m.heapTotal, externalBytes: m.external, collected: false };
  }
  let collected = false;
  if (collect) {
    const gc = await nodeGc();
    if (gc) { gc(); collected = true; }
  }
  const v8 = await import('node:v8');
  const h = v8.getHeapStatistics() as ReturnType<typeof v8.getHeapStatistics> & { external_memory?: number };
  return { usedBytes: h.used_heap_size, totalBytes: h.total_heap_size, externalBytes: h.external_memory ?? 0, collected };
}
