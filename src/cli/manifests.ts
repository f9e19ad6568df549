// Manifests as kubectl reads them: multi-document YAML or JSON (JSON is
// YAML), `kind: List` unpacked into its items, empty documents skipped.
// Pure: the text comes in, objects go out.
import { CliError } from './errors.js';

export interface Manifest { object: Record<string, any>; source: string }

export async function parseManifests(text: string, source: string): Promise<Manifest[]> {
  const { parseAllDocuments } = await import('yaml'); // loaded on demand: it is slow to load
  const out: Manifest[] = [];
  const docs = parseAllDocuments(text);
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length) throw new CliError(`${source}: not valid YAML or JSON: ${doc.errors[0]!.message.split('\n')[0]}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new CliError(`${source}: a document is not an object (apiVersion, kind, metadata, ...)`);
    const obj = value as Record<string, any>;
    if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
      for (const item of obj.items) out.push(checked(item, source));
    } else {
      out.push(checked(obj, source));
    }
  }
  return out;
}

function checked(obj: any, source: string): Manifest {
  if (!obj || typeof obj !== 'object') throw new CliError(`${source}: a List item is not an object`);
  const missing = ['apiVersion', 'kind'].filter((k) => typeof obj[k] !== 'string' || !obj[k]);
  if (missing.length) throw new CliError(`${source}: an object has no ${missing.join(' or ')}; every object needs apiVersion and kind`);
  if (typeof obj.metadata?.name !== 'string' || !obj.metadata.name) throw new CliError(`${source}: the ${obj.kind} has no metadata.name, which apply needs`);
  return { object: obj, source };
}

/** The files of a directory that hold manifests, as kubectl picks them. */
export const isManifestFile = (name: string): boolean => /\.(ya?ml|json)$/i.test(name);
