// The inspector's server-side pieces: the ring, the coalescing live channel,
// state aggregation, story building and chart extraction from the machines.
import t from 'tap';
import { deploymentMachine } from '../machines/deployment/machine.js';
import { podMachine } from '../machines/pod/machine.js';
import { replicaSetMachine } from '../machines/replicaset/machine.js';
import { schedulerMachine } from '../machines/scheduler/machine.js';
import { setup } from 'xstate';
import type { InspectionRecord } from '../src/runtime/envelope.js';
import type { KObject } from '../src/store/types.js';
import { EventChannel } from '../src/inspector/channel.js';
import { anyDotId, chartGraph, chartOf, guardLabel, initialDotId, stateIdFor, stateIds } from '../src/inspector/chart.js';
import { KINDS } from '../src/inspector/kinds.js';
import { layoutGraph, type ElkNode } from '../src/inspector/layout.js';
import { Ring } from '../src/inspector/ring.js';
import { StateIndex } from '../src/inspector/state-index.js';
import { buildStory, type JournalEntry } from '../src/inspector/story.js';

t.test('ring: keeps the newest, oldest first', async (t) => {
  const r = new Ring<number>(3);
  for (let i = 1; i <= 5; i++) r.push(i);
  t.same(r.toArray(), [3, 4, 5]);
  t.equal(r.dropped, 2);
  t.same(r.newest(2, (x) => x !== 5), [3, 4]);
  t.throws(() => new Ring(0), RangeError);
});

t.test('channel: one value per topic, bounded lists, nothing sent unless pulled', async (t) => {
  const c = new EventChannel('c1', 3);
  c.put('counts', { n: 1 });
  c.put('counts', { n: 2 });
  for (let i = 0; i < 5; i++) c.append('transitions', i);
  t.same(c.take(), [['counts', { n: 2 }], ['transitions', [2, 3, 4]]], 'the newest count and the newest 3 items');
  t.same(c.stats, { sent: 2, coalesced: 1, dropped: 2 });

  // A client that reads slowly: 100 updates between two reads arrive as one coalesced chunk.
  const reader = c.stream(60_000).getReader();
  const hello = new TextDecoder().decode((await reader.read()).value);
  t.match(hello, /event: hello\ndata: {"client":"c1"}/);
  for (let i = 0; i < 100; i++) c.put('counts', { n: i });
  const chunk = new TextDecoder().decode((await reader.read()).value);
  t.equal(chunk, 'event: counts\ndata: {"n":99}\n\n', 'only the newest value, once');
  t.equal(c.pending, false);
  const next = reader.read();
  c.put('counts', { n: 100 });
  t.equal(new TextDecoder().decode((await next).value), 'event: counts\ndata: {"n":100}\n\n', 'a waiting reader gets the next value');
  await reader.cancel();
  t.equal(c.closed, true, 'a client going away closes its channel');
  c.put('counts', { n: 1 });
  t.equal(c.pending, false, 'nothing is kept for a closed channel');
});

const pod = (name: string, status: Record<string, unknown>, spec: Record<string, unknown> = {}): KObject => ({
  kind: 'Pod', metadata: { name, namespace: 'ns', resourceVersion: '1' }, spec, status,
});
const readyStatus = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'c', state: { running: {} } }] };

t.test('state index: counts per kind and state follow the changes', async (t) => {
  const idx = new StateIndex((kind, o) => KINDS[kind as 'Pod'].stateOf(o));
  t.same(idx.apply('Pod', 'ADDED', pod('a', {})), { kind: 'Pod', key: 'ns/a', from: null, to: 'Pending' });
  idx.apply('Pod', 'ADDED', pod('b', {}));
  t.same(idx.countsByKind(), { Pod: { Pending: 2 } });
  t.same(idx.apply('Pod', 'MODIFIED', pod('a', readyStatus, { nodeName: 'n1' })), { kind: 'Pod', key: 'ns/a', from: 'Pending', to: 'Running.Ready' });
  t.equal(idx.apply('Pod', 'MODIFIED', pod('a', readyStatus, { nodeName: 'n1' })), null, 'same state: no change');
  t.same(idx.countsByKind(), { Pod: { Pending: 1, 'Running.Ready': 1 } });
  t.same(idx.query({ state: 'Running' }).rows.map((r) => r.name), ['a'], 'a parent state matches its children');
  t.same(idx.query({ name: 'b' }).rows.map((r) => r.state), ['Pending']);
  idx.apply('Pod', 'DELETED', pod('b', {}));
  t.same(idx.countsByKind(), { Pod: { 'Running.Ready': 1 } }, 'a deleted object leaves its count');
  t.equal(idx.query({}, 1).total, 1);
});

t.test('story: the 13 steps joined from journal causes and delivery records', async (t) => {
  const D = '/apps/deployments/ns/web', RS = '/apps/replicasets/ns/web-1', P = '/core/pods/ns/web-1-a';
  const dep = 'Deployment/ns/web', rs = 'ReplicaSet/ns/web-1', po = 'Pod/ns/web-1-a';
  let at = 1000;
  const journal: JournalEntry[] = [];
  const records: InspectionRecord[] = [];
  const commit = (rev: number, key: string, type: JournalEntry['type'], cause: string, batch = rev) => journal.push({ rev, key, kind: key.split('/')[2]!, type, cause, at: at++, batch });
  const deliver = (to: string, rev: number, mid: number) => records.push({ type: 'event', address: `1/${to}` as never, kind: 'k', at: at++, eventType: 'store.changes', from: null, mid, cause: `rev:${rev}` });
  const write = (from: string, mid: number, cause: number) => records.push({ type: 'event', address: '0/store' as never, kind: 'store', at: at++, eventType: 'store.write', from: `1/${from}` as never, mid, cause });
  commit(10, D, 'ADDED', 'api');
  deliver('controller/deployment', 10, 1);
  write(dep, 100, 1); commit(11, RS, 'ADDED', 'msg:100', 12); commit(12, '/core/events/ns/x', 'ADDED', 'msg:100', 12);
  deliver('controller/replicaset', 12, 2);
  write(rs, 101, 2); commit(13, P, 'ADDED', 'msg:101');
  deliver('scheduler', 13, 3);
  write('scheduler', 102, 3); commit(14, P, 'MODIFIED', 'msg:102');
  deliver('Node/n1', 14, 4);
  write(po, 103, 4); commit(15, P, 'MODIFIED', 'msg:103');
  deliver(rs, 15, 5);
  write(rs, 104, 5); commit(16, RS, 'MODIFIED', 'msg:104');
  deliver(dep, 16, 6);
  write(dep, 105, 6); commit(17, D, 'MODIFIED', 'msg:105');
  // Traffic about other objects stays out of the story.
  commit(18, '/core/pods/ns/other', 'ADDED', 'msg:999');
  deliver('Pod/ns/other', 18, 7);

  const story = buildStory({
    records, journal, nodeName: 'n1',
    lineage: [{ kind: 'Deployment', key: D, actorId: dep }, { kind: 'ReplicaSet', key: RS, actorId: rs }, { kind: 'Pod', key: P, actorId: po }],
    podAt: new Map([[13, { state: 'Pending' }], [14, { state: 'Scheduled', nodeName: 'n1' }], [15, { state: 'Running.Ready', nodeName: 'n1' }]]),
  });
  t.same(story.steps.map((s) => s.found), Array(13).fill(true), 'every step found');
  t.same(story.steps.map((s) => s.rev), [10, 10, 11, 11, 13, 13, 14, 14, 15, 15, 16, 16, 17]);
  t.same(story.steps.map((s) => `${s.from}>${s.to}`), [
    'client>journal', 'journal>controller/deployment', `${dep}>journal`, 'journal>controller/replicaset', `${rs}>journal`, 'journal>scheduler',
    'scheduler>journal', 'journal>Node/n1', `${po}>journal`, `journal>${rs}`, `${rs}>journal`, `journal>${dep}`, `${dep}>journal`,
  ]);
  t.equal(story.steps[3]!.detail, 'store.changes, cause rev:12', 'a delivery carries its batch: rev 11 went out as part of rev 12');
  t.same(story.revisions, [10, 11, 13, 14, 15, 16, 17]);
  t.notOk(story.messages.some((m) => m.to === 'Pod/ns/other' || m.rev === 18), 'no messages about other objects');
  t.ok(story.messages.every((m, i) => i === 0 || story.messages[i - 1]!.at <= m.at), 'messages in time order');

  const partial = buildStory({ records: [], journal, lineage: [{ kind: 'Deployment', key: D, actorId: dep }] });
  t.equal(partial.steps[0]!.found, true, 'the client step needs only the journal');
  t.equal(partial.steps[1]!.found, false, 'a delivery not in the ring is reported missing, not invented');
});

t.test('charts: read from the machines, laid out with every state placed', async (t) => {
  const pc = chartOf(podMachine);
  t.equal(pc.machineId, 'pod');
  const ids = stateIds(pc);
  for (const id of ['pod.Pending', 'pod.Running', 'pod.Running.Ready', 'pod.Running.NotReady', 'pod.ContainerCreating.ConfigError', 'pod.Deleted']) t.ok(ids.includes(id), id);
  t.equal(pc.root.children.find((s) => s.id === 'pod.Running')!.initial, 'pod.Running.Ready');
  t.equal(pc.root.children.find((s) => s.id === 'pod.Deleted')!.type, 'final');
  const toNotReady = pc.transitions.find((x) => x.source === 'pod.Running.Ready' && x.targets[0] === 'pod.Running.NotReady')!;
  t.equal(toNotReady.event, 'pod.updated');
  t.match(toNotReady.guard, /readyCondition/, 'an inline guard is shown by its code');
  const always = pc.transitions.filter((x) => x.source === 'pod.Init' && x.kind === 'always');
  t.same(always.map((x) => x.guard), ['unread', 'terminal', 'deleting', 'alreadyRunning', 'bound', 'unschedulable', undefined], 'named guards, in order');
  t.ok(pc.transitions.some((x) => x.kind === 'after' && x.delay === 'backoff' && x.source === 'pod.CrashLoopBackOff' && x.targets[0] === 'pod.Running'), 'delayed transitions');

  const dc = chartOf(deploymentMachine);
  t.ok(dc.transitions.some((x) => x.source === 'deployment' && x.event === 'object.changed' && x.targets[0] === 'deployment.route'), 'root-level transitions');
  t.equal(stateIdFor(dc, 'Complete'), 'deployment.Complete');
  t.equal(stateIdFor(pc, 'Running.Ready'), 'pod.Running.Ready');
  t.equal(stateIdFor(pc, 'ContainerCreating'), 'pod.ContainerCreating');
  t.equal(stateIdFor(pc, 'Nowhere'), null);
  t.equal(guardLabel({ type: 'isReady' }), 'isReady');

  const g = chartGraph(chartOf(replicaSetMachine));
  const nodeIds = (n: ElkNode): string[] => [n.id, ...(n.children ?? []).flatMap(nodeIds)];
  t.ok(nodeIds(g).includes(anyDotId('replicaset')), 'a root transition into its own child starts at an "any" node');
  t.ok(nodeIds(g).includes(initialDotId('replicaset')), 'the initial state has its dot');
  const laid = await layoutGraph(g);
  const placed = (n: ElkNode): boolean => (n.children ?? []).every((c) => typeof c.x === 'number' && typeof c.y === 'number' && c.width! > 0 && placed(c));
  t.ok(placed(laid), 'every node placed');
  t.ok((laid.edges ?? []).every((e) => e.sections?.length), 'every edge routed');
});

const nodeById = (n: ElkNode, id: string): ElkNode | undefined => (n.id === id ? n : (n.children ?? []).map((c) => nodeById(c, id)).find(Boolean));
const inside = (inner: ElkNode, outer: ElkNode) => inner.x! >= outer.x! && inner.y! >= outer.y! && inner.x! + inner.width! <= outer.x! + outer.width! && inner.y! + inner.height! <= outer.y! + outer.height!;
const disjoint = (a: ElkNode, b: ElkNode) => a.x! + a.width! <= b.x! || b.x! + b.width! <= a.x! || a.y! + a.height! <= b.y! || b.y! + b.height! <= a.y!;

t.test('charts: a parallel machine (the scheduler) has its regions, their transitions, and a layout placing them', async (t) => {
  const sc = chartOf(schedulerMachine);
  t.equal(sc.root.type, 'parallel', 'the machine itself is parallel');
  t.same(sc.root.children.map((r) => [r.id, r.type, r.initial]), [
    ['scheduler.cycle', 'compound', 'scheduler.cycle.Syncing'],
    ['scheduler.backoff', 'compound', 'scheduler.backoff.Clear'],
  ], 'its two regions, each with its initial state');
  t.same(sc.root.children.map((r) => r.children.map((s) => s.key)), [['Syncing', 'Idle', 'Scheduling'], ['Clear', 'BackingOff']]);
  const edge = (source: string, target: string) => sc.transitions.filter((x) => x.source === `scheduler.${source}` && x.targets[0] === `scheduler.${target}`).map((x) => x.label);
  t.same(edge('cycle.Syncing', 'cycle.Scheduling'), ['synced']);
  t.same(edge('cycle.Scheduling', 'cycle.Scheduling'), ['cycle.done [dirty]'], 'a guarded re-entry');
  t.ok(sc.transitions.find((x) => x.source === 'scheduler.cycle.Scheduling' && x.event === 'cycle.done' && x.guard === 'dirty')!.reenter, 'marked as re-entering');
  t.same(edge('cycle.Scheduling', 'cycle.Idle'), ['cycle.done']);
  t.same(edge('backoff.Clear', 'backoff.BackingOff'), ['cycle.done [hasBackoff]'], "the other region's transition on the same event");
  t.same(edge('backoff.BackingOff', 'backoff.Clear'), ['nodes.changed', 'after backoff'], 'an event and a delay into the same state');
  t.same(sc.transitions.filter((x) => x.source === 'scheduler').map((x) => [x.event, x.targets]), [['store.changes', []], ['actor.failed', []]], "the machine's own targetless transitions");

  const g = chartGraph(sc);
  const laid = await layoutGraph(g);
  const cycle = nodeById(laid, 'scheduler.cycle')!, backoff = nodeById(laid, 'scheduler.backoff')!;
  t.ok(cycle && backoff, 'each region is a node of the graph');
  t.same(cycle.children!.map((c) => c.id).filter((id) => !id.includes('#')), ['scheduler.cycle.Syncing', 'scheduler.cycle.Idle', 'scheduler.cycle.Scheduling'], 'holding its states');
  for (const region of [cycle, backoff]) for (const c of region.children!) t.ok(inside(c, region), `${c.id} placed inside ${region.id}`);
  t.ok(disjoint(cycle, backoff), 'the regions side by side, not on top of each other');
  const self = laid.edges!.find((e) => e.sources[0] === 'scheduler.cycle.Scheduling' && e.targets[0] === 'scheduler.cycle.Scheduling');
  t.ok(self?.sections?.length, "an atomic state's re-entry is a routed self-loop");
  t.ok(laid.edges!.every((e) => e.sections?.length), 'every edge routed');
  t.same(laid.edges!.filter((e) => e.id.startsWith('e:')).map((e) => e.labels![0]!.text).sort(),
    ['cycle.done', 'cycle.done [dirty]', 'cycle.done [hasBackoff]', 'nodes.changed | after backoff', 'queue.changed', 'synced'], 'the edges carry events and guards');
});

t.test('charts: a parallel state inside a machine is a node holding its regions', async (t) => {
  const m = setup({ guards: { ok: () => true } }).createMachine({
    id: 'm', initial: 'Off',
    states: {
      Off: { on: { go: 'On' } },
      On: {
        type: 'parallel',
        on: { stop: 'Off' },
        states: {
          a: { initial: 'x', states: { x: { on: { flip: { target: 'y', guard: 'ok' } } }, y: {} } },
          b: { initial: 'p', states: { p: { after: { 100: 'q' } }, q: {} } },
        },
      },
    },
  });
  const c = chartOf(m);
  const on = c.root.children.find((s) => s.id === 'm.On')!;
  t.equal(on.type, 'parallel');
  t.equal(on.initial, undefined, 'a parallel state has no initial child: all its regions are entered');
  t.same(on.children.map((r) => [r.id, r.type, r.initial]), [['m.On.a', 'compound', 'm.On.a.x'], ['m.On.b', 'compound', 'm.On.b.p']]);
  t.same(c.transitions.map((x) => [x.source, x.targets, x.label]), [
    ['m.Off', ['m.On'], 'go'],
    ['m.On.a.x', ['m.On.a.y'], 'flip [ok]'],
    ['m.On.b.p', ['m.On.b.q'], 'after 100 ms'],
    ['m.On', ['m.Off'], 'stop'],
  ], 'each transition with its event, guard or delay (children walked before their parent)');
  const laid = await layoutGraph(chartGraph(c));
  const onNode = nodeById(laid, 'm.On')!;
  const regions = ['m.On.a', 'm.On.b'].map((id) => nodeById(onNode, id)!);
  t.ok(regions.every(Boolean), 'the regions are children of the parallel node');
  for (const r of regions) t.ok(inside(r, onNode), `${r.id} inside m.On`);
  t.ok(disjoint(regions[0]!, regions[1]!), 'the regions apart');
  t.ok(laid.edges!.every((e) => e.sections?.length), 'every edge routed');
});
