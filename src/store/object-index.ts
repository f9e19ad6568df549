// The committed in-memory view: the newest encoded object per key (the cache), which keys
// exist per resource and namespace, and the secondary indexes hot queries need (owner uid,
// node name, label pair) so no controller scans every pod. Rebuilt at open.
import { MultiIndex } from './multi-index.js';

/** What the store keeps per live object: its bytes plus the fields the indexes need. */
export interface LiveEntry {
  key: string;
  rev: number;
  encoded: Uint8Array;
  kind: string;
  labels: Readonly<Record<string, string>> | undefined;
  ownerUids: readonly string[];
  /** Pods only: spec.nodeName, '' when unbound (so the scheduler finds unbound pods by index). */
  nodeName: string | undefined;
  /** What the store's `summarize` made of the object when it was written (see JournalStoreOptions). */
  summary: string | undefined;
}

export interface KeyScope { prefix: string; namespace: string }

/** '/core/pods/default/web' -> {prefix '/core/pods/', namespace 'default'}; cluster-scoped -> namespace ''. */
export function scopeOfKey(key: string): KeyScope {
  const third = key.indexOf('/', key.indexOf('/', 1) + 1);
  const prefix = key.slice(0, third + 1);
  const rest = key.slice(third + 1);
  const slash = rest.indexOf('/');
  return { prefix, namespace: slash < 0 ? '' : rest.slice(0, slash) };
}

const labelTerm = (k: string, v: string) => `${k}\u0000${v}`;

export class ObjectIndex {
  readonly live = new Map<string, LiveEntry>();
  /** prefix -> namespace -> keys that are live or have retained history (a tombstone). */
  private readonly scopes = new Map<string, Map<string, Set<string>>>();
  private readonly sorted = new Map<string, string[]>();
  private readonly byLabel = new MultiIndex();
  private readonly byOwner = new MultiIndex();
  private readonly byNode = new MultiIndex();

  /** A key joins its scope when first written; it leaves when its history is compacted away. */
  addKey(key: string): void {
    const { prefix, namespace } = scopeOfKey(key);
    let byNs = this.scopes.get(prefix);
    if (!byNs) this.scopes.set(prefix, (byNs = new Map()));
    let keys = byNs.get(namespace);
    if (!keys) byNs.set(namespace, (keys = new Set()));
    if (keys.has(key)) return;
    keys.add(key);
    this.invalidate(prefix, namespace);
  }

  removeKey(key: string): void {
    const { prefix, namespace } = scopeOfKey(key);
    const keys = this.scopes.get(prefix)?.get(namespace);
    if (!keys?.delete(key)) return;
    if (keys.size === 0) this.scopes.get(prefix)!.delete(namespace);
    this.invalidate(prefix, namespace);
  }

  private invalidate(prefix: string, namespace: string): void {
    if (this.sorted.size === 0) return;
    this.sorted.delete(prefix);
    this.sorted.delete(prefix + '\u0000' + namespace);
  }

  /** Keys of a resource (optionally one namespace) in key order; cached until a key comes or goes. */
  keysSorted(prefix: string, namespace?: string): readonly string[] {
    const id = namespace === undefined ? prefix : prefix + '\u0000' + namespace;
    let out = this.sorted.get(id);
    if (out) return out;
    const byNs = this.scopes.get(prefix);
    out = [];
    if (byNs) {
      if (namespace === undefined) for (const keys of byNs.values()) for (const k of keys) out.push(k);
      else for (const k of byNs.get(namespace) ?? []) out.push(k);
    }
    out.sort();
    this.sorted.set(id, out);
    return out;
  }

  /**
   * The keys named `name` of a resource (in one namespace, or in every namespace it has keys
   * in), live or with retained history, in key order: what a `metadata.name=` field selector
   * can match, found without a scan, as kube-apiserver reads such a list as one key.
   */
  keysNamed(prefix: string, namespace: string | undefined, name: string): string[] {
    const byNs = this.scopes.get(prefix);
    if (!byNs) return [];
    const out: string[] = [];
    const look = (ns: string, keys: Set<string> | undefined) => {
      const key = ns === '' ? prefix + name : `${prefix}${ns}/${name}`;
      if (keys?.has(key)) out.push(key);
    };
    if (namespace !== undefined) look(namespace, byNs.get(namespace));
    else for (const [ns, keys] of byNs) look(ns, keys);
    return out.sort();
  }

  countLive(prefix: string, namespace?: string): number {
    let n = 0;
    for (const k of this.keysSorted(prefix, namespace)) if (this.live.has(k)) n++;
    return n;
  }

  setLive(entry: LiveEntry): void {
    const old = this.live.get(entry.key);
    this.live.set(entry.key, entry);
    // Most writes leave what is indexed as it was (the entry then shares the old one's labels
    // and owners): out of its index sets and back in again would change nothing.
    if (old && old.labels === entry.labels && old.ownerUids === entry.ownerUids && old.nodeName === entry.nodeName) return;
    if (old) this.unindex(old);
    this.index(entry);
  }

  removeLive(key: string): void {
    const old = this.live.get(key);
    if (!old) return;
    this.unindex(old);
    this.live.delete(key);
  }

  keysWithLabel(key: string, value: string): ReadonlySet<string> { return this.byLabel.get(labelTerm(key, value)); }
  keysOwnedBy(uid: string): ReadonlySet<string> { return this.byOwner.get(uid); }
  keysOnNode(nodeName: string): ReadonlySet<string> { return this.byNode.get(nodeName); }

  private index(e: LiveEntry): void {
    if (e.labels) for (const k in e.labels) this.byLabel.add(labelTerm(k, e.labels[k]!), e.key);
    for (const uid of e.ownerUids) this.byOwner.add(uid, e.key);
    if (e.nodeName !== undefined) this.byNode.add(e.nodeName, e.key);
  }

  private unindex(e: LiveEntry): void {
    if (e.labels) for (const k in e.labels) this.byLabel.remove(labelTerm(k, e.labels[k]!), e.key);
    for (const uid of e.ownerUids) this.byOwner.remove(uid, e.key);
    if (e.nodeName !== undefined) this.byNode.remove(e.nodeName, e.key);
  }
}
