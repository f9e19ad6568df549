// The pod status a kubelet writes at each step of a pod's life (sim container runtime), shaped
// like Kubernetes 1.32's: conditions in the kubelet's order (PodReadyToStartContainers,
// Initialized, Ready, ContainersReady, PodScheduled), containerStatuses with waiting / running /
// terminated states, podIP(s), hostIP(s), startTime; qosClass kept from the API's admission.
import type { KObject } from '../../src/store/types.js';

export { rfc3339 } from '../time.js';
import { rfc3339 } from '../time.js';

type Obj = Record<string, any>;

function containers(pod: KObject): Obj[] {
  const c = pod.spec?.containers;
  return Array.isArray(c) ? c : [];
}

/** Keep a condition's lastTransitionTime when its status did not change (as the kubelet does). */
function condition(pod: KObject, type: string, status: 'True' | 'False', now: number, reason?: string, message?: string): Obj {
  const prev = Array.isArray(pod.status?.conditions) ? pod.status.conditions.find((c: Obj) => c?.type === type) : undefined;
  const c: Obj = { type, status, lastProbeTime: null, lastTransitionTime: prev && prev.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : rfc3339(now) };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

function base(pod: KObject, phase: string, now: number): Obj {
  const st: Obj = { phase };
  if (pod.status?.qosClass) st.qosClass = pod.status.qosClass;
  st.startTime = pod.status?.startTime ?? rfc3339(now);
  return st;
}

function withIPs(st: Obj, pod: KObject, podIP?: string, hostIP?: string): Obj {
  const h = hostIP ?? pod.status?.hostIP;
  if (h) { st.hostIP = h; st.hostIPs = [{ ip: h }]; }
  const p = podIP ?? pod.status?.podIP;
  if (p) { st.podIP = p; st.podIPs = [{ ip: p }]; }
  return st;
}

const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

const hex = (s: string, len = 64): string => {
  // deterministic hex digest for sim ids (FNV-1a over s once, then one mixing round per 8
  // digits; not cryptographic). Digits by table: toString(16) + padStart per word cost ~1 µs
  // each, and every pod's container gets one of these ids.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  let out = '';
  for (let round = 0; out.length < len; round++) {
    h ^= round + 1; h = Math.imul(h, 0x01000193); h ^= h >>> 15;
    out += BYTE_HEX[h >>> 24]! + BYTE_HEX[(h >>> 16) & 0xff]! + BYTE_HEX[(h >>> 8) & 0xff]! + BYTE_HEX[h & 0xff]!;
  }
  return out.length === len ? out : out.slice(0, len);
};

/** The image reference with its registry and tag, as container runtimes report it. */
export function normalizeImage(image: string): string {
  let ref = image || '';
  const slash = ref.indexOf('/');
  const first = slash < 0 ? '' : ref.slice(0, slash);
  if (slash < 0 || !(first.includes('.') || first.includes(':') || first === 'localhost')) ref = `docker.io/${slash < 0 ? 'library/' : ''}${ref}`;
  const lastPart = ref.slice(ref.lastIndexOf('/') + 1);
  if (!lastPart.includes(':') && !lastPart.includes('@')) ref += ':latest';
  return ref;
}
const imageIDs = new Map<string, string>();
/** A sim digest per image; the same for every pod that runs it (kept for the images seen lately). */
export const imageIDFor = (image: string): string => {
  let id = imageIDs.get(image);
  if (id === undefined) {
    if (imageIDs.size >= 1024) imageIDs.clear();
    const ref = normalizeImage(image);
    imageIDs.set(image, (id = `${ref.replace(/:[^:/@]+$/, '')}@sha256:${hex(ref)}`));
  }
  return id;
};
export const containerIDFor = (podUid: string, name: string, restartCount: number): string => `sim://${hex(`${podUid}/${name}/${restartCount}`)}`;

const names = (pod: KObject): string => `[${containers(pod).map((c) => c.name).join(' ')}]`;

function notReadyConditions(pod: KObject, now: number, readyToStart: boolean): Obj[] {
  const msg = `containers with unready status: ${names(pod)}`;
  return [
    condition(pod, 'PodReadyToStartContainers', readyToStart ? 'True' : 'False', now),
    condition(pod, 'Initialized', 'True', now),
    condition(pod, 'Ready', 'False', now, 'ContainersNotReady', msg),
    condition(pod, 'ContainersReady', 'False', now, 'ContainersNotReady', msg),
    condition(pod, 'PodScheduled', 'True', now),
  ];
}

/** Before the kubelet has the pod: Pending, keeping the scheduler's PodScheduled condition if any. */
export function pendingStatus(pod: KObject, now: number): Obj {
  const st: Obj = { phase: 'Pending' };
  if (pod.status?.qosClass) st.qosClass = pod.status.qosClass;
  const sched = Array.isArray(pod.status?.conditions) ? pod.status.conditions.find((c: Obj) => c?.type === 'PodScheduled') : undefined;
  st.conditions = sched ? [sched] : pod.spec?.nodeName ? [condition(pod, 'PodScheduled', 'True', now)] : [];
  return st;
}

/** The kubelet took the pod and creates its sandbox and containers. */
export function containerCreatingStatus(pod: KObject, now: number, hostIP?: string): Obj {
  const st = withIPs(base(pod, 'Pending', now), pod, undefined, hostIP);
  st.conditions = notReadyConditions(pod, now, false);
  st.containerStatuses = containers(pod).map((c) => ({
    name: c.name, image: c.image, imageID: '', ready: false, restartCount: 0, started: false,
    state: { waiting: { reason: 'ContainerCreating' } },
  }));
  return st;
}

/** A missing Secret/ConfigMap/ServiceAccount: `message` like `secret "x" not found`. */
export function createContainerConfigErrorStatus(pod: KObject, now: number, message: string, hostIP?: string): Obj {
  const st = withIPs(base(pod, 'Pending', now), pod, undefined, hostIP);
  st.conditions = notReadyConditions(pod, now, true);
  st.containerStatuses = containers(pod).map((c) => ({
    name: c.name, image: c.image, imageID: '', ready: false, restartCount: 0, started: false,
    state: { waiting: { reason: 'CreateContainerConfigError', message } },
  }));
  return st;
}

/** All containers running and ready. */
export function runningStatus(pod: KObject, now: number, podIP: string, hostIP: string, restarts = 0, startedAt?: number): Obj {
  const st = withIPs(base(pod, 'Running', now), pod, podIP, hostIP);
  st.conditions = [
    condition(pod, 'PodReadyToStartContainers', 'True', now),
    condition(pod, 'Initialized', 'True', now),
    condition(pod, 'Ready', 'True', now),
    condition(pod, 'ContainersReady', 'True', now),
    condition(pod, 'PodScheduled', 'True', now),
  ];
  const uid = pod.metadata?.uid ?? '';
  const prev = new Map<string, Obj>((Array.isArray(pod.status?.containerStatuses) ? pod.status.containerStatuses : []).map((c: Obj) => [c.name, c]));
  st.containerStatuses = containers(pod).map((c) => {
    const cs: Obj = {
      name: c.name, image: c.image, imageID: imageIDFor(c.image), containerID: containerIDFor(uid, c.name, restarts),
      ready: true, started: true, restartCount: restarts, state: { running: { startedAt: rfc3339(startedAt ?? now) } },
    };
    const last = prev.get(c.name)?.lastState;
    if (restarts > 0 && last && Object.keys(last).length > 0) cs.lastState = last;
    return cs;
  });
  return st;
}

/** A running pod whose Ready condition went False (e.g. its node stopped reporting). */
export function notReadyStatus(pod: KObject, now: number): Obj {
  const st: Obj = { ...(pod.status ?? {}) };
  st.conditions = (Array.isArray(st.conditions) ? st.conditions : []).map((c: Obj) =>
    c.type === 'Ready' || c.type === 'ContainersReady' ? condition(pod, c.type, 'False', now, 'ContainersNotReady', `containers with unready status: ${names(pod)}`) : c);
  st.containerStatuses = (Array.isArray(st.containerStatuses) ? st.containerStatuses : []).map((c: Obj) => ({ ...c, ready: false }));
  return st;
}

export interface Exit { exitCode: number; startedAt: number; finishedAt: number; restarts?: number; reason?: string }

const exitReason = (code: number): string => (code === 0 ? 'Completed' : code === 137 ? 'Error' : 'Error');

function terminatedState(pod: KObject, name: string, e: Exit): Obj {
  return {
    exitCode: e.exitCode, reason: e.reason ?? exitReason(e.exitCode),
    startedAt: rfc3339(e.startedAt), finishedAt: rfc3339(e.finishedAt),
    containerID: containerIDFor(pod.metadata?.uid ?? '', name, e.restarts ?? 0),
  };
}

/**
 * The containers ended and will not restart: phase Succeeded when every exit code is 0, else
 * Failed. The pod's IPs are kept (Kubernetes keeps them on terminal pods).
 */
export function terminatedStatus(pod: KObject, now: number, exit: Exit): Obj {
  const phase = exit.exitCode === 0 ? 'Succeeded' : 'Failed';
  const st = withIPs(base(pod, phase, now), pod);
  const reason = phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed';
  st.conditions = [
    condition(pod, 'PodReadyToStartContainers', 'False', now),
    condition(pod, 'Initialized', 'True', now, 'PodCompleted'),
    condition(pod, 'Ready', 'False', now, reason),
    condition(pod, 'ContainersReady', 'False', now, reason),
    condition(pod, 'PodScheduled', 'True', now),
  ];
  st.containerStatuses = containers(pod).map((c) => ({
    name: c.name, image: c.image, imageID: imageIDFor(c.image), containerID: containerIDFor(pod.metadata?.uid ?? '', c.name, exit.restarts ?? 0),
    ready: false, started: false, restartCount: exit.restarts ?? 0,
    state: { terminated: terminatedState(pod, c.name, exit) },
  }));
  return st;
}

/** Go's time.Duration.String() for whole seconds: 10s, 1m20s, 5m0s. */
export function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60}s`;
  return `${Math.floor(m / 60)}h${m % 60}m${s % 60}s`;
}

/**
 * Waiting to restart a crashed container: phase Running (the pod keeps its phase while the
 * kubelet restarts containers), containers waiting with reason CrashLoopBackOff and the
 * kubelet's message, the last termination in lastState. `exit.restarts` is the restartCount so
 * far (restarts that already happened; it grows when the container is started again).
 */
export function crashLoopStatus(pod: KObject, now: number, exit: Exit & { restarts: number }, backoffMs: number): Obj {
  const st = withIPs(base(pod, 'Running', now), pod);
  st.conditions = notReadyConditions(pod, now, true);
  const uid = pod.metadata?.uid ?? '';
  st.containerStatuses = containers(pod).map((c) => ({
    name: c.name, image: c.image, imageID: imageIDFor(c.image), containerID: containerIDFor(uid, c.name, exit.restarts),
    ready: false, started: false, restartCount: exit.restarts,
    state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(backoffMs)} restarting failed container=${c.name} pod=${pod.metadata?.name}_${pod.metadata?.namespace}(${uid})` } },
    lastState: { terminated: terminatedState(pod, c.name, exit) },
  }));
  return st;
}

/**
 * A deterministic pod IP inside its node's CIDR. Nodes get 10.0.0.0/8 in /22 blocks by index
 * (node-7 → 10.0.28.0/22; names without a trailing number hash to an index), so 16,384 nodes and
 * 1,022 pod addresses each. Pass `slot` (a per-node counter the kubelet actor keeps) for unique
 * addresses; without it the address is a hash of the pod uid, and two of a node's 110 pods share
 * one with a probability of about 1 − e^(−110²/2044) ≈ 99.7%: fine for display, not for routing.
 */
export function podIPFor(nodeIndexOrName: string, podUid: string, slot?: number): string {
  let index: number;
  const m = /^(?:.*?[^0-9])?(\d+)$/.exec(nodeIndexOrName);
  if (m) index = Number(m[1]) % 16384;
  else { let h = 0x811c9dc5; for (let i = 0; i < nodeIndexOrName.length; i++) { h ^= nodeIndexOrName.charCodeAt(i); h = Math.imul(h, 0x01000193); } index = (h >>> 0) % 16384; }
  let offset: number;
  if (slot !== undefined) offset = (slot % 1022) + 1;
  else { let h = 0x811c9dc5; for (let i = 0; i < podUid.length; i++) { h ^= podUid.charCodeAt(i); h = Math.imul(h, 0x01000193); } offset = ((h >>> 0) % 1022) + 1; }
  const addr = (index << 10) + offset; // 24 bits under 10/8
  return `10.${(addr >> 16) & 255}.${(addr >> 8) & 255}.${addr & 255}`;
}
