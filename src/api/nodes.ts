// Node objects registered at start (`--nodes N`): what a kubelet would report
// when it joins. Their kubelets (heartbeats, pods) come with the controllers.
import { StoreError } from '../store/errors.js';
import type { KObject, ObjectStore, ResourceRef } from '../store/types.js';

const NODES: ResourceRef = { group: '', resource: 'nodes', kind: 'Node', namespaced: false };

export function simulatedNode(name: string, now: string): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64', 'type': 'cybernetes-sim',
      },
    },
    spec: {},
    status: {
      capacity: { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' },
      allocatable: { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' },
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: now, lastTransitionTime: now },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: now, lastTransitionTime: now },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: now, lastTransitionTime: now },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now },
      ],
      addresses: [{ type: 'InternalIP', address: '127.0.0.1' }, { type: 'Hostname', address: name }],
      nodeInfo: {
        kubeletVersion: 'v1.32.0-cybernetes', kubeProxyVersion: 'v1.32.0-cybernetes', containerRuntimeVersion: 'sim://1.0.0',
        operatingSystem: 'linux', architecture: 'amd64', osImage: 'cybernetes simulated node', kernelVersion: 'sim',
        machineID: name, systemUUID: name, bootID: name,
      },
    },
  };
}

/** Registers node-1..node-N that are not there yet (a restart keeps the ones it has). */
export async function registerNodes(store: ObjectStore, count: number, now = new Date()): Promise<void> {
  const ts = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  await Promise.all(Array.from({ length: count }, (_, i) => store.create(NODES, simulatedNode(`node-${i + 1}`, ts), { cause: 'bootstrap' })
    .catch((err) => { if (!(err instanceof StoreError && err.reason === 'AlreadyExists')) throw err; })));
}
