import { describe, expect, it } from 'vitest';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import {
  calloutText,
  describeScheduledEvent,
  eventsPassed,
} from '../../../renderer/src/logic/event-callouts';

const scenario = parseScenarioOrThrow({
  name: 'callouts',
  durationS: 3600,
  host: { memoryMiB: 16384 },
  vms: [
    { id: 'app1', memoryMiB: 4096, workload: { kind: 'steady', demandMiB: 3000, activePct: 40 } },
    { id: 'db1', memoryMiB: 4096, workload: { kind: 'idle' } },
  ],
  events: [
    { atS: 1200, vm: 'db1', set: { limitMiB: 2048, reservationMiB: 512 } },
    { atS: 600, vm: 'app1', set: { workload: { kind: 'idle', demandMiB: 256, activePct: 2 } } },
    { atS: 1200, vm: 'app1', power: 'off' },
    { atS: 1800, vm: 'db1', set: { limitMiB: null } },
  ],
});
const events = scenario.events;

describe('event callouts', () => {
  it('describes an event with its time and numbers', () => {
    const idle = events.find((e) => e.atS === 600)!;
    expect(describeScheduledEvent(idle)).toMatch(/^00:10:00 app1: workload set to idle 256 MiB, 2% active/);
    expect(
      describeScheduledEvent(
        events.find((e) => e.vm === 'db1' && e.atS === 1200)!,
        'database',
      ),
    ).toBe('00:20:00 database: reservation set to 512 MiB; limit set to 2048 MiB');
    expect(describeScheduledEvent(events.find((e) => e.atS === 1800)!)).toBe('00:30:00 db1: limit removed');
  });

  it('finds the events the clock passed, in time order, only going forward', () => {
    expect(eventsPassed(events, 599, 600).map((e) => e.atS)).toEqual([600]);
    expect(eventsPassed(events, 600, 601)).toEqual([]);
    expect(eventsPassed(events, 0, 1200).map((e) => e.atS)).toEqual([600, 1200, 1200]);
    expect(eventsPassed(events, 1900, 100)).toEqual([]);
    expect(eventsPassed(events, Number.NaN, 1000)).toEqual([]);
  });

  it('puts the events of one step into one callout, counting the rest', () => {
    expect(calloutText([])).toBeNull();
    const text = calloutText(eventsPassed(events, 0, 3600))!;
    expect(text).toMatch(/^00:10:00 app1: workload set to idle .*\. 00:20:00 .*\. And 2 more events\.$/);
    expect(calloutText(eventsPassed(events, 1700, 1800), (id) => `vm ${id}`)).toBe(
      '00:30:00 vm db1: limit removed',
    );
  });
});
