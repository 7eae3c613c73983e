import { describe, expect, it } from 'vitest';
import { maxBehindMs, RunPacer } from '../../../electron/worker/run-pacer';

describe('RunPacer', () => {
  it('targets the tick the clock says at the speed asked for', () => {
    let nowMs = 1000;
    const pacer = new RunPacer(() => nowMs);
    pacer.anchor(10);
    nowMs += 500;
    // 60x, 1 s ticks: half a second of wall time is 30 ticks.
    expect(pacer.targetTick(60, 1000, 10_000, 25)).toBe(40);
    expect(pacer.msUntilTick(41, 60, 1000)).toBeCloseTo(1000 / 60, 5);
  });

  it('a run far behind its schedule catches up one second at most, then keeps the speed asked for', () => {
    let nowMs = 0;
    const pacer = new RunPacer(() => nowMs);
    pacer.anchor(0);
    // A costly stretch: 10 s of wall time go by while the run makes only 100 ticks (10x at 60x asked).
    nowMs = 10_000;
    const target = pacer.targetTick(60, 1000, 100_000, 100);
    expect(target).toBe(100 + (maxBehindMs / 1000) * 60);
    // From then on the schedule runs from where the run was, at 60 ticks a wall second.
    nowMs += 1000;
    expect(pacer.targetTick(60, 1000, 100_000, target)).toBe(target + 60);
  });

  it('never targets past the end of the run', () => {
    let nowMs = 0;
    const pacer = new RunPacer(() => nowMs);
    pacer.anchor(0);
    nowMs = 5000;
    expect(pacer.targetTick(600, 1000, 120, 100)).toBe(120);
  });
});
