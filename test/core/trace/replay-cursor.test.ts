import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import { stateDigest } from '../../../core/engine/state-digest';
import type { RecordedIntervention } from '../../../core/scenario/event-schema';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { replayEngine } from '../../../core/trace/replay';
import { ReplayCursor } from '../../../core/trace/replay-cursor';

const scenario = parseScenarioOrThrow({
  seed: 9,
  durationS: 60,
  host: { memoryMiB: 1024, hypervisorMiB: 64 },
  vms: [
    { id: 'a', memoryMiB: 512, workload: { kind: 'steady', demandMiB: 420, activePct: 60 } },
    { id: 'b', memoryMiB: 512, workload: { kind: 'steady', demandMiB: 380, activePct: 40 } },
  ],
});

const recorded: RecordedIntervention[] = [
  { tick: 17, intervention: { vm: 'b', power: 'off' } },
  { tick: 6, intervention: { vm: 'a', set: { shares: 'high' } } },
  { tick: 6, intervention: { vm: 'a', set: { shares: 'low' } } },
  { tick: 40, intervention: { vm: 'b', power: 'on' } },
];

describe('ReplayCursor', () => {
  it('taken a few ticks at a time, ends where the one-go replay ends', () => {
    const engine = createEngine(scenario);
    const cursor = new ReplayCursor(engine, recorded, 30);
    let moves = 0;
    while (!cursor.step((tick) => engine.runUntil(Math.min(tick, engine.tick + 4)))) moves++;
    expect(moves).toBeGreaterThan(8);
    expect(cursor.done).toBe(true);
    expect(engine.tick).toBe(30);
    const whole = replayEngine(scenario, recorded, 30);
    // The intervention at tick 40 is after the replay's end and stays out.
    expect(engine.interventions()).toEqual(whole.interventions());
    expect(engine.interventions()).toHaveLength(3);
    expect(stateDigest(engine)).toBe(stateDigest(whole));
  });

  it('refuses an advance that does not move, instead of looping forever', () => {
    const engine = createEngine(scenario);
    const cursor = new ReplayCursor(engine, [], 10);
    expect(() => cursor.step(() => undefined)).toThrow('the replay did not move from tick 0');
  });

  it('refuses an intervention past the end of the run and an engine already past the replay', () => {
    const engine = createEngine(scenario);
    const late: RecordedIntervention[] = [
      { tick: engine.endTick + 5, intervention: { vm: 'a', power: 'off' } },
    ];
    const cursor = new ReplayCursor(engine, late, engine.endTick + 10);
    expect(() => {
      while (!cursor.step((tick) => engine.runUntil(tick)));
    }).toThrow(`intervention at tick ${engine.endTick + 5} is past the end of the run (${engine.endTick})`);
    expect(() => new ReplayCursor(engine, [], 1)).toThrow(/past the replay's tick 1/);
  });
});
