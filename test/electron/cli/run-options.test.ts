import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from 'commander';
import {
  applyOverrides,
  parseDurationOption,
  parseEveryOption,
  parseSeedOption,
} from '../../../electron/cli/run-options';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';

describe('run options', () => {
  it('accept whole numbers in range and reject anything else with the option name', () => {
    expect(parseSeedOption('7')).toBe(7);
    expect(parseSeedOption('4294967295')).toBe(4294967295);
    expect(parseDurationOption('600')).toBe(600);
    expect(parseEveryOption('10')).toBe(10);
    for (const bad of ['x', '-1', '1.5', '', '1e3', '4294967296'])
      expect(() => parseSeedOption(bad)).toThrow(InvalidArgumentError);
    expect(() => parseDurationOption('0')).toThrow(/--duration must be a whole number from 1/);
    expect(() => parseEveryOption('3601')).toThrow(/--every/);
  });

  it('override seed, duration and sample interval and drop events after a shortened run', () => {
    const base = parseScenarioOrThrow({
      seed: 1,
      durationS: 3600,
      vms: [{ id: 'a' }],
      events: [
        { atS: 10, vm: 'a', power: 'off' },
        { atS: 60, vm: 'a', power: 'on' },
        { atS: 61, vm: 'a', power: 'off' },
      ],
    });
    const { scenario, droppedEvents } = applyOverrides(base, { seed: 9, durationS: 60, sampleEveryS: 5 });
    expect([scenario.seed, scenario.durationS, scenario.sampleEveryS]).toEqual([9, 60, 5]);
    expect(scenario.events.map((e) => e.atS)).toEqual([10, 60]);
    expect(droppedEvents).toBe(1);
    expect(applyOverrides(base, {}).scenario).toEqual(base);
  });
});
