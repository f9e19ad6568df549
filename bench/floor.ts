// The floor of a cluster run, measured in the same run: what the run's journal writes
// cost as raw fsynced LevelDB batches (no validation, routing or actors), and what its
// messages cost as raw batched postMessage to a worker (no runtime). A run "within 2× the
// floor" spends at most as much again on everything that makes it a control plane.
import { RawLink } from './runtime.js';
import { rawRun } from './store.js';

/** ms to write `total` records (cycling through `records`) as `batches` fsynced chained batches. */
export async function journalFloorMs(records: readonly Uint8Array[], total: number, batches: number): Promise<number> {
  if (total === 0 || records.length === 0) return 0;
  const per = Math.max(1, Math.ceil(total / Math.max(1, batches)));
  const { perSec } = await rawRun(total, (j) => records[j % records.length]!, per, 'chained');
  return (total / perSec) * 1000;
}

/** ms to hand `messages` runtime envelopes to a worker as raw batched, transferred postMessage. */
export async function messageFloorMs(messages: number, batch = 1000): Promise<number> {
  if (messages === 0) return 0;
  const link = new RawLink(batch);
  try {
    await link.seconds(Math.min(messages, 10_000)); // warm: the worker's start and the JIT are not the floor
    return (await link.seconds(messages)) * 1000;
  } finally {
    await link.close();
  }
}
