// meta.k8s.io/v1 Table: what `kubectl get` asks for and prints.
import type { KObject } from '../../store/types.js';
import type { ResourceType } from '../resources/index.js';
import { badRequest } from '../status.js';

/** True when the Accept header asks for a Table (kubectl get does, with JSON as fallback). */
export function wantsTable(accept: string | null): boolean {
  if (!accept) return false;
  for (const part of accept.split(',')) {
    const params = part.split(';').map((s) => s.trim());
    if (params[0] !== 'application/json' && params[0] !== '*/*') continue;
    const as = params.find((p) => p.startsWith('as='))?.slice(3);
    if (!as) return false; // plain JSON listed before any Table: plain JSON it is
    const g = params.find((p) => p.startsWith('g='))?.slice(2);
    const v = params.find((p) => p.startsWith('v='))?.slice(2);
    if (as === 'Table' && g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1')) return true;
  }
  return false;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function includeObject(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  if (v === null || v === '') return 'Metadata';
  if (v === 'None' || v === 'Metadata' || v === 'Object') return v;
  throw badRequest(`includeObject: Unsupported value: "${v}": supported values: "None", "Metadata", "Object"`);
}

function rowObject(obj: KObject, type: ResourceType, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  void type;
}

export function toTable(type: ResourceType, objects: KObject[], meta: { resourceVersion?: string; continue?: string; remainingItemCount?: number }, include: IncludeObject, now: number): unknown {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: meta,
    columnDefinitions: type.columns,
    rows: objects.map((o) => {
      const row: Record<string, unknown> = { cells: type.cells(o, now) };
      const object = rowObject(o, type, include);
      if (object !== undefined) row.object = object;
      return row;
    }),
  };
}
