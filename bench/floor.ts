// The floor of a cluster run, measured in the same run: what the run's journal writes
// cost as raw fsynced LevelDB batches (no validation, routing or actors), and what its
// messages cost as raw batched postMessage to a worker (no runtime). A run "within 2× the
// floor" spends at most as much again on everything that makes it a control plane.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level } from 'level';
import { logKey } from '../src/store/keys.js';
import { RawLink } from './runtime.js';

/** ms to write `total` records (cycling through `records`) as `batches` fsynced chained batches. */
export async function journalFloorMs(records: readonly Uint8Array[], total: number, batches: number): Promise<number> {
  if (total === 0 || records.length === 0) return 0;
  const dir = mkdtempSync(join(tmpdir(), 'cyb-bench-floor-'));
  const db = new Level<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
  await db.open();
  try {
    const per = Math.max(1, Math.ceil(total / Math.max(1, batches)));
    const t0 = performance.now();
    for (let i = 0; i < total; i += per) {
      const b = db.batch();
      for (let j = i; j < Math.min(i + per, total); j++) b.put(logKey(j + 1), records[j % records.length]!);
      await b.write({ sync: true });
    }
    return performance.now() - t0;
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
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
