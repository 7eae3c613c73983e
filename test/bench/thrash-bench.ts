// Thrashing benchmark (issue 7 target): a VM whose working set is twice its memory must cost the
// engine no more than 3x the same VM whose working set fits, per simulated hour.
import { createEngine } from '../../core/engine/create-engine';
import { parseScenarioOrThrow } from '../../core/scenario/parse-scenario';

export interface ThrashResult {
  /** Best wall seconds for one simulated hour: working set 2 GiB in a 4 GiB VM. */
  fitsS: number;
  /** The same VM with an 8 GiB working set (twice its memory), paging all the time. */
  thrashS: number;
}

function hourOf(activePct: number): number {
  const scenario = parseScenarioOrThrow({
    durationS: 3600,
    host: { memoryMiB: 16_384 },
    // Swap large enough that the guest pages rather than running out of memory (no OOM kills).
    vms: [
      {
        id: 'v',
        memoryMiB: 4096,
        guestSwapMiB: 8192,
        workload: { kind: 'steady', demandMiB: 8192, activePct },
      },
    ],
  });
  const engine = createEngine(scenario);
  const started = performance.now();
  engine.runUntil(engine.endTick);
  return (performance.now() - started) / 1000;
}

/** Best of `reps` for each variant, after a warm-up run of each. */
export function benchThrash(reps = 3): ThrashResult {
  hourOf(25);
  hourOf(100);
  let fitsS = Infinity;
  let thrashS = Infinity;
  for (let r = 0; r < reps; r++) {
    fitsS = Math.min(fitsS, hourOf(25));
    thrashS = Math.min(thrashS, hourOf(100));
  }
  return { fitsS, thrashS };
}
