import { isDeltaKind, listKindOf } from './checkpoint-block-bytes';
import type { IndexedCheckpoint } from './checkpoint-blocks';
import { damagedCheckpoints } from './session-error';

/** Most checkpoints in one file (checkpoint-blocks.ts), so also the longest chain of delta bases. */
export const maxChain = 256;

/**
 * References as a file keeps them: each checkpoint's as differences from the next newer one's at
 * the same place (unchanged blocks: 0), the newest's from the one before in its list (blocks
 * numbered in order: 1); `back` undoes it. Arithmetic wraps to 32 bits both ways.
 */
export function codeRefs(checkpoints: readonly IndexedCheckpoint[], back: boolean): Int32Array[][] {
  const out: Int32Array[][] = checkpoints.map(() => []);
  for (let i = checkpoints.length - 1; i >= 0; i--) {
    const next = i + 1 < checkpoints.length ? (back ? out[i + 1]! : checkpoints[i + 1]!.refs) : null;
    out[i] = checkpoints[i]!.refs.map((list, l) => {
      const coded = new Int32Array(list.length);
      let prev = 0;
      for (let b = 0; b < list.length; b++) {
        const other = next === null ? prev : (next[l]?.[b] ?? 0);
        coded[b] = back ? (list[b]! + other) | 0 : (list[b]! - other) | 0;
        prev = back ? coded[b]! : list[b]!;
      }
      return coded;
    });
  }
  return out;
}

/**
 * `coded` (references as {@link codeRefs} writes them) with each checkpoint's references decoded
 * when first read, newest first, and checked against the file's `blocks` and `fills` then: opening
 * a file needs only the newest's, which are read here, and an earlier checkpoint's are read when
 * it is built (a hundred checkpoints of a large host hold ten million references, about half a
 * second to decode and check). A reference out of bounds throws SessionError 'corrupt' when read.
 */
export function withLazyRefs(
  coded: readonly IndexedCheckpoint[],
  blocks: number,
  fills: number,
): IndexedCheckpoint[] {
  const plain: (Int32Array[] | undefined)[] = new Array<Int32Array[] | undefined>(coded.length).fill(
    undefined,
  );
  const decode = (i: number): Int32Array[] => {
    const known = plain[i];
    if (known !== undefined) return known;
    let from = i;
    while (from + 1 < coded.length && plain[from + 1] === undefined) from++;
    for (let k = from; k >= i; k--) {
      const next = k + 1 < coded.length ? plain[k + 1]! : null;
      const damaged = (): Error =>
        damagedCheckpoints(`checkpoint ${k + 1} refers to a block the file does not hold`);
      plain[k] = coded[k]!.refs.map((list, l) => {
        const out = new Int32Array(list.length);
        if (next === null) {
          let prev = 0;
          for (let b = 0; b < list.length; b++) {
            const r = (list[b]! + prev) | 0;
            if (r >= blocks || r < -fills) throw damaged();
            out[b] = r;
            prev = r;
          }
          return out;
        }
        // Mostly the newer checkpoint's references (checked with it): only those that differ are looked at.
        const above = next[l];
        const common = above === undefined ? 0 : Math.min(above.length, list.length);
        if (common > 0) out.set(above!.subarray(0, common));
        for (let b = 0; b < common; b++) {
          const d = list[b]!;
          if (d === 0) continue;
          const r = (d + out[b]!) | 0;
          if (r >= blocks || r < -fills) throw damaged();
          out[b] = r;
        }
        for (let b = common; b < list.length; b++) {
          const r = list[b]!;
          if (r >= blocks || r < -fills) throw damaged();
          out[b] = r;
        }
        return out;
      });
    }
    return plain[i]!;
  };
  const out = coded.map((c, i): IndexedCheckpoint => ({
    tick: c.tick,
    small: c.small,
    get refs(): Int32Array[] {
      return decode(i);
    },
  }));
  if (out.length > 0) decode(out.length - 1);
  return out;
}

/**
 * The delta bases of a file's blocks (numbered across its packs: their kinds, element counts and
 * bases, known once `need` was called for a block), checked when a block is first built instead of when the file opens: the newest
 * checkpoint, which opening builds, is kept whole, and checking the bases of a large host's
 * 265,000 blocks took tens of ms of the engine's wait. Each chain is walked once.
 */
export class DeltaBases {
  /** Deltas in the chain from each block checked so far (0 for a whole block), -1 when not yet checked. */
  private depth: Int16Array | null = null;
  private readonly path: number[] = [];

  constructor(
    private readonly kindOf: Uint8Array,
    private readonly lengthOf: Uint32Array,
    private readonly baseOf: Int32Array,
    /** Makes the kind, size and base of block `r` known in the arrays above (throws when they do not read). */
    private readonly need: (r: number) => void,
    /** Names block `r` for a message ("block 3 of pack 7"). */
    private readonly where: (r: number) => string,
  ) {}

  /**
   * Throws SessionError 'corrupt' unless every base in the chain from block `r` is another block
   * the file holds, of the same list kind and size, and the chain holds at most {@link maxChain}
   * deltas (so none loops).
   */
  check(r: number): void {
    const { kindOf, lengthOf, baseOf, path } = this;
    this.need(r);
    if (!isDeltaKind(kindOf[r]!)) return;
    const blocks = kindOf.length;
    const depth = (this.depth ??= new Int16Array(blocks).fill(-1));
    if (depth[r]! >= 0) return;
    path.length = 0;
    let at = r;
    while (depth[at] === -1 && isDeltaKind(kindOf[at]!)) {
      const b = baseOf[at]!;
      if (b < 0 || b >= blocks || b === at)
        throw damagedCheckpoints(`${this.where(at)} is a delta of a block the file does not hold`);
      this.need(b);
      if (listKindOf(kindOf[b]!) !== listKindOf(kindOf[at]!) || lengthOf[b] !== lengthOf[at])
        throw damagedCheckpoints(`${this.where(at)} is a delta of a block of another kind or size`);
      path.push(at);
      if (path.length > maxChain)
        throw damagedCheckpoints(`${this.where(r)} is a delta in a chain longer than ${maxChain}, or a loop`);
      at = b;
    }
    let d = depth[at] === -1 ? 0 : depth[at]!;
    if (d + path.length > maxChain)
      throw damagedCheckpoints(`${this.where(r)} is a delta in a chain longer than ${maxChain}, or a loop`);
    for (let k = path.length - 1; k >= 0; k--) depth[path[k]!] = ++d;
  }
}
