// pods/binding: what a Binding does to a pod, in one place for the REST
// subresource and for the scheduler's writes through the gateway.
import { StoreError } from '../store/errors.js';
import { mergeObject } from '../store/copy.js';
import type { KObject } from '../store/types.js';

function refused(name: string, why: string): StoreError {
  return new StoreError('Conflict', `Operation cannot be fulfilled on pods/binding "${name}": ${why}`, { name, kind: 'pods' });
}

/**
 * The pod bound to `node` (spec.nodeName and PodScheduled=True), or a
 * Conflict: another pod by now (uid), being deleted, or bound already. The
 * result keeps the pod's resourceVersion, so an update from a stale read
 * conflicts; through the store's modify, a concurrent bind sees the first one
 * and is refused as bound already.
 */
export function boundPod(pod: KObject, node: string, now: number, uid?: string): KObject {
  const name = pod.metadata.name!;
  if (uid && uid !== pod.metadata.uid) throw refused(name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${pod.metadata.uid}`);
  if (pod.metadata.deletionTimestamp) throw refused(name, `pod ${name} is being deleted, cannot be assigned to a host`);
  if (pod.spec?.nodeName) throw refused(name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
  const conditions = (pod.status?.conditions ?? []).filter((c: { type: string }) => c.type !== 'PodScheduled');
  conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z') });
  // Copied key by key (a spread-and-extend copy would be a slow dictionary object to encode).
  return mergeObject(pod, { spec: mergeObject(pod.spec ?? {}, { nodeName: node }, false), status: mergeObject(pod.status ?? {}, { conditions }, false) }, false);
}
