// The statechart state of a Pod or Node read from the object alone, with the machines' state
// names (podMachine, nodeMachine), so the live inspector and the time scrubber agree.
import type { KObject } from '../src/store/types.js';

export type PodState = 'Pending' | 'Scheduled' | 'ContainerCreating' | 'Running.Ready' | 'Running.NotReady' | 'Succeeded' | 'Failed'
  | 'Terminating' | 'CrashLoopBackOff' | 'Unschedulable';
export type NodeState = 'Ready' | 'NotReady' | 'Unknown' | 'Deleting';

const cond = (obj: KObject, type: string): any =>
  Array.isArray(obj.status?.conditions) ? obj.status.conditions.find((c: any) => c?.type === type) : undefined;

function podState(pod: KObject): PodState {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  const phase = pod.status?.phase;
  if (phase === 'Succeeded') return 'Succeeded';
  if (phase === 'Failed') return 'Failed';
  if (!pod.spec?.nodeName) {
    const s = cond(pod, 'PodScheduled');
    return s?.status === 'False' && s.reason === 'Unschedulable' ? 'Unschedulable' : 'Pending';
  }
  const statuses: any[] = Array.isArray(pod.status?.containerStatuses) ? pod.status.containerStatuses : [];
  if (statuses.length === 0) return 'Scheduled';
  if (statuses.some((c) => c?.state?.waiting?.reason === 'CrashLoopBackOff')) return 'CrashLoopBackOff';
  if (phase === 'Running') return cond(pod, 'Ready')?.status === 'True' ? 'Running.Ready' : 'Running.NotReady';
  return 'ContainerCreating';
}

function nodeState(node: KObject): NodeState {
  if (node.metadata?.deletionTimestamp) return 'Deleting';
  const s = cond(node, 'Ready')?.status;
  return s === 'True' ? 'Ready' : s === 'False' ? 'NotReady' : 'Unknown';
}

export function stateOfCore(kind: 'Pod' | 'Node', obj: KObject): string {
  return kind === 'Pod' ? podState(obj) : nodeState(obj);
}
