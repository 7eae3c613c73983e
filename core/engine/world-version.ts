import type { Scenario } from '../scenario/scenario-schema';
import { GuestPages } from '../memory/guest-pages';
import {
  guestPagesStateOf,
  guestPagesVersionOf,
  type GuestPagesVersion,
} from '../memory/guest-pages-version';
import { MachineMemory, type MachineMemoryVersion } from '../memory/machine-memory';
import { PageStack, type StackVersion } from '../memory/page-stack';
import { sameOrCopy } from '../memory/block-versions';
import { restoreWorld, type WorldSave } from './engine-snapshot';
import type { EngineSnapshot } from './engine-types';
import { engineVersion } from './engine-version';
import type { World } from './engine-world';
import { clonePlain } from './plain-clone';
import type { VmRuntime, VmSave } from './vm-runtime';

/** The parts of a {@link VmSave} kept as block versions in a {@link WorldVersion}. */
type VmVersioned = 'pages' | 'privatePages' | 'zipPages' | 'overheadStack' | 'framePages';
const emptyStack = new Int32Array(0);

/** One VM in a {@link WorldVersion}: its small state copied, its page structures as versions. */
export interface VmVersion {
  plain: Omit<VmSave, VmVersioned>;
  pages: GuestPagesVersion | null;
  privatePages: StackVersion;
  zipPages: StackVersion;
  overheadStack: StackVersion;
  framePages: StackVersion;
}

/**
 * The engine state as versions (core/memory/block-versions.ts): like a {@link WorldSave}, but the
 * page bytes, cells and page stacks share every block unchanged since the world's last version,
 * so taking one costs what changed since, and restoring one into a world of the same scenario
 * copies only the blocks where the two differ. Immutable: restored any number of times.
 */
export interface WorldVersion extends Omit<WorldSave, 'machine' | 'sharedFrames' | 'vms'> {
  engineVersion: string;
  scenario: Scenario;
  tick: number;
  machine: MachineMemoryVersion;
  sharedFrames: StackVersion;
  vms: VmVersion[];
}

/**
 * The last version of each world (saved from it, or restored into it): the next one shares its
 * small arrays where they did not change, so a checkpoint costs little more than its blocks.
 */
const lastVersions = new WeakMap<World, WorldVersion>();

/**
 * Per VM of a restored world, the page arrays of a VM that is off at its tick but was on in the
 * world it was restored into: a jump forward again (past its power-on) rewrites them instead of
 * allocating new ones. Those were most of such a jump on a large host (a hundred MiB of fresh
 * memory, faulted in page by page).
 */
const sparePages = new WeakMap<World, (GuestPages | null)[]>();

/**
 * A version of the world's state for a checkpoint (see {@link WorldVersion}). With `keepSpares`
 * (a world replayed to a past tick for a jump, which is shown, not run on) a VM's page arrays
 * kept aside stay for the next jump forward: dropped, a jump from datacenter-2x's boot into the
 * run after one that left a checkpoint on its way took 534 ms instead of 63.
 */
export function saveWorldVersion(w: World, keepSpares = false): WorldVersion {
  // A world that runs on as a run (its versions taken) powers VMs on with arrays of its own.
  if (!keepSpares) sparePages.delete(w);
  const last = lastVersions.get(w);
  const version: WorldVersion = {
    engineVersion,
    scenario: w.scenario,
    tick: w.sc.tick,
    rng: w.rng.getState(),
    log: w.log.save(),
    machine: w.machine.saveVersion(last?.machine ?? null),
    shares: w.hv.shares.save(last?.shares ?? null),
    sharedFrames: w.hv.sharedFrames.saveVersion(),
    vms: w.vms.map((vm, i) => {
      const was = last?.vms[i]?.plain;
      return {
        plain: {
          st: clonePlain(vm.st),
          nonResident: vm.nonResident.map((l, c) => sameOrCopy(l.items, l.length, was?.nonResident[c])),
          sharedZero: vm.sharedZero.map((l, c) => sameOrCopy(l.items, l.length, was?.sharedZero[c])),
          stats: vm.stats.slice(),
          large: vm.large ? vm.large.slice() : null,
        },
        pages: vm.pages ? vm.pages.saveVersion() : null,
        privatePages: vm.privatePages.saveVersion(),
        zipPages: vm.zipPages.saveVersion(),
        overheadStack: vm.overheadStack.saveVersion(),
        framePages: vm.framePages.saveVersion(),
      };
    }),
    policy: clonePlain(w.policy.saveState()),
    sc: clonePlain(w.sc),
    interventions: clonePlain(w.interventions),
  };
  lastVersions.set(w, version);
  return version;
}

/**
 * The world of `v`. With `into` (a world of the same scenario that is given up: it must not be
 * used afterwards) its page arrays are rewritten where they differ from `v` instead of being
 * allocated, which makes going back in time on a large host cost the blocks that changed.
 */
export function restoreWorldVersion(v: WorldVersion, into: World | null = null): World {
  const { engineVersion: version, scenario, tick, ...rest } = v;
  const plainSave = {
    ...rest,
    machine: null,
    sharedFrames: emptyStack,
    vms: v.vms.map((vm) => ({
      ...vm.plain,
      pages: null,
      privatePages: emptyStack,
      zipPages: emptyStack,
      overheadStack: emptyStack,
      framePages: emptyStack,
    })),
  };
  const snapshot: EngineSnapshot = {
    engineVersion: version,
    scenario,
    tick,
    state: plainSave as unknown as Record<string, unknown>,
  };
  const reuse = into !== null && into.vms.length === v.vms.length ? into : null;
  const spares = (reuse === null ? undefined : sparePages.get(reuse)) ?? [];
  const nextSpares: (GuestPages | null)[] = [];
  const world = restoreWorld(snapshot, false, () => {
    const machine = MachineMemory.fromVersion(v.machine, reuse?.machine ?? null);
    const sharedFrames = PageStack.fromVersion(v.sharedFrames, reuse?.hv.sharedFrames ?? null);
    const fill = (vm: VmRuntime, i: number): void => {
      const src = v.vms[i]!;
      const old = reuse?.vms[i] ?? null;
      const oldPages = old?.pages ?? spares[i] ?? null;
      vm.pages = src.pages ? GuestPages.fromVersion(src.pages, oldPages) : null;
      nextSpares[i] = src.pages ? null : oldPages;
      vm.privatePages = PageStack.fromVersion(src.privatePages, old?.privatePages ?? null);
      vm.zipPages = PageStack.fromVersion(src.zipPages, old?.zipPages ?? null);
      vm.overheadStack = PageStack.fromVersion(src.overheadStack, old?.overheadStack ?? null);
      vm.framePages = PageStack.fromVersion(src.framePages, old?.framePages ?? null);
    };
    return { machine, sharedFrames, fill };
  });
  lastVersions.set(world, v);
  if (nextSpares.some((p) => p !== null)) sparePages.set(world, nextSpares);
  return world;
}

/** The plain snapshot of a version (whole new arrays), for a checkpoint file (checkpoint-codec.ts). */
export function snapshotOfVersion(v: WorldVersion): EngineSnapshot {
  const { engineVersion: version, scenario, tick, ...rest } = v;
  const state: WorldSave = {
    ...rest,
    machine: MachineMemory.stateOf(v.machine),
    sharedFrames: PageStack.entriesOf(v.sharedFrames),
    vms: v.vms.map((vm) => ({
      ...vm.plain,
      pages: vm.pages ? guestPagesStateOf(vm.pages) : null,
      privatePages: PageStack.entriesOf(vm.privatePages),
      zipPages: PageStack.entriesOf(vm.zipPages),
      overheadStack: PageStack.entriesOf(vm.overheadStack),
      framePages: PageStack.entriesOf(vm.framePages),
    })),
  };
  return { engineVersion: version, scenario, tick, state: state as unknown as Record<string, unknown> };
}

/**
 * The version of a plain snapshot (a decoded checkpoint), its blocks views of the snapshot's
 * arrays: no copy, so the snapshot must not be restored with `owned` or changed afterwards.
 */
export function versionOfSnapshot(snapshot: EngineSnapshot): WorldVersion {
  const state = snapshot.state as unknown as WorldSave;
  return {
    ...state,
    engineVersion: snapshot.engineVersion,
    scenario: snapshot.scenario,
    tick: snapshot.tick,
    machine: MachineMemory.versionOf(state.machine),
    sharedFrames: PageStack.versionOf(state.sharedFrames),
    vms: state.vms.map((vm) => {
      const { pages, privatePages, zipPages, overheadStack, framePages, ...plain } = vm;
      return {
        plain,
        pages: pages ? guestPagesVersionOf(pages) : null,
        privatePages: PageStack.versionOf(privatePages),
        zipPages: PageStack.versionOf(zipPages),
        overheadStack: PageStack.versionOf(overheadStack),
        framePages: PageStack.versionOf(framePages),
      };
    }),
  };
}

/** A copy of a version's small state; its block lists are new arrays of the same blocks. */
function cloneSmall<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) return clonePlain(value);
  if (Array.isArray(value)) return value.map((v) => cloneSmall(v)) as T;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record['blocks']))
    return { ...record, blocks: [...(record['blocks'] as unknown[])] } as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = cloneSmall(v);
  return out as T;
}

/**
 * The world of a decoded checkpoint that is handed over (its arrays become the world's, no copy)
 * and its version: the page bytes, chunk counts and cells of the version are views of the world's
 * own arrays, copied out block by block before the world first writes them, so opening a large
 * session costs no copy of its pages, and the world's next version is a delta again.
 *
 * With `same`, a version equal to the snapshot whose blocks are its own and never change (a
 * session file's, which its earlier checkpoints share), that is the world's version as it is:
 * nothing is aliased, so the first jump back or save after opening copies no block, and restoring
 * an earlier checkpoint rewrites only the blocks where it differs.
 */
export function restoreWorldAdopting(
  snapshot: EngineSnapshot,
  same: WorldVersion | null = null,
): { world: World; version: WorldVersion } {
  const version = same ?? cloneSmall(versionOfSnapshot(snapshot));
  const aliased = same === null;
  const state = snapshot.state as unknown as WorldSave;
  // The stacks are built below as views of the snapshot's entries instead of copies.
  const stripped: WorldSave = {
    ...state,
    sharedFrames: emptyStack,
    vms: state.vms.map((vm) => ({
      ...vm,
      privatePages: emptyStack,
      zipPages: emptyStack,
      overheadStack: emptyStack,
      framePages: emptyStack,
    })),
  };
  const world = restoreWorld(
    { ...snapshot, state: stripped as unknown as Record<string, unknown> },
    true,
    () => ({
      machine: MachineMemory.restore(state.machine),
      sharedFrames: PageStack.adopting(state.sharedFrames, version.sharedFrames),
      fill: (vm, i) => {
        const saved = state.vms[i]!;
        const v = version.vms[i]!;
        if (vm.pages !== null && v.pages !== null) vm.pages.adoptAliased(v.pages, aliased);
        vm.privatePages = PageStack.adopting(saved.privatePages, v.privatePages);
        vm.zipPages = PageStack.adopting(saved.zipPages, v.zipPages);
        vm.overheadStack = PageStack.adopting(saved.overheadStack, v.overheadStack);
        vm.framePages = PageStack.adopting(saved.framePages, v.framePages);
      },
    }),
  );
  world.machine.adoptAliased(version.machine, aliased);
  lastVersions.set(world, version);
  return { world, version };
}

/**
 * Copies out up to `limit` blocks of `world`'s page stacks that are still views of the snapshot
 * it was opened from ({@link restoreWorldAdopting}), the number copied (0: none is left). The
 * restores of later jumps copy only the blocks they rewrite; this copies the rest while the
 * engine waits, so that no single jump pays for them all.
 */
export function ownAliasedStacks(world: World, limit: number): number {
  let copied = world.hv.sharedFrames.ownAliased(limit);
  for (const vm of world.vms)
    for (const stack of [vm.privatePages, vm.zipPages, vm.overheadStack, vm.framePages]) {
      if (copied >= limit) return copied;
      copied += stack.ownAliased(limit - copied);
    }
  return copied;
}
