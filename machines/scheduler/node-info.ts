// The scheduler's per-node bookkeeping (kube-scheduler's framework.NodeInfo, reduced to what our
// filters and scores read): allocatable, the sum of requests of the pods assigned to the node,
// pods per controller (for spreading) and per priority (for the preemption message).
// Pure: the scheduler actor owns the NodeInfos and calls addPod/removePod as pods come and go.
import type { KObject } from '../../src/store/types.js';
import { scaledValue, tryParseQuantity } from '../../src/api/quantity.js';

export interface Resources { milliCpu: number; memory: number; pods: number }

/** What one pod takes from a node, computed once from its spec. */
export interface PodUsage {
  milliCpu: number;
  memory: number;
  /** Requests with kube-scheduler's non-zero defaults (100m cpu, 200Mi memory per container): used for scoring only. */
  nonZeroMilliCpu: number;
  nonZeroMemory: number;
  priority: number;
  /** uid of the controller ownerReference, '' for a pod without one. */
  owner: string;
}

export interface PriorityBucket { pods: number; milliCpu: number; memory: number }

export interface NodeInfo {
  name: string;
  node: KObject;
  allocatable: Resources;
  requested: Resources;
  /** controller ownerRef uid → pods on this node */
  podsByOwner: Map<string, number>;
  /** requests with the non-zero defaults (kube's NonZeroRequested), for the least-allocated score */
  nonZeroRequested: { milliCpu: number; memory: number };
  /** priority → pods and their requests; what preemption could free for a higher-priority pod */
  byPriority: Map<number, PriorityBucket>;
  /** uid (or namespace/name) → what the pod added, so removePod undoes exactly that and both are idempotent */
  pods: Map<string, PodUsage>;
  /** bumped on every change; schedulePods uses it to spot stale heap entries */
  version: number;
}

/** kube-scheduler's defaults for containers without requests (scoring only): DefaultMilliCPURequest, DefaultMemoryRequest. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

// Quantities repeat endlessly ("100m", "128Mi"): parse each distinct string once.
const milliCache = new Map<string, number>();
const unitCache = new Map<string, number>();
function cached(cache: Map<string, number>, raw: unknown, scale: number): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  const key = typeof raw === 'number' ? `#${raw}` : String(raw);
  let v = cache.get(key);
  if (v === undefined) {
    const q = tryParseQuantity(raw);
    if (typeof q === 'string') return undefined;
    v = Number(scaledValue(q, scale));
    if (cache.size > 10_000) cache.clear();
    cache.set(key, v);
  }
  return v;
}
/** A cpu quantity in millicores (rounded up, like Quantity.MilliValue); undefined when absent or invalid. */
export const milliCpuOf = (raw: unknown): number | undefined => cached(milliCache, raw, -3);
/** A memory (or count) quantity in whole units (rounded up, like Quantity.Value). */
export const unitsOf = (raw: unknown): number | undefined => cached(unitCache, raw, 0);

function containerRequests(c: any): { cpu: number; mem: number; nzCpu: number; nzMem: number } {
  const res = isObj(c?.resources) ? c.resources : {};
  // The API defaults requests from limits; fall back to limits too for objects that skipped defaulting.
  const req = isObj(res.requests) ? res.requests : {};
  const lim = isObj(res.limits) ? res.limits : {};
  const cpu = milliCpuOf(req.cpu ?? lim.cpu);
  const mem = unitsOf(req.memory ?? lim.memory);
  return {
    cpu: cpu ?? 0, mem: mem ?? 0,
    // GetNonzeroRequests: only an unset request takes the default; an explicit 0 stays 0.
    nzCpu: cpu ?? DEFAULT_MILLI_CPU_REQUEST, nzMem: mem ?? DEFAULT_MEMORY_REQUEST,
  };
}

/** The controller ownerReference's uid, or ''. */
export function controllerUid(pod: KObject): string {
  const refs = pod.metadata?.ownerReferences;
  if (!Array.isArray(refs)) return '';
  for (const r of refs) if (r?.controller === true && typeof r.uid === 'string') return r.uid;
  return '';
}

export function podPriority(pod: KObject): number {
  const p = pod.spec?.priority;
  return typeof p === 'number' && Number.isFinite(p) ? p : 0;
}

/**
 * resource.PodRequests as kube-scheduler computes it: the sum over containers, sidecars
 * (init containers with restartPolicy Always) added to it, the max with each regular init
 * container (plus the sidecars started before it), plus spec.overhead.
 */
export function podUsage(pod: KObject): PodUsage {
  const spec = isObj(pod.spec) ? pod.spec : {};
  let cpu = 0, mem = 0, nzCpu = 0, nzMem = 0;
  for (const c of Array.isArray(spec.containers) ? spec.containers : []) {
    const r = containerRequests(c);
    cpu += r.cpu; mem += r.mem; nzCpu += r.nzCpu; nzMem += r.nzMem;
  }
  let sideCpu = 0, sideMem = 0, sideNzCpu = 0, sideNzMem = 0;
  let initCpu = 0, initMem = 0, initNzCpu = 0, initNzMem = 0;
  for (const c of Array.isArray(spec.initContainers) ? spec.initContainers : []) {
    const r = containerRequests(c);
    if (c?.restartPolicy === 'Always') {
      cpu += r.cpu; mem += r.mem; nzCpu += r.nzCpu; nzMem += r.nzMem;
      sideCpu += r.cpu; sideMem += r.mem; sideNzCpu += r.nzCpu; sideNzMem += r.nzMem;
      initCpu = Math.max(initCpu, sideCpu); initMem = Math.max(initMem, sideMem);
      initNzCpu = Math.max(initNzCpu, sideNzCpu); initNzMem = Math.max(initNzMem, sideNzMem);
    } else {
      initCpu = Math.max(initCpu, r.cpu + sideCpu); initMem = Math.max(initMem, r.mem + sideMem);
      initNzCpu = Math.max(initNzCpu, r.nzCpu + sideNzCpu); initNzMem = Math.max(initNzMem, r.nzMem + sideNzMem);
    }
  }
  cpu = Math.max(cpu, initCpu); mem = Math.max(mem, initMem);
  nzCpu = Math.max(nzCpu, initNzCpu); nzMem = Math.max(nzMem, initNzMem);
  if (isObj(spec.overhead)) {
    const oc = milliCpuOf(spec.overhead.cpu) ?? 0;
    const om = unitsOf(spec.overhead.memory) ?? 0;
    cpu += oc; mem += om; nzCpu += oc; nzMem += om;
  }
  return { milliCpu: cpu, memory: mem, nonZeroMilliCpu: nzCpu, nonZeroMemory: nzMem, priority: podPriority(pod), owner: controllerUid(pod) };
}

function allocatableOf(node: KObject): Resources {
  const st = isObj(node.status) ? node.status : {};
  const a = isObj(st.allocatable) ? st.allocatable : {};
  const c = isObj(st.capacity) ? st.capacity : {};
  return {
    milliCpu: milliCpuOf(a.cpu ?? c.cpu) ?? 0,
    memory: unitsOf(a.memory ?? c.memory) ?? 0,
    pods: unitsOf(a.pods ?? c.pods) ?? 0,
  };
}

const podKey = (pod: KObject): string => pod.metadata?.uid ?? `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;

/** Terminal pods hold no resources (the scheduler's cache drops them). */
export const isTerminal = (pod: KObject): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** A NodeInfo for `node` with `podsOnNode` (pods bound to it; terminal ones are skipped). */
export function nodeInfoOf(node: KObject, podsOnNode: KObject[]): NodeInfo {
  const info: NodeInfo = {
    name: node.metadata?.name ?? '',
    node,
    allocatable: allocatableOf(node),
    requested: { milliCpu: 0, memory: 0, pods: 0 },
    podsByOwner: new Map(),
    nonZeroRequested: { milliCpu: 0, memory: 0 },
    byPriority: new Map(),
    pods: new Map(),
    version: 0,
  };
  for (const p of podsOnNode) addPod(info, p);
  return info;
}

/** A node object changed (labels, taints, allocatable, conditions): keep the pods, refresh the rest. */
export function updateNode(info: NodeInfo, node: KObject): void {
  info.node = node;
  info.allocatable = allocatableOf(node);
  info.version++;
}

/** Account a pod on the node. Idempotent per pod uid; terminal pods are ignored. */
export function addPod(info: NodeInfo, pod: KObject): void {
  if (isTerminal(pod)) return;
  const key = podKey(pod);
  if (info.pods.has(key)) return;
  addUsage(info, key, podUsage(pod));
}

/** @internal schedulePods computes the usage once per group of identical pods. */
export function addUsage(info: NodeInfo, key: string, u: PodUsage): void {
  info.pods.set(key, u);
  info.requested.milliCpu += u.milliCpu;
  info.requested.memory += u.memory;
  info.requested.pods += 1;
  info.nonZeroRequested.milliCpu += u.nonZeroMilliCpu;
  info.nonZeroRequested.memory += u.nonZeroMemory;
  if (u.owner) info.podsByOwner.set(u.owner, (info.podsByOwner.get(u.owner) ?? 0) + 1);
  const b = info.byPriority.get(u.priority);
  if (b) { b.pods++; b.milliCpu += u.milliCpu; b.memory += u.memory; } else info.byPriority.set(u.priority, { pods: 1, milliCpu: u.milliCpu, memory: u.memory });
  info.version++;
}

/** Release what addPod accounted for this pod (by uid); a pod never added is a no-op. */
export function removePod(info: NodeInfo, pod: KObject): void {
  const key = podKey(pod);
  const u = info.pods.get(key);
  if (!u) return;
  info.pods.delete(key);
  info.requested.milliCpu -= u.milliCpu;
  info.requested.memory -= u.memory;
  info.requested.pods -= 1;
  info.nonZeroRequested.milliCpu -= u.nonZeroMilliCpu;
  info.nonZeroRequested.memory -= u.nonZeroMemory;
  if (u.owner) {
    const n = (info.podsByOwner.get(u.owner) ?? 0) - 1;
    if (n > 0) info.podsByOwner.set(u.owner, n); else info.podsByOwner.delete(u.owner);
  }
  const b = info.byPriority.get(u.priority);
  if (b) {
    b.pods--; b.milliCpu -= u.milliCpu; b.memory -= u.memory;
    if (b.pods <= 0) info.byPriority.delete(u.priority);
  }
  info.version++;
}
