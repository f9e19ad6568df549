// A value -> set-of-keys index (owner uid, node name, label pair).
export class MultiIndex {
  private readonly sets = new Map<string, Set<string>>();

  add(value: string, key: string): void {
    let s = this.sets.get(value);
    if (!s) this.sets.set(value, (s = new Set()));
    s.add(key);
  }

  remove(value: string, key: string): void {
    const s = this.sets.get(value);
    if (!s) return;
    s.delete(key);
    if (s.size === 0) this.sets.delete(value);
  }

  get(value: string): ReadonlySet<string> {
    return this.sets.get(value) ?? EMPTY;
  }
}

const EMPTY: ReadonlySet<string> = new Set();
