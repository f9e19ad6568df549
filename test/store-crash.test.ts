// Crash safety: a child process writes flat out and is SIGKILLed at random moments. After each
// reopen every acknowledged write is there, transactions are whole, revisions never go
// backwards, and a watcher resuming from its last revision misses nothing.
import t from 'tap';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { JournalStore } from '../src/store/journal-store.js';
import { PODS, tempDir, rng } from './fixtures/store-helpers.js';

const child = fileURLToPath(new URL('./fixtures/store-crash-writer.js', import.meta.url));

interface Ack { rev: number; type: string; key: string }

function runAndKill(dir: string, tag: string, killAfterMs: number, retain: number): Promise<{ acks: Ack[]; readyRev: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, dir, tag, String(retain)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '', err = '';
    let readyRev = -1;
    const acks: Ack[] = [];
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (d: string) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const [w, a, b, c] = line.split(' ');
        if (w === 'ready') { readyRev = Number(a); setTimeout(() => p.kill('SIGKILL'), killAfterMs); }
        else if (w === 'ack') acks.push({ rev: Number(a), type: b!, key: c! });
      }
    });
    p.stderr.on('data', (d) => { err += d; });
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited ${code} ${signal}: ${err}`));
      else resolve({ acks, readyRev });
    });
  });
}

t.test('SIGKILL at random moments loses no acknowledged write', async (t) => {
  const dir = tempDir(t, 'crash');
  const rand = rng(42);
  let lastRev = 0;
  let totalAcks = 0;
  for (let round = 0; round < 15; round++) {
    // The last rounds compact as they go (and are killed mid-compaction); the watch check then
    // starts at the compaction point.
    const retain = round >= 12 ? 300 : 1e12;
    const { acks, readyRev } = await runAndKill(dir, `r${round}`, 50 + Math.floor(rand() * 400), retain);
    totalAcks += acks.length;
    t.equal(readyRev, lastRev, `round ${round}: the child reopened at the last revision`);
    const s = await JournalStore.open({ path: dir });
    try {
      const maxAck = acks.reduce((m, a) => Math.max(m, a.rev), 0);
      if (s.revision < maxAck || s.revision < lastRev) t.fail(`round ${round}: revision ${s.revision} went backwards (acked ${maxAck}, before ${lastRev})`);
      // Resume a watcher from where the last round ended: every change since, no gaps.
      const from = Math.max(lastRev, s.compactedRevision);
      const w = s.watch(PODS, { fromRevision: from, bookmarks: true });
      const seen = new Map<number, Ack>();
      for (;;) {
        const e = (await w.next())!;
        if (e.type === 'BOOKMARK') break;
        seen.set(e.revision, { rev: e.revision, type: e.type, key: `${e.object.metadata.namespace}/${e.object.metadata.name}` });
      }
      w.stop();
      const revs = [...seen.keys()];
      const contiguous = revs.every((r, i) => r === from + 1 + i) && (revs.length === 0 || revs[revs.length - 1] === s.revision);
      if (!contiguous) t.fail(`round ${round}: watch from ${from} is not contiguous up to ${s.revision}`);
      const missing = acks.filter((a) => a.rev > from).filter((a) => { const e = seen.get(a.rev); return !e || e.type !== a.type || e.key !== a.key; });
      if (missing.length) t.fail(`round ${round}: ${missing.length} acknowledged writes missing, e.g. ${JSON.stringify(missing[0])}`);
      // Transactions are whole: pair members exist together or not at all.
      const byPair = new Map<string, number>();
      for (const o of (await s.list(PODS)).items) byPair.set(o.metadata.labels!.pair!, (byPair.get(o.metadata.labels!.pair!) ?? 0) + 1);
      const half = [...byPair].filter(([, n]) => n !== 2);
      if (half.length) t.fail(`round ${round}: half-applied transactions ${JSON.stringify(half.slice(0, 3))}`);
      lastRev = s.revision;
    } finally {
      await s.close();
    }
  }
  t.ok(totalAcks > 100, `acknowledged ${totalAcks} writes over 15 kills; final revision ${lastRev}`);
  const s = await JournalStore.open({ path: dir });
  t.ok(s.compactedRevision > 0, `compaction ran while being killed (compacted to ${s.compactedRevision})`);
  await s.close();
});
