// Every pod's life as seen through a watch: when it was first seen (created),
// scheduled (nodeName set), running (phase), Ready, marked for deletion and
// gone; live counts kept incrementally, a Ready-over-time series, and the
// per-pod stage latencies a report draws.
import { isPodReady } from '../machines/replicaset/pods.js';
import { ownString } from '../src/store/copy.js';
import type { JournalStore } from '../src/store/index.js';
import type { KObject, WatchEvent } from '../src/store/types.js';
import { watchKind } from './watch-kind.js';

export interface PodRecord {
  uid: string;
  name: string;
  /** The `app` label (which Deployment, for those made by one). */
  app: string | undefined;
  node: string | undefined;
  /** ms since the tracker's start. */
  created: number;
  scheduled?: number;
  running?: number;
  ready?: number;
  deleting?: number;
  gone?: number;
  /** Ready now (a node's failure can take it back). */
  readyNow: boolean;
  /** Journal revisions of its creation and of its first Ready (for server-side timings). */
  createdRev?: number;
  readyRev?: number;
}

/** Neither marked for deletion nor gone. */
export const isLive = (r: PodRecord) => r.deleting === undefined && r.gone === undefined;

interface Counter { pred: (r: PodRecord) => boolean; n: number }

/** [ms since start, pods Ready] — samples closer than this are merged. */
const SAMPLE_MS = 5;

export class PodTracker {
  readonly pods = new Map<string, PodRecord>();
  /** [t, pods Ready now] after each change (merged within 5 ms). */
  readonly readySeries: [number, number][] = [];
  private readonly counters = new Map<string, Counter>();
  private readonly listeners: ((r: PodRecord, ev: WatchEvent, prev: PodRecord | undefined) => void)[] = [];
  private readonly stopWatch: () => void;
  private readyNow = 0;

  constructor(store: JournalStore, readonly t0 = performance.now()) {
    this.stopWatch = watchKind(store, 'Pod', (ev) => this.apply(ev));
  }

  now(): number { return performance.now() - this.t0; }

  /** Called after each change (and after the counters are updated). */
  onChange(fn: (r: PodRecord, ev: WatchEvent, prev: PodRecord | undefined) => void): void { this.listeners.push(fn); }

  /** A count of pods for which `pred` holds, kept as pods change; `recount` after pred's inputs change. */
  count(name: string, pred: (r: PodRecord) => boolean): void {
    this.counters.set(name, { pred, n: 0 });
    this.recount(name);
  }

  recount(name: string): void {
    const c = this.counters.get(name)!;
    c.n = 0;
    for (const r of this.pods.values()) if (c.pred(r)) c.n++;
  }

  get(name: string): number { return this.counters.get(name)?.n ?? 0; }
  get ready(): number { return this.readyNow; }
  /** Pods the watch has seen, Ready or not. */
  get seen(): number { return this.pods.size; }

  /** Pods not Ready now, by how far they got: not scheduled, scheduled, Running but not Ready. */
  stuck(): { unscheduled: number; scheduled: number; running: number } {
    const out = { unscheduled: 0, scheduled: 0, running: 0 };
    for (const r of this.pods.values()) {
      if (r.readyNow || r.gone !== undefined) continue;
      if (r.running !== undefined) out.running++;
      else if (r.node !== undefined) out.scheduled++;
      else out.unscheduled++;
    }
    return out;
  }

  stop(): void { this.stopWatch(); }

  private apply(ev: WatchEvent): void {
    const p = ev.object as KObject;
    const uid = p.metadata.uid!;
    const t = this.now();
    const old = this.pods.get(uid);
    const prev = old ? { ...old } : undefined;
    let r: PodRecord;
    if (old) r = old;
    else {
      // Own copies: a decoded string kept would keep all its object's strings (one slice of
      // them all), and the harness would count that memory against the server.
      r = { uid: ownString(uid), name: ownString(p.metadata.name!), app: p.metadata.labels?.app === undefined ? undefined : ownString(p.metadata.labels.app), node: undefined, created: t, readyNow: false };
      this.pods.set(r.uid, r);
      if (ev.type === 'ADDED') r.createdRev = ev.revision;
    }
    if (p.spec?.nodeName && r.node === undefined) { r.node = ownString(p.spec.nodeName); r.scheduled ??= t; }
    if (p.status?.phase === 'Running') r.running ??= t;
    const readyNow = ev.type !== 'DELETED' && isPodReady(p);
    if (readyNow && r.ready === undefined) { r.ready = t; r.readyRev = ev.revision; }
    if (p.metadata.deletionTimestamp) r.deleting ??= t;
    if (ev.type === 'DELETED') { r.deleting ??= t; r.gone = t; }
    if (readyNow !== r.readyNow) { this.readyNow += readyNow ? 1 : -1; r.readyNow = readyNow; }
    for (const c of this.counters.values()) {
      const before = prev !== undefined && c.pred(prev);
      const after = c.pred(r);
      if (before !== after) c.n += after ? 1 : -1;
    }
    const last = this.readySeries[this.readySeries.length - 1];
    if (last && t - last[0] < SAMPLE_MS) last[1] = this.readyNow;
    else this.readySeries.push([+t.toFixed(1), this.readyNow]);
    for (const fn of this.listeners) fn(r, ev, prev);
  }

  /** First seen → Ready, ms, of the pods matching `which` that got Ready. */
  startupLatencies(which: (r: PodRecord) => boolean = () => true): number[] {
    const out: number[] = [];
    for (const r of this.pods.values()) if (r.ready !== undefined && which(r)) out.push(r.ready - r.created);
    return out;
  }

  /**
   * Creation → Ready by the journal's own commit times (the server's clock, no watch in
   * between), ms, of the pods matching `which` whose both revisions have a commit time.
   */
  journalStartupLatencies(commitTimeOf: (rev: number) => number | undefined, which: (r: PodRecord) => boolean = () => true): number[] {
    const out: number[] = [];
    for (const r of this.pods.values()) {
      if (r.createdRev === undefined || r.readyRev === undefined || !which(r)) continue;
      const a = commitTimeOf(r.createdRev), b = commitTimeOf(r.readyRev);
      if (a !== undefined && b !== undefined) out.push(b - a);
    }
    return out;
  }

  /** create → scheduled → running → Ready, each stage's latencies, of the pods that got Ready. */
  stageLatencies(which: (r: PodRecord) => boolean = () => true): Record<'scheduled' | 'running' | 'ready', number[]> {
    const out = { scheduled: [] as number[], running: [] as number[], ready: [] as number[] };
    for (const r of this.pods.values()) {
      if (r.ready === undefined || r.scheduled === undefined || r.running === undefined || !which(r)) continue;
      out.scheduled.push(r.scheduled - r.created);
      out.running.push(r.running - r.scheduled);
      out.ready.push(r.ready - r.running);
    }
    return out;
  }
}
