import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../core/engine/engine-types';
import { UpdateOutbox } from '../../../electron/worker/update-outbox';
import { minUpdateIntervalMs, type WorkerToMain } from '../../../electron/worker/worker-protocol';
import { hostAt, vmsAt } from '../services/trace/frame-fixtures';

/** The parts of an Engine the outbox reads, at a settable tick. */
function engineAt(state: { tick: number }): Engine {
  return {
    get tick() {
      return state.tick;
    },
    get timeS() {
      return state.tick;
    },
    scenario: { vms: [] },
    drainLog: () => [],
    hostCounters: () => hostAt(state.tick),
    vmCounters: () => vmsAt(state.tick, 2),
    hostMap: () => null,
    guestMap: () => null,
  } as unknown as Engine;
}

/**
 * Wakes like the run loop at 60x (a tick due every 16.7 ms, woken a little late by the timer)
 * and flushes whenever the outbox says an update is due; returns the wall times of the updates.
 */
function updatesAtSixtyX(wakeLateMs: (i: number) => number): number[] {
  let nowMs = 0;
  const sent: number[] = [];
  const outbox = new UpdateOutbox(
    (m: WorkerToMain) => {
      if (m.kind === 'update') sent.push(nowMs);
    },
    () => nowMs,
  );
  outbox.reset(2);
  const state = { tick: 0 };
  const engine = engineAt(state);
  for (let i = 1; i <= 180; i++) {
    nowMs = (i * 1000) / 60 + wakeLateMs(i);
    state.tick = i;
    outbox.markDirty();
    if (outbox.due) outbox.flush(engine, 1, true);
  }
  return sent;
}

describe('UpdateOutbox pacing', () => {
  it('sends 30 updates a second when the run loop wakes every 17 ms, however the timer jitters', () => {
    for (const late of [() => 0, (i: number) => (i % 3) * 0.7, (i: number) => ((i * 7919) % 5) * 0.6]) {
      const at = updatesAtSixtyX(late);
      const seconds = 3;
      expect(at.length).toBeGreaterThanOrEqual(29 * seconds);
      expect(at.length).toBeLessThanOrEqual(30 * seconds + 1);
      // Never two in a row much closer than half an interval; over any second, at most 31.
      for (let i = 1; i < at.length; i++)
        expect(at[i]! - at[i - 1]!).toBeGreaterThan(minUpdateIntervalMs / 2 - 5);
      for (let i = 31; i < at.length; i++) expect(at[i]! - at[i - 31]!).toBeGreaterThanOrEqual(1000 - 5);
    }
  });

  it('after a long stall the next update may come half an interval later, then back on 30 a second', () => {
    let nowMs = 0;
    const sent: number[] = [];
    const outbox = new UpdateOutbox(
      (m: WorkerToMain) => {
        if (m.kind === 'update') sent.push(nowMs);
      },
      () => nowMs,
    );
    outbox.reset(2);
    const engine = engineAt({ tick: 1 });
    outbox.markDirty();
    outbox.flush(engine, 1, true);
    nowMs = 500;
    expect(outbox.due).toBe(true);
    outbox.markDirty();
    outbox.flush(engine, 1, true);
    expect(outbox.msUntilDue).toBeGreaterThan(minUpdateIntervalMs / 2 - 5);
    expect(outbox.msUntilDue).toBeLessThanOrEqual(minUpdateIntervalMs / 2);
    nowMs += outbox.msUntilDue;
    expect(outbox.due).toBe(true);
    outbox.markDirty();
    outbox.flush(engine, 1, true);
    expect(outbox.msUntilDue).toBeGreaterThan(minUpdateIntervalMs - 5);
    expect(sent).toHaveLength(3);
  });
});
