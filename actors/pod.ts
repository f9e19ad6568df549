// The Pod actor: the kubelet's worker for one pod. It *is* the pod statechart
// (machines/pod/machine.ts), provided with its side effects here: status writes
// and the pod's removal go through the store, and the sim container runtime
// (below) checks what the pod refers to and reports containers started.
// The pod's status has one writer: this actor.
import type { AnyActorRef } from 'xstate';
import { podMachine, type PodMachineInput } from '../machines/pod/machine.js';
import { actorContext } from '../src/runtime/context.js';
import type { KObject } from '../src/store/types.js';
import { StoreClient, uidOf } from './client.js';
import { EventRecorder } from './event-client.js';
import { keyOf, refs, type LeanResult, type WireOp } from './protocol.js';
import { ReferenceCache } from './reference-cache.js';
import { FailureStreak } from './retry-backoff.js';

/** The machine's input (its own start timing off: `startLatencyMs: -1`) and the sim runtime's. */
export interface PodInput extends PodMachineInput {
  startLatencyMs: -1;
  /** The node whose kubelet runs it (its writes are that node's). */
  node: string;
  /** The sim container runtime's start latency for this pod, in ms. */
  simStartLatencyMs: number;
}

interface Ref { kind: 'secrets' | 'configmaps' | 'serviceaccounts'; name: string; optional: boolean }

/** Secrets, ConfigMaps and the ServiceAccount a pod needs before its containers can start. */
export function referencesOf(pod: KObject): Ref[] {
  const out: Ref[] = [];
  const spec = pod.spec ?? {};
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const e of c.env ?? []) {
      const s = e.valueFrom?.secretKeyRef; if (s?.name) out.push({ kind: 'secrets', name: s.name, optional: !!s.optional });
      const m = e.valueFrom?.configMapKeyRef; if (m?.name) out.push({ kind: 'configmaps', name: m.name, optional: !!m.optional });
    }
    for (const f of c.envFrom ?? []) {
      if (f.secretRef?.name) out.push({ kind: 'secrets', name: f.secretRef.name, optional: !!f.secretRef.optional });
      if (f.configMapRef?.name) out.push({ kind: 'configmaps', name: f.configMapRef.name, optional: !!f.configMapRef.optional });
    }
  }
  for (const v of spec.volumes ?? []) {
    if (v.secret?.secretName) out.push({ kind: 'secrets', name: v.secret.secretName, optional: !!v.secret.optional });
    if (v.configMap?.name) out.push({ kind: 'configmaps', name: v.configMap.name, optional: !!v.configMap.optional });
  }
  if (spec.serviceAccountName) out.push({ kind: 'serviceaccounts', name: spec.serviceAccountName, optional: false });
  return out;
}

const running = (status: Record<string, any>): boolean =>
  status.phase === 'Running' && (status.containerStatuses ?? []).length > 0 && status.containerStatuses.every((c: any) => c?.state?.running);

/**
 * One pod's I/O: the store writes the machine asks for, and the sim container runtime.
 * Writes asked for in one turn travel as one batch, and of several status writes in a
 * batch only the last is sent: like the kubelet's status manager, which syncs the newest
 * status. Writes wait while the runtime checks the pod's references, so a
 * ContainerCreating that lasted no time is never written (the pod goes to Running or
 * CreateContainerConfigError in one write); one with a start latency is.
 */
class PodIO {
  private readonly client: StoreClient;
  private readonly events: EventRecorder;
  /** What this thread's pods found to exist lately. */
  private readonly references: ReferenceCache;
  private readonly latencyMs: number;
  private queue: WireOp[] = [];
  private subscribed = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private startedRestart = -1;
  /** Reference checks in a row the store did not answer. */
  private checkFailures: FailureStreak | undefined;
  private stopped = false;
  /** A reference check is under way: hold writes until it says what the pod's status is. */
  private holding = false;
  /** The newest status write asked for: an older one the store did not take is not sent again. */
  private newestStatus: WireOp | undefined; // (kept only until answered for good: a status per pod adds up)
  /** Writes the store did not take, waiting for their retry; and batches in a row it did not take. */
  private retrying: WireOp[] | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private writeFailures: FailureStreak | undefined;

  constructor(private readonly self: AnyActorRef, input: PodInput) {
    const ctx = actorContext(self);
    this.references = ctx.threadLocal('pod.references', () => new ReferenceCache());
    this.client = new StoreClient(ctx);
    this.events = new EventRecorder(ctx, 'kubelet', input.node);
    this.latencyMs = Math.max(0, input.simStartLatencyMs ?? 0);
    self.subscribe({ complete: () => this.stop(), error: () => this.stop() });
  }

  writeStatus(pod: KObject, status: Record<string, any>): void {
    const restarts = Number(status.containerStatuses?.[0]?.restartCount ?? 0);
    if (running(status) && this.startedRestart !== restarts) {
      this.startedRestart = restarts;
      for (const c of pod.spec?.containers ?? []) {
        const fieldPath = containerPath(c);
        if (c.imagePullPolicy === 'Always') {
          // Pulled each start, as a kubelet does for Always (the sim's registry answers at once).
          this.events.record(pod, { type: 'Normal', reason: 'Pulling', message: `Pulling image "${c.image}"`, fieldPath });
          this.events.record(pod, { type: 'Normal', reason: 'Pulled', message: `Successfully pulled image "${c.image}" in 0s (0s including waiting)`, fieldPath });
        } else {
          this.events.record(pod, { type: 'Normal', reason: 'Pulled', message: `Container image "${c.image}" already present on machine`, fieldPath });
        }
        this.events.record(pod, { type: 'Normal', reason: 'Created', message: `Created container: ${c.name}`, fieldPath });
        this.events.record(pod, { type: 'Normal', reason: 'Started', message: `Started container ${c.name}`, fieldPath });
      }
    }
    const i = this.queue.findIndex((op) => op.op === 'update');
    if (i >= 0) this.queue.splice(i, 1);
    // A status write takes only the status (and the uid, as a precondition) from the object:
    // the pod's spec and metadata need not cross to the store again.
    const m = pod.metadata;
    this.newestStatus = { op: 'update', resource: refs.pods, subresource: 'status', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: m.name, namespace: m.namespace, uid: m.uid }, status } };
    this.enqueue(this.newestStatus);
  }

  remove(pod: KObject): void {
    // Its containers are gone: confirm with grace 0, and only this pod (uid).
    this.enqueue({ op: 'delete', resource: refs.pods, namespace: pod.metadata.namespace!, name: pod.metadata.name!, uid: uidOf(pod), gracePeriodSeconds: 0 });
  }

  /** The sim container runtime: check the pod's references, then start after the latency. */
  start(pod: KObject): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const needed = referencesOf(pod).filter((r) => !r.optional);
    const ns = pod.metadata.namespace!;
    const now = Date.now();
    if (needed.every((r) => this.references.has(ns, r.kind, r.name, now))) return this.startAfterLatency();
    void this.client.subscribe(
      this.subscribed ? [] : needed.map((r) => ({ by: 'key' as const, value: keyOf(refs[r.kind], ns, r.name) })),
      needed.map((r) => ({ resource: refs[r.kind], namespace: ns, fieldSelector: `metadata.name=${r.name}` })),
    ).then((reply) => {
      this.subscribed = true;
      this.checkFailures = undefined;
      needed.forEach((r, i) => { if ((reply.objects[i] ?? []).length > 0) this.references.found(ns, r.kind, r.name, now); });
      const missing = needed.find((_, i) => (reply.objects[i] ?? []).length === 0);
      if (this.stopped) return;
      if (!missing) this.startAfterLatency();
      else {
        const what = missing.kind === 'secrets' ? 'secret' : missing.kind === 'configmaps' ? 'configmap' : 'serviceaccount';
        // ConfigError waits for a change of what it subscribed to (store.changes), then retries.
        this.self.send({ type: 'container.configError', message: `${what} "${missing.name}" not found` });
      }
      this.release();
    }, () => {
      // The store did not answer in time: that says nothing about the references, and nothing
      // would come to retry a ConfigError made of it. Check again after a backoff, as the
      // kubelet's pod worker retries a sync that failed.
      this.release();
      if (this.stopped) return;
      this.timer = setTimeout(() => { this.timer = null; if (!this.stopped) this.start(pod); }, (this.checkFailures ??= new FailureStreak()).failed());
    });
    this.holding = true;
  }

  private release(): void {
    this.holding = false;
    this.flush();
  }

  /** After a restore: the pod as the store has it now, told to the machine. */
  resync(pod: KObject): void {
    const ns = pod.metadata.namespace!, name = pod.metadata.name!;
    void this.client.subscribe([], [{ resource: refs.pods, namespace: ns, fieldSelector: `metadata.name=${name}` }]).then((reply) => {
      if (this.stopped) return;
      const now = (reply.objects[0] ?? []).find((p) => p.metadata.uid === pod.metadata.uid);
      this.self.send(now ? { type: 'pod.updated', pod: now } : { type: 'delete' });
    }, () => { /* the kubelet's next change for this pod tells it */ });
  }

  kill(pod: KObject): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!running(pod.status ?? {})) return;
    for (const c of pod.spec?.containers ?? []) this.events.record(pod, { type: 'Normal', reason: 'Killing', message: `Stopping container ${c.name}`, fieldPath: containerPath(c) });
  }

  private startAfterLatency(): void {
    if (this.latencyMs === 0) { this.self.send({ type: 'container.started' }); return; }
    this.timer = setTimeout(() => { this.timer = null; if (!this.stopped) this.self.send({ type: 'container.started' }); }, this.latencyMs);
  }

  private enqueue(op: WireOp): void {
    if (this.queue.push(op) === 1) queueMicrotask(() => this.flush());
  }

  private flush(): void {
    if (this.holding) return;
    const ops = this.queue;
    this.queue = [];
    // Lean: the kubelet hears the pod's changes routed and tells this actor (pod.updated).
    if (ops.length === 0) return;
    void this.client.writeLean(ops).then(
      (results) => {
        const failed: WireOp[] = [];
        let removed = false;
        ops.forEach((op, i) => {
          if (!answeredForGood(results[i]!)) { failed.push(op); return; }
          // The newest status answered for good (taken, or refused as the pod is gone): nothing to keep it for.
          if (op === this.newestStatus) this.newestStatus = undefined;
          // The pod's removal answered for good: the machine may finish (a refusal that may pass is made again first).
          else if (op.op === 'delete') removed = true;
        });
        if (removed && !this.stopped) this.self.send({ type: 'pod.removed' });
        this.settled(failed);
      },
      () => this.settled(ops),
    );
  }

  /**
   * Writes the store did not take for a passing reason (overloaded, timed out) go again after
   * a backoff, as the kubelet's status manager syncs until the API server has the newest
   * status: nothing else would send them (the pod's object has not changed), and a pod Running
   * here but Pending in the store keeps its Deployment unavailable. A status a newer one has
   * replaced is not sent again; one refused for good (the pod is gone or replaced) is dropped.
   */
  private settled(failed: WireOp[]): void {
    if (failed.length === 0) {
      if (!this.retrying) this.writeFailures = undefined;
      return;
    }
    if (this.stopped) return;
    (this.retrying ??= []).push(...failed);
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      const again = (this.retrying ?? []).filter((op) => op.op !== 'update' || op === this.newestStatus);
      this.retrying = undefined;
      if (this.stopped) return;
      // A status written since is the newest and is queued itself: the filter above dropped the retried one.
      for (const op of again) this.enqueue(op);
    }, (this.writeFailures ??= new FailureStreak()).failed());
  }

  private stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (!this.subscribed) return;
    try {
      this.client.unsubscribe();
    } catch { /* the runtime is closing: its subscriptions go with it */ }
  }
}

/** The fieldPath of a container's Events. */
const containerPath = (c: { name: string }): string => `spec.containers{${c.name}}`;

/** Taken, or refused for good (404, 409): not worth sending again, unlike a refusal that may pass (429, 5xx). */
const answeredForGood = (r: LeanResult): boolean => r.ok || (r.code !== 429 && r.code < 500);

const ios = new WeakMap<AnyActorRef, PodIO>();
function io(self: AnyActorRef): PodIO {
  let x = ios.get(self);
  if (!x) ios.set(self, (x = new PodIO(self, actorContext(self).input as PodInput)));
  return x;
}

/**
 * The machine times nothing of the sim runtime's start (startLatencyMs −1: it waits for
 * `container.started`): the runtime above does, after its reference check.
 */
export const podActor = podMachine.provide({
  actions: {
    writeStatus: ({ context, self }, params) => io(self).writeStatus(context.pod, params.status),
    removePod: ({ context, self }) => io(self).remove(context.pod),
    startContainers: ({ context, self }) => io(self).start(context.pod),
    killContainers: ({ context, self }) => io(self).kill(context.pod),
    resync: ({ context, self }) => io(self).resync(context.pod),
  },
});
