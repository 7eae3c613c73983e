import { createEngine } from '../../../core/engine/create-engine';
import type { Engine } from '../../../core/engine/engine-types';
import type { LogLine } from '../../../core/model/log-line';
import type { VmCounters } from '../../../core/model/counters';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import type { ScenarioInput } from '../../../core/scenario/scenario-schema';

/** A finished run: every VM's counters at every tick, and the whole log. */
export interface GuestRun {
  engine: Engine;
  samples: Map<string, VmCounters[]>;
  log: LogLine[];
}

/** Runs a scenario to its end, keeping each tick's per-VM counters (sample i is after tick i + 1). */
export function runScenario(input: ScenarioInput): GuestRun {
  const engine = createEngine(parseScenarioOrThrow(input));
  const samples = new Map<string, VmCounters[]>();
  const log: LogLine[] = [];
  while (engine.tick < engine.endTick) {
    engine.step(1);
    log.push(...engine.drainLog());
    for (const c of engine.vmCounters()) {
      let list = samples.get(c.id);
      if (!list) samples.set(c.id, (list = []));
      list.push(c);
    }
  }
  return { engine, samples, log };
}

/** Mean of `f` over the ticks in (fromS, toS] of a 1 s tick run. */
export function meanOver(
  run: GuestRun,
  vm: string,
  fromS: number,
  toS: number,
  f: (c: VmCounters) => number,
): number {
  const xs = run.samples.get(vm)!.slice(fromS, toS);
  return xs.reduce((s, c) => s + f(c), 0) / Math.max(1, xs.length);
}

/** Mean performance index of a VM over (fromS, toS]. */
export function perfOver(run: GuestRun, vm: string, fromS: number, toS: number): number {
  return meanOver(run, vm, fromS, toS, (c) => c.perfIndex);
}
