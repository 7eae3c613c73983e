import type { WorldVersion } from '../engine/world-version';
import { isFillBlock } from '../memory/block-versions';

type Blocks = readonly ArrayBufferView[];

/** Every block list of a version (page bytes, chunk counts, cells, page stacks), in a fixed order. */
export function versionBlockLists(v: WorldVersion): Blocks[] {
  const out: Blocks[] = [v.machine.cells.blocks, v.machine.recycled.blocks, v.sharedFrames.blocks];
  for (const vm of v.vms) {
    if (vm.pages !== null) out.push(vm.pages.bytes.blocks, vm.pages.chunks.blocks);
    out.push(vm.privatePages.blocks, vm.zipPages.blocks, vm.overheadStack.blocks, vm.framePages.blocks);
  }
  return out;
}

/** Bytes of a version's small state (copied whole in every version): its typed arrays outside the blocks. */
function smallBytes(v: WorldVersion): number {
  let bytes = v.machine.chunks.byteLength + v.machine.ownerCounts.byteLength + v.machine.dominant.byteLength;
  for (const d of v.shares.domains) bytes += d?.byteLength ?? 0;
  for (const vm of v.vms) {
    for (const l of [...vm.plain.nonResident, ...vm.plain.sharedZero]) bytes += l.byteLength;
    if (vm.pages !== null) bytes += vm.pages.freeWords.byteLength + 2048;
    bytes += (vm.plain.large?.byteLength ?? 0) + vm.plain.stats.byteLength;
  }
  return bytes;
}

/** Memory `v` adds to `previous` (the version taken just before it): the blocks it does not share with it. */
export function addedBytes(v: WorldVersion, previous: WorldVersion | null): number {
  let bytes = smallBytes(v);
  const before = previous === null ? [] : versionBlockLists(previous);
  versionBlockLists(v).forEach((blocks, i) => {
    const old = before[i];
    blocks.forEach((b, j) => {
      if (old?.[j] !== b && !isFillBlock(b)) bytes += b.byteLength;
    });
  });
  return bytes;
}

/** Bytes of the whole state a version holds (what a checkpoint file encodes, before compression). */
export function stateBytes(v: WorldVersion): number {
  let bytes = smallBytes(v);
  for (const blocks of versionBlockLists(v)) for (const b of blocks) bytes += b.byteLength;
  return bytes;
}
