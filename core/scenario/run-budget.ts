import { pagesPerMiB } from '../model/units';
import { runTicksOf } from './scenario-bounds';
import type { ScenarioIssue } from './scenario-checks';
import type { Scenario } from './scenario-schema';

/** 4 KiB pages per MiB. */

/**
 * Bytes the engine keeps per 4 KiB page of the host and of each VM: a state cell per page
 * plus page lists that can hold every page (measured: about 3.5 B once a run is under way;
 * this is the upper end, so an estimate that fits really does).
 */
export const engineBytesPerPage = 8;

/** Numbers kept per trace sample: the host's columns, then each VM's (with room to grow). */
const hostSampleValues = 16;
const vmSampleValues = 26;

/**
 * Page-ticks (pages held x ticks stepped) one second of engine time gets through on a
 * reference machine (a 2020s laptop core: 0.15 to 0.27 ns per page-tick measured on the
 * basics and datacenter-2x presets). Used only to estimate how long a run takes.
 */
export const referencePageTicksPerS = 4e9;

/** Longest estimated engine time of a run that is accepted: 12 hours. */
export const defaultMaxRunSeconds = 12 * 3600;

/** What a run of a scenario costs, estimated before it starts. */
export interface RunEstimate {
  ticks: number;
  /** Trace samples a lab keeps for its charts and exports. */
  samples: number;
  hostPages: number;
  vmPages: number;
  /** Memory of the engine's page state. */
  engineBytes: number;
  /** Memory of the trace history (only the app keeps it; the CLI streams it to disk). */
  historyBytes: number;
  /** Estimated engine time from tick 0 to the end on the reference machine, seconds. */
  seconds: number;
}

export function estimateRun(s: Scenario): RunEstimate {
  const ticks = runTicksOf(s.durationS, s.tickMs);
  const samples = Math.floor(s.durationS / s.sampleEveryS) + 1;
  const hostPages = s.host.memoryMiB * pagesPerMiB;
  const vmPages = s.vms.reduce((n, vm) => n + vm.memoryMiB * pagesPerMiB, 0);
  // Growable columns double when full: up to twice the samples' own size.
  const historyBytes = 2 * samples * (hostSampleValues + vmSampleValues * s.vms.length) * 8;
  return {
    ticks,
    samples,
    hostPages,
    vmPages,
    engineBytes: (hostPages + vmPages) * engineBytesPerPage,
    historyBytes,
    seconds: ((hostPages + vmPages) * ticks) / referencePageTicksPerS,
  };
}

/** What the machine running a scenario allows it. */
export interface RunBudget {
  /** Memory a run may use, bytes (see memoryBudgetOf). */
  memoryBytes: number;
  /** Where that number comes from, for the message ("half of this machine's 16.0 GiB"). */
  memoryNote: string;
  /** True when the trace history is kept in memory (the app), false when streamed (the CLI). */
  keepsHistory: boolean;
  /** Longest estimated engine time accepted, seconds (default 12 hours). */
  maxSeconds?: number;
}

function formatGiB(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

function formatHours(seconds: number): string {
  return seconds >= 3600 ? `${(seconds / 3600).toFixed(1)} hours` : `${Math.ceil(seconds / 60)} minutes`;
}

/**
 * The memory a run may take on a machine with `totalMemoryBytes` of RAM: half of it, so the
 * app, the renderer and the rest of the machine keep the other half.
 */
export function memoryBudgetOf(totalMemoryBytes: number): { memoryBytes: number; memoryNote: string } {
  return {
    memoryBytes: Math.floor(totalMemoryBytes / 2),
    memoryNote: `half of this machine's ${formatGiB(totalMemoryBytes)}`,
  };
}

/**
 * Refuses, before anything is allocated, a run that would not fit: more memory than the
 * budget, or more estimated engine time than maxSeconds. Each issue names the field that
 * drives the cost and the bound.
 */
export function runBudgetIssues(s: Scenario, budget: RunBudget): ScenarioIssue[] {
  const e = estimateRun(s);
  const issues: ScenarioIssue[] = [];
  const historyBytes = budget.keepsHistory ? e.historyBytes : 0;
  const totalBytes = e.engineBytes + historyBytes;
  if (totalBytes > budget.memoryBytes) {
    const historyIsMost = historyBytes > e.engineBytes;
    const parts = budget.keepsHistory
      ? ` (${formatGiB(e.engineBytes)} for the pages of the host and the VMs, ${formatGiB(historyBytes)} for ${e.samples} trace samples)`
      : '';
    issues.push({
      path: historyIsMost ? 'sampleEveryS' : 'vms',
      message:
        `this run needs about ${formatGiB(totalBytes)} of memory${parts}, more than the ${formatGiB(budget.memoryBytes)} it may use (${budget.memoryNote}); ` +
        (historyIsMost
          ? 'sample less often (a larger sampleEveryS) or run for less time'
          : 'use fewer or smaller VMs or a smaller host'),
    });
  }
  const maxSeconds = budget.maxSeconds ?? defaultMaxRunSeconds;
  if (e.seconds > maxSeconds) {
    issues.push({
      path: 'durationS',
      message: `this run would take about ${formatHours(e.seconds)} of engine time (${e.ticks} ticks of ${e.hostPages + e.vmPages} pages), more than the ${formatHours(maxSeconds)} allowed; run for less time, use a longer tickMs, or fewer or smaller VMs`,
    });
  }
  return issues;
}
