import { engineVersion as currentEngineVersion } from '../engine/engine-version';
import { hostStates, type HostCounters, type HostState, type VmCounters } from '../model/counters';
import { formatNumber, vmColumns } from './trace-columns';

/** A host counter over the run: lowest, time-weighted mean, highest and last value. */
export interface CounterStats {
  min: number;
  mean: number;
  max: number;
  final: number;
}

export interface HostSummary {
  /** The host's minFree threshold (ESX sliding scale or the scenario's value), MiB. */
  minFreeMiB: number;
  pmemMiB: number;
  /** Sum of configured VM memory / host memory. */
  overcommit: number;
  /** Simulated seconds spent in each free-memory state. */
  timeInStateS: Record<HostState, number>;
  freeMiB: CounterStats;
  shrdsvdMiB: CounterStats;
  mctlszMiB: CounterStats;
  swcurMiB: CounterStats;
  zipMiB: CounterStats;
}

/** Counters keyed by their vms.csv column (memsz_mib ... perf_index). */
export type VmColumnValues = Record<string, number>;

export interface VmSummary {
  /** The last sample's counters. */
  final: VmColumnValues;
  /** Time-weighted means while powered on; null if the VM never ran. */
  mean: VmColumnValues | null;
  /** Time-weighted mean performance index while powered on; null if the VM never ran. */
  perfIndexMean: number | null;
  /** Lowest performance index seen while powered on; null if the VM never ran. */
  perfIndexMin: number | null;
  /** Pages read back from the host swap file over the run, MiB. */
  swapInMiB: number;
  /** Pages the guest read back from its own swap disk over the run, MiB. */
  guestSwapInMiB: number;
  /** Power state at the end of the run. */
  poweredOn: boolean;
  /** Simulated seconds the VM was powered on. */
  poweredOnS: number;
}

/** The summary.json of a run (docs/glossary.md#summaryjson). */
export interface RunSummary {
  scenario: string;
  seed: number;
  durationS: number;
  engineVersion: string;
  host: HostSummary;
  vms: Record<string, VmSummary>;
}

export interface SummaryRunInfo {
  /** Scenario name. */
  scenario: string;
  seed: number;
  durationS: number;
  /** Defaults to the running engine's version. */
  engineVersion?: string;
}

const hostStatKeys = ['freeMiB', 'shrdsvdMiB', 'mctlszMiB', 'swcurMiB', 'zipMiB'] as const;
type HostStatKey = (typeof hostStatKeys)[number];

class Stat {
  min = Infinity;
  max = -Infinity;
  weighted = 0;
  weight = 0;
  last = 0;
  add(value: number, dtS: number): void {
    this.min = Math.min(this.min, value);
    this.max = Math.max(this.max, value);
    this.weighted += value * dtS;
    this.weight += dtS;
    this.last = value;
  }
  mean(): number {
    return this.weight > 0 ? this.weighted / this.weight : this.last;
  }
}

interface VmAccumulator {
  last: VmCounters;
  sums: Float64Array;
  onS: number;
  onSamples: number;
  perfMin: number;
  swapInMiB: number;
  guestSwapInMiB: number;
}

/** Rounds like the CSV column so summary.json and the traces agree to the digit. */
function round(value: number, column: string): number {
  return Number(formatNumber(value, column));
}

/**
 * Folds trace samples into the run summary. Call `add` once per sample, in time order (every
 * tick gives exact totals); each sample stands for the time since the previous one (the first,
 * for the time since 0). Pure and deterministic: same samples, same summary, same key order.
 */
export class SummaryAccumulator {
  private readonly hostStats = new Map<HostStatKey, Stat>(hostStatKeys.map((k) => [k, new Stat()]));
  private readonly stateS: Record<HostState, number> = { high: 0, clear: 0, soft: 0, hard: 0, low: 0 };
  private readonly vms = new Map<string, VmAccumulator>();
  private lastHost: HostCounters | null = null;
  private lastTimeS = 0;

  constructor(private readonly info: SummaryRunInfo) {}

  add(host: HostCounters, vms: readonly VmCounters[]): void {
    const dtS = Math.max(0, host.timeS - this.lastTimeS);
    this.lastTimeS = Math.max(this.lastTimeS, host.timeS);
    this.lastHost = host;
    this.stateS[host.state] += dtS;
    for (const key of hostStatKeys) this.hostStats.get(key)!.add(host[key], dtS);
    for (const c of vms) {
      let acc = this.vms.get(c.id);
      if (acc === undefined) {
        acc = {
          last: c,
          sums: new Float64Array(vmColumns.length),
          onS: 0,
          onSamples: 0,
          perfMin: Infinity,
          swapInMiB: 0,
          guestSwapInMiB: 0,
        };
        this.vms.set(c.id, acc);
      }
      acc.last = c;
      acc.swapInMiB += c.swrMiBps * dtS;
      acc.guestSwapInMiB += c.guestSwapInMiBps * dtS;
      if (!c.poweredOn) continue;
      acc.onS += dtS;
      acc.onSamples += 1;
      acc.perfMin = Math.min(acc.perfMin, c.perfIndex);
      vmColumns.forEach(([, key], i) => (acc.sums[i]! += c[key] * dtS));
    }
  }

  finish(): RunSummary {
    const host = this.lastHost;
    const stat = (key: HostStatKey): CounterStats => {
      const s = this.hostStats.get(key)!;
      const empty = s.weight === 0 && s.min === Infinity;
      return empty
        ? { min: 0, mean: 0, max: 0, final: 0 }
        : {
            min: round(s.min, key),
            mean: round(s.mean(), key),
            max: round(s.max, key),
            final: round(s.last, key),
          };
    };
    const timeInStateS = Object.fromEntries(
      hostStates.map((st) => [st, round(this.stateS[st], 'time_s')]),
    ) as Record<HostState, number>;
    const vms: Record<string, VmSummary> = {};
    for (const id of [...this.vms.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
      vms[id] = this.vmSummary(this.vms.get(id)!);
    return {
      scenario: this.info.scenario,
      seed: this.info.seed,
      durationS: this.info.durationS,
      engineVersion: this.info.engineVersion ?? currentEngineVersion,
      host: {
        minFreeMiB: host === null ? 0 : round(host.minFreeMiB, 'minfree_mib'),
        pmemMiB: host === null ? 0 : round(host.pmemMiB, 'pmem_mib'),
        overcommit: host === null ? 0 : round(host.overcommit, 'overcommit'),
        timeInStateS,
        freeMiB: stat('freeMiB'),
        shrdsvdMiB: stat('shrdsvdMiB'),
        mctlszMiB: stat('mctlszMiB'),
        swcurMiB: stat('swcurMiB'),
        zipMiB: stat('zipMiB'),
      },
      vms,
    };
  }

  private vmSummary(acc: VmAccumulator): VmSummary {
    const final: VmColumnValues = {};
    for (const [column, key] of vmColumns) final[column] = round(acc.last[key], column);
    let mean: VmColumnValues | null = null;
    if (acc.onSamples > 0) {
      mean = {};
      for (const [i, [column, key]] of vmColumns.entries()) {
        // Samples that cover no time (a lone sample at 0 s) fall back to the last value.
        mean[column] = round(acc.onS > 0 ? acc.sums[i]! / acc.onS : acc.last[key], column);
      }
    }
    return {
      final,
      mean,
      perfIndexMean: mean === null ? null : mean['perf_index']!,
      perfIndexMin: acc.onSamples > 0 ? round(acc.perfMin, 'perf_index') : null,
      swapInMiB: round(acc.swapInMiB, 'swcur_mib'),
      guestSwapInMiB: round(acc.guestSwapInMiB, 'guest_swap_mib'),
      poweredOn: acc.last.poweredOn,
      poweredOnS: round(acc.onS, 'time_s'),
    };
  }
}
