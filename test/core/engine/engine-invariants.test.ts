import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine } from '../../../core/engine/create-engine';
import type { SimEngine } from '../../../core/engine/sim-engine';
import { parseScenario } from '../../../core/scenario/parse-scenario';
import { checkInvariants, newPrevious } from './invariants';
import { interventionsArb, scenarioArb } from './scenario-arbitraries';

describe('engine invariants under random scenarios, events and interventions', () => {
  // Twenty random labs checked page by page every tick: slow on a loaded machine, hence the timeout.
  it('accounts for every page exactly once, every tick', { timeout: 180_000 }, () => {
    fc.assert(
      fc.property(
        scenarioArb.chain((input) => {
          const parsed = parseScenario(input);
          const vms = parsed.ok ? parsed.scenario.vms : [];
          return fc.tuple(fc.constant(input), vms.length > 0 ? interventionsArb(vms, 60) : fc.constant([]));
        }),
        ([input, live]) => {
          const parsed = parseScenario(input);
          fc.pre(parsed.ok);
          if (!parsed.ok) return;
          const engine = createEngine(parsed.scenario) as SimEngine;
          const prev = newPrevious();
          checkInvariants(engine, prev);
          while (engine.tick < engine.endTick) {
            for (const l of live) {
              if (l.tick !== engine.tick) continue;
              try {
                engine.apply(l.intervention);
              } catch (err) {
                // Only impossible values may be refused (e.g. a limit below the reservation).
                expect(String(err)).toMatch(/limitMiB|reservationMiB/);
              }
              // An intervention changes the guarantees: start comparing afresh.
              Object.assign(prev, newPrevious());
            }
            engine.step();
            checkInvariants(engine, prev);
          }
          engine.drainLog();
        },
      ),
      { numRuns: 20, endOnFailure: true },
    );
  });
});
