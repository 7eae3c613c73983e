import { describe, expect, it } from 'vitest';
import { GuestPages } from '../../../core/memory/guest-pages';
import { CLASS_HOT, HV_PRIVATE, pageByte } from '../../../core/memory/page-codes';
import {
  endPeriod,
  estimate,
  newMonitorState,
  observeTick,
  startPeriod,
} from '../../../core/engine/memory-monitor';
import { Rng } from '../../../core/random/rng';
import { createEngine } from '../../../core/engine/create-engine';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { samplingLab } from '../../../core/validation/validation-scenarios';

function std(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

describe('memory monitor (Waldspurger 2002 §5.3)', () => {
  it('samples n pages per period: f = t/n has the binomial error sqrt(f(1-f)/n)', () => {
    const pages = GuestPages.create(200_000);
    const hot = 60_000; // f = 0.3
    for (let p = 0; p < hot; p++) pages.set(p * 3 + 1, pageByte(CLASS_HOT, HV_PRIVATE, 2));
    const m = newMonitorState();
    const rng = Rng.fromSeed(5);
    const fs: number[] = [];
    for (let period = 0; period < 1500; period++) {
      startPeriod(m, pages, rng, 100);
      observeTick(m, pages);
      fs.push(endPeriod(m));
    }
    const f = hot / 200_000;
    const mean = fs.reduce((a, b) => a + b, 0) / fs.length;
    expect(mean).toBeCloseTo(f, 1);
    expect(std(fs) / Math.sqrt((f * (1 - f)) / 100)).toBeGreaterThan(0.9);
    expect(std(fs) / Math.sqrt((f * (1 - f)) / 100)).toBeLessThan(1.1);
  });

  it('rises within a period when the VM gets busy and decays over minutes when it idles', () => {
    const pages = GuestPages.create(10_000);
    const m = newMonitorState();
    const rng = Rng.fromSeed(1);
    for (let p = 0; p < 8000; p++) pages.set(p, pageByte(CLASS_HOT, HV_PRIVATE, 2));
    startPeriod(m, pages, rng, 100);
    observeTick(m, pages);
    // The fast average with the current period already sees most of the change.
    expect(estimate(m)).toBeGreaterThan(0.35);
    for (let i = 0; i < 10; i++) {
      endPeriod(m);
      startPeriod(m, pages, rng, 100);
      observeTick(m, pages);
    }
    expect(estimate(m)).toBeGreaterThan(0.7);
    for (let p = 0; p < 8000; p++) pages.set(p, pageByte(4, HV_PRIVATE, 2));
    const decay: number[] = [];
    for (let i = 0; i < 12; i++) {
      endPeriod(m);
      startPeriod(m, pages, rng, 100);
      observeTick(m, pages);
      decay.push(estimate(m));
    }
    // Slow to decay (max with the slow average), but decaying.
    expect(decay[0]!).toBeGreaterThan(0.6);
    expect(decay[11]!).toBeLessThan(decay[0]! * 0.5);
    for (let i = 1; i < decay.length; i++) expect(decay[i]!).toBeLessThanOrEqual(decay[i - 1]! + 1e-12);
  });

  it('in the engine, per-period samples scatter around the true active fraction as sqrt(f(1-f)/n)', () => {
    const s = parseScenarioOrThrow(samplingLab);
    const engine = createEngine(s);
    const fs: number[] = [];
    let actv = 0;
    while (engine.tick < engine.endTick) {
      engine.step(100);
      for (const line of engine.drainLog()) {
        const m = /sampled (\d+)\/(\d+) pages/.exec(line.message);
        if (line.event === 'estimate' && m && line.timeS > 200) fs.push(Number(m[1]) / Number(m[2]));
      }
      actv = engine.vmCounters()[0]!.actvMiB;
    }
    const f = actv / 1024;
    expect(fs.length).toBeGreaterThan(700);
    const mean = fs.reduce((a, b) => a + b, 0) / fs.length;
    expect(Math.abs(mean - f)).toBeLessThan(0.01);
    const ratio = std(fs) / Math.sqrt((f * (1 - f)) / 100);
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(1.15);
  });
});
