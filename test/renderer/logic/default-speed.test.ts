import { describe, expect, it } from 'vitest';
import { presets } from '../../../core/presets/presets';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import type { ScenarioEvent } from '../../../core/scenario/event-schema';
import { defaultSpeedFor } from '../../../renderer/src/logic/default-speed';

const at = (atS: number): ScenarioEvent => ({ atS, vm: 'a', power: 'on' });

describe('default speed', () => {
  it('brings the first event after the start within ten wall seconds, no faster than needed', () => {
    expect(defaultSpeedFor({ durationS: 3600, events: [at(600), at(300)] })).toBe(45);
    expect(defaultSpeedFor({ durationS: 3600, events: [at(600)] })).toBe(90);
    expect(defaultSpeedFor({ durationS: 3600, events: [at(900)] })).toBe(120);
    expect(defaultSpeedFor({ durationS: 600, events: [at(4)] })).toBe(1);
  });

  it('ignores events at the very start, and without later ones shows the run in about two minutes', () => {
    expect(defaultSpeedFor({ durationS: 3600, events: [at(0)] })).toBe(30);
    expect(defaultSpeedFor({ durationS: 60, events: [] })).toBe(1);
  });

  it('never goes flat out or past 600x', () => {
    expect(defaultSpeedFor({ durationS: 86_400, events: [at(80_000)] })).toBe(600);
    expect(defaultSpeedFor({ durationS: 86_400, events: [] })).toBe(600);
  });

  it('makes something happen within ten seconds of Run in every preset', () => {
    for (const preset of presets) {
      const scenario = parseScenarioOrThrow(preset.scenario);
      const speed = defaultSpeedFor(scenario);
      const first = scenario.events.map((e) => e.atS).filter((s) => s > 0);
      const firstS = first.length > 0 ? Math.min(...first) : scenario.durationS / 30;
      expect(firstS / speed, preset.id).toBeLessThanOrEqual(10);
      expect(speed, preset.id).toBeLessThanOrEqual(600);
    }
  });
});
