// A machine's statechart as plain data, read from its XState definition
// (machine.root: state nodes, nesting, parallel regions, transitions with
// events, guards and delays), and the ELK graph the layout engine places.
import type { ElkExtendedEdge, ElkNode } from './layout.js';

export type StateType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface ChartState {
  /** XState id: "pod.Running.Ready". */
  id: string;
  key: string;
  type: StateType;
  /** Id of the initial child (compound states). */
  initial?: string;
  description?: string;
  children: ChartState[];
}

export type TransitionKind = 'on' | 'always' | 'after';

export interface ChartTransition {
  id: string;
  source: string;
  /** Target state ids; empty for a targetless transition (actions only). */
  targets: string[];
  kind: TransitionKind;
  /** The event type ("pod.updated"); "" for eventless (always); the delay's name for after. */
  event: string;
  guard?: string;
  delay?: string;
  reenter?: boolean;
  /** What the diagram writes on the edge. */
  label: string;
}

export interface Chart {
  machineId: string;
  root: ChartState;
  transitions: ChartTransition[];
}

/** The parts of an XState v5 StateNode this reads (structural, so any machine's root fits). */
interface XStateNode {
  id: string;
  key: string;
  type: StateType;
  description?: string;
  states: Record<string, XStateNode>;
  initial?: { target: XStateNode[] } | undefined;
  transitions: Map<string, XTransition[]>;
  always?: XTransition[];
}
interface XTransition {
  target?: XStateNode[] | readonly XStateNode[];
  guard?: unknown;
  eventType: string;
  delay?: unknown;
  reenter?: boolean;
}

/** A guard's name: the named guard, `!name` for not(), or a short form of an inline one. */
export function guardLabel(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const g = guard as { name?: string; check?: unknown; guards?: unknown[] };
    // xstate's not()/and()/or() return functions carrying their operands.
    if (Array.isArray(g.guards)) {
      const parts = g.guards.map((x) => guardLabel(x) ?? '?');
      const op = g.name || '';
      if (parts.length === 1 && /not/i.test(op)) return `!${parts[0]}`;
      return parts.join(/or/i.test(op) ? ' || ' : ' && ');
    }
    const src = Function.prototype.toString.call(guard).replace(/\s+/g, ' ');
    const arrow = src.match(/=>\s*(.*)$/);
    const body = (arrow ? arrow[1]! : src).replace(/^\{\s*return\s*/, '').replace(/;?\s*\}$/, '').replace(/\b(event|context)\.(pod|node|object)\./g, '');
    return body.length > 42 ? `${body.slice(0, 40)}…` : body;
  }
  if (typeof guard === 'object' && typeof (guard as { type?: unknown }).type === 'string') return (guard as { type: string }).type;
  return 'guard';
}

function delayLabel(delay: unknown): string {
  if (typeof delay === 'number') return `${delay} ms`;
  if (typeof delay === 'string') return delay;
  return 'delay';
}

function labelOf(t: Omit<ChartTransition, 'label' | 'id'>): string {
  const head = t.kind === 'always' ? 'always' : t.kind === 'after' ? `after ${t.delay}` : t.event;
  return t.guard ? `${head} [${t.guard}]` : head;
}

/** The chart of a machine (anything with an XState v5 `root` state node). */
export function chartOf(machine: { root: unknown }): Chart {
  const root = machine.root as XStateNode;
  const transitions: ChartTransition[] = [];
  const walk = (node: XStateNode): ChartState => {
    const children = Object.values(node.states ?? {}).map(walk);
    const own = (list: readonly XTransition[], kind: TransitionKind) => {
      for (const t of list) {
        const base = {
          source: node.id,
          targets: (t.target ?? []).map((s) => s.id),
          kind,
          event: kind === 'always' ? '' : kind === 'after' ? delayLabel(t.delay) : t.eventType,
          ...(guardLabel(t.guard) !== undefined ? { guard: guardLabel(t.guard)! } : {}),
          ...(kind === 'after' ? { delay: delayLabel(t.delay) } : {}),
          ...(t.reenter ? { reenter: true } : {}),
        };
        transitions.push({ id: `t${transitions.length}`, ...base, label: labelOf(base) });
      }
    };
    for (const [eventType, list] of node.transitions ?? new Map()) {
      own(list, eventType.startsWith('xstate.after.') ? 'after' : 'on');
    }
    if (node.always) own(node.always, 'always');
    const state: ChartState = { id: node.id, key: node.key, type: node.type, children };
    const initial = node.initial?.target?.[0];
    if (initial && children.length) state.initial = initial.id;
    if (node.description) state.description = node.description;
    return state;
  };
  const top = walk(root);
  return { machineId: root.id, root: top, transitions };
}

/** Every state id of the chart, parents before children. */
export function stateIds(chart: Chart): string[] {
  const out: string[] = [];
  const walk = (s: ChartState) => { out.push(s.id); s.children.forEach(walk); };
  walk(chart.root);
  return out;
}

/**
 * The chart state a stateOf() answer names: "Running.Ready" → "pod.Running.Ready"; the
 * deepest existing prefix when the chart has no such leaf; null when nothing matches.
 */
export function stateIdFor(chart: Chart, state: string): string | null {
  const ids = new Set(stateIds(chart));
  const parts = state.split('.');
  for (let n = parts.length; n > 0; n--) {
    const id = `${chart.machineId}.${parts.slice(0, n).join('.')}`;
    if (ids.has(id)) return id;
  }
  return null;
}

const CHAR_W = 7;

/** An edge's text: the event (or always / after delay), and a guard cut short; the full label is the transition's. */
export function shortLabel(t: ChartTransition): string {
  const head = t.kind === 'always' ? 'always' : t.kind === 'after' ? `after ${t.delay}` : t.event;
  if (!t.guard) return head;
  return `${head} [${t.guard.length > 18 ? `${t.guard.slice(0, 17)}…` : t.guard}]`;
}
const LABEL_H = 14;

/** Node id of a compound's initial-state dot, and of its "from any child" source. */
export const initialDotId = (id: string) => `${id}#initial`;
export const anyDotId = (id: string) => `${id}#any`;

/**
 * The ELK graph of a chart: states as nodes (compound states hold their children), the
 * machine's top level as the graph itself; transitions as edges with their labels. A
 * transition from a state to its own descendant (root-level `on`, `.Waiting` re-entries)
 * starts at a small "any" node inside the state, as ELK edges cannot leave a node into itself.
 */
export function chartGraph(chart: Chart, options: { direction?: 'DOWN' | 'RIGHT' } = {}): ElkNode {
  const isDescendant = (id: string, of: string) => id.startsWith(`${of}.`);
  // An atomic state's self-transition (the scheduler's `cycle.done [dirty]` re-entering
  // Scheduling) is a plain self-loop: an atomic node holds no "any" node to start from, and an
  // edge naming one that does not exist makes the layout throw.
  const compound = new Set<string>();
  const walk = (s: ChartState) => { if (s.children.length) compound.add(s.id); s.children.forEach(walk); };
  walk(chart.root);
  const fromAny = (source: string, target: string) => compound.has(source) && (target === source || isDescendant(target, source));
  const anyNeeded = new Set<string>();
  for (const t of chart.transitions) for (const target of t.targets) if (fromAny(t.source, target)) anyNeeded.add(t.source);

  const nodeOf = (s: ChartState): ElkNode => {
    const labelW = s.key.length * CHAR_W + 24;
    if (s.children.length === 0) return { id: s.id, width: Math.max(64, labelW), height: 30 };
    const children = s.children.map(nodeOf);
    if (s.initial) children.push({ id: initialDotId(s.id), width: 10, height: 10 });
    if (anyNeeded.has(s.id)) children.push({ id: anyDotId(s.id), width: 28, height: 14 });
    return {
      id: s.id,
      layoutOptions: { 'elk.padding': `[top=${LABEL_H + 14},left=12,bottom=12,right=12]`, 'elk.nodeSize.minimum': `(${labelW}, 40)` },
      children,
    };
  };
  const top = chart.root;
  const children = top.children.map(nodeOf);
  if (top.initial) children.push({ id: initialDotId(top.id), width: 10, height: 10 });
  if (anyNeeded.has(top.id)) children.push({ id: anyDotId(top.id), width: 28, height: 14 });

  const edges: ElkExtendedEdge[] = [];
  const addInitial = (s: ChartState) => {
    if (s.initial) edges.push({ id: `init:${s.id}`, sources: [initialDotId(s.id)], targets: [s.initial] });
    s.children.forEach(addInitial);
  };
  addInitial(top);
  // One edge per (source, target): parallel transitions share it, their labels joined.
  const merged = new Map<string, { source: string; target: string; ids: string[]; labels: string[] }>();
  for (const t of chart.transitions) {
    for (const target of t.targets) {
      const source = fromAny(t.source, target) ? anyDotId(t.source) : t.source;
      const k = `${source}\u0000${target}`;
      let m = merged.get(k);
      if (!m) merged.set(k, (m = { source, target, ids: [], labels: [] }));
      m.ids.push(t.id);
      const short = shortLabel(t);
      if (!m.labels.includes(short)) m.labels.push(short);
    }
  }
  for (const m of merged.values()) {
    const text = m.labels.length > 2 ? `${m.labels.slice(0, 2).join(' | ')} +${m.labels.length - 2}` : m.labels.join(' | ');
    const id = `e:${m.ids.join('+')}`;
    edges.push({ id, sources: [m.source], targets: [m.target], labels: [{ id: `${id}:label`, text, width: text.length * 5.6 + 6, height: 12 }] });
  }
  return {
    id: top.id,
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': options.direction ?? 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.json.edgeCoords': 'ROOT',
      'elk.json.shapeCoords': 'ROOT',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.spacing.nodeNodeBetweenLayers': '32',
      'elk.spacing.nodeNode': '12',
      'elk.spacing.edgeEdge': '4',
      'elk.spacing.edgeNode': '6',
      'elk.spacing.edgeLabel': '2',
      'elk.layered.spacing.edgeNodeBetweenLayers': '6',
      'elk.layered.spacing.edgeEdgeBetweenLayers': '4',
      // Measured on the pod machine (55 transitions): the most compact of the placements tried.
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
    },
    children,
    edges,
  };
}
