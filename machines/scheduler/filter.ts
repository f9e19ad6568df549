// The filter plugins, in kube-scheduler 1.32's default order: NodeUnschedulable, NodeName,
// TaintToleration, NodeAffinity (nodeSelector + required node affinity), NodeResourcesFit.
// Each returns null (fits) or a FilterStatus with Kubernetes' reason text. A node fails at the
// first filter that rejects it, so it contributes one status to the summary message.
//
// The first four depend only on the pod's constraints and the node object, never on what else is
// on the node: schedulePods evaluates them once per distinct set of constraints ("static").
// NodeResourcesFit depends on the node's current requests ("dynamic").
import type { KObject } from '../../src/store/types.js';
import type { NodeInfo } from './node-info.js';
import {
  ERR_INSUFFICIENT_CPU, ERR_INSUFFICIENT_MEMORY, ERR_NODE_AFFINITY, ERR_NODE_NAME, ERR_NODE_UNSCHEDULABLE, ERR_TOO_MANY_PODS,
  untoleratedTaint, type FilterStatus,
} from './messages.js';

export interface Taint { key: string; value?: string; effect: string; timeAdded?: string }
export interface Toleration { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number | null }

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';

/** v1.Toleration.ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator || 'Equal';
  if (op === 'Exists') return true; // validation ensures an empty key comes with Exists
  if (op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

export function tolerationsOf(pod: KObject): Toleration[] {
  const t = pod.spec?.tolerations;
  return Array.isArray(t) ? t.filter(isObj) as Toleration[] : [];
}

/** The node's Ready condition status: 'True' | 'False' | 'Unknown' (absent → 'Unknown'). */
export function nodeReadyStatus(node: KObject): string {
  const conds = node.status?.conditions;
  if (Array.isArray(conds)) for (const c of conds) if (c?.type === 'Ready') return String(c.status ?? 'Unknown');
  return 'Unknown';
}

/**
 * The node's taints, plus the NoSchedule taint the node lifecycle controller puts on a node
 * whose Ready condition is False (not-ready) or Unknown (unreachable), when it is not there yet:
 * Kubernetes keeps pods off such nodes through exactly these taints (TaintNodesByCondition),
 * so the message is the taint message, as in Kubernetes. A node without conditions at all
 * (just registered, no status yet) is taken as ready.
 */
export function effectiveTaints(node: KObject): Taint[] {
  const own = Array.isArray(node.spec?.taints) ? (node.spec.taints as unknown[]).filter(isObj) as unknown as Taint[] : [];
  const conds = node.status?.conditions;
  if (!Array.isArray(conds) || conds.length === 0) return own;
  const ready = nodeReadyStatus(node);
  if (ready === 'True') return own;
  const key = ready === 'False' ? TAINT_NOT_READY : TAINT_UNREACHABLE;
  if (own.some((t) => t.key === key && t.effect === 'NoSchedule')) return own;
  return [...own, { key, effect: 'NoSchedule' }];
}

// ── NodeAffinity: spec.nodeSelector AND requiredDuringSchedulingIgnoredDuringExecution ──
interface Requirement { key?: string; operator?: string; values?: string[] }

function matchRequirement(r: Requirement, v: string | undefined): boolean {
  const values = Array.isArray(r.values) ? r.values : EMPTY;
  switch (r.operator) {
    case 'In': return v !== undefined && values.includes(v);
    case 'NotIn': return v === undefined || !values.includes(v);
    case 'Exists': return v !== undefined;
    case 'DoesNotExist': return v === undefined;
    case 'Gt': case 'Lt': {
      if (v === undefined || values.length !== 1) return false;
      if (!/^[+-]?\d+$/.test(v) || !/^[+-]?\d+$/.test(values[0]!)) return false;
      const a = BigInt(v), b = BigInt(values[0]!);
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default: return false;
  }
}
const EMPTY: string[] = [];

/** A NodeSelectorTerm: all matchExpressions (labels) and matchFields (metadata.name) hold; an empty term matches nothing. */
export function matchNodeSelectorTerm(term: any, node: KObject): boolean {
  return matchTerm(term, isObj(node.metadata?.labels) ? node.metadata.labels as Record<string, string> : {}, node.metadata?.name);
}

function matchTerm(term: any, labels: Record<string, string>, name: string | undefined): boolean {
  if (!isObj(term)) return false;
  const exprs: Requirement[] = Array.isArray(term.matchExpressions) ? term.matchExpressions : EMPTY_REQ;
  const fields: Requirement[] = Array.isArray(term.matchFields) ? term.matchFields : EMPTY_REQ;
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const r of exprs) {
    const k = r.key;
    if (!matchRequirement(r, k !== undefined && Object.hasOwn(labels, k) ? labels[k] : undefined)) return false;
  }
  for (const r of fields) if (!matchRequirement(r, r.key === 'metadata.name' ? name : undefined)) return false;
  return true;
}
const EMPTY_REQ: Requirement[] = [];

// ── The static filters on prepared inputs (schedulePods prepares each node once per cycle and
// each pod's constraints once per constraint set) ──

export interface PreparedNode {
  name: string;
  labels: Record<string, string>;
  /** effective taints with effect NoSchedule or NoExecute, in the node's order */
  taints: Taint[];
  unschedulable: boolean;
  node: KObject;
}

export function prepareNode(node: KObject): PreparedNode {
  return {
    name: node.metadata?.name ?? '',
    labels: isObj(node.metadata?.labels) ? node.metadata.labels as Record<string, string> : {},
    taints: effectiveTaints(node).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute'),
    unschedulable: node.spec?.unschedulable === true,
    node,
  };
}

export interface PodConstraints {
  nodeName: string;
  selector: [string, string][];
  /** required node affinity terms, or null when the pod has none */
  terms: unknown[] | null;
  tolerations: Toleration[];
  /**
   * NodeAffinity's PreFilter: when every required term names nodes (matchFields metadata.name In),
   * only those nodes are evaluated; the others count as "node(s) didn't satisfy plugin(s) [NodeAffinity]".
   * null: all nodes.
   */
  nodeNames: Set<string> | null;
}

export const ERR_PREFILTER_NODE_AFFINITY = "node(s) didn't satisfy plugin(s) [NodeAffinity]";
export const ERR_AFFINITY_CONFLICT = 'pod affinity terms conflict';

export function podConstraints(pod: KObject): PodConstraints {
  const spec = pod.spec ?? {};
  const req = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = isObj(req) ? (Array.isArray(req.nodeSelectorTerms) ? req.nodeSelectorTerms : []) : null;
  let nodeNames: Set<string> | null = null;
  if (terms && terms.length > 0) {
    let all: Set<string> | null = new Set();
    for (const t of terms) {
      let termNames = null as Set<string> | null;
      const fields: any[] = isObj(t) && Array.isArray(t.matchFields) ? t.matchFields : [];
      for (const r of fields) {
        if (r?.key !== 'metadata.name' || r.operator !== 'In') continue;
        const vals = new Set<string>(Array.isArray(r.values) ? r.values.map(String) : []);
        if (termNames === null) termNames = vals;
        else for (const v of [...termNames]) if (!vals.has(v)) termNames.delete(v);
      }
      if (termNames === null) { all = null; break; } // a term without names: every node may match
      for (const v of termNames) all.add(v);
    }
    nodeNames = all;
  }
  return {
    nodeName: typeof spec.nodeName === 'string' ? spec.nodeName : '',
    selector: isObj(spec.nodeSelector) ? Object.entries(spec.nodeSelector).map(([k, v]) => [k, String(v)]) : [],
    terms,
    tolerations: tolerationsOf(pod),
    nodeNames,
  };
}

const UNSCHEDULABLE_TAINT: Taint = { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' };

export function staticFilterPrepared(c: PodConstraints, n: PreparedNode): FilterStatus | null {
  if (n.unschedulable && !c.tolerations.some((t) => toleratesTaint(t, UNSCHEDULABLE_TAINT)))
    return { code: 'UnschedulableAndUnresolvable', reasons: [ERR_NODE_UNSCHEDULABLE] };
  if (c.nodeName && c.nodeName !== n.name) return { code: 'UnschedulableAndUnresolvable', reasons: [ERR_NODE_NAME] };
  for (let i = 0; i < n.taints.length; i++) {
    const taint = n.taints[i]!;
    let ok = false;
    for (const t of c.tolerations) if (toleratesTaint(t, taint)) { ok = true; break; }
    if (!ok) return { code: 'UnschedulableAndUnresolvable', reasons: [untoleratedTaint(taint.key, taint.value)] };
  }
  for (const [k, v] of c.selector) if (!Object.hasOwn(n.labels, k) || n.labels[k] !== v) return AFFINITY_MISMATCH;
  if (c.terms !== null) {
    let any = false;
    for (const t of c.terms) if (matchTerm(t, n.labels, n.name)) { any = true; break; }
    if (!any) return AFFINITY_MISMATCH;
  }
  return null;
}
const AFFINITY_MISMATCH: FilterStatus = Object.freeze({ code: 'UnschedulableAndUnresolvable', reasons: Object.freeze([ERR_NODE_AFFINITY]) as unknown as string[] });

/** The static filters in order (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity); the first rejection wins. */
export function staticFilter(pod: KObject, node: KObject): FilterStatus | null {
  return staticFilterPrepared(podConstraints(pod), prepareNode(node));
}

// ── NodeResourcesFit (requests; pods, cpu, memory in Kubernetes' order) ──
/**
 * `request` is the pod's (cpu in millicores, memory in bytes). `freed` is what would be released
 * first (preemption's dry run: the lower-priority pods). A request larger than the node's whole
 * allocatable is UnschedulableAndUnresolvable (1.31+), so preemption is "not helpful" there.
 */
export function filterResourcesFit(
  request: { milliCpu: number; memory: number }, info: NodeInfo,
  freed: { pods: number; milliCpu: number; memory: number } = NO_FREED,
): FilterStatus | null {
  const a = info.allocatable, r = info.requested;
  let reasons: string[] | null = null;
  let unresolvable = false;
  if (r.pods - freed.pods + 1 > a.pods) (reasons ??= []).push(ERR_TOO_MANY_PODS);
  if (request.milliCpu > 0 && request.milliCpu > a.milliCpu - (r.milliCpu - freed.milliCpu)) {
    (reasons ??= []).push(ERR_INSUFFICIENT_CPU);
    if (request.milliCpu > a.milliCpu) unresolvable = true;
  }
  if (request.memory > 0 && request.memory > a.memory - (r.memory - freed.memory)) {
    (reasons ??= []).push(ERR_INSUFFICIENT_MEMORY);
    if (request.memory > a.memory) unresolvable = true;
  }
  return reasons ? { code: unresolvable ? 'UnschedulableAndUnresolvable' : 'Unschedulable', reasons } : null;
}
const NO_FREED = { pods: 0, milliCpu: 0, memory: 0 };

/** Every filter for one pod on one node (convenience for callers and tests; schedulePods splits them). */
export function filterNode(pod: KObject, request: { milliCpu: number; memory: number }, info: NodeInfo): FilterStatus | null {
  const c = podConstraints(pod);
  if (c.nodeNames && !c.nodeNames.has(info.name)) return { code: 'UnschedulableAndUnresolvable', reasons: [ERR_PREFILTER_NODE_AFFINITY] };
  return staticFilterPrepared(c, prepareNode(info.node)) ?? filterResourcesFit(request, info);
}
