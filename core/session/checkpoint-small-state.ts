import type { WorldVersion } from '../engine/world-version';
import type { BlockArray } from '../memory/block-versions';
import type { Scenario } from '../scenario/scenario-schema';
import type { ListKind } from './checkpoint-block-bytes';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec';
import { damagedCheckpoints } from './session-error';

/**
 * A checkpoint's small state: a world version without its block lists (core/session/
 * checkpoint-blocks.ts keeps those apart, shared between checkpoints), with each list's shape
 * in its place, and its bytes.
 */

export type Stack = { size: number; blocks: readonly Int32Array[] };
export type Blocked<T extends BlockArray> = { length: number; blockLength: number; blocks: readonly T[] };

/** Entries per block of a page stack's version (PageStack's VERSION_BLOCK). */
export const stackBlockLength = 4096;

/** The state of a version without its blocks (and without scenario and engine version, kept once per file). */
export function smallStateOf(v: WorldVersion): Record<string, unknown> {
  const { engineVersion: _e, scenario: _s, ...rest } = v;
  const blocked = (b: Blocked<BlockArray>): unknown => ({ length: b.length, blockLength: b.blockLength });
  const stack = (s: Stack): unknown => ({ size: s.size });
  return {
    ...rest,
    machine: { ...v.machine, cells: blocked(v.machine.cells), recycled: stack(v.machine.recycled) },
    sharedFrames: stack(v.sharedFrames),
    vms: v.vms.map((vm) => ({
      ...vm,
      pages:
        vm.pages === null
          ? null
          : { ...vm.pages, bytes: blocked(vm.pages.bytes), chunks: blocked(vm.pages.chunks) },
      privatePages: stack(vm.privatePages),
      zipPages: stack(vm.zipPages),
      overheadStack: stack(vm.overheadStack),
      framePages: stack(vm.framePages),
    })),
  };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function wholeAtMost(v: unknown, max: number): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;
}

/** A block list's place in a small state: its kind, length and (for blocked lists) elements per block. */
export interface ListShape {
  kind: ListKind;
  length: number;
  blockLength: number;
}

/**
 * The small state `small` (from {@link smallStateOf}) with every block list replaced, in
 * {@link blockListsOf} order, by what `fill` makes of its shape; with `flat` the VMs take the
 * shape of a snapshot (their small state beside their page arrays) instead of a version's.
 * Throws SessionError 'corrupt' when the small state does not have the shape of one.
 */
export function fillSmallState(
  small: unknown,
  fill: (shape: ListShape, index: number) => unknown,
  flat: boolean,
): Record<string, unknown> {
  if (!isRecord(small) || !isRecord(small['machine']) || !Array.isArray(small['vms']))
    throw damagedCheckpoints('a checkpoint has no machine or VMs');
  let next = 0;
  const blocked = (kind: ListKind, d: unknown): unknown => {
    if (!isRecord(d) || !wholeAtMost(d['length'], 2 ** 32) || !wholeAtMost(d['blockLength'], 2 ** 20))
      throw damagedCheckpoints('a block list has no length');
    return fill({ kind, length: d['length'], blockLength: d['blockLength'] }, next++);
  };
  const stack = (d: unknown): unknown => {
    if (!isRecord(d) || !wholeAtMost(d['size'], 2 ** 32))
      throw damagedCheckpoints('a page stack has no size');
    return fill({ kind: 2, length: d['size'], blockLength: stackBlockLength }, next++);
  };
  const machine = small['machine'];
  return {
    ...small,
    machine: { ...machine, cells: blocked(1, machine['cells']), recycled: stack(machine['recycled']) },
    sharedFrames: stack(small['sharedFrames']),
    vms: small['vms'].map((vm: unknown) => {
      if (!isRecord(vm) || (flat && !isRecord(vm['plain'])))
        throw damagedCheckpoints('a VM of a checkpoint has no state');
      const pages = vm['pages'];
      if (pages !== null && !isRecord(pages)) throw damagedCheckpoints("a VM's pages have no state");
      const lists = {
        pages:
          pages === null
            ? null
            : { ...pages, bytes: blocked(0, pages['bytes']), chunks: blocked(1, pages['chunks']) },
        privatePages: stack(vm['privatePages']),
        zipPages: stack(vm['zipPages']),
        overheadStack: stack(vm['overheadStack']),
        framePages: stack(vm['framePages']),
      };
      return flat ? { ...(vm['plain'] as Record<string, unknown>), ...lists } : { ...vm, ...lists };
    }),
  };
}

/** The shapes of the block lists of a small state, in {@link blockListsOf} order (see {@link fillSmallState}). */
export function listShapesOf(small: unknown): ListShape[] {
  const shapes: ListShape[] = [];
  fillSmallState(small, (shape) => shapes.push(shape), false);
  return shapes;
}

/** The small state as bytes (checkpoint-codec.ts). */
export function encodeSmallState(small: Record<string, unknown>): Uint8Array {
  return encodeCheckpoint({ engineVersion: '', tick: 0, scenario: {} as Scenario, state: small });
}

/**
 * The small state of {@link encodeSmallState}'s bytes; throws SessionError 'corrupt' when damaged
 * or when its arrays would take more than `maxArrayBytes`.
 */
export function decodeSmallState(bytes: Uint8Array, maxArrayBytes = Infinity): Record<string, unknown> {
  try {
    return decodeCheckpoint(bytes, false, false, maxArrayBytes).state;
  } catch (error) {
    throw damagedCheckpoints(
      `a checkpoint's state does not read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
