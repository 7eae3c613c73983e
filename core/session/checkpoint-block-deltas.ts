import { isDeltaKind, listKindOf } from './checkpoint-block-bytes';
import type { IndexedCheckpoint, PackInfo } from './checkpoint-blocks';
import { SessionError } from './session-error';

/** Most checkpoints in one file (checkpoint-blocks.ts), so also the longest chain of delta bases. */
export const maxChain = 256;

function corrupt(detail: string): SessionError {
  return new SessionError('corrupt', `The saved checkpoints are damaged: ${detail}.`);
}

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
      plain[k] = coded[k]!.refs.map((list, l) => {
        const out = new Int32Array(list.length);
        const above = next?.[l];
        let prev = 0;
        for (let b = 0; b < list.length; b++) {
          const other = next === null ? prev : above !== undefined && b < above.length ? above[b]! : 0;
          const r = (list[b]! + other) | 0;
          if (r >= blocks || r < -fills)
            throw corrupt(`checkpoint ${k + 1} refers to a block the file does not hold`);
          out[b] = r;
          prev = r;
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
 * Every delta's base is another block the file holds, of the same list kind and size, and no
 * chain of bases is longer than a file has checkpoints (so none loops); every other block has
 * none. Throws SessionError 'corrupt' naming the block.
 */
export function checkBases(packs: readonly PackInfo[], blocks: number): void {
  const kind = new Uint8Array(blocks);
  const length = new Uint32Array(blocks);
  const base = new Int32Array(blocks);
  let n = 0;
  for (const p of packs)
    for (let b = 0; b < p.kinds.length; b++, n++) {
      kind[n] = p.kinds[b]!;
      length[n] = p.lengths[b]!;
      base[n] = p.bases[b]!;
    }
  const where = (r: number): string => {
    let p = 0;
    let first = 0;
    while (first + packs[p]!.kinds.length <= r) first += packs[p++]!.kinds.length;
    return `block ${r - first + 1} of pack ${p + 1}`;
  };
  for (let r = 0; r < blocks; r++) {
    const b = base[r]!;
    if (!isDeltaKind(kind[r]!)) {
      if (b !== -1) throw corrupt(`${where(r)} is no delta but has a base`);
      continue;
    }
    if (b < 0 || b >= blocks || b === r)
      throw corrupt(`${where(r)} is a delta of a block the file does not hold`);
    if (listKindOf(kind[b]!) !== listKindOf(kind[r]!) || length[b] !== length[r])
      throw corrupt(`${where(r)} is a delta of a block of another kind or size`);
  }
  // Depth of each delta chain, known once per block (a walk stops at a block already measured).
  const depth = new Int32Array(blocks).fill(-1);
  const path: number[] = [];
  for (let r = 0; r < blocks; r++) {
    let at = r;
    path.length = 0;
    while (depth[at] === -1 && isDeltaKind(kind[at]!)) {
      path.push(at);
      if (path.length > maxChain)
        throw corrupt(`${where(r)} is a delta in a chain longer than ${maxChain}, or a loop`);
      at = base[at]!;
    }
    let d = depth[at] === -1 ? 0 : depth[at]!;
    for (let k = path.length - 1; k >= 0; k--) depth[path[k]!] = ++d;
    if (d > maxChain) throw corrupt(`${where(r)} is a delta in a chain longer than ${maxChain}, or a loop`);
  }
}
