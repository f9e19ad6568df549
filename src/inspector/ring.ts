// A bounded buffer of the newest records: pushing past capacity overwrites the
// oldest. The inspector keeps runtime records and journal entries in these, so
// memory stays flat however long the cluster runs.
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;
  /** Records pushed since creation (so callers can tell how many were overwritten). */
  pushed = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a whole number ≥ 1, got ${capacity}`);
    this.items = new Array(capacity);
  }

  get size(): number { return this.count; }
  get dropped(): number { return this.pushed - this.count; }

  /** Adds an item; returns the one it overwrote, if any. */
  push(item: T): T | undefined {
    this.pushed++;
    if (this.count < this.capacity) {
      this.items[(this.start + this.count++) % this.capacity] = item;
      return undefined;
    }
    const old = this.items[this.start];
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    return old;
  }

  /** Oldest first. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.count; i++) yield this.items[(this.start + i) % this.capacity]!;
  }

  toArray(): T[] { return [...this]; }

  /** The newest `n` items matching `pred`, oldest first. */
  newest(n: number, pred: (item: T) => boolean = () => true): T[] {
    const out: T[] = [];
    for (let i = this.count - 1; i >= 0 && out.length < n; i--) {
      const item = this.items[(this.start + i) % this.capacity]!;
      if (pred(item)) out.push(item);
    }
    return out.reverse();
  }
}
