import { InvalidArgumentError } from 'commander';
import type { Scenario } from '../../core/scenario/scenario-schema';

/** What `balloon-lab run` may override in the scenario. */
export interface RunOverrides {
  seed?: number;
  durationS?: number;
  sampleEveryS?: number;
}

/** A commander argument parser for a whole number in [min, max]. */
export function integerOption(name: string, min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

export const parseSeedOption = integerOption('--seed', 0, 2 ** 32 - 1);
export const parseDurationOption = integerOption('--duration', 1, 30 * 24 * 3600);
export const parseEveryOption = integerOption('--every', 1, 3600);

/**
 * The scenario with the command line's overrides. Events after a shortened run can never
 * happen, so they are dropped (and counted, for a note) instead of failing validation.
 */
export function applyOverrides(
  scenario: Scenario,
  o: RunOverrides,
): { scenario: Scenario; droppedEvents: number } {
  const durationS = o.durationS ?? scenario.durationS;
  const events = scenario.events.filter((e) => e.atS <= durationS);
  return {
    scenario: {
      ...scenario,
      seed: o.seed ?? scenario.seed,
      durationS,
      sampleEveryS: o.sampleEveryS ?? scenario.sampleEveryS,
      events,
    },
    droppedEvents: scenario.events.length - events.length,
  };
}
