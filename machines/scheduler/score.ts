// Scoring. A node's rank for a pod is, lexicographically:
//   1. fewest pods of the pod's controller already on the node (spreading, what
//      PodTopologySpread's system defaults / the old SelectorSpread achieve);
//   2. most free resources (NodeResourcesFit's LeastAllocated: the mean over cpu and memory of
//      (allocatable − requested) / allocatable, requests with kube's non-zero defaults; a float,
//      and taken before the pod is added — see freeFraction);
//   3. fewer pods on the node (so pods with no requests at all still spread);
//   4. a hash of the node's name: deterministic, and equal nodes are taken in a scattered order
//      instead of node-1, node-2, ... (kube-scheduler picks at random among equal scores).
import type { NodeInfo } from './node-info.js';

/** FNV-1a, 32 bits, finished with murmur3's fmix32 so near-identical names ("node-1", "node-2") scatter. */
export function hash32(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

export function fmix32(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return h >>> 0;
}

/**
 * LeastAllocated as a float in [0, 1]: the mean free fraction of cpu and memory (non-zero
 * requests). Unlike kube-scheduler we leave the incoming pod's own request out: it changes the
 * order only between nodes of different sizes, and leaving it out makes the order the same for
 * every pod, so one shared heap serves the whole batch (cycle.ts).
 */
export function freeFraction(info: NodeInfo): number {
  const a = info.allocatable, r = info.nonZeroRequested;
  const cpu = a.milliCpu <= 0 || r.milliCpu > a.milliCpu ? 0 : (a.milliCpu - r.milliCpu) / a.milliCpu;
  const mem = a.memory <= 0 || r.memory > a.memory ? 0 : (a.memory - r.memory) / a.memory;
  return (cpu + mem) / 2;
}

/**
 * All nodes of a cycle in one indexed binary heap, best (freest, then lowest name hash) on top.
 * A bind changes one node: update() re-sifts it, O(log N). visit() walks nodes best-first
 * without disturbing the heap (a frontier of heap positions), so a pod that must skip a few
 * nodes (full, filtered out, or already holding its controller's pods) pays O(k log k) for k.
 */
export class NodeHeap {
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  readonly free: Float64Array;
  readonly pods: Int32Array;
  readonly tie: Uint32Array;
  private readonly frontier: number[] = [];

  constructor(private readonly nodes: NodeInfo[], nodeHash: number[]) {
    const n = nodes.length;
    this.heap = new Int32Array(n);
    this.pos = new Int32Array(n);
    this.free = new Float64Array(n);
    this.pods = new Int32Array(n);
    this.tie = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      this.heap[i] = i; this.pos[i] = i;
      this.free[i] = freeFraction(nodes[i]!); this.pods[i] = nodes[i]!.requested.pods; this.tie[i] = nodeHash[i]!;
    }
    for (let i = (n >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** node a ranks before node b */
  better(a: number, b: number): boolean {
    const fa = this.free[a]!, fb = this.free[b]!;
    if (fa !== fb) return fa > fb;
    const pa = this.pods[a]!, pb = this.pods[b]!;
    if (pa !== pb) return pa < pb;
    const ta = this.tie[a]!, tb = this.tie[b]!;
    if (ta !== tb) return ta < tb;
    return a < b;
  }

  /** The node's NodeInfo changed: re-rank it. */
  update(node: number): void {
    this.free[node] = freeFraction(this.nodes[node]!);
    this.pods[node] = this.nodes[node]!.requested.pods;
    const p = this.pos[node]!;
    this.up(p);
    this.down(this.pos[node]!);
  }

  /** Calls `f` with nodes best-first until it returns true; returns how many nodes were visited. */
  visit(f: (node: number) => boolean): number {
    const n = this.heap.length;
    if (n === 0) return 0;
    const fr = this.frontier;
    fr.length = 0;
    fr.push(0);
    let visited = 0;
    while (fr.length > 0) {
      const p = this.popFrontier();
      visited++;
      if (f(this.heap[p]!)) return visited;
      const l = 2 * p + 1;
      if (l < n) this.pushFrontier(l);
      if (l + 1 < n) this.pushFrontier(l + 1);
    }
    return visited;
  }

  private fBetter(p: number, q: number): boolean { return this.better(this.heap[p]!, this.heap[q]!); }
  private pushFrontier(p: number): void {
    const fr = this.frontier;
    let i = fr.length;
    fr.push(p);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.fBetter(p, fr[parent]!)) break;
      fr[i] = fr[parent]!;
      i = parent;
    }
    fr[i] = p;
  }
  private popFrontier(): number {
    const fr = this.frontier;
    const top = fr[0]!;
    const last = fr.pop()!;
    const n = fr.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && this.fBetter(fr[l + 1]!, fr[l]!) ? l + 1 : l;
        if (!this.fBetter(fr[c]!, last)) break;
        fr[i] = fr[c]!;
        i = c;
      }
      fr[i] = last;
    }
    return top;
  }
  private up(i: number): void {
    const h = this.heap, x = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.better(x, h[p]!)) break;
      h[i] = h[p]!; this.pos[h[i]!] = i;
      i = p;
    }
    h[i] = x; this.pos[x] = i;
  }
  private down(i: number): void {
    const h = this.heap, n = h.length, x = h[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const c = l + 1 < n && this.better(h[l + 1]!, h[l]!) ? l + 1 : l;
      if (!this.better(h[c]!, x)) break;
      h[i] = h[c]!; this.pos[h[i]!] = i;
      i = c;
    }
    h[i] = x; this.pos[x] = i;
  }
}
