// The states the store keeps per object (JournalStoreOptions.summarize) and the inspector's
// index built from them: the same counts as decoding every object, kept across a reopen, and
// continued by a watch from the listing's revision with nothing missed.
import t, { type Test } from 'tap';
import { createInspector } from '../src/inspector/inspector.js';
import { stateSummary } from '../src/inspector/kinds.js';
import { createRuntime } from '../src/runtime/runtime.js';
import { JournalStore } from '../src/store/journal-store.js';
import type { KObject } from '../src/store/types.js';
import { NODES, PODS, pod, tempDir } from './fixtures/store-helpers.js';

const node = (name: string, ready: 'True' | 'False'): KObject => ({
  apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: {},
  status: { conditions: [{ type: 'Ready', status: ready }] },
});

const running = (p: KObject, ready: boolean): KObject => ({
  ...p,
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }], containerStatuses: [{ name: 'c', ready, state: { running: {} } }] },
});

/** A few objects in different states: Pending, Running.Ready, Running.NotReady, Terminating, deleted. */
async function populate(s: JournalStore): Promise<void> {
  await s.create(NODES, node('n1', 'True'));
  await s.create(NODES, node('n2', 'False'));
  await s.create(PODS, pod('pending'));
  for (const [name, ready] of [['ready-1', true], ['ready-2', true], ['not-ready', false]] as const) {
    const c = await s.create(PODS, pod(name, { nodeName: 'n1' }));
    await s.update(PODS, running(c.object, ready), { subresource: 'status' });
  }
  await s.create(PODS, pod('leaving', { nodeName: 'n2', finalizers: ['x/y'] }));
  await s.delete(PODS, 'default', 'leaving');
  await s.create(PODS, pod('gone'));
  await s.delete(PODS, 'default', 'gone');
}

async function inspectorCounts(t: Test, store: JournalStore): Promise<{ counts: Record<string, Record<string, number>>; inspector: ReturnType<typeof createInspector> }> {
  const runtime = await createRuntime({ workers: 0 });
  const inspector = createInspector({ runtime, store });
  t.teardown(async () => { await inspector.close(); await runtime.close(); });
  await inspector.start();
  return { counts: inspector.summary().objects, inspector };
}

const EXPECTED = {
  Node: { Ready: 1, NotReady: 1 },
  Pod: { Pending: 1, 'Running.Ready': 2, 'Running.NotReady': 1, Terminating: 1 },
};

t.test('summaries: kept as objects are written, listed without decoding, restored on reopen', async (t) => {
  const dir = tempDir(t);
  const s = await JournalStore.open({ path: dir, summarize: stateSummary });
  await populate(s);
  const listed = s.summaries(PODS)!;
  t.equal(listed.revision, s.revision, 'as of the committed revision');
  t.same(listed.items.map((x) => [x.name, x.namespace, x.summary, x.nodeName]), [
    ['leaving', 'default', 'Terminating', 'n2'],
    ['not-ready', 'default', 'Running.NotReady', 'n1'],
    ['pending', 'default', 'Pending', ''],
    ['ready-1', 'default', 'Running.Ready', 'n1'],
    ['ready-2', 'default', 'Running.Ready', 'n1'],
  ]);
  const live = await s.list(PODS);
  t.same(listed.items.map((x) => x.rev), live.items.map((o) => Number(o.metadata.resourceVersion)), 'each at the revision it was last written');
  t.same(s.summaries(NODES)!.items.map((x) => [x.name, x.namespace, x.summary]), [['n1', undefined, 'Ready'], ['n2', undefined, 'NotReady']]);
  await s.close();

  const reopened = await JournalStore.open({ path: dir, summarize: stateSummary });
  t.same(reopened.summaries(PODS), listed, 'rebuilt from the journal on reopen');
  await reopened.close();
  const plain = await JournalStore.open({ path: dir });
  t.equal(plain.summaries(PODS), undefined, 'a store given no summarize keeps none');
  await plain.close();
});

t.test('the inspector indexes the same states from summaries as from decoded objects, and follows changes after', async (t) => {
  for (const summarize of [stateSummary, undefined]) {
    const label = summarize ? 'from summaries' : 'from decoded objects';
    const store = await JournalStore.open({ path: tempDir(t), ...(summarize ? { summarize } : {}) });
    t.teardown(() => store.close());
    await populate(store);
    const { counts, inspector } = await inspectorCounts(t, store);
    t.same(counts.Node, EXPECTED.Node, `${label}: nodes`);
    t.same(counts.Pod, EXPECTED.Pod, `${label}: pods`);
    // Written after the listing: the watch from its revision carries it.
    const c = await store.create(PODS, pod('late', { nodeName: 'n1' }));
    await store.update(PODS, running(c.object, true), { subresource: 'status' });
    await store.delete(PODS, 'default', 'pending');
    const after = { 'Running.Ready': 3, 'Running.NotReady': 1, Terminating: 1 };
    // The watch delivers asynchronously: a few turns at most (bounded, so a miss fails below).
    for (let i = 0; i < 50 && JSON.stringify(inspector.summary().objects.Pod) !== JSON.stringify(after); i++) await new Promise((r) => setImmediate(r));
    t.same(inspector.summary().objects.Pod, after, `${label}: changes after the listing`);
  }
});
