import { defaultOverheadMiB } from '../scenario/scenario-checks';
import { formatIssues, parseScenario } from '../scenario/parse-scenario';
import type { PolicyKind } from '../scenario/policy-schema';
import { maxDurationS, maxHostMemoryMiB, maxVmMemoryMiB } from '../scenario/scenario-limits';
import type { Scenario } from '../scenario/scenario-schema';
import { ImportError } from './import-error';
import type { ImportSummary, TraceFormat } from './import-summary';
import { recordedVmColumns, type RecordedTrace } from './recorded-trace';
import { resample, type GridSeries } from './resample';
import { hostField, pointsPerVm, vmField, type CollectedVm, type TraceCollector } from './trace-collector';
import { vmIdsOf } from './vm-ids';

/** Choices of an import that the trace does not make. */
export interface ImportOptions {
  /** Host memory, MiB; default: the trace's (esxtop Machine MBytes) or the VMs' total. */
  hostMiB?: number;
  policy?: PolicyKind;
  /** Scenario name; default from the file name. */
  name?: string;
}

export interface ImportResult {
  scenario: Scenario;
  summary: ImportSummary;
  /** The recorded reclamation counters, or null when the trace had none. */
  recorded: RecordedTrace | null;
}

/** Smallest VM a scenario holds (vm-schema): smaller groups are left out. */
const minVmMiB = 64;
/** Hypervisor memory of an imported host: the scenario default. */
const hypervisorMiB = 512;
/** activePct when the trace has none (the trace sample's default). */
const defaultActivePct = 30;

/** Issues an invalid result lists before "and N more". */
const shownIssues = 5;

const round1 = (v: number): number => Math.round(v * 10) / 10;

/** Largest divisor of `n` that is at most `limit` (a sample interval the scenario accepts). */
function divisorAtMost(n: number, limit: number): number {
  for (let d = Math.min(n, limit); d > 1; d--) if (n % d === 0) return d;
  return 1;
}

function maxOf(values: Float32Array): number {
  let m = NaN;
  for (const v of values) if (!Number.isNaN(v) && !(v <= m)) m = v;
  return m;
}

interface Kept {
  vm: CollectedVm;
  memoryMiB: number;
}

/** Turns what the parsers collected into a validated scenario, its summary and the recorded counters. */
export function buildScenario(
  c: TraceCollector,
  meta: { format: TraceFormat; files: number; lines: number; fileName: string },
  options: ImportOptions,
): ImportResult {
  const kept: Kept[] = [];
  for (const vm of c.vms) {
    let memsz = NaN;
    for (let i = 0; i < vm.series.length; i++) {
      const v = vm.series.valueAt(vmField.memsz, i);
      if (!(v <= memsz)) memsz = v;
    }
    if (vm.series.length === 0 || !(memsz >= minVmMiB)) {
      c.ignore(`groups without a memory size of ${minVmMiB} MiB or more`, vm.name);
      continue;
    }
    kept.push({ vm, memoryMiB: Math.min(maxVmMemoryMiB, Math.round(memsz)) });
  }
  if (kept.length === 0)
    throw new ImportError(`the trace holds no VM (no group with a memory size of ${minVmMiB} MiB or more)`);

  const originS = Math.min(...kept.map((k) => k.vm.firstS));
  const spanS = Math.max(...kept.map((k) => k.vm.lastS)) - originS;
  const intervalS = c.medianIntervalS() ?? 1;
  const budget = pointsPerVm(kept.length);
  let resolutionS = Math.max(1, Math.round(intervalS), Math.ceil(spanS / Math.max(1, budget - 1)));
  resolutionS = Math.min(resolutionS, maxDurationS);
  const lastCell = Math.floor((maxDurationS - resolutionS) / resolutionS);
  if (spanS > lastCell * resolutionS)
    c.notes.push(
      `the trace spans ${Math.round(spanS)} s; a run is at most ${maxDurationS} s, so only the first ${lastCell * resolutionS + resolutionS} s are imported`,
    );

  const ids = vmIdsOf(kept.map((k) => k.vm.name));
  const grids: GridSeries[] = kept.map((k) => resample(k.vm.series, originS, resolutionS, lastCell));
  let endCell = 0;
  const vms = kept.map((k, i) => {
    const grid = grids[i]!;
    const samples = traceSamples(grid, k.memoryMiB, resolutionS, c);
    endCell = Math.max(endCell, grid.cells[grid.cells.length - 1] ?? 0);
    const powerOnAtS = samples.firstCell * resolutionS;
    return {
      id: ids[i]!,
      name: k.vm.name.slice(0, 64),
      memoryMiB: k.memoryMiB,
      powerOnAtS,
      workload: {
        kind: 'trace' as const,
        samples: samples.list,
      },
    };
  });
  const durationS = Math.min(maxDurationS, (endCell + 1) * resolutionS);

  const hostGrid = c.host === null ? null : resample(c.host, originS, resolutionS, lastCell);
  const traceHostMiB = hostGrid === null ? NaN : maxOf(hostGrid.fields[hostField.machine]!);
  let hostSource: ImportSummary['hostSource'];
  let hostMiB: number;
  if (options.hostMiB !== undefined) {
    hostSource = 'option';
    hostMiB = options.hostMiB;
  } else if (traceHostMiB > hypervisorMiB) {
    hostSource = 'trace';
    hostMiB = Math.round(traceHostMiB);
  } else {
    hostSource = 'estimate';
    const total = vms.reduce((sum, vm) => sum + vm.memoryMiB, 0);
    const largest = Math.max(...vms.map((vm) => vm.memoryMiB + defaultOverheadMiB(vm.memoryMiB)));
    hostMiB = Math.min(maxHostMemoryMiB, Math.ceil(Math.max(total, largest + hypervisorMiB) / 1024) * 1024);
  }
  const policy = options.policy ?? 'esx';
  const name = (options.name ?? `Imported ${meta.format} trace ${meta.fileName}`).slice(0, 200);
  const document = {
    name,
    description:
      `Imported by balloon-lab import from ${meta.fileName} (${meta.format}): ${vms.length} VMs, one sample every ${resolutionS} s.`.slice(
        0,
        2000,
      ),
    durationS,
    tickMs: 1000,
    sampleEveryS: divisorAtMost(resolutionS, 3600),
    host: { memoryMiB: hostMiB, hypervisorMiB: Math.min(hypervisorMiB, Math.max(0, hostMiB - 256)) },
    policy: { kind: policy },
    vms,
  };
  const parsed = parseScenario(document);
  if (!parsed.ok) {
    const shown = parsed.issues.slice(0, shownIssues);
    const more = parsed.issues.length - shown.length;
    throw new ImportError(
      `the imported trace does not make a valid scenario:\n${formatIssues(shown)}${more > 0 ? `\nand ${more} more` : ''}`,
    );
  }

  const recorded = recordedOf(ids, grids, hostGrid, resolutionS);
  const summary: ImportSummary = {
    format: meta.format,
    files: meta.files,
    lines: meta.lines,
    vms: vms.map((vm) => ({
      id: vm.id,
      name: vm.name,
      memoryMiB: vm.memoryMiB,
      samples: vm.workload.samples.length,
      powerOnAtS: vm.powerOnAtS,
    })),
    hostMiB,
    hostSource,
    policy,
    intervalS: Math.round(intervalS * 1000) / 1000,
    resolutionS,
    durationS,
    ignored: {
      columns: c.ignoredColumns,
      groups: [...c.ignored].map(([kind, names]) => ({ kind, names })),
      rows: [...c.ignoredRows].map(([reason, count]) => ({ reason, count })),
      sentinels: c.sentinels,
      missing: c.missing,
      clamped: c.clamped,
    },
    recorded: { vm: recorded?.vmColumns ?? [], host: recorded?.hostColumns ?? [] },
    notes: c.notes,
  };
  return { scenario: parsed.scenario, summary, recorded };
}

/**
 * A VM's trace samples in grid cells (times relative to its first cell, where it powers on):
 * demand cut to the VM's memory, a missing value holds the one before, and a sample equal to
 * the one before is left out (each sample holds until the next anyway).
 */
function traceSamples(grid: GridSeries, memoryMiB: number, resolutionS: number, c: TraceCollector) {
  const list: { atS: number; demandMiB: number; activePct: number }[] = [];
  let firstCell = -1;
  let demand = NaN;
  let active = defaultActivePct;
  for (let k = 0; k < grid.cells.length; k++) {
    const d = grid.fields[vmField.demand]![k]!;
    const a = grid.fields[vmField.activePct]![k]!;
    if (!Number.isNaN(d)) demand = d;
    if (!Number.isNaN(a)) active = a;
    if (Number.isNaN(demand)) continue;
    if (demand > memoryMiB) {
      c.clamped++;
      demand = memoryMiB;
    }
    if (firstCell < 0) firstCell = grid.cells[k]!;
    const sample = {
      atS: (grid.cells[k]! - firstCell) * resolutionS,
      demandMiB: round1(demand),
      activePct: round1(active),
    };
    const prev = list[list.length - 1];
    if (prev !== undefined && prev.demandMiB === sample.demandMiB && prev.activePct === sample.activePct)
      continue;
    list.push(sample);
  }
  if (firstCell < 0) {
    firstCell = grid.cells[0] ?? 0;
    list.push({ atS: 0, demandMiB: 0, activePct: defaultActivePct });
  }
  return { list, firstCell };
}

function recordedOf(
  ids: string[],
  grids: GridSeries[],
  host: GridSeries | null,
  resolutionS: number,
): RecordedTrace | null {
  const has = (g: GridSeries, f: number): boolean => g.fields[f]!.some((v) => !Number.isNaN(v));
  const vmColumns = recordedVmColumns
    .filter(([, f]) => grids.some((g) => has(g, vmField[f])))
    .map(([col]) => col);
  const hostColumns =
    host === null
      ? []
      : (
          [
            ['free_mib', hostField.free],
            ['state', hostField.state],
          ] as const
        )
          .filter(([, f]) => has(host, f))
          .map(([col]) => col);
  if (vmColumns.length + hostColumns.length === 0) return null;
  return {
    resolutionS,
    vms: ids.map((id, i) => ({ id, grid: grids[i]! })),
    host,
    vmColumns,
    hostColumns,
  };
}
