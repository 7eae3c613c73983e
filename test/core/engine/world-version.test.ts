import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine } from '../../../core/engine/create-engine';
import {
  ownAliasedStacks,
  restoreWorldAdopting,
  restoreWorldVersion,
  saveWorldVersion,
  snapshotOfVersion,
  versionOfSnapshot,
  type WorldVersion,
} from '../../../core/engine/world-version';
import type { WorldSave } from '../../../core/engine/engine-snapshot';
import { stateDigest } from '../../../core/engine/state-digest';
import { addedVersionBytes } from '../../../core/engine/version-bytes';
import { SimEngine } from '../../../core/engine/sim-engine';

import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import type { Scenario } from '../../../core/scenario/scenario-schema';

const scenario: Scenario = parseScenarioOrThrow({
  seed: 11,
  durationS: 30,
  host: { memoryMiB: 1024, hypervisorMiB: 64 },
  policy: { samplePeriodS: 10, pageSharing: { scope: 'host', scanTimeMin: 1 } },
  vms: [
    {
      id: 'web',
      memoryMiB: 512,
      guestOs: 'windows',
      workload: { kind: 'sine', meanMiB: 300, amplitudeMiB: 150, periodS: 30 },
    },
    { id: 'db', memoryMiB: 512, workload: { kind: 'steady', demandMiB: 420, activePct: 60 } },
    {
      id: 'batch',
      memoryMiB: 384,
      balloonDriver: 'absent',
      workload: { kind: 'bursty', baseMiB: 64, burstMiB: 300, meanGapS: 10, burstS: 8 },
    },
  ],
  events: [{ atS: 15, vm: 'web', set: { workload: { kind: 'idle' } } }],
});

/** Digests of every tick from now to `until`, then the whole plain snapshot. */
function future(engine: SimEngine, until: number): string {
  const out: string[] = [];
  while (engine.tick < until) {
    engine.step();
    out.push(stateDigest(engine), JSON.stringify(engine.drainLog()));
  }
  return out.join('\n');
}

/**
 * Whether two snapshots hold the same state: typed arrays compared as bytes (quick, where a deep
 * equal of large typed arrays is not), keys in any order.
 */
function same(a: unknown, b: unknown): boolean {
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return false;
    return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
      Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    );
  }
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a).sort();
  const other = Object.keys(b).sort();
  return (
    keys.length === other.length &&
    keys.every(
      (k, i) => k === other[i] && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

function live(): SimEngine {
  return createEngine(scenario) as SimEngine;
}

function at(tick: number): SimEngine {
  const e = live();
  e.runUntil(tick);
  e.drainLog();
  return e;
}

const end = Math.round((scenario.durationS * 1000) / scenario.tickMs);

describe('world versions (checkpoints sharing unchanged blocks)', () => {
  it('hold exactly the plain snapshot of their tick, however many came before', () => {
    const e = live();
    for (const t of [5, 20, 21, 28]) {
      e.runUntil(t);
      const v = saveWorldVersion(e.world);
      expect(same(snapshotOfVersion(v), e.snapshot())).toBe(true);
    }
  });

  it('continue byte-identically, restored fresh or into a world that moved on (delta chains)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: end - 10 }), { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 40 }),
        (rawTicks, pick, wander) => {
          const ticks = [...rawTicks].sort((a, b) => a - b);
          const e = live();
          const versions: WorldVersion[] = [];
          for (const t of ticks) {
            e.runUntil(t);
            e.drainLog();
            versions.push(saveWorldVersion(e.world));
          }
          const chosen = versions[pick % versions.length]!;
          const until = Math.min(end, chosen.tick + 15);
          const reference = at(chosen.tick);
          const referenceSnapshot = reference.snapshot();
          const expected = future(reference, until);
          // Fresh arrays.
          const fresh = new SimEngine(restoreWorldVersion(chosen));
          expect(future(fresh, until)).toBe(expected);
          // Into the world of another version that then ran on (its blocks changed since).
          const other = new SimEngine(restoreWorldVersion(versions[(pick + 1) % versions.length]!));
          other.runUntil(Math.min(end, other.tick + wander));
          other.drainLog();
          const into = new SimEngine(restoreWorldVersion(chosen, other.world));
          expect(same(into.snapshot(), referenceSnapshot)).toBe(true);
          expect(future(into, until)).toBe(expected);
          // The version was not changed by either restore: once more, into the head itself.
          const again = new SimEngine(restoreWorldVersion(chosen, e.world));
          expect(future(again, until)).toBe(expected);
        },
      ),
      { numRuns: 5 },
    );
  });

  it('share with the version before every array that did not change, and restore exactly', () => {
    const engine = createEngine(scenario) as SimEngine;
    engine.runUntil(12);
    const reference = createEngine(scenario);
    reference.runUntil(12);
    const a = saveWorldVersion(engine.world);
    const b = saveWorldVersion(engine.world);
    expect(b.machine.cells.blocks).toBe(a.machine.cells.blocks);
    expect(b.machine.ownerCounts).toBe(a.machine.ownerCounts);
    b.vms.forEach((vm, i) => {
      const was = a.vms[i]!;
      vm.plain.nonResident.forEach((list, c) => expect(list).toBe(was.plain.nonResident[c]));
      expect(vm.pages?.bytes.blocks).toBe(was.pages?.bytes.blocks);
      expect(vm.privatePages.blocks).toBe(was.privatePages.blocks);
    });
    // What b adds to a: its small state that is not a's (about 2 KiB a VM), not its pages.
    expect(addedVersionBytes(b, a)).toBeLessThan(4096 * b.vms.length);
    expect(addedVersionBytes(a, null)).toBeGreaterThan(64 * addedVersionBytes(b, a));
    engine.runUntil(20);
    const c = saveWorldVersion(engine.world);
    expect(c.machine.cells.blocks).not.toBe(b.machine.cells.blocks);
    expect(stateDigest(new SimEngine(restoreWorldVersion(b, engine.world)))).toBe(stateDigest(reference));
  });

  it('keeps the page arrays of a VM that is off at the tick gone back to, and rewrites them going forward again', () => {
    const late = parseScenarioOrThrow({
      ...scenario,
      vms: scenario.vms.map((vm) => (vm.id === 'batch' ? { ...vm, powerOnAtS: 12 } : vm)),
    });
    const e = createEngine(late) as SimEngine;
    const batch = e.world.vms.findIndex((vm) => vm.id === 'batch');
    e.runUntil(5);
    e.drainLog();
    const before = saveWorldVersion(e.world);
    expect(before.vms[batch]!.pages).toBeNull();
    e.runUntil(20);
    e.drainLog();
    const after = saveWorldVersion(e.world);
    const arrays = e.world.vms[batch]!.pages!.bytes;
    const reference = createEngine(late) as SimEngine;
    reference.runUntil(20);
    reference.drainLog();
    const expected = future(reference, 30);
    // Back before its power-on, then forward past it, each into the world shown.
    const back = new SimEngine(restoreWorldVersion(before, e.world));
    expect(back.world.vms[batch]!.pages).toBeNull();
    const forward = new SimEngine(restoreWorldVersion(after, back.world));
    expect(forward.world.vms[batch]!.pages!.bytes).toBe(arrays);
    expect(future(forward, 30)).toBe(expected);
    // A checkpoint left on the way by a jump's replay keeps them.
    const replayed = new SimEngine(restoreWorldVersion(before, forward.world));
    replayed.runUntil(8);
    replayed.drainLog();
    saveWorldVersion(replayed.world, true);
    const again = new SimEngine(restoreWorldVersion(after, replayed.world));
    expect(again.world.vms[batch]!.pages!.bytes).toBe(arrays);
    expect(future(again, 30)).toBe(expected);
    // A world run on as a run lets them go: the VM powers on with arrays of its own.
    const rerun = new SimEngine(restoreWorldVersion(before, again.world));
    rerun.runUntil(14);
    rerun.drainLog();
    saveWorldVersion(rerun.world);
    expect(rerun.world.vms[batch]!.pages!.bytes).not.toBe(arrays);
    expect(new SimEngine(restoreWorldVersion(after, rerun.world)).world.vms[batch]!.pages!.bytes).not.toBe(
      arrays,
    );
  });

  it('takes the version of a decoded snapshot without copying, and restores it twice', () => {
    const snapshot = at(12).snapshot();
    const v = versionOfSnapshot(snapshot);
    const expected = future(at(12), 30);
    expect(future(new SimEngine(restoreWorldVersion(v)), 30)).toBe(expected);
    expect(future(new SimEngine(restoreWorldVersion(v)), 30)).toBe(expected);
    expect(same(snapshotOfVersion(v), snapshot)).toBe(true);
  });

  it('opens a decoded snapshot without a copy: the world writes past its version, which stays as it was', () => {
    const reference = at(9).snapshot();
    const expected = future(at(9), 30);
    const { world, version } = restoreWorldAdopting(at(9).snapshot());
    expect(same(snapshotOfVersion(version), reference)).toBe(true);
    const opened = new SimEngine(world);
    expect(future(opened, 30)).toBe(expected);
    expect(same(snapshotOfVersion(version), reference)).toBe(true);
    const next = saveWorldVersion(world);
    const nextReference = opened.snapshot();
    // The world goes on after a version shared its blocks: neither version changes with it.
    opened.runUntil(36);
    expect(same(snapshotOfVersion(next), nextReference)).toBe(true);
    expect(same(snapshotOfVersion(version), reference)).toBe(true);
    // Back to the opened version, into the very world that ran on from it.
    const back = new SimEngine(restoreWorldVersion(version, world));
    expect(future(back, 30)).toBe(expected);
  });

  it('copies out a few at a time the page-stack blocks an opened world still shares with its snapshot', () => {
    const snapshot = at(9).snapshot();
    const expected = future(at(9), 30);
    const { world } = restoreWorldAdopting(snapshot);
    let copied = 0;
    for (let n = ownAliasedStacks(world, 1); n > 0; n = ownAliasedStacks(world, 1)) {
      expect(n).toBe(1);
      copied++;
    }
    expect(copied).toBeGreaterThan(0);
    expect(ownAliasedStacks(world, 8)).toBe(0);
    // Nothing of the world lies in the snapshot's stacks any more: scribbling over them changes nothing.
    const state = snapshot.state as unknown as WorldSave;
    state.sharedFrames.fill(-1);
    for (const vm of state.vms)
      for (const stack of [vm.privatePages, vm.zipPages, vm.overheadStack, vm.framePages]) stack.fill(-1);
    expect(future(new SimEngine(world), 30)).toBe(expected);
  });

  it('opens a snapshot with an equal version of its own blocks: that is the version, shared and never copied', () => {
    const source = at(9);
    const own = saveWorldVersion(source.world);
    const reference = at(9).snapshot();
    const expected = future(at(9), 30);
    const cellBlocks = [...own.machine.cells.blocks];
    const pageBlocks = [...own.vms[1]!.pages!.bytes.blocks];
    const { world, version } = restoreWorldAdopting(at(9).snapshot(), own);
    expect(version).toBe(own);
    const opened = new SimEngine(world);
    opened.runUntil(10);
    opened.drainLog();
    // The next version shares with `own` every block the tick did not write: nothing was copied out.
    const next = saveWorldVersion(world);
    const shared = own.machine.cells.blocks.filter((b, i) => next.machine.cells.blocks[i] === b).length;
    expect(shared).toBeGreaterThan(own.machine.cells.blocks.length / 2);
    expect(own.machine.cells.blocks.every((b, i) => b === cellBlocks[i])).toBe(true);
    expect(own.vms[1]!.pages!.bytes.blocks.every((b, i) => b === pageBlocks[i])).toBe(true);
    expect(future(opened, 30)).toBe(future(at(10), 30));
    expect(same(snapshotOfVersion(own), reference)).toBe(true);
    // Going back rewrites the world to `own` exactly.
    expect(future(new SimEngine(restoreWorldVersion(own, world)), 30)).toBe(expected);
  });
});
