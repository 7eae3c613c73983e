import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';
import type { BlockArray } from '../../core/memory/block-versions';
import {
  deltaKindBase,
  packedBytes,
  runDeltaKindBase,
  storedKind,
  writeBlock,
  writeDelta,
  type BlockKind,
} from '../../core/session/checkpoint-block-bytes';
import { encodeRunDelta, type RunBlock } from '../../core/session/checkpoint-run-delta';
import type { Entry, Fresh, Pack, Ratios } from './checkpoint-file-plan';

const compress = promisify(brotliCompress);
/** Raw bytes per new pack at most: packs are compressed on zlib's threads, some side by side. */
const newPackBytes = 16 * 1024 * 1024;
/**
 * Packs compressed at once: one core stays with the engine's thread (and on two cores the lab's
 * other processes are not starved by zlib's four threads). Measured on two cores with jumps
 * beside the save: a save of an hour of datacenter-2x no slower (8.9 to 9.7 s against 10.2 to
 * 10.5 s with four at once), and the jumps no slower either.
 */
export const compressingAtOnce = Math.max(1, availableParallelism() - 1);
const brotliParams = {
  // Quality 4: a whole 256 GiB host's state in a few seconds of zlib's threads, 5% larger than 5.
  [constants.BROTLI_PARAM_QUALITY]: 4,
  [constants.BROTLI_PARAM_LGWIN]: 22,
};

/** How a block is stored in its pack: its kind, runs, and for runs of a delta their bytes. */
interface StoredAs {
  kind: BlockKind;
  runs: number;
  encoded?: Uint8Array;
}

/** Raw bytes of deltas encoded as runs between two turns of the engine's event loop. */
const encodeSliceBytes = 2 * 1024 * 1024;

/** Room for the runs of one delta block: the largest block's, plus one run past the limit. */
let scratch = new Uint8Array(0);

/**
 * How a delta is stored: as runs when they take fewer bytes than the block (kinds 7 and 8, their
 * bytes encoded now), else XOR whole (kinds 4 to 6; page lists are never deltas).
 */
function deltaKind(f: Fresh): StoredAs {
  const whole = { kind: (f.kind + deltaKindBase) as BlockKind, runs: 0 };
  if (f.kind === 2 || f.base === null) return whole;
  const limit = f.block.byteLength - 1;
  if (scratch.byteLength < limit + 8) scratch = new Uint8Array(limit + 8);
  const bytes = encodeRunDelta(f.block as RunBlock, f.base as RunBlock, scratch, 0, limit);
  if (bytes < 0) return whole;
  return { kind: (f.kind + runDeltaKindBase) as BlockKind, runs: bytes, encoded: scratch.slice(0, bytes) };
}

/** A turn of the event loop: the engine's run and commands go on between two slices of a save. */
export function yieldToEngine(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Packs of the new blocks, one list kind per pack, compressed side by side on zlib's threads;
 * the engine runs on between two packs being laid out. What each list kind cost updates
 * `ratios` (the estimates of the next save).
 */
export async function compressFresh(
  fresh: readonly Fresh[],
  ratios: Ratios,
): Promise<Map<BlockArray, Entry>> {
  const groups: Fresh[][] = [];
  let bytes = Infinity;
  let kind = -1;
  let slot = -1;
  let delta = false;
  // Packs of one list kind each, whole blocks or deltas (they compress better, and show what
  // each costs) and of one checkpoint each (one that does not fit after all takes its packs
  // along, and one built from deltas decompresses only its own).
  const deltaFirst = (f: Fresh): number => (f.base === null ? 1 : 0);
  for (const f of [...fresh].sort(
    (a, b) => a.slot - b.slot || a.kind - b.kind || deltaFirst(a) - deltaFirst(b),
  )) {
    if (
      f.kind !== kind ||
      f.slot !== slot ||
      (f.base !== null) !== delta ||
      bytes + f.block.byteLength > newPackBytes
    ) {
      groups.push([]);
      bytes = 0;
    }
    kind = f.kind;
    slot = f.slot;
    delta = f.base !== null;
    groups.at(-1)!.push(f);
    bytes += f.block.byteLength;
  }
  const entries = new Map<BlockArray, Entry>();
  // Per list kind, then the same for deltas.
  const rawPerKind = [0, 0, 0, 0, 0, 0];
  const packedPerKind = [0, 0, 0, 0, 0, 0];
  const compressing = new Set<Promise<void>>();
  for (const group of groups) {
    await yieldToEngine();
    while (compressing.size >= compressingAtOnce) await Promise.race(compressing);
    const stored: StoredAs[] = [];
    let encodedBytes = 0;
    for (const f of group) {
      stored.push(f.base !== null ? deltaKind(f) : storedKind(f.kind, f.block));
      // The engine runs on between slices of a pack's runs (a pack holds up to 16 MiB of blocks).
      if (f.base !== null && (encodedBytes += f.block.byteLength) >= encodeSliceBytes) {
        encodedBytes = 0;
        await yieldToEngine();
      }
    }
    const kinds = Uint8Array.from(stored, (k) => k.kind);
    const lengths = Uint32Array.from(group, (f) => f.block.length);
    const runs = Uint32Array.from(stored, (k) => k.runs);
    let rawBytes = 0;
    for (let i = 0; i < group.length; i++)
      rawBytes += packedBytes(kinds[i] as BlockKind, lengths[i]!, runs[i]!);
    const raw = new Uint8Array(rawBytes);
    let at = 0;
    const slot = group[0]!.kind + (group[0]!.base !== null ? 3 : 0);
    group.forEach((f, i) => {
      const { encoded } = stored[i]!;
      if (encoded !== undefined) raw.set(encoded, at);
      else if (f.base !== null) writeDelta(f.block, f.base, raw, at);
      else writeBlock(kinds[i] as BlockKind, f.block, runs[i]!, raw, at);
      at += packedBytes(kinds[i] as BlockKind, lengths[i]!, runs[i]!);
      rawPerKind[slot]! += f.block.byteLength;
    });
    const bases = new Int32Array(group.length).fill(-1);
    const packing = compress(raw, {
      params: { ...brotliParams, [constants.BROTLI_PARAM_SIZE_HINT]: rawBytes },
    }).then((compressed) => {
      const pack: Pack = {
        info: { rawBytes, kinds, lengths, runs, bases },
        bytes: compressed,
        baseOf: group.map((f) => f.base ?? undefined),
      };
      group.forEach((f, index) => entries.set(f.block, { pack, index }));
      packedPerKind[slot]! += compressed.byteLength;
    });
    const settled = (): void => void compressing.delete(packing);
    compressing.add(packing);
    packing.then(settled, settled);
  }
  await Promise.all(compressing);
  // The estimate follows what the blocks of each kind cost (once there are enough to tell).
  rawPerKind.forEach((r, k) => {
    if (r > 1024 * 1024) (k < 3 ? ratios.raw : ratios.delta)[k % 3] = packedPerKind[k]! / r;
  });
  return entries;
}
