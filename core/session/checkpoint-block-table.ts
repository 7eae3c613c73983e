import { checkPackBlocks, lastKindOfFormat, packedBytes, type BlockKind } from './checkpoint-block-bytes';
import { DeltaBases } from './checkpoint-block-deltas';
import type { BlockIndex } from './checkpoint-blocks';

/** The index format of `index` (one built in memory, not read from a file, is of the newest). */
function formatOf(index: BlockIndex): 1 | 2 | 3 {
  if (index.smallDeltas === false) return 1;
  return index.runDeltas === false ? 2 : 3;
}

/**
 * The blocks of a session file's packs, numbered across the packs, as tables a reader looks up
 * (core/session/checkpoint-blocks-open.ts). A pack's blocks are checked and laid out when one of
 * them is first needed: a large host's file has 265,000 blocks, of which its newest checkpoint
 * (which the engine waits for) refers to a quarter, and going through each of them in code run
 * once took tens of ms.
 */
export class BlockTable {
  /** Per block: its pack (known for every block). */
  readonly packOf: Uint32Array;
  /** Per block, once its pack was laid out ({@link need}): its byte offset in its pack, kind, elements, runs and base. */
  readonly offsetOf: Float64Array;
  readonly kindOf: Uint8Array;
  readonly lengthOf: Uint32Array;
  readonly runsOf: Uint32Array;
  readonly baseOf: Int32Array;
  /** Per pack: 1 once its blocks were checked and laid out. */
  private readonly laidOut: Uint8Array;
  /** The number of the first block of each pack. */
  private readonly firstOf: number[] = [];
  private readonly bases: DeltaBases;

  constructor(private readonly index: BlockIndex) {
    const count = index.packs.reduce((n, p) => n + p.kinds.length, 0);
    this.packOf = new Uint32Array(count);
    this.offsetOf = new Float64Array(count);
    this.kindOf = new Uint8Array(count);
    this.lengthOf = new Uint32Array(count);
    this.runsOf = new Uint32Array(count);
    this.baseOf = new Int32Array(count);
    this.laidOut = new Uint8Array(index.packs.length);
    let b = 0;
    for (let p = 0; p < index.packs.length; p++) {
      const n = index.packs[p]!.kinds.length;
      this.firstOf.push(b);
      this.packOf.fill(p, b, b + n);
      b += n;
    }
    this.bases = new DeltaBases(
      this.kindOf,
      this.lengthOf,
      this.baseOf,
      (r) => this.need(r),
      (r) => this.where(r),
    );
  }

  /** Blocks in all. */
  get count(): number {
    return this.packOf.length;
  }

  /** Block `r` named for a message ("block 3 of pack 7"). */
  where(r: number): string {
    const p = this.packOf[r]!;
    return `block ${r - this.firstOf[p]! + 1} of pack ${p + 1}`;
  }

  /**
   * Lays out block `r`'s pack (0 <= r < count) when it is not yet, its blocks checked first;
   * throws SessionError 'corrupt' when they do not read (see checkPackBlocks), and again when
   * asked again.
   */
  need(r: number): void {
    const p = this.packOf[r]!;
    if (this.laidOut[p] === 1) return;
    const pack = this.index.packs[p]!;
    checkPackBlocks(pack, p, lastKindOfFormat[formatOf(this.index)]);
    const first = this.firstOf[p]!;
    this.kindOf.set(pack.kinds, first);
    this.lengthOf.set(pack.lengths, first);
    this.runsOf.set(pack.runs, first);
    this.baseOf.set(pack.bases, first);
    let at = 0;
    for (let i = 0; i < pack.kinds.length; i++) {
      this.offsetOf[first + i] = at;
      at += packedBytes(pack.kinds[i] as BlockKind, pack.lengths[i]!, pack.runs[i]!);
    }
    this.laidOut[p] = 1;
  }

  /** Lays out block `r`'s pack and checks the chain of delta bases from it (see DeltaBases). */
  checkBases(r: number): void {
    this.bases.check(r);
  }
}
