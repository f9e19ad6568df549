// The objects the scenarios create: Deployments and bare Pods with tiny
// requests (so scheduling is never short of room), and the tolerations that
// make a failed node's pods leave at once.
import type { KObject } from '../src/store/types.js';

export const NAMESPACE = 'default';
export const IMAGE = 'registry.local/app:1';

/** Tolerating not-ready/unreachable for 0 s (admission would give 300 s): eviction measures the control plane. */
export const LEAVE_FAILED_NODES_AT_ONCE = {
  terminationGracePeriodSeconds: 1,
  tolerations: [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 },
  ],
};

function podSpec(image: string, extra: Record<string, unknown>): Record<string, unknown> {
  return { containers: [{ name: 'c', image, resources: { requests: { cpu: '1m', memory: '1Mi' } } }], ...extra };
}

export interface DeploymentOptions {
  image?: string;
  /** RollingUpdate's maxSurge / maxUnavailable (Kubernetes' defaults, 25% each, when omitted). */
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  /** Merged into the pod template's spec. */
  podSpec?: Record<string, unknown>;
}

export function deployment(name: string, replicas: number, o: DeploymentOptions = {}): KObject {
  const rollingUpdate = { ...(o.maxSurge === undefined ? {} : { maxSurge: o.maxSurge }), ...(o.maxUnavailable === undefined ? {} : { maxUnavailable: o.maxUnavailable }) };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: NAMESPACE },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      ...(Object.keys(rollingUpdate).length ? { strategy: { type: 'RollingUpdate', rollingUpdate } } : {}),
      template: { metadata: { labels: { app: name } }, spec: podSpec(o.image ?? IMAGE, o.podSpec ?? {}) },
    },
  };
}

export function pod(name: string, labels: Record<string, string> = {}): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NAMESPACE, labels }, spec: podSpec(IMAGE, {}) };
}

/** `total` split into `parts` near-equal shares (the last takes the remainder), as burst always did. */
export function split(total: number, parts: number): number[] {
  const each = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, i) => (i === parts - 1 ? total - each * (parts - 1) : each));
}
