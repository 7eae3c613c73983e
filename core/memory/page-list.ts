/**
 * An unordered growable list of PPNs that may go stale (the page moved on since it was
 * listed). Users validate an entry when they draw it and drop it if stale; {@link compact}
 * keeps stale entries from piling up. Used to find the few pages a per-tick binomial draw
 * says are touched without scanning a VM's memory.
 */
export class PageList {
  items: Int32Array;
  length: number;

  constructor(items?: Int32Array, length?: number) {
    this.items = items ?? new Int32Array(64);
    this.length = length ?? 0;
  }

  push(page: number): void {
    if (this.length === this.items.length) {
      const bigger = new Int32Array(this.items.length * 2);
      bigger.set(this.items);
      this.items = bigger;
    }
    this.items[this.length++] = page;
  }

  /** Removes entry i by moving the last entry into its place. */
  removeAt(i: number): void {
    this.items[i] = this.items[--this.length]!;
  }

  /** Keeps only entries for which `valid` holds, dropping duplicates too. */
  compact(valid: (page: number) => boolean): void {
    const kept = this.items.slice(0, this.length).filter(valid).sort();
    let n = 0;
    for (let i = 0; i < kept.length; i++) if (i === 0 || kept[i] !== kept[i - 1]) kept[n++] = kept[i]!;
    const cap = Math.max(64, n * 2);
    this.items = new Int32Array(cap);
    this.items.set(kept.subarray(0, n));
    this.length = n;
  }

  save(): Int32Array {
    return this.items.slice(0, this.length);
  }

  static restore(items: Int32Array): PageList {
    const cap = Math.max(64, items.length * 2);
    const a = new Int32Array(cap);
    a.set(items);
    return new PageList(a, items.length);
  }
}
