// Kubernetes Events as controllers record them (core/v1 Event).
import type { KObject } from '../src/store/types.js';
import { rfc3339 } from '../machines/time.js';


export function eventObject(about: KObject, e: { type: 'Normal' | 'Warning'; reason: string; message: string }, component: string, now = Date.now()): KObject {
  const m = about.metadata;
  const ts = rfc3339(now);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { generateName: `${m.name}.`, namespace: m.namespace ?? 'default' },
    involvedObject: { apiVersion: about.apiVersion, kind: about.kind, name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion },
    reason: e.reason,
    message: e.message,
    type: e.type,
    source: { component },
    reportingComponent: component,
    reportingInstance: component,
    firstTimestamp: ts,
    lastTimestamp: ts,
    count: 1,
  };
}
