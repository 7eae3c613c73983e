import { isFillBlock } from '../memory/block-versions';
import type { WorldVersion } from './world-version';

/**
 * Memory `v` adds to `previous` (the version taken before it, or null), bytes: its blocks and
 * small arrays that are not `previous`'s own (shared fill blocks cost nothing). The two are
 * compared VM by VM, so a VM whose pages come or go between them (power on, off) changes only
 * its own count.
 */
export function addedVersionBytes(v: WorldVersion, previous: WorldVersion | null): number {
  let bytes = 0;
  const small = (a: ArrayBufferView | null, was: ArrayBufferView | null | undefined): void => {
    if (a !== null && a !== was) bytes += a.byteLength;
  };
  const blocks = (list: readonly ArrayBufferView[], was: readonly ArrayBufferView[] | undefined): void => {
    for (let j = 0; j < list.length; j++) {
      const b = list[j]!;
      if (b !== was?.[j] && !isFillBlock(b)) bytes += b.byteLength;
    }
  };
  const m = v.machine;
  const pm = previous?.machine;
  small(m.chunks, pm?.chunks);
  small(m.ownerCounts, pm?.ownerCounts);
  small(m.dominant, pm?.dominant);
  blocks(m.cells.blocks, pm?.cells.blocks);
  blocks(m.recycled.blocks, pm?.recycled.blocks);
  blocks(v.sharedFrames.blocks, previous?.sharedFrames.blocks);
  v.shares.domains.forEach((d, i) => small(d, previous?.shares.domains[i]));
  v.vms.forEach((vm, i) => {
    const was = previous?.vms[i];
    vm.plain.nonResident.forEach((l, c) => small(l, was?.plain.nonResident[c]));
    vm.plain.sharedZero.forEach((l, c) => small(l, was?.plain.sharedZero[c]));
    small(vm.plain.large, null);
    small(vm.plain.stats, null);
    if (vm.pages !== null) {
      bytes += vm.pages.freeWords.byteLength + 2048;
      blocks(vm.pages.bytes.blocks, was?.pages?.bytes.blocks);
      blocks(vm.pages.chunks.blocks, was?.pages?.chunks.blocks);
    }
    blocks(vm.privatePages.blocks, was?.privatePages.blocks);
    blocks(vm.zipPages.blocks, was?.zipPages.blocks);
    blocks(vm.overheadStack.blocks, was?.overheadStack.blocks);
    blocks(vm.framePages.blocks, was?.framePages.blocks);
  });
  return bytes;
}
