import { createEngine } from '../engine/create-engine';
import type { Engine } from '../engine/engine-types';
import type { HostCounters, VmCounters } from '../model/counters';
import type { LogLine } from '../model/log-line';
import { parseScenarioOrThrow } from '../scenario/parse-scenario';
import type { ScenarioInput } from '../scenario/scenario-schema';

/** A finished run: every tick's host and per-VM counters, and the whole log. */
export interface GuestRun {
  engine: Engine;
  /** Host counters after tick i + 1. */
  host: HostCounters[];
  /** Per VM, its counters after tick i + 1. */
  samples: Map<string, VmCounters[]>;
  log: LogLine[];
}

/** Runs a scenario to its end through the engine, keeping each tick's counters (sample i is after tick i + 1). */
export function runScenario(input: ScenarioInput): GuestRun {
  const engine = createEngine(parseScenarioOrThrow(input));
  const host: HostCounters[] = [];
  const samples = new Map<string, VmCounters[]>();
  const log: LogLine[] = [];
  while (engine.tick < engine.endTick) {
    engine.step(1);
    log.push(...engine.drainLog());
    host.push(engine.hostCounters());
    for (const c of engine.vmCounters()) {
      let list = samples.get(c.id);
      if (!list) samples.set(c.id, (list = []));
      list.push(c);
    }
  }
  return { engine, host, samples, log };
}

/** The counters of `vm` after every tick; throws when the run has no such VM. */
export function vmSamples(run: GuestRun, vm: string): VmCounters[] {
  const xs = run.samples.get(vm);
  if (xs === undefined) throw new Error(`the run has no VM "${vm}"`);
  return xs;
}

/** Mean of `f` over the ticks in (fromS, toS] of a 1 s tick run. */
export function meanOver(
  run: GuestRun,
  vm: string,
  fromS: number,
  toS: number,
  f: (c: VmCounters) => number,
): number {
  const xs = vmSamples(run, vm).slice(fromS, toS);
  return xs.reduce((s, c) => s + f(c), 0) / Math.max(1, xs.length);
}

/** Mean performance index of a VM over (fromS, toS]. */
export function perfOver(run: GuestRun, vm: string, fromS: number, toS: number): number {
  return meanOver(run, vm, fromS, toS, (c) => c.perfIndex);
}

/** `f` of every `everyS`-th sample as chart points (time in minutes), to keep charts small. */
export function seriesOf<T>(
  samples: readonly T[],
  everyS: number,
  f: (c: T) => number,
  tickS = 1,
): [number, number][] {
  const out: [number, number][] = [];
  for (let i = everyS - 1; i < samples.length; i += everyS)
    out.push([((i + 1) * tickS) / 60, f(samples[i]!)]);
  return out;
}
