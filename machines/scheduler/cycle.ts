// One scheduling cycle over a batch of pending pods.
//
// Cost, for P pods, N nodes, S distinct constraint sets (nodeSelector, required node affinity,
// tolerations where some node is tainted, nodeName):
//   - preparing the nodes (taints, labels, a name hash) and the queue: O(N + P log P);
//   - one heap of all nodes ordered by free resources (score.ts NodeHeap), shared by every pod: a
//     bind re-sifts one node, O(log N);
//   - a constraint set shared by enough pods gets its static filters (NodeUnschedulable,
//     NodeName, TaintToleration, NodeAffinity) evaluated once on every node, O(N), and each of its
//     controllers keeps a count of its feasible nodes per "pods of this controller already there"
//     level (built from an owner → nodes index, not a scan). A pod then walks the shared heap
//     best-first and takes the first node that is feasible, at its controller's lowest level, and
//     passes NodeResourcesFit: O(log N) plus the nodes it skips. Skips are few: nodes its
//     controller just used fell down the heap with that bind; a node too full for the group is
//     dropped from its counts for the rest of the cycle (requests only grow within a cycle).
//   - a pod whose constraints are (nearly) its own is placed as kube-scheduler places every pod:
//     scan from a rotating start, stop after numFeasibleNodesToFind feasible nodes
//     (percentageOfNodesToScore's adaptive default: 50% − N/125, at least 5% and 100 nodes), take
//     the best: O(min(N, that)) per pod, no O(N) setup.
//   - pods with required node affinity on node names (DaemonSet pods) look only at those nodes
//     (NodeAffinity's PreFilter): O(1) each.
//   - an unschedulable pod: O(N) to count the reasons, cached per group until the next bind.
// Typical batches (Deployments' replicas) cost O(P log N + S·N); the worst case (every pod with
// its own constraints) O(P·min(N, 0.42·N + 100)), which is kube-scheduler's own cost.
import type { KObject } from '../../src/store/types.js';
import { addUsage, podUsage, type NodeInfo, type PodUsage } from './node-info.js';
import {
  ERR_AFFINITY_CONFLICT, ERR_PREFILTER_NODE_AFFINITY, filterResourcesFit, podConstraints, prepareNode, staticFilterPrepared,
  type PodConstraints, type PreparedNode,
} from './filter.js';
import { fitErrorMessage, NO_NODES_AVAILABLE, NO_PREEMPTION_VICTIMS, PREEMPTION_NOT_HELPFUL, PREEMPTION_POLICY_NEVER, type FilterStatus } from './messages.js';
import { hash32, NodeHeap } from './score.js';
import { rfc3339 } from '../time.js';

export interface ScheduleResult {
  bindings: { pod: KObject; node: string }[];
  unschedulable: { pod: KObject; message: string; reason: 'Unschedulable' }[];
}

export interface ScheduleOptions {
  /**
   * Append DefaultPreemption's PostFilter verdict to the message, as kube-scheduler 1.32's default
   * profile does (" preemption: 0/3 nodes are available: 3 Preemption is not helpful for
   * scheduling."). Default true. Preemption itself (evicting victims) is not implemented.
   */
  preemption?: boolean;
  /** percentageOfNodesToScore (0 or unset: kube's adaptive default). Only used for pods with (nearly) unique constraints. */
  percentageOfNodesToScore?: number;
  /** When given, filled with operation counts (for benchmarks: the cost without the clock). */
  stats?: CycleStats;
}

export interface CycleStats {
  /** static filter evaluations (pod constraints × node) */
  staticFilters: number;
  /** nodes visited walking the shared heap */
  walked: number;
  /** nodes looked at by the sampling path */
  sampled: number;
  /** reason histograms computed for unschedulable pods (each O(N)) */
  diagnoses: number;
}

/** The scheduling queue's order (PrioritySort): priority desc, then creation, then namespace/name. */
export function queueOrder(a: KObject, b: KObject): number {
  const pa = typeof a.spec?.priority === 'number' ? a.spec.priority : 0;
  const pb = typeof b.spec?.priority === 'number' ? b.spec.priority : 0;
  if (pa !== pb) return pb - pa;
  const ta = a.metadata?.creationTimestamp ?? '', tb = b.metadata?.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = `${a.metadata?.namespace ?? ''}/${a.metadata?.name ?? ''}`, kb = `${b.metadata?.namespace ?? ''}/${b.metadata?.name ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Pods this scheduler leaves alone: another schedulerName, or scheduling gates still present. */
export function isSchedulable(pod: KObject): boolean {
  const name = pod.spec?.schedulerName;
  if (name !== undefined && name !== null && name !== '' && name !== 'default-scheduler') return false;
  const gates = pod.spec?.schedulingGates;
  return !(Array.isArray(gates) && gates.length > 0);
}

/** What the static filters read: pods with equal signatures get equal static verdicts on every node. */
function constraintSignature(pod: KObject, tolerationsMatter: boolean): string {
  const s = pod.spec ?? {};
  const aff = s.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const tol = tolerationsMatter ? s.tolerations : undefined;
  if (s.nodeSelector === undefined && aff === undefined && tol === undefined && !s.nodeName) return '';
  return JSON.stringify([s.nodeSelector ?? null, aff ?? null, tol ?? null, s.nodeName ?? null]);
}

/** numFeasibleNodesToFind: how many feasible nodes kube-scheduler looks for before it stops filtering. */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  const MIN_NODES = 100, MIN_PERCENT = 5;
  if (numAllNodes < MIN_NODES || percentage >= 100) return numAllNodes;
  let pct = percentage;
  if (pct <= 0) pct = Math.max(MIN_PERCENT, 50 - Math.trunc(numAllNodes / 125));
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < MIN_NODES ? MIN_NODES : n;
}

interface Group {
  usage: PodUsage;
  constraints: PodConstraints;
  sig: string;
  request: { milliCpu: number; memory: number };
  /** node indices the static filters are evaluated on (the PreFilter's named nodes), or null: all */
  candidates: number[] | null;
  /** 'heap': shared-heap walk with level counts; 'sample': kube-style sampling; 'named': the PreFilter's few nodes */
  mode: 'heap' | 'sample' | 'named';
  // heap mode: per level (pods of the owner on the node) the number of feasible, not dropped nodes
  levels: number[] | null;
  level: number;
  total: number;
  dropped: Uint8Array | null;
  preemptionNever: boolean;
  message: string | null;
  messageAt: number;
}

interface Cycle {
  nodes: NodeInfo[];
  prepared: PreparedNode[];
  nodeHash: number[];
  byName: Map<string, number>;
  heap: NodeHeap;
  /** constraint signature → per-node static verdicts (null: passes) */
  verdicts: Map<string, (FilterStatus | null)[]>;
  /** owner uid → nodes holding at least one of its pods */
  ownerNodes: Map<string, number[]>;
  /** owner uid → its groups in heap mode whose levels are set up */
  ownerGroups: Map<string, Group[]>;
  numToFind: number;
  nextStart: number;
  stats: CycleStats;
}

/**
 * One scheduling cycle for a batch of pending pods (queue order = priority desc, then creation).
 * Assigns greedily, updating NodeInfos as it binds so a batch never over-commits a node.
 * Pods for another scheduler or with scheduling gates are skipped (in neither list).
 */
export function schedulePods(pending: KObject[], nodes: NodeInfo[], options: ScheduleOptions = {}): ScheduleResult {
  const result: ScheduleResult = { bindings: [], unschedulable: [] };
  const queue = pending.filter(isSchedulable).sort(queueOrder);
  if (nodes.length === 0) {
    for (const pod of queue) result.unschedulable.push({ pod, message: NO_NODES_AVAILABLE, reason: 'Unschedulable' });
    return result;
  }
  const preemption = options.preemption !== false;
  const prepared = nodes.map((n) => prepareNode(n.node));
  const nodeHash = nodes.map((n) => hash32(n.name));
  const ownerNodes = new Map<string, number[]>();
  nodes.forEach((n, i) => { for (const [o, c] of n.podsByOwner) if (c > 0) { const l = ownerNodes.get(o); if (l) l.push(i); else ownerNodes.set(o, [i]); } });
  const cy: Cycle = {
    nodes, prepared, nodeHash, ownerNodes,
    byName: new Map(nodes.map((n, i) => [n.name, i])),
    heap: new NodeHeap(nodes, nodeHash),
    verdicts: new Map(),
    ownerGroups: new Map(),
    numToFind: numFeasibleNodesToFind(nodes.length, options.percentageOfNodesToScore),
    nextStart: 0,
    stats: Object.assign(options.stats ?? {}, { staticFilters: 0, walked: 0, sampled: 0, diagnoses: 0 }),
  };
  // Tolerations only matter where some node has a taint (or is cordoned): otherwise leave them
  // out of the signature, so pods that differ only there share their static verdicts.
  const tolerationsMatter = prepared.some((n) => n.taints.length > 0 || n.unschedulable);

  // Pass 1: group identical pods, count pods per constraint set to choose each group's mode.
  const groups = new Map<string, Group>();
  const groupOf: Group[] = new Array(queue.length);
  const perSig = new Map<string, number>();
  for (let q = 0; q < queue.length; q++) {
    const pod = queue[q]!;
    const usage = podUsage(pod);
    const sig = constraintSignature(pod, tolerationsMatter);
    perSig.set(sig, (perSig.get(sig) ?? 0) + 1);
    const never = pod.spec?.preemptionPolicy === 'Never';
    const gkey = `${usage.owner}\u0000${usage.milliCpu},${usage.memory},${usage.nonZeroMilliCpu},${usage.nonZeroMemory},${usage.priority},${never ? 1 : 0}\u0000${sig}`;
    let g = groups.get(gkey);
    if (!g) {
      const constraints = podConstraints(pod);
      let candidates: number[] | null = null;
      if (constraints.nodeNames) {
        candidates = [];
        for (const name of constraints.nodeNames) { const i = cy.byName.get(name); if (i !== undefined) candidates.push(i); }
        candidates.sort((x, y) => x - y);
      }
      g = {
        usage, constraints, sig, candidates, mode: candidates ? 'named' : 'heap',
        levels: null, level: 0, total: 0, dropped: null,
        preemptionNever: never, message: null, messageAt: -1,
        request: { milliCpu: usage.milliCpu, memory: usage.memory },
      };
      groups.set(gkey, g);
    }
    groupOf[q] = g;
  }
  // A constraint set worth O(N) static verdicts: enough pods that sampling each would cost more.
  for (const g of groups.values()) if (g.mode === 'heap' && (perSig.get(g.sig) ?? 0) * cy.numToFind < nodes.length) g.mode = 'sample';

  // Pass 2: place the pods in queue order.
  let binds = 0;
  for (let q = 0; q < queue.length; q++) {
    const pod = queue[q]!;
    const g = groupOf[q]!;
    const conflict = g.constraints.nodeNames !== null && g.constraints.nodeNames.size === 0;
    const chosen = conflict ? -1 : g.mode === 'heap' ? pickFromHeap(g, cy) : g.mode === 'named' ? pickNamed(g, cy) : pickBySampling(g, cy);
    if (chosen >= 0) {
      bind(cy, chosen, pod, g.usage);
      result.bindings.push({ pod, node: nodes[chosen]!.name });
      binds++;
    } else {
      if (g.message === null || g.messageAt !== binds) {
        g.message = conflict ? conflictMessage(nodes.length, preemption) : diagnose(g, cy, preemption);
        g.messageAt = binds;
      }
      result.unschedulable.push({ pod, message: g.message, reason: 'Unschedulable' });
    }
  }
  return result;
}

function bind(cy: Cycle, n: number, pod: KObject, usage: PodUsage): void {
  const info = cy.nodes[n]!;
  addUsage(info, pod.metadata?.uid ?? `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`, { ...usage });
  cy.heap.update(n);
  const o = usage.owner;
  if (!o) return;
  const c = info.podsByOwner.get(o) ?? 0;
  if (c === 1) { const l = cy.ownerNodes.get(o); if (l) l.push(n); else cy.ownerNodes.set(o, [n]); }
  // every heap-mode group of this owner sees the node move up one level
  for (const h of cy.ownerGroups.get(o) ?? []) {
    if (cy.verdicts.get(h.sig)![n] !== null || h.dropped![n]) continue;
    h.levels![c - 1]!--;
    h.levels![c] = (h.levels![c] ?? 0) + 1;
  }
}

function staticVerdicts(g: Group, cy: Cycle): (FilterStatus | null)[] {
  if (g.candidates) {
    // PreFilter-restricted: a handful of nodes, not worth caching
    const v: (FilterStatus | null)[] = new Array(cy.nodes.length).fill(PREFILTER_ABSENT);
    for (const i of g.candidates) v[i] = staticFilterPrepared(g.constraints, cy.prepared[i]!);
    cy.stats.staticFilters += g.candidates.length;
    return v;
  }
  let v = cy.verdicts.get(g.sig);
  if (!v) {
    v = cy.prepared.map((n) => staticFilterPrepared(g.constraints, n));
    cy.stats.staticFilters += v.length;
    cy.verdicts.set(g.sig, v);
  }
  return v;
}
const PREFILTER_ABSENT: FilterStatus = { code: 'UnschedulableAndUnresolvable', reasons: [ERR_PREFILTER_NODE_AFFINITY] };

function setUpLevels(g: Group, cy: Cycle): void {
  const v = staticVerdicts(g, cy);
  let feasible = 0;
  for (const s of v) if (s === null) feasible++;
  const levels = [feasible];
  const o = g.usage.owner;
  if (o) {
    for (const i of cy.ownerNodes.get(o) ?? []) {
      if (v[i] !== null) continue;
      const c = cy.nodes[i]!.podsByOwner.get(o) ?? 0;
      levels[0]!--;
      levels[c] = (levels[c] ?? 0) + 1;
    }
    const l = cy.ownerGroups.get(o);
    if (l) l.push(g); else cy.ownerGroups.set(o, [g]);
  }
  g.levels = levels;
  g.total = feasible;
  g.dropped = new Uint8Array(cy.nodes.length);
  g.level = 0;
}

/** Walk the shared heap best-first for the first feasible node at the owner's lowest level that fits. */
function pickFromHeap(g: Group, cy: Cycle): number {
  if (!g.levels) setUpLevels(g, cy);
  const v = cy.verdicts.get(g.sig)!;
  const levels = g.levels!, dropped = g.dropped!, owner = g.usage.owner;
  for (;;) {
    if (g.total === 0) return -1;
    while (!levels[g.level]) g.level++;
    const want = g.level;
    let chosen = -1, lowered = false;
    cy.stats.walked += cy.heap.visit((n) => {
      if (v[n] !== null || dropped[n]) return false;
      const info = cy.nodes[n]!;
      const c = owner ? info.podsByOwner.get(owner) ?? 0 : 0;
      if (c !== want) return false;
      if (filterResourcesFit(g.request, info) !== null) {
        dropped[n] = 1; levels[c]!--; g.total--;
        if (levels[c] === 0) { lowered = true; return true; } // this level is used up: start over a level higher
        return false;
      }
      chosen = n;
      return true;
    });
    if (chosen >= 0) return chosen;
    if (!lowered) return -1; // not reached while the counts are right
  }
}

/** DaemonSet-style pods: only the named nodes. */
function pickNamed(g: Group, cy: Cycle): number {
  let best = -1, bestOwner = 0;
  for (const i of g.candidates!) {
    const info = cy.nodes[i]!;
    if (staticFilterPrepared(g.constraints, cy.prepared[i]!) !== null || filterResourcesFit(g.request, info) !== null) continue;
    const op = g.usage.owner ? info.podsByOwner.get(g.usage.owner) ?? 0 : 0;
    if (best < 0 || op < bestOwner || (op === bestOwner && cy.heap.better(i, best))) { best = i; bestOwner = op; }
  }
  return best;
}

/** kube-scheduler's way for one pod: filter from a rotating start until enough feasible nodes, pick the best. */
function pickBySampling(g: Group, cy: Cycle): number {
  const n = cy.nodes.length;
  const owner = g.usage.owner;
  let best = -1, bestOwner = 0;
  let found = 0, processed = 0;
  for (let k = 0; k < n && found < cy.numToFind; k++) {
    const i = (cy.nextStart + k) % n;
    processed++;
    const info = cy.nodes[i]!;
    if (staticFilterPrepared(g.constraints, cy.prepared[i]!) !== null) continue;
    if (filterResourcesFit(g.request, info) !== null) continue;
    found++;
    const op = owner ? info.podsByOwner.get(owner) ?? 0 : 0;
    if (best < 0 || op < bestOwner || (op === bestOwner && cy.heap.better(i, best))) { best = i; bestOwner = op; }
  }
  cy.nextStart = (cy.nextStart + processed) % n;
  cy.stats.sampled += processed;
  return best;
}

/** FitError.Error() for a pod no node took, with DefaultPreemption's dry-run verdict. */
function diagnose(g: Group, cy: Cycle, preemption: boolean): string {
  cy.stats.diagnoses++;
  const v = g.mode === 'sample' ? null : staticVerdicts(g, cy);
  const statuses: FilterStatus[] = new Array(cy.nodes.length);
  for (let i = 0; i < cy.nodes.length; i++) {
    const s = (v ? v[i] : staticFilterPrepared(g.constraints, cy.prepared[i]!)) ?? filterResourcesFit(g.request, cy.nodes[i]!);
    // A node that passes every filter now was passed over by sampling only when it had no room at
    // the time; it cannot fit now either (requests only grow), so this does not happen in practice.
    statuses[i] = s ?? { code: 'Unschedulable', reasons: [] };
  }
  return fitErrorMessage(cy.nodes.length, statuses, preemption ? preemptionMessage(g, cy.nodes, statuses) : '');
}

/**
 * DefaultPreemption.PostFilter's message, from a dry run: nodes rejected as
 * UnschedulableAndUnresolvable are "not helpful"; elsewhere, with no lower-priority pods there are
 * "no victims"; if removing all lower-priority pods still does not fit, the filter's reasons.
 * If some node would fit after evicting, kube-scheduler nominates it and its message has no
 * preemption part (we do not evict: the pod waits for a later cycle instead).
 */
function preemptionMessage(g: Group, nodes: NodeInfo[], statuses: FilterStatus[]): string {
  if (g.preemptionNever) return `preemption: ${PREEMPTION_POLICY_NEVER}`;
  const out: FilterStatus[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const s = statuses[i]!;
    if (s.code === 'UnschedulableAndUnresolvable') { out.push(NOT_HELPFUL); continue; }
    const freed = { pods: 0, milliCpu: 0, memory: 0 };
    for (const [prio, b] of nodes[i]!.byPriority) if (prio < g.usage.priority) { freed.pods += b.pods; freed.milliCpu += b.milliCpu; freed.memory += b.memory; }
    if (freed.pods === 0) { out.push(NO_VICTIMS); continue; }
    const after = filterResourcesFit(g.request, nodes[i]!, freed);
    if (!after) return ''; // a preemption candidate exists
    out.push(after);
  }
  return `preemption: ${fitErrorMessage(nodes.length, out)}`;
}
const NOT_HELPFUL: FilterStatus = { code: 'UnschedulableAndUnresolvable', reasons: [PREEMPTION_NOT_HELPFUL] };
const NO_VICTIMS: FilterStatus = { code: 'UnschedulableAndUnresolvable', reasons: [NO_PREEMPTION_VICTIMS] };

/** NodeAffinity's PreFilter rejects terms whose node names cannot all hold: a PreFilter message, then preemption's. */
function conflictMessage(numNodes: number, preemption: boolean): string {
  const msg = `0/${numNodes} nodes are available: ${ERR_AFFINITY_CONFLICT}.`;
  return preemption ? `${msg} preemption: 0/${numNodes} nodes are available: ${numNodes} ${PREEMPTION_NOT_HELPFUL}.` : msg;
}

/** kube-scheduler's backoff for a pod that failed to schedule: podInitialBackoffSeconds 1 s, doubling, podMaxBackoffSeconds 10 s. */
export const POD_INITIAL_BACKOFF_MS = 1000;
export const POD_MAX_BACKOFF_MS = 10_000;
export function unschedulableBackoffMs(attempts: number): number {
  let d = POD_INITIAL_BACKOFF_MS;
  for (let i = 1; i < attempts; i++) {
    if (d > POD_MAX_BACKOFF_MS - d) return POD_MAX_BACKOFF_MS;
    d += d;
  }
  return Math.min(d, POD_MAX_BACKOFF_MS);
}

/** The PodScheduled condition the scheduler writes for an unschedulable pod. */
export function unschedulableCondition(message: string, now: number): Record<string, unknown> {
  return { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: rfc3339(now) };
}
