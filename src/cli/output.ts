// -o yaml|json|name: objects as kubectl prints them. managedFields are left
// out as kubectl does by default; several objects print as a v1 List.
import { usageError } from './errors.js';

export type OutputFormat = 'table' | 'wide' | 'yaml' | 'json' | 'name';

export function outputFormat(value: string | undefined): OutputFormat {
  if (value === undefined) return 'table';
  if (value === 'wide' || value === 'yaml' || value === 'json' || value === 'name') return value;
  throw usageError(`unable to match a printer for output format "${value}": use one of yaml, json, wide, name`);
}

export function withoutManagedFields(obj: any): any {
  if (!obj || typeof obj !== 'object' || !obj.metadata?.managedFields) return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/** One object as itself, none or several as a List (what kubectl prints for `get TYPE`). */
export function printable(objects: any[], single: boolean): any {
  const items = objects.map(withoutManagedFields);
  if (single && items.length === 1) return items[0];
  return { apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } };
}

/** Sorted keys, unindented sequences, and YAML 1.1 quoting (timestamps, yes/on) as kubectl's go-yaml writes. */
export async function toYaml(obj: unknown): Promise<string> {
  // Loaded on demand: the yaml package takes a third of a second to load, which every other verb would pay.
  const { stringify } = await import('yaml');
  return stringify(obj, { indentSeq: false, sortMapEntries: true, lineWidth: 0, version: '1.1' });
}

export function toJson(obj: unknown): string {
  return JSON.stringify(obj, null, 4) + '\n';
}
