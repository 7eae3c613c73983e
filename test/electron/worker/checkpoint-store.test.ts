import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import { stateDigest } from '../../../core/engine/state-digest';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { encodeCheckpoint } from '../../../core/session/checkpoint-codec';
import { isSessionError } from '../../../core/session/session-error';
import { CheckpointStore, checkpointBudgetBytes } from '../../../electron/worker/checkpoint-store';

const scenario = parseScenarioOrThrow({
  seed: 3,
  durationS: 200,
  host: { memoryMiB: 512, hypervisorMiB: 16 },
  vms: [
    { id: 'a', memoryMiB: 256, workload: { kind: 'sine', meanMiB: 180, amplitudeMiB: 60, periodS: 40 } },
    { id: 'b', memoryMiB: 256, workload: { kind: 'steady', demandMiB: 200, activePct: 30 } },
  ],
});
const digestAt = (tick: number): string => {
  const e = createEngine(scenario);
  e.runUntil(tick);
  return stateDigest(e);
};
const store = (maxBytes = 1e9): CheckpointStore =>
  new CheckpointStore(() => 0, { minWorkMs: 1, costFactor: 0, maxBytes });

describe('checkpoint budget', () => {
  it('is an eighth of the machine, from 1.5 to 3 GiB', () => {
    const GiB = 2 ** 30;
    expect(checkpointBudgetBytes(8 * GiB)).toBe(1.5 * GiB);
    expect(checkpointBudgetBytes(16 * GiB)).toBe(2 * GiB);
    expect(checkpointBudgetBytes(24 * GiB)).toBe(3 * GiB);
    expect(checkpointBudgetBytes(256 * GiB)).toBe(3 * GiB);
  });
});

describe('checkpoint store', () => {
  it('keeps later checkpoints as the blocks that changed, and restores any of them exactly', () => {
    const s = store();
    const head = createEngine(scenario);
    head.runUntil(100);
    s.take(head);
    const first = s.totalBytes;
    for (let t = 102; t <= 120; t += 2) {
      head.runUntil(t);
      s.take(head);
    }
    // Ten more checkpoints cost far less than ten whole states.
    expect(s.totalBytes - first).toBeLessThan(first * 5);
    for (const tick of [100, 110, 120]) {
      const engine = s.restore(s.nearest(tick)!, scenario);
      expect(stateDigest(engine)).toBe(digestAt(tick));
      engine.runUntil(140);
      expect(stateDigest(engine)).toBe(digestAt(140));
    }
  });

  it('thins out past its memory budget and takes them further apart', () => {
    const s = store(1);
    const head = createEngine(scenario);
    for (let t = 10; t <= 80; t += 10) {
      head.runUntil(t);
      s.take(head);
    }
    // The oldest (a run's tick 0, cheap) and the newest are kept.
    expect(s.ticks).toEqual([10, 80]);
    expect(s.spacing).toBeGreaterThan(1);
  });

  it('thins where the checkpoints are closest in engine work, so the longest replay grows least', () => {
    const run = (maxBytes: number): CheckpointStore => {
      const s = store(maxBytes);
      const head = createEngine(scenario);
      s.take(head);
      [1, 9, 1, 1, 9, 1, 1, 9].forEach((workMs, i) => {
        head.runUntil((i + 1) * 10);
        s.observe(head, workMs);
      });
      return s;
    };
    const all = run(1e9);
    expect(all.ticks).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80]);
    // Just over the budget at the last one: a quarter goes, the two with 1 + 1 ms of work merged.
    const thinned = run(all.totalBytes - 1);
    expect(thinned.ticks).toEqual([0, 10, 20, 40, 50, 70, 80]);
    expect(thinned.totalBytes).toBeLessThan(all.totalBytes);
    expect(thinned.spacing).toBeGreaterThan(1);
  });

  it('takes them at most maxWorkMs of engine work apart, however much they cost', () => {
    let clock = 0;
    const s = new CheckpointStore(() => (clock += 50), {
      minWorkMs: 1,
      costFactor: 3,
      maxWorkMs: 100,
      maxBytes: 1e9,
    });
    const head = createEngine(scenario);
    s.take(head);
    // Each checkpoint costs 50 ms on this clock: three times that would be 150 ms apart.
    expect(s.spacing).toBe(100);
    head.runUntil(10);
    s.observe(head, 99);
    expect(s.ticks).toEqual([0]);
    s.observe(head, 1);
    expect(s.ticks).toEqual([0, 10]);
  });

  it('forgets the newest ones and the memory they held', () => {
    const s = store();
    const head = createEngine(scenario);
    const held: number[] = [];
    for (let t = 20; t <= 100; t += 20) {
      head.runUntil(t);
      s.take(head);
      held.push(s.totalBytes);
    }
    s.dropAfter(60);
    expect(s.ticks).toEqual([20, 40, 60]);
    expect(s.totalBytes).toBe(held[2]);
    s.dropAfter(0);
    expect([s.count, s.totalBytes]).toEqual([0, 0]);
  });

  it('records a checkpoint in the past without dropping the later ones', () => {
    const s = store();
    const head = createEngine(scenario);
    head.runUntil(50);
    s.take(head);
    head.runUntil(90);
    s.take(head);
    const past = createEngine(scenario);
    past.runUntil(70);
    s.record(past);
    s.record(past);
    expect(s.ticks).toEqual([50, 70, 90]);
    expect(stateDigest(s.restore(s.nearest(75)!, scenario))).toBe(digestAt(70));
  });

  it('opens a session file checkpoint without a copy, and its engine goes on to make deltas', () => {
    const head = createEngine(scenario);
    head.runUntil(60);
    const file = deflateRawSync(encodeCheckpoint(head.snapshot()));
    const s = store();
    const opened = s.openFile({ tick: 60, bytes: file }, [], scenario);
    expect(stateDigest(opened)).toBe(digestAt(60));
    opened.runUntil(75);
    s.take(opened);
    expect(s.ticks).toEqual([60, 75]);
    expect(stateDigest(s.restore(s.nearest(60)!, scenario))).toBe(digestAt(60));
    expect(stateDigest(s.restore(s.nearest(75)!, scenario, opened))).toBe(digestAt(75));
    // Saved again: the newest as a file keeps it, the earlier within the budget.
    const newest = s.fileAt(s.newestKept(opened, 1e9).tick)!;
    expect(newest.tick).toBe(75);
    const earlier = s.earlierThan(75, 10 * newest.bytes.byteLength, newest.bytes.byteLength);
    expect(earlier.map((c) => c.tick)).toEqual([60]);
    expect(s.earlierThan(75, newest.bytes.byteLength - 1, newest.bytes.byteLength)).toEqual([]);
  });

  it('refuses a damaged, truncated or oversized file checkpoint clearly and stays as it was', () => {
    const head = createEngine(scenario);
    head.runUntil(30);
    const encoded = encodeCheckpoint(head.snapshot());
    const good = deflateRawSync(encoded);
    const flipped = encoded.slice();
    // The first VM's page count in the skeleton no longer matches its arrays.
    const text = Buffer.from(flipped).toString('latin1');
    const at = text.indexOf('"pages":');
    flipped.set(Buffer.from('"pages":9'), at);
    const cases: Array<[Uint8Array, RegExp]> = [
      [good.subarray(0, good.byteLength >> 1), /damaged/],
      [new Uint8Array(100).fill(9), /damaged/],
      [deflateRawSync(encoded.subarray(0, encoded.byteLength - 8)), /damaged/],
      [deflateRawSync(flipped), /damaged/],
    ];
    for (const [bytes, message] of cases) {
      const s = store();
      let error: unknown;
      try {
        s.openFile({ tick: 30, bytes }, [], scenario);
      } catch (e) {
        error = e;
      }
      expect(isSessionError(error), String(error)).toBe(true);
      expect(String((error as Error).message)).toMatch(message);
      expect(s.count).toBe(0);
    }
  });
});
