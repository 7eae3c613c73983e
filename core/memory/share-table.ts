import { sameOrCopy } from './block-versions';

const MAX_REFS = 0xffff;

/** Plain-data form of {@link ShareTable}. */
export interface ShareTableState {
  zeroRefs: number;
  domains: Array<Int32Array | null>;
}

/**
 * Reference counts of shared content that spans VMs. Zero pages of every VM share one
 * frame (a counter). With host-wide sharing, OS pages share per guest OS: one table per OS,
 * indexed by content identity (the page number, see osContentId), each entry holding the
 * reference count (low 16 bits) and, while the content is seen on one page only, that page's
 * VM + 1 (the hint, high bits): as in ESX, a second page with the same content shares both.
 * Indexing by page number keeps lookups in step with the scan (no random table walks).
 * Salted sharing needs no table: duplicates live in one VM (see page-ops).
 */
export class ShareTable {
  constructor(
    public zeroRefs = 0,
    private readonly domains: Array<Int32Array | null> = [],
  ) {}

  static restore(s: ShareTableState): ShareTable {
    return new ShareTable(s.zeroRefs, s.domains);
  }

  /** A copy of the state; with `previous` (an earlier copy) the tables that did not change are its own. */
  save(previous: ShareTableState | null = null): ShareTableState {
    return {
      zeroRefs: this.zeroRefs,
      domains: this.domains.map((d, i) => (d ? sameOrCopy(d, d.length, previous?.domains[i]) : null)),
    };
  }

  private table(domain: number, size: number): Int32Array {
    while (this.domains.length <= domain) this.domains.push(null);
    let t = this.domains[domain];
    if (!t || t.length < size) {
      // Grow geometrically: a scan that meets ever higher page numbers must not copy the table each time.
      const bigger = new Int32Array(Math.max(size, t ? 2 * t.length : 0, 4096));
      if (t) bigger.set(t);
      t = bigger;
      this.domains[domain] = t;
    }
    return t;
  }

  /** References to content `id` of a domain, 0 when not shared. */
  refs(domain: number, id: number): number {
    const t = this.domains[domain];
    return t && id < t.length ? t[id]! & MAX_REFS : 0;
  }

  /** Adds a reference; true when the content needs a new frame (it had none). Clears its hint. */
  addRef(domain: number, id: number): boolean {
    const t = this.table(domain, id + 1);
    const before = t[id]! & MAX_REFS;
    if (before === MAX_REFS) throw new Error('shared content reference count overflow');
    t[id] = before + 1;
    return before === 0;
  }

  /** Drops a reference; true when the content's frame is no longer needed. */
  release(domain: number, id: number): boolean {
    const t = this.table(domain, id + 1);
    const before = t[id]! & MAX_REFS;
    if (before === 0) throw new Error('released an unshared content');
    t[id] = (t[id]! & ~MAX_REFS) | (before - 1);
    return before === 1;
  }

  /** VM index of the page hinted for content `id`, -1 when none. */
  hintVm(domain: number, id: number): number {
    const t = this.domains[domain];
    return t && id < t.length ? (t[id]! >>> 16) - 1 : -1;
  }

  setHint(domain: number, id: number, vm: number): void {
    const t = this.table(domain, id + 1);
    t[id] = (t[id]! & MAX_REFS) | ((vm + 1) << 16);
  }
}
