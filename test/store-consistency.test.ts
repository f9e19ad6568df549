// Randomised concurrent writers against many watchers (filtered, resumed, initial-state) and
// historical lists; everything is checked against a model built from the writers' own replies.
import t from 'tap';
import { JournalStore } from '../src/store/journal-store.js';
import type { KObject, Watch, WatchEvent, WriteResult } from '../src/store/types.js';
import { PODS, tempDir, pod, rng } from './fixtures/store-helpers.js';

interface Logged { rev: number; key: string; type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KObject }
const keyOf = (o: KObject) => `${o.metadata.namespace}/${o.metadata.name}`;

/** Run `writers` random writers; returns every acknowledged change, by revision. */
async function randomWrites(s: JournalStore, seed: number, writers: number, opsEach: number, names: number): Promise<Logged[]> {
  const log: Logged[] = [];
  const rand = rng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)]!;
  const record = (r: WriteResult, kind: 'create' | 'update' | 'delete') => {
    const type = kind === 'create' ? 'ADDED' : r.removed ? 'DELETED' : 'MODIFIED';
    log.push({ rev: r.revision, key: keyOf(r.object), type, object: structuredClone(r.object) });
  };
  async function writer(): Promise<void> {
    for (let i = 0; i < opsEach; i++) {
      const ns = pick(['a', 'b']);
      const name = `p${Math.floor(rand() * names)}`;
      const dice = rand();
      try {
        if (dice < 0.35) {
          record(await s.create(PODS, pod(name, { ns, labels: { app: pick(['web', 'db']) }, nodeName: pick(['n1', 'n2', '']), finalizers: rand() < 0.2 ? ['x.io/f'] : undefined })), 'create');
        } else if (dice < 0.8) {
          const cur = await s.get(PODS, ns, name);
          const next = structuredClone(cur);
          if (rand() < 0.5) next.metadata.labels = { app: pick(['web', 'db']) };
          if (rand() < 0.5) next.spec.nodeName = pick(['n1', 'n2', '']);
          if (next.metadata.deletionTimestamp && rand() < 0.5) next.metadata.finalizers = [];
          if (rand() < 0.1) next.metadata.resourceVersion = '1'; // stale: must conflict (unless rev 1)
          record(await s.update(PODS, next), 'update');
        } else {
          const r = await s.delete(PODS, ns, name);
          if (!log.some((l) => l.rev === r.revision)) record(r, 'delete');
        }
      } catch (e: any) {
        if (!['NotFound', 'AlreadyExists', 'Conflict'].includes(e?.reason)) throw e;
      }
    }
  }
  await Promise.all(Array.from({ length: writers }, writer));
  return log.sort((x, y) => x.rev - y.rev);
}

type Filter = { ns?: string; app?: string; node?: string };
const matches = (f: Filter, o: KObject | undefined) =>
  !!o && (!f.ns || o.metadata.namespace === f.ns) && (!f.app || o.metadata.labels?.app === f.app) && (f.node === undefined || (o.spec?.nodeName ?? '') === f.node);

/** What a watcher with filter f must see for revisions after `from`, given state at `from`. */
function expectedEvents(log: Logged[], f: Filter, from: number, initial: boolean): string[] {
  const state = new Map<string, KObject>();
  const out: string[] = [];
  for (const l of log) {
    const prev = state.get(l.key);
    if (l.type === 'DELETED') state.delete(l.key); else state.set(l.key, l.object);
    if (l.rev <= from) continue;
    const was = matches(f, prev), now = l.type !== 'DELETED' && matches(f, l.object);
    const type = now ? (was ? 'MODIFIED' : 'ADDED') : was ? 'DELETED' : undefined;
    if (type) out.push(`${type} ${l.key} ${l.rev}`);
  }
  if (!initial) return out;
  const init: string[] = [];
  const at = new Map<string, KObject>();
  for (const l of log) { if (l.rev > from) break; if (l.type === 'DELETED') at.delete(l.key); else at.set(l.key, l.object); }
  for (const [k, o] of [...at].sort((x, y) => (x[0] < y[0] ? -1 : 1))) if (matches(f, o)) init.push(`ADDED ${k} ${o.metadata.resourceVersion}`);
  return [...init, ...out];
}

function stateAt(log: Logged[], rev: number): Map<string, string> {
  const m = new Map<string, string>();
  for (const l of log) { if (l.rev > rev) break; if (l.type === 'DELETED') m.delete(l.key); else m.set(l.key, l.object.metadata.resourceVersion!); }
  return m;
}

async function collect(w: Watch, until: number): Promise<string[]> {
  const out: string[] = [];
  w.bookmark();
  for (;;) {
    const e: WatchEvent | undefined = await w.next();
    if (!e) throw new Error('watch ended early');
    if (e.type === 'BOOKMARK') { if (e.revision >= until) break; w.bookmark(); continue; }
    if (e.type === 'ERROR') throw new Error(`watch error ${JSON.stringify(e.object)}`);
    out.push(`${e.type} ${keyOf(e.object)} ${e.revision}`);
    if (e.object.metadata.resourceVersion !== String(e.revision)) throw new Error(`event object rv ${e.object.metadata.resourceVersion} != ${e.revision}`);
  }
  w.stop();
  return out;
}

for (const seed of [1, 2, 3]) {
  t.test(`watchers see every change exactly once, in order (seed ${seed})`, async (t) => {
    const s = await JournalStore.open({ path: tempDir(t) });
    t.teardown(() => s.close());
    const filters: Filter[] = [{}, { app: 'web' }, { node: 'n1' }, { ns: 'a' }, { ns: 'b', app: 'db', node: '' }];
    const sel = (f: Filter) => ({
      namespace: f.ns,
      labelSelector: f.app ? `app=${f.app}` : undefined,
      fieldSelector: f.node !== undefined ? `spec.nodeName=${f.node}` : undefined,
    });
    const early = filters.map((f) => ({ f, from: 0, initial: false, w: s.watch(PODS, { ...sel(f), fromRevision: 0 }) }));
    const late: typeof early = [];
    const writes = randomWrites(s, seed, 8, 120, 25);
    // Join mid-flight: some resume from an earlier revision (replay from disk, then live), some
    // ask for the initial state.
    const rand = rng(seed * 7);
    while (late.length < 10) {
      await new Promise((r) => setImmediate(r));
      if (s.revision < 20 * (late.length + 1)) continue;
      const f = filters[late.length % filters.length]!;
      if (late.length % 2 === 0) {
        const from = Math.floor(rand() * s.revision);
        late.push({ f, from, initial: false, w: s.watch(PODS, { ...sel(f), fromRevision: from }) });
      } else {
        const from = s.revision;
        late.push({ f, from, initial: true, w: s.watch(PODS, { ...sel(f) }) });
      }
    }
    const log = await writes;
    t.same(log.map((l) => l.rev), Array.from({ length: s.revision }, (_, i) => i + 1), 'every revision was acknowledged to exactly one writer');
    t.ok(log.some((l) => l.type === 'DELETED') && log.some((l) => l.type === 'MODIFIED'));
    for (const x of [...early, ...late]) {
      const got = await collect(x.w, s.revision);
      t.same(got, expectedEvents(log, x.f, x.from, x.initial), `filter ${JSON.stringify(x.f)} from ${x.from}${x.initial ? ' with initial state' : ''}`);
    }
    // A list at revision R equals a replay of the log up to R.
    for (const r of [1, Math.floor(s.revision / 3), Math.floor(s.revision / 2), s.revision]) {
      const l = await s.list(PODS, { resourceVersion: String(r), resourceVersionMatch: 'Exact' });
      t.same(new Map(l.items.map((i) => [keyOf(i), i.metadata.resourceVersion!])), stateAt(log, r), `list at ${r}`);
    }
  });
}

t.test('pagination reads every page at the first page\'s revision while writes continue', async (t) => {
  const s = await JournalStore.open({ path: tempDir(t) });
  t.teardown(() => s.close());
  await Promise.all(Array.from({ length: 300 }, (_, i) => s.create(PODS, pod(`p${String(i).padStart(3, '0')}`, { ns: i % 2 ? 'a' : 'b', labels: { app: i % 3 ? 'web' : 'db' } }))));
  let writing = true;
  const churn = (async () => {
    const rand = rng(5);
    let n = 0;
    while (writing) {
      const i = Math.floor(rand() * 400);
      const ns = i % 2 ? 'a' : 'b', name = `p${String(i).padStart(3, '0')}`;
      await s.delete(PODS, ns, name).catch(() => s.create(PODS, pod(name, { ns, labels: { app: 'web' } })));
      n++;
    }
    return n;
  })();
  for (const opts of [{}, { labelSelector: 'app=web' }, { namespace: 'a' }]) {
    const pages: KObject[][] = [];
    let cont: string | undefined;
    let rv: string | undefined;
    do {
      const page = await s.list(PODS, { ...opts, limit: 37, continue: cont });
      rv ??= page.resourceVersion;
      t.equal(page.resourceVersion, rv, 'every page has the first page\'s revision');
      pages.push(page.items);
      cont = page.continue;
      // Make sure the store moves on between pages.
      const before = s.revision;
      await s.create(PODS, pod(`between-${before}`, { ns: 'a', labels: { app: 'web' } }));
    } while (cont);
    const whole = await s.list(PODS, { ...opts, resourceVersion: rv, resourceVersionMatch: 'Exact' });
    t.same(pages.flat().map((o) => `${keyOf(o)}@${o.metadata.resourceVersion}`), whole.items.map((o) => `${keyOf(o)}@${o.metadata.resourceVersion}`), `pages of ${JSON.stringify(opts)} = the list at ${rv}`);
    t.ok(pages.length > 2);
  }
  writing = false;
  t.ok((await churn) > 0, 'background writes went on meanwhile');
});

t.test('compaction keeps every current object; reads and watches below it are Expired', async (t) => {
  const dir = tempDir(t);
  let s = await JournalStore.open({ path: dir, compaction: { chunk: 50 } });
  const log = await randomWrites(s, 9, 6, 150, 30);
  const head = s.revision;
  const mid = Math.floor(head / 2);
  await s.compact(mid);
  t.equal(s.compactedRevision, mid);
  t.same(new Map((await s.list(PODS)).items.map((i) => [keyOf(i), i.metadata.resourceVersion!])), stateAt(log, head), 'current state intact');
  t.same(new Map((await s.list(PODS, { resourceVersion: String(mid), resourceVersionMatch: 'Exact' })).items.map((i) => [keyOf(i), i.metadata.resourceVersion!])), stateAt(log, mid), 'list at the compaction point');
  const e = (() => { try { s.watch(PODS, { fromRevision: mid - 1 }); } catch (e) { return e as any; } })();
  t.same([e?.reason, e?.code], ['Expired', 410]);
  const w = s.watch(PODS, { fromRevision: mid });
  t.same(await collect(w, head), expectedEvents(log, {}, mid, false), 'a watch from the compaction point still sees everything after it');
  await s.close();
  s = await JournalStore.open({ path: dir });
  t.equal(s.compactedRevision, mid, 'the compaction point survives reopen');
  t.equal(s.revision, head);
  t.same(new Map((await s.list(PODS)).items.map((i) => [keyOf(i), i.metadata.resourceVersion!])), stateAt(log, head));
  await s.compact(head);
  await s.close();
  s = await JournalStore.open({ path: dir });
  t.same(new Map((await s.list(PODS)).items.map((i) => [keyOf(i), i.metadata.resourceVersion!])), stateAt(log, head), 'fully compacted: every current object is kept');
  const r = await s.create(PODS, pod('after-compaction', { ns: 'a' }));
  t.equal(r.revision, head + 1, 'revisions never go backwards, even when the last one was a compacted tombstone');
  await s.close();
});

t.test('automatic compaction by revision count runs between batches', async (t) => {
  const s = await JournalStore.open({ path: tempDir(t), compaction: { retainRevisions: 40, chunk: 7 } });
  t.teardown(() => s.close());
  const log = await randomWrites(s, 11, 6, 100, 20);
  await s.create(PODS, pod('last', { ns: 'a' }));
  t.ok(s.compactedRevision > 0, `compacted to ${s.compactedRevision}`);
  t.ok(s.compactedRevision >= s.revision - 40 - 7 - 1 - 7 * 8, 'compaction keeps up with writes');
  const cur = stateAt(log, s.revision);
  cur.set('a/last', String(s.revision));
  t.same(new Map((await s.list(PODS)).items.map((i) => [keyOf(i), i.metadata.resourceVersion!])), cur);
});
