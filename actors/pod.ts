// The Pod actor: the kubelet's worker for one pod, running it through the sim
// container runtime: check what the pod refers to, start its containers after
// the node's start latency, report status; on deletion, stop them and confirm.
// The pod's status has one writer: this actor.
import { fromCallback } from 'xstate';
import { createContainerConfigErrorStatus, podIPFor, runningStatus } from '../machines/pod/status.js';
import { actorContext } from '../src/runtime/context.js';
import type { KObject } from '../src/store/types.js';
import { StoreClient, uidOf } from './client.js';
import { EventRecorder } from './event-client.js';
import { keyOf, refs, type StoreChanges } from './protocol.js';

export interface PodInput {
  pod: KObject;
  node: string;
  hostIP: string;
  startLatencyMs: number;
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

const isReady = (p: KObject) => (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');

export const podActor = fromCallback<{ type: string; pod?: KObject }, PodInput>(({ input, receive, self }) => {
  const ctx = actorContext(self);
  const client = new StoreClient(ctx);
  let pod = input.pod;
  const ns = pod.metadata.namespace!;
  let phase: 'checking' | 'starting' | 'running' | 'waiting' | 'terminating' | 'done' = 'checking';
  let timer: ReturnType<typeof setTimeout> | null = null;
  let subscribed = false;
  const events = new EventRecorder(ctx, 'kubelet');
  const containerNames = (): { name: string; image: string }[] => pod.spec?.containers ?? [];

  const writeStatus = (status: Record<string, unknown>) =>
    client.write([{ op: 'update', resource: refs.pods, subresource: 'status', object: { ...pod, metadata: { ...pod.metadata, resourceVersion: undefined }, status } }]);

  const terminate = () => {
    if (phase === 'terminating' || phase === 'done') return;
    if (phase === 'running') for (const c of containerNames()) events.record(pod, { type: 'Normal', reason: 'Killing', message: `Stopping container ${c.name}` });
    phase = 'terminating';
    if (timer) clearTimeout(timer);
    // The sim runtime stops containers at once; the kubelet then confirms with grace 0.
    void client.write([{ op: 'delete', resource: refs.pods, namespace: ns, name: pod.metadata.name!, uid: uidOf(pod), gracePeriodSeconds: 0 }])
      .then(() => { phase = 'done'; });
  };

  const start = async () => {
    if (pod.metadata.deletionTimestamp) return terminate();
    if (pod.status?.phase === 'Running' || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') { phase = 'running'; return; }
    phase = 'checking';
    const needed = referencesOf(pod).filter((r) => !r.optional);
    if (needed.length) {
      const ref = (k: Ref['kind']) => refs[k];
      const reply = await client.subscribe(
        subscribed ? [] : needed.map((r) => ({ by: 'key' as const, value: keyOf(ref(r.kind), ns, r.name) })),
        needed.map((r) => ({ resource: ref(r.kind), namespace: ns, fieldSelector: `metadata.name=${r.name}` })),
      );
      subscribed = true;
      const missing = needed.filter((_, i) => (reply.objects[i] ?? []).length === 0);
      if (missing.length) {
        const m = missing[0]!;
        const what = m.kind === 'secrets' ? 'secret' : m.kind === 'configmaps' ? 'configmap' : 'serviceaccount';
        phase = 'waiting'; // until the missing object appears (we subscribed to its key)
        await writeStatus(createContainerConfigErrorStatus(pod, Date.now(), `${what} "${m.name}" not found`));
        return;
      }
    }
    phase = 'starting';
    timer = setTimeout(() => {
      timer = null;
      if (phase !== 'starting') return;
      phase = 'running';
      for (const c of containerNames()) {
        events.record(pod, { type: 'Normal', reason: 'Pulled', message: `Container image "${c.image}" already present on machine` });
        events.record(pod, { type: 'Normal', reason: 'Created', message: `Created container: ${c.name}` });
        events.record(pod, { type: 'Normal', reason: 'Started', message: `Started container ${c.name}` });
      }
      void writeStatus(runningStatus(pod, Date.now(), podIPFor(input.node, uidOf(pod)), input.hostIP));
    }, input.startLatencyMs);
  };

  void start();

  receive((event) => {
    if (event.type === 'pod.updated' && event.pod) {
      pod = event.pod;
      if (pod.metadata.deletionTimestamp) terminate();
      else if (phase === 'running' && pod.status?.phase === 'Running' && !isReady(pod)) {
        // Marked not ready while our node was cut off (node lifecycle controller): we are back, it runs.
        const running = (pod.status?.containerStatuses ?? [])[0]?.state?.running?.startedAt;
        const restarts = (pod.status?.containerStatuses ?? [])[0]?.restartCount ?? 0;
        void writeStatus(runningStatus(pod, Date.now(), pod.status?.podIP ?? podIPFor(input.node, uidOf(pod)), input.hostIP, restarts, running ? Date.parse(running) : undefined));
      }
      return;
    }
    if (event.type === 'store.changes') {
      // A Secret, ConfigMap or ServiceAccount we were waiting for appeared.
      if (phase === 'waiting' && (event as StoreChanges).changes.some((c) => c.type !== 'DELETED')) void start();
    }
  });
  return () => {
    if (timer) clearTimeout(timer);
    if (subscribed) client.unsubscribe();
  };
});
