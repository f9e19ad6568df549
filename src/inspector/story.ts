// The story of one object: the messages between actors and the journal
// revisions that brought it to its state, from real traffic. Journal entries
// carry the cause of their write ('api', or 'msg:M': the store.write ask M the
// gateway was answering); routed commits reach actors as store.changes
// messages with cause 'rev:N' (N: the newest revision of that commit batch
// sent to that thread). Joining the two gives the article's 13 steps.
import type { InspectionRecord } from '../runtime/envelope.js';

/** One committed change, as the inspector's journal tap saw it. */
export interface JournalEntry {
  rev: number;
  key: string;
  kind: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  cause?: string;
  /** When the commit was routed (ms since epoch). */
  at: number;
  /** The newest revision of the commit batch this change was in. */
  batch: number;
}

export interface LineageMember {
  kind: string;
  key: string;
  /** The instance actor's id (address without its thread): "Pod/ns/name". */
  actorId: string;
}

export interface SpawnRecord { address: string; parent: string | null; at: number }

export interface StoryInput {
  /** Runtime inspection records, oldest first. */
  records: Iterable<InspectionRecord>;
  /** Journal entries, oldest first. */
  journal: Iterable<JournalEntry>;
  /** The objects whose story this is, owners first: Deployment, ReplicaSet, Pod (any may be missing). */
  lineage: LineageMember[];
  /** The pod's node, whose kubelet runs it. */
  nodeName?: string;
  /**
   * The pod as it was at each of its revisions (read from the store by the caller): its
   * stateOf and node. Without it, the writer decides (the scheduler's first write, the Pod actor's).
   */
  podAt?: ReadonlyMap<number, { state: string; nodeName?: string }>;
  /** Spawns of the lineage's actors (from the runtime's lifecycle records). */
  spawns?: SpawnRecord[];
  /** At most this many messages in the trace (newest kept). */
  maxMessages?: number;
}

export type MessageKind = 'commit' | 'write' | 'deliver' | 'spawn' | 'event' | 'ask';

export interface StoryMessage {
  at: number;
  from: string;
  to: string;
  label: string;
  kind: MessageKind;
  rev?: number;
  mid?: number;
  cause?: string | number | null;
}

export interface StoryStep {
  n: number;
  title: string;
  from: string;
  to: string;
  found: boolean;
  at?: number;
  rev?: number;
  mid?: number;
  detail?: string;
}

export interface Story {
  participants: string[];
  messages: StoryMessage[];
  steps: StoryStep[];
  /** Revisions of the lineage's objects, oldest first. */
  revisions: number[];
}

export const CLIENT = 'client';
export const JOURNAL = 'journal';
const GATEWAY_ID = 'store';

/** "1/Pod/ns/name" → "Pod/ns/name". */
export function actorIdOf(address: string | null | undefined): string {
  if (!address) return CLIENT;
  const slash = address.indexOf('/');
  return slash < 0 ? address : address.slice(slash + 1);
}

const isWriteAsk = (r: InspectionRecord) => r.type === 'event' && r.eventType === 'store.write' && actorIdOf(r.address) === GATEWAY_ID;
const isDelivery = (r: InspectionRecord) => r.type === 'event' && r.eventType === 'store.changes' && typeof r.cause === 'string' && r.cause.startsWith('rev:');
const kindOfKey = (key: string) => key.split('/')[2] ?? key;

export function buildStory(input: StoryInput): Story {
  const records = [...input.records];
  const journal = [...input.journal];
  const lineageKeys = new Set(input.lineage.map((m) => m.key));
  const actorIds = new Set(input.lineage.map((m) => m.actorId));
  const member = (kind: string) => input.lineage.find((m) => m.kind === kind);
  const dep = member('Deployment'), rs = member('ReplicaSet'), pod = member('Pod');
  const kubelet = input.nodeName ? `Node/${input.nodeName}` : undefined;

  // Indexes over everything retained.
  const batchOf = new Map<number, number>();
  const byCause = new Map<string, JournalEntry[]>();
  for (const e of journal) {
    batchOf.set(e.rev, e.batch);
    if (e.cause) { const l = byCause.get(e.cause); if (l) l.push(e); else byCause.set(e.cause, [e]); }
  }
  const asks = new Map<number, InspectionRecord>();
  for (const r of records) if (isWriteAsk(r) && typeof r.mid === 'number') asks.set(r.mid, r);

  const entries = journal.filter((e) => lineageKeys.has(e.key));
  const writerOf = (e: JournalEntry | undefined): { id: string; record?: InspectionRecord } | null => {
    if (!e) return null;
    if (e.cause === 'api') return { id: CLIENT };
    const m = e.cause?.match(/^msg:(\d+)$/);
    if (!m) return null;
    const record = asks.get(Number(m[1]));
    return record ? { id: actorIdOf(record.from), record } : { id: '?' };
  };
  /** store.changes messages that carried `e` (same commit batch, cause at or after it). */
  const covers = (r: InspectionRecord, e: JournalEntry) => {
    const c = Number((r.cause as string).slice(4));
    return c >= e.rev && batchOf.get(c) === e.batch;
  };

  // ---- the trace: every message that touched the lineage
  const messages: StoryMessage[] = [];
  const inCast = (id: string) => actorIds.has(id) || id === kubelet || !/^(Deployment|ReplicaSet|Pod|Node)\//.test(id);
  for (const e of entries) {
    const w = writerOf(e);
    const what = `${e.type === 'ADDED' ? 'create' : e.type === 'DELETED' ? 'delete' : 'update'} ${kindOfKey(e.key)} → rev ${e.rev}`;
    if (w?.record) messages.push({ at: w.record.at, from: w.id, to: JOURNAL, label: `store.write: ${what}`, kind: 'write', rev: e.rev, mid: w.record.mid, cause: w.record.cause ?? null });
    else messages.push({ at: e.at, from: w?.id === CLIENT ? CLIENT : (w?.id ?? '?'), to: JOURNAL, label: `${w?.id === CLIENT ? 'HTTP ' : ''}${what}`, kind: 'commit', rev: e.rev, cause: e.cause ?? null });
  }
  const lineageEntries = entries;
  for (const r of records) {
    const to = actorIdOf(r.address);
    if (isDelivery(r)) {
      if (!inCast(to)) continue;
      const carried = lineageEntries.filter((e) => covers(r, e));
      if (!carried.length) continue;
      messages.push({ at: r.at, from: JOURNAL, to, label: `store.changes (${carried.map((e) => `${kindOfKey(e.key)} rev ${e.rev}`).join(', ')})`, kind: 'deliver', rev: carried[0]!.rev, mid: r.mid, cause: r.cause ?? null });
    } else if (r.type === 'event' && actorIds.has(to) && r.eventType !== 'store.changes') {
      messages.push({ at: r.at, from: actorIdOf(r.from), to, label: r.eventType ?? 'event', kind: 'event', mid: r.mid, cause: r.cause ?? null });
    } else if (r.type === 'event' && to === GATEWAY_ID && actorIds.has(actorIdOf(r.from)) && r.eventType !== 'store.write') {
      messages.push({ at: r.at, from: actorIdOf(r.from), to: JOURNAL, label: r.eventType ?? 'ask', kind: 'ask', mid: r.mid, cause: r.cause ?? null });
    }
  }
  for (const s of input.spawns ?? []) {
    if (!actorIds.has(actorIdOf(s.address))) continue;
    messages.push({ at: s.at, from: s.parent ? actorIdOf(s.parent) : CLIENT, to: actorIdOf(s.address), label: 'spawn', kind: 'spawn' });
  }
  messages.sort((a, b) => a.at - b.at || (a.rev ?? 0) - (b.rev ?? 0) || (a.mid ?? 0) - (b.mid ?? 0));
  const max = input.maxMessages ?? 400;
  const trace = messages.length > max ? messages.slice(messages.length - max) : messages;

  // ---- the article's 13 steps
  const first = (key: string | undefined, pred: (e: JournalEntry) => boolean) => (key ? entries.find((e) => e.key === key && pred(e)) : undefined);
  const d = first(dep?.key, (e) => e.type === 'ADDED') ?? first(dep?.key, () => true);
  const rsCreated = first(rs?.key, (e) => e.type === 'ADDED');
  const podCreated = first(pod?.key, (e) => e.type === 'ADDED');
  const podAt = input.podAt;
  const bound = first(pod?.key, (e) => (podAt ? !!podAt.get(e.rev)?.nodeName : writerOf(e)?.id === 'scheduler'));
  const ready = first(pod?.key, (e) => (podAt ? podAt.get(e.rev)?.state === 'Running.Ready' : writerOf(e)?.id === pod?.actorId));
  const rsStatus = ready ? first(rs?.key, (e) => e.rev > ready.rev && writerOf(e)?.id === rs?.actorId) : undefined;
  const depStatus = rsStatus ? first(dep?.key, (e) => e.rev > rsStatus.rev && writerOf(e)?.id === dep?.actorId) : undefined;

  const writeStep = (n: number, title: string, from: string, e: JournalEntry | undefined): StoryStep => {
    const w = writerOf(e);
    const step: StoryStep = { n, title, from, to: JOURNAL, found: !!e && !!w && (w.id === CLIENT || !!w.record) };
    if (e) { step.rev = e.rev; step.at = w?.record?.at ?? e.at; step.detail = `rev ${e.rev}, cause ${e.cause ?? 'none'}`; }
    if (w?.record) { step.mid = w.record.mid; step.from = w.id; }
    return step;
  };
  const deliverStep = (n: number, title: string, toCandidates: (string | undefined)[], e: JournalEntry | undefined): StoryStep => {
    const wanted = toCandidates.filter((x): x is string => !!x);
    const step: StoryStep = { n, title, from: JOURNAL, to: wanted[0] ?? '?', found: false };
    if (!e) return step;
    step.rev = e.rev;
    for (const to of wanted) {
      const r = records.find((x) => isDelivery(x) && actorIdOf(x.address) === to && covers(x, e));
      if (r) {
        Object.assign(step, { to, found: true, at: r.at, mid: r.mid, detail: `store.changes, cause ${String(r.cause)}` });
        break;
      }
    }
    return step;
  };
  const steps: StoryStep[] = [
    writeStep(1, 'A client applies the Deployment (HTTP); the journal commits it', CLIENT, d),
    deliverStep(2, 'Created: Deployment reaches the deployment controller', ['controller/deployment', dep?.actorId], d),
    writeStep(3, 'The Deployment actor writes its ReplicaSet', dep?.actorId ?? '?', rsCreated),
    deliverStep(4, 'Created: ReplicaSet reaches the replicaset controller', ['controller/replicaset', rs?.actorId], rsCreated),
    writeStep(5, 'The ReplicaSet actor writes the Pod', rs?.actorId ?? '?', podCreated),
    deliverStep(6, 'Created: Pod reaches the scheduler', ['scheduler'], podCreated),
    writeStep(7, 'The scheduler binds the Pod to a Node (pods/binding)', 'scheduler', bound),
    deliverStep(8, 'Bound: the Pod reaches its node\'s kubelet', [kubelet, pod?.actorId], bound),
    writeStep(9, 'The Pod actor runs it and writes status Ready', pod?.actorId ?? '?', ready),
    deliverStep(10, 'Updated: Pod Ready reaches the ReplicaSet actor', [rs?.actorId], ready),
    writeStep(11, 'The ReplicaSet actor writes its status (readyReplicas)', rs?.actorId ?? '?', rsStatus),
    deliverStep(12, 'Updated: ReplicaSet reaches the Deployment actor', [dep?.actorId], rsStatus),
    writeStep(13, 'The Deployment actor writes its status (Available)', dep?.actorId ?? '?', depStatus),
  ];

  const participants: string[] = [];
  const add = (p: string) => { if (p && !participants.includes(p)) participants.push(p); };
  add(CLIENT); add(JOURNAL);
  for (const s of steps) { add(s.from); add(s.to); }
  for (const m of trace) { add(m.from); add(m.to); }
  return { participants: participants.filter((p) => p !== '?'), messages: trace, steps, revisions: entries.map((e) => e.rev) };
}
