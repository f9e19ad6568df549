// The statechart inspector's server side: what it keeps (a registry of actors
// from lifecycle records, object states from store watches, bounded rings of
// runtime inspection records and journal entries), what it answers over HTTP
// under /inspector/, and the live stream (SSE) it sends each open page.
//
// Cost model: nothing but the actor registry runs until the first request
// under /inspector/; from then on the runtime's inspection tap, one watch per
// followed kind and the journal tap stay on (memory bounded by the rings).
// Live updates go out at most every `tickMs` (counts, and detail only for the
// object a client selected), through a pulled stream that coalesces per topic.
import type { Address } from '../runtime/address.js';
import type { InspectionRecord, LifecycleRecord } from '../runtime/envelope.js';
import type { Runtime } from '../runtime/runtime.js';
import type { JournalStore } from '../store/index.js';
import type { KObject, Watch } from '../store/types.js';
import { PAGE_CSS } from './assets/page-css.js';
import { PAGE_HTML } from './assets/page-html.js';
import { PAGE_JS } from './assets/page-js.js';
import { EventChannel } from './channel.js';
import { chartGraph, chartOf, type Chart } from './chart.js';
import { tapCommits } from './journal-tap.js';
import { CHART_KINDS, KINDS, RESOURCE_KINDS, actorIdOf as instanceIdOf, isResourceKind, keyOf, machineOf, type ResourceKind } from './kinds.js';
import { laidOut } from './chart-layouts.js';
import { requestText } from '../platform/http.js';
import type { ElkNode } from './layout.js';
import { Ring } from './ring.js';
import { StateIndex, countStates, matchesFilter, rowKey, rowOf, sortRows, type RowFilter, type StateChange, type StateRow } from './state-index.js';
import { actorIdOf, buildStory, type JournalEntry, type LineageMember, type Story } from './story.js';
import { requestURL } from '../api/request-url.js';

/** The least time between two live updates when changes come (the regular ones come every tickMs). */
const PROMPT_GAP_MS = 50;

export interface InspectorOptions {
  runtime: Runtime;
  store: JournalStore;
  /** Runtime inspection records kept (default 200,000). */
  recordCapacity?: number;
  /** Journal entries kept (default 100,000). */
  journalCapacity?: number;
  /** Live update period in ms (default 200). */
  tickMs?: number;
}

export interface ActorInfo {
  address: Address;
  id: string;
  kind: string;
  logic?: string;
  parent?: Address | null;
  spawnedAt?: number;
}

export interface ActorRow extends Partial<StateRow> {
  kind: string;
  name: string;
  state: string;
  /** The actor's address, when an actor runs for it. */
  address?: string;
}

interface Selection { kind: ResourceKind; namespace?: string; name: string; actorId: string; key: string }

interface Client {
  channel: EventChannel;
  selection: Selection | null;
  selectionDirty: boolean;
  busy: boolean;
}

export interface ChartView {
  /** A resource kind, or an actor kind with a chart (ACTOR_CHARTS). */
  kind: string;
  chart: Chart;
  /** The laid-out ELK graph (coordinates relative to the root). */
  graph: ElkNode;
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), {
  status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
});
const asset = (body: string, type: string) => new Response(body, {
  headers: { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-cache' },
});
const problem = (message: string, status: number) => json({ error: message }, status);

export class Inspector {
  readonly runtime: Runtime;
  readonly store: JournalStore;
  readonly records: Ring<InspectionRecord>;
  readonly journal: Ring<JournalEntry>;
  readonly states = new StateIndex((kind, o) => (isResourceKind(kind) ? KINDS[kind].stateOf(o) : 'Unknown'));
  /** Live actors by address, and by id (address without its thread). */
  readonly actors = new Map<string, ActorInfo>();
  private readonly byId = new Map<string, string>();
  private readonly clients = new Map<string, Client>();
  private readonly tickMs: number;
  private started: Promise<void> | null = null;
  /** The objects' index built (the tap may still be attaching on the workers). */
  private indexed: Promise<void> | null = null;
  private stops: (() => void | Promise<void>)[] = [];
  private readonly offLifecycle: () => void;
  private timer: ReturnType<typeof setInterval> | null = null;
  private ticks = 0;
  private lastTickAt = 0;
  private soonTimer: ReturnType<typeof setTimeout> | null = null;
  private pendingTransitions = new Map<string, { kind: string; from: string | null; to: string | null; n: number }>();
  private actorCounts: Record<string, Record<string, number>> = {};
  private actorCountsKey = '';
  private lastSentKey = '';
  private charts = new Map<string, Promise<ChartView>>();
  private closed = false;
  private nextClient = 1;

  constructor(options: InspectorOptions) {
    this.runtime = options.runtime;
    this.store = options.store;
    this.records = new Ring(options.recordCapacity ?? 200_000);
    this.journal = new Ring(options.journalCapacity ?? 100_000);
    this.tickMs = options.tickMs ?? 200;
    this.remember({ address: '0/store' as Address, id: 'store', kind: 'store', logic: 'store' });
    this.offLifecycle = this.runtime.onLifecycle((r) => this.onLifecycle(r));
  }

  // ---- what it keeps ------------------------------------------------------

  private remember(a: ActorInfo): void {
    this.actors.set(a.address, a);
    this.byId.set(a.id, a.address);
  }

  private forget(address: string): void {
    const a = this.actors.get(address);
    if (!a) return;
    this.actors.delete(address);
    if (this.byId.get(a.id) === address) this.byId.delete(a.id);
  }

  private onLifecycle(r: LifecycleRecord): void {
    if (r.type === 'spawned') {
      this.remember({ address: r.address, id: actorIdOf(r.address), kind: r.kind ?? r.options?.kind ?? r.logic ?? '?', logic: r.logic, parent: r.options?.parent ?? null, spawnedAt: r.at });
    } else if (r.type === 'stopped' || r.type === 'done' || r.type === 'escalated') {
      this.forget(r.address);
    }
  }

  addressOf(actorId: string): string | undefined {
    return this.byId.get(actorId);
  }

  /** Starts the taps and watches (once); resolves when the current objects are indexed. */
  start(): Promise<void> {
    this.started ??= this.startTaps();
    return this.started;
  }

  private async startTaps(): Promise<void> {
    this.stops.push(tapCommits(this.store, (entries) => { for (const e of entries) this.journal.push(e); }));
    // The tap (attached on every thread) and the objects' index are independent: built at once,
    // and what needs only the index (counts, the list) need not wait for the tap.
    const tapped = this.runtime.inspect({ events: true, transitions: true, lifecycle: true }, (records) => this.onRecords(records))
      .then((off) => { this.stops.push(off); });
    this.indexed = Promise.all(RESOURCE_KINDS.map((kind) => this.follow(kind))).then(() => {});
    await Promise.all([tapped, this.indexed]);
  }

  /**
   * Follows a kind's objects: first as they are now, then through a store watch from there;
   * restarts (relisting) if the watch ends. The first listing comes from the states the store
   * keeps per object (summaries), so 10,000 pods are indexed without decoding one; a store
   * that keeps none lists through the watch (every object decoded).
   */
  private follow(kind: ResourceKind): Promise<void> {
    return new Promise((resolveInitial) => {
      let initialDone = false;
      const initial = () => { if (!initialDone) { initialDone = true; resolveInitial(); } };
      const run = () => {
        if (this.closed) return;
        const seen = new Set<string>();
        // After a restart: objects the new listing no longer has are gone.
        const dropUnseen = () => {
          for (const r of this.states.query({ kind }, Infinity).rows) {
            if (!seen.has(rowKey(r.namespace, r.name))) this.noteChange(this.states.apply(kind, 'DELETED', { metadata: { name: r.name, namespace: r.namespace } }));
          }
        };
        const listed = this.store.summaries(KINDS[kind].ref);
        const summarized = listed !== undefined && listed.items.every((x) => x.summary !== undefined);
        if (summarized) {
          for (const x of listed.items) {
            seen.add(rowKey(x.namespace, x.name));
            const row: StateRow = { kind, name: x.name, state: x.summary!, rev: x.rev };
            if (x.namespace !== undefined) row.namespace = x.namespace;
            if (x.nodeName) row.nodeName = x.nodeName;
            this.noteChange(this.states.applyRow(row));
          }
          dropUnseen();
          initial();
        }
        const w: Watch = this.store.watch(KINDS[kind].ref, summarized ? { fromRevision: listed.revision } : { bookmarks: true });
        this.stops.push(() => w.stop());
        void (async () => {
          let synced = summarized;
          for await (const ev of w) {
            if (ev.type === 'BOOKMARK') {
              if (!synced) {
                synced = true;
                dropUnseen();
                initial();
              }
              continue;
            }
            if (ev.type === 'ERROR') break;
            const o = ev.object as KObject;
            if (!synced) seen.add(rowKey(o.metadata.namespace, o.metadata.name ?? ''));
            this.noteChange(this.states.apply(kind, ev.type, o));
            this.markSelected(kind, o.metadata.namespace, o.metadata.name ?? '');
          }
          initial();
          if (!this.closed) setTimeout(run, 500);
        })().catch(() => initial());
      };
      run();
    });
  }

  private noteChange(c: StateChange | null): void {
    if (!c || this.clients.size === 0) return;
    this.tickSoon();
    const k = `${c.kind}\u0000${c.from}\u0000${c.to}`;
    const t = this.pendingTransitions.get(k);
    if (t) t.n++;
    else if (this.pendingTransitions.size < 500) this.pendingTransitions.set(k, { kind: c.kind, from: c.from, to: c.to, n: 1 });
  }

  private onRecords(records: InspectionRecord[]): void {
    for (const r of records) {
      this.records.push(r);
      if (!this.actors.has(r.address) && r.type !== 'lifecycle') this.remember({ address: r.address, id: actorIdOf(r.address), kind: r.kind });
    }
    if (this.clients.size === 0) return;
    for (const c of this.clients.values()) {
      const sel = c.selection;
      if (!sel) continue;
      for (const r of records) {
        if (actorIdOf(r.address) === sel.actorId || (r.from && actorIdOf(r.from) === sel.actorId)) {
          c.channel.append('records', compactRecord(r));
          c.selectionDirty = true;
        }
      }
    }
  }

  private markSelected(kind: string, namespace: string | undefined, name: string): void {
    for (const c of this.clients.values()) {
      const s = c.selection;
      if (s && s.kind === kind && s.name === name && (s.namespace ?? '') === (namespace ?? '')) c.selectionDirty = true;
    }
  }

  // ---- answers ------------------------------------------------------------

  /** Counts per kind and state (objects, from stateOf), actor counts from the runtime, revisions. */
  summary(): { revision: number; compacted: number; objects: Record<string, Record<string, number>>; actors: Record<string, Record<string, number>>; records: number; journal: number } {
    return {
      revision: this.store.revision,
      compacted: this.store.compactedRevision,
      objects: this.states.countsByKind(),
      actors: this.actorCounts,
      records: this.records.size,
      journal: this.journal.size,
    };
  }

  async refreshActorCounts(): Promise<boolean> {
    try {
      const counts = await this.runtime.stateCounts();
      const key = JSON.stringify(counts);
      if (key === this.actorCountsKey) return false;
      this.actorCounts = counts;
      this.actorCountsKey = key;
      return true;
    } catch { return false; }
  }

  /** Actors and objects matching a filter: resource kinds from object states, others from the registry. */
  async actorRows(f: RowFilter, limit = 200, offset = 0): Promise<{ total: number; rows: ActorRow[] }> {
    const out: ActorRow[] = [];
    let total = 0;
    if (!f.kind || isResourceKind(f.kind)) {
      const q = this.states.query(f, limit + offset, 0);
      total += q.total;
      for (const r of q.rows) {
        const address = isResourceKind(r.kind) ? this.addressOf(instanceIdOf(r.kind, r.namespace, r.name)) : undefined;
        out.push(address ? { ...r, address } : { ...r });
      }
    }
    if (!f.kind || !isResourceKind(f.kind)) {
      const others = [...this.actors.values()].filter((a) => !isResourceKind(a.kind) && (!f.kind || a.kind === f.kind) && (!f.name || a.id.includes(f.name)) && !f.namespace);
      const rows = await Promise.all(others.map(async (a): Promise<ActorRow> => {
        const snap = await this.runtime.snapshot(a.address as Address).catch(() => null);
        return { kind: a.kind, name: a.id, state: snap?.state ?? 'gone', address: a.address };
      }));
      const matched = rows.filter((r) => !f.state || r.state === f.state);
      total += matched.length;
      out.push(...matched.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name)));
    }
    return { total, rows: out.slice(offset, offset + limit) };
  }

  /** The laid-out chart of a kind with a machine (machineOf); throws for any other. */
  chart(kind: string): Promise<ChartView> {
    let c = this.charts.get(kind);
    if (!c) {
      const machine = machineOf(kind);
      if (!machine) return Promise.reject(new Error(`no chart for kind "${kind}"`));
      c = (async () => {
        const chart = chartOf(machine);
        return { kind, chart, graph: (await laidOut(kind, chartGraph(chart))).graph };
      })();
      c.catch(() => this.charts.delete(kind));
      this.charts.set(kind, c);
    }
    return c;
  }

  private async getObject(kind: ResourceKind, namespace: string | undefined, name: string, rev?: number): Promise<KObject | null> {
    try {
      const ref = KINDS[kind].ref;
      return await this.store.get(ref, ref.namespaced ? namespace : undefined, name, rev !== undefined ? { resourceVersion: String(rev), resourceVersionMatch: 'Exact' } : {});
    } catch { return null; }
  }

  /** The selected object and its actor: state (stateOf), the actor's runtime state, recent messages. */
  async detail(kind: ResourceKind, namespace: string | undefined, name: string): Promise<Record<string, unknown>> {
    const o = await this.getObject(kind, namespace, name);
    const id = instanceIdOf(kind, KINDS[kind].ref.namespaced ? namespace : undefined, name);
    const address = this.addressOf(id);
    const snap = address ? await this.runtime.snapshot(address as Address).catch(() => null) : null;
    const recent = this.records.newest(30, (r) => actorIdOf(r.address) === id || (!!r.from && actorIdOf(r.from) === id)).map(compactRecord);
    return {
      kind, namespace, name,
      exists: !!o,
      state: o ? KINDS[kind].stateOf(o) : null,
      rev: o ? Number(o.metadata.resourceVersion) : null,
      actor: address ? { address, status: snap?.status ?? 'gone', state: snap?.state ?? null } : null,
      object: o ? { metadata: { name: o.metadata.name, namespace: o.metadata.namespace, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion, generation: o.metadata.generation, ownerReferences: o.metadata.ownerReferences, deletionTimestamp: o.metadata.deletionTimestamp }, spec: summarizeSpec(kind, o), status: o.status } : null,
      records: recent,
      revisions: this.journal.newest(200, (e) => e.key === keyOf(kind, KINDS[kind].ref.namespaced ? namespace : undefined, name)).map((e) => e.rev),
    };
  }

  /** The story of an object: its lineage's journal revisions and the messages between them. */
  async story(kind: ResourceKind, namespace: string | undefined, name: string): Promise<Story & { lineage: LineageMember[] }> {
    const lineage: LineageMember[] = [];
    const member = (k: ResourceKind, o: KObject) => ({ kind: k, key: keyOf(k, o.metadata.namespace, o.metadata.name!), actorId: instanceIdOf(k, o.metadata.namespace, o.metadata.name!) });
    const ownerOf = (o: KObject, k: string) => o.metadata.ownerReferences?.find((r) => r.kind === k && r.controller !== false);
    const ownedBy = async (k: ResourceKind, ns: string | undefined, uid: string | undefined) => {
      if (!uid) return [];
      const { items } = await this.store.list(KINDS[k].ref, { namespace: ns });
      return items.filter((x) => x.metadata.ownerReferences?.some((r) => r.uid === uid));
    };
    let pod: KObject | null = null, rs: KObject | null = null, dep: KObject | null = null, node: KObject | null = null;
    if (kind === 'Pod') {
      pod = await this.getObject('Pod', namespace, name);
      const rsRef = pod && ownerOf(pod, 'ReplicaSet');
      rs = rsRef ? await this.getObject('ReplicaSet', namespace, rsRef.name) : null;
    } else if (kind === 'ReplicaSet') {
      rs = await this.getObject('ReplicaSet', namespace, name);
    } else if (kind === 'Deployment') {
      dep = await this.getObject('Deployment', namespace, name);
      const sets = await ownedBy('ReplicaSet', namespace, dep?.metadata.uid);
      const revOf = (x: KObject) => Number(x.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
      rs = sets.sort((a, b) => revOf(b) - revOf(a))[0] ?? null;
    } else {
      node = await this.getObject('Node', undefined, name);
    }
    if (rs && !dep) {
      const dRef = ownerOf(rs, 'Deployment');
      dep = dRef ? await this.getObject('Deployment', rs.metadata.namespace, dRef.name) : null;
    }
    if (rs && !pod) {
      const pods = await ownedBy('Pod', rs.metadata.namespace, rs.metadata.uid);
      // The pod that came furthest (Ready first), then by name: its story is the whole one.
      const rank = (p: KObject) => (KINDS.Pod.stateOf(p) === 'Running.Ready' ? 0 : 1);
      pod = pods.sort((a, b) => rank(a) - rank(b) || a.metadata.name!.localeCompare(b.metadata.name!))[0] ?? null;
    }
    if (dep) lineage.push(member('Deployment', dep));
    if (rs) lineage.push(member('ReplicaSet', rs));
    if (pod) lineage.push(member('Pod', pod));
    if (node) lineage.push(member('Node', node));
    if (!lineage.length && isResourceKind(kind)) {
      // Gone from the store: the journal still has its entries.
      lineage.push({ kind, key: keyOf(kind, KINDS[kind].ref.namespaced ? namespace : undefined, name), actorId: instanceIdOf(kind, KINDS[kind].ref.namespaced ? namespace : undefined, name) });
    }
    // The pod at each of its revisions (read at that revision from the store): bound? Ready?
    let podAt: Map<number, { state: string; nodeName?: string }> | undefined;
    if (pod) {
      podAt = new Map();
      const key = keyOf('Pod', pod.metadata.namespace, pod.metadata.name!);
      const revs = this.journal.toArray().filter((e) => e.key === key && e.type !== 'DELETED').map((e) => e.rev);
      const objects = await Promise.all(revs.map((rev) => this.getObject('Pod', pod!.metadata.namespace, pod!.metadata.name!, rev)));
      objects.forEach((o, i) => {
        if (o) podAt!.set(revs[i]!, { state: KINDS.Pod.stateOf(o), ...(o.spec?.nodeName ? { nodeName: o.spec.nodeName as string } : {}) });
      });
    }
    const ids = new Set(lineage.map((m) => m.actorId));
    const spawns = [...this.actors.values()].filter((a) => ids.has(a.id) && a.spawnedAt !== undefined).map((a) => ({ address: a.address, parent: a.parent ?? null, at: a.spawnedAt! }));
    const story = buildStory({
      records: this.records, journal: this.journal, lineage, spawns,
      ...(pod?.spec?.nodeName ? { nodeName: pod.spec.nodeName as string } : {}),
      ...(podAt ? { podAt } : {}),
    });
    return { ...story, lineage };
  }

  /** States and counts as they were at revision `rev` (store reads at that revision, Exact). */
  async at(rev: number, f: RowFilter, limit = 200, select?: { kind: ResourceKind; namespace?: string; name: string }): Promise<Record<string, unknown>> {
    const all: StateRow[] = [];
    for (const kind of RESOURCE_KINDS) {
      const { items } = await this.store.list(KINDS[kind].ref, { resourceVersion: String(rev), resourceVersionMatch: 'Exact' });
      for (const o of items) all.push(rowOf(kind, o, KINDS[kind].stateOf(o)));
    }
    const matched = sortRows(all.filter((r) => matchesFilter(r, f)));
    let selected: Record<string, unknown> | null = null;
    if (select) {
      const r = all.find((x) => x.kind === select.kind && x.name === select.name && (x.namespace ?? '') === (select.namespace ?? ''));
      selected = { ...select, exists: !!r, state: r?.state ?? null, rev: r?.rev ?? null };
    }
    return { rev, counts: countStates(all), total: matched.length, rows: matched.slice(0, limit), selected };
  }

  // ---- the live stream ----------------------------------------------------

  private openStream(): Response {
    const id = `c${this.nextClient++}`;
    const channel = new EventChannel(id);
    const client: Client = { channel, selection: null, selectionDirty: false, busy: false };
    this.clients.set(id, client);
    channel.onClose = () => {
      this.clients.delete(id);
      if (this.clients.size === 0) this.stopTicking();
    };
    channel.put('counts', this.summary());
    this.startTicking();
    void this.refreshActorCounts().then((changed) => { if (changed) channel.put('counts', this.summary()); });
    return new Response(channel.stream(), {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
    });
  }

  /** Number of open live streams. */
  get clientCount(): number { return this.clients.size; }

  private startTicking(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => void this.tick(), this.tickMs);
  }

  private stopTicking(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.soonTimer) clearTimeout(this.soonTimer);
    this.soonTimer = null;
  }

  /**
   * A change reaches the page soon, not at the next regular tick: one extra tick right after
   * it, never closer than PROMPT_GAP_MS to the previous one (a flood of changes still goes
   * out as a few aggregates a second).
   */
  private tickSoon(): void {
    if (this.soonTimer || !this.timer) return;
    const wait = Math.max(0, this.lastTickAt + PROMPT_GAP_MS - Date.now());
    this.soonTimer = setTimeout(() => { this.soonTimer = null; void this.tick(); }, wait);
  }

  /** One live update: counts if anything changed, transitions seen, detail for selections that changed. */
  async tick(): Promise<void> {
    this.ticks++;
    this.lastTickAt = Date.now();
    // Runtime state counts ask every thread: once a second is plenty.
    if (this.ticks % Math.max(1, Math.round(1000 / this.tickMs)) === 0) await this.refreshActorCounts();
    const summary = this.summary();
    const key = `${this.states.version}/${summary.revision}/${this.actorCountsKey}`;
    const countsChanged = key !== this.lastSentKey;
    this.lastSentKey = key;
    const transitions = [...this.pendingTransitions.values()];
    this.pendingTransitions.clear();
    for (const c of this.clients.values()) {
      if (countsChanged) c.channel.put('counts', summary);
      if (transitions.length) c.channel.append('transitions', { at: Date.now(), items: transitions });
      if (c.selection && c.selectionDirty && !c.busy) {
        c.selectionDirty = false;
        c.busy = true;
        const s = c.selection;
        void this.detail(s.kind, s.namespace, s.name)
          .then((d) => { if (c.selection === s) c.channel.put('actor', d); })
          .catch(() => {})
          .finally(() => { c.busy = false; });
      }
    }
  }

  select(clientId: string, selection: { kind: string; namespace?: string; name: string } | null): boolean {
    const c = this.clients.get(clientId);
    if (!c) return false;
    if (!selection || !isResourceKind(selection.kind)) { c.selection = null; return true; }
    const ns = KINDS[selection.kind].ref.namespaced ? selection.namespace || undefined : undefined;
    c.selection = {
      kind: selection.kind, name: selection.name, ...(ns ? { namespace: ns } : {}),
      actorId: instanceIdOf(selection.kind, ns, selection.name), key: keyOf(selection.kind, ns, selection.name),
    };
    c.selectionDirty = true;
    return true;
  }

  // ---- HTTP -----------------------------------------------------------------

  /** Answers a request under /inspector/ (the API handler routes here after its auth check). */
  async handle(request: Request): Promise<Response> {
    const url = requestURL(request);
    const path = url.pathname.replace(/^\/inspector\/?/, '');
    const method = request.method.toUpperCase();
    if (this.closed) return problem('the server is shutting down', 503);
    if (method === 'GET' || method === 'HEAD') {
      switch (path) {
        case '': case 'index.html': return asset(PAGE_HTML, 'text/html');
        // The page asks for the index next: build it while the browser runs the page's script
        // (once this response is on its way: the first listing runs synchronously for a while).
        case 'app.js': setTimeout(() => { if (!this.closed) void this.start().catch(() => {}); }, 0); return asset(PAGE_JS, 'text/javascript');
        case 'app.css': return asset(PAGE_CSS, 'text/css');
      }
    }
    const starting = this.start();
    // Counts and the list need only the index; the rest (stories, details, the stream) the tap too.
    if ((path === 'api/summary' || path === 'api/actors') && this.indexed) await Promise.race([this.indexed, starting]);
    else await starting;
    const q = url.searchParams;
    const filter = (): RowFilter => {
      const f: RowFilter = {};
      for (const k of ['kind', 'namespace', 'name', 'state'] as const) { const v = q.get(k); if (v) f[k] = v; }
      return f;
    };
    const limit = Math.min(1000, Math.max(1, Number(q.get('limit') ?? 200) || 200));
    const target = (): { kind: ResourceKind; namespace?: string; name: string } | null => {
      const kind = q.get('kind') ?? '', name = q.get('name') ?? '';
      if (!isResourceKind(kind) || !name) return null;
      const ns = q.get('namespace') || undefined;
      return { kind, name, ...(ns ? { namespace: ns } : {}) };
    };
    try {
      if (method === 'POST' && path === 'api/select') {
        const body = await requestText(request).then((t) => JSON.parse(t), () => null).catch(() => null) as { client?: string; kind?: string; namespace?: string; name?: string } | null;
        if (!body?.client) return problem('client is required', 400);
        const ok = this.select(body.client, body.kind && body.name ? { kind: body.kind, name: body.name, ...(body.namespace ? { namespace: body.namespace } : {}) } : null);
        return ok ? json({ ok: true }) : problem(`no live stream ${body.client}`, 404);
      }
      if (method !== 'GET' && method !== 'HEAD') return problem(`${method} is not allowed here`, 405);
      if (path === 'events') return this.openStream();
      if (path === 'api/summary') return json({ ...this.summary(), kinds: this.kinds(), charts: CHART_KINDS });
      if (path === 'api/actors') return json(await this.actorRows(filter(), limit, Math.max(0, Number(q.get('offset') ?? 0) || 0)));
      if (path.startsWith('api/chart/')) {
        const kind = decodeURIComponent(path.slice('api/chart/'.length));
        if (!machineOf(kind)) return problem(`no chart for kind "${kind}"`, 404);
        return json(await this.chart(kind));
      }
      if (path === 'api/object' || path === 'api/story') {
        const t = target();
        if (!t) return problem('kind (Deployment, ReplicaSet, Pod or Node) and name are required', 400);
        return json(path === 'api/object' ? await this.detail(t.kind, t.namespace, t.name) : await this.story(t.kind, t.namespace, t.name));
      }
      if (path === 'api/at') {
        const rev = Number(q.get('rev'));
        if (!Number.isInteger(rev) || rev < 1) return problem('rev must be a revision ≥ 1', 400);
        const sel = q.get('select');
        let select: { kind: ResourceKind; namespace?: string; name: string } | undefined;
        if (sel) {
          const [k, a, b] = sel.split('/');
          if (k && isResourceKind(k) && a) select = b ? { kind: k, namespace: a, name: b } : { kind: k, name: a };
        }
        try {
          return json(await this.at(rev, filter(), limit, select));
        } catch (err) {
          const e = err as { code?: number; message?: string };
          return problem(e.message ?? String(err), typeof e.code === 'number' ? e.code : 500);
        }
      }
    } catch (err) {
      return problem(err instanceof Error ? err.message : String(err), 500);
    }
    return problem(`no such inspector resource: ${url.pathname}`, 404);
  }

  kinds(): string[] {
    const ks = new Set<string>(RESOURCE_KINDS);
    for (const a of this.actors.values()) ks.add(a.kind);
    for (const k of Object.keys(this.actorCounts)) ks.add(k);
    return [...ks];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopTicking();
    for (const c of [...this.clients.values()]) c.channel.close();
    this.offLifecycle();
    for (const s of this.stops.reverse()) {
      try { await s(); } catch { /* runtime already closed */ }
    }
    this.stops = [];
  }
}

function compactRecord(r: InspectionRecord): Record<string, unknown> {
  const o: Record<string, unknown> = { type: r.type, address: r.address, at: r.at };
  if (r.eventType) o.eventType = r.eventType;
  if (r.state) o.state = r.state;
  if (r.from) o.from = r.from;
  if (r.mid !== undefined) o.mid = r.mid;
  if (r.cause !== undefined && r.cause !== null) o.cause = r.cause;
  if (r.lifecycle) o.lifecycle = r.lifecycle;
  return o;
}

function summarizeSpec(kind: ResourceKind, o: KObject): Record<string, unknown> {
  const s = o.spec ?? {};
  switch (kind) {
    case 'Deployment': case 'ReplicaSet': return { replicas: s.replicas, selector: s.selector };
    case 'Pod': return { nodeName: s.nodeName, nodeSelector: s.nodeSelector, containers: (s.containers ?? []).map((c: { name: string; image: string }) => ({ name: c.name, image: c.image })) };
    case 'Node': return { unschedulable: s.unschedulable, taints: s.taints };
  }
}

export function createInspector(options: InspectorOptions): Inspector {
  return new Inspector(options);
}
