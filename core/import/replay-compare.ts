import type { HostCounters, VmCounters } from '../model/counters';
import { hostField, vmField, type VmField } from './trace-collector';
import { stateName, type RecordedTrace } from './recorded-trace';
import type { GridSeries } from './resample';

type VmCounterKey = 'mctlszMiB' | 'swcurMiB' | 'zipMiB' | 'shrdsvdMiB' | 'sztgtMiB';

/** Recorded counters held against the simulated ones: column stem, recorded field, simulated counter. */
export const replayVmCounters: readonly (readonly [column: string, field: VmField, key: VmCounterKey])[] = [
  ['mctlsz_mib', 'mctlsz', 'mctlszMiB'],
  ['swcur_mib', 'swcur', 'swcurMiB'],
  ['zip_mib', 'zip', 'zipMiB'],
  ['shrdsvd_mib', 'shrdsvd', 'shrdsvdMiB'],
  ['sztgt_mib', 'sztgt', 'sztgtMiB'],
];

export const replayVmsHeader = [
  'time_s',
  'vm',
  ...replayVmCounters.flatMap(([c]) => [`recorded_${c}`, `simulated_${c}`]),
];
export const replayHostHeader = [
  'time_s',
  'recorded_free_mib',
  'simulated_free_mib',
  'recorded_state',
  'simulated_state',
];

const fmt = (v: number): string => (Number.isNaN(v) ? '' : String(Math.round(v * 100) / 100));

class MeanAbs {
  sum = 0;
  n = 0;
  add(a: number, b: number): void {
    if (Number.isNaN(a) || Number.isNaN(b)) return;
    this.sum += Math.abs(a - b);
    this.n++;
  }
  get value(): number {
    return this.n === 0 ? NaN : this.sum / this.n;
  }
}

/** Finds a grid's cell by time, walking forward as the run's samples come in order. */
class GridCursor {
  private at = 0;
  constructor(readonly grid: GridSeries) {}
  index(cell: number): number {
    const cells = this.grid.cells;
    while (this.at < cells.length && cells[this.at]! < cell) this.at++;
    return this.at < cells.length && cells[this.at] === cell ? this.at : -1;
  }
}

/**
 * The replay report: at every simulated sample that falls on a recorded one, the recorded
 * and the simulated counters side by side (per VM and for the host), and the mean absolute
 * difference of each counter over the run.
 */
export class ReplayComparison {
  private readonly vms: Map<string, GridCursor>;
  private readonly host: GridCursor | null;
  private readonly vmDiff = new Map<string, MeanAbs[]>();
  private readonly allDiff = replayVmCounters.map(() => new MeanAbs());
  private readonly freeDiff = new MeanAbs();
  private stateSamples = 0;
  private stateAgree = 0;

  constructor(readonly recorded: RecordedTrace) {
    this.vms = new Map(recorded.vms.map((v) => [v.id, new GridCursor(v.grid)]));
    this.host = recorded.host === null ? null : new GridCursor(recorded.host);
  }

  /** The cell of a sample time, or -1 when it is not on the recorded grid. */
  private cellOf(timeS: number): number {
    const cell = timeS / this.recorded.resolutionS;
    return Number.isInteger(cell) ? cell : -1;
  }

  /** Rows of replay-vms.csv for one simulated sample. */
  vmRows(timeS: number, counters: readonly VmCounters[]): string[][] {
    const cell = this.cellOf(timeS);
    if (cell < 0) return [];
    const rows: string[][] = [];
    for (const c of counters) {
      const cursor = this.vms.get(c.id);
      const i = cursor?.index(cell) ?? -1;
      if (cursor === undefined || i < 0) continue;
      const diffs = this.vmDiff.get(c.id) ?? replayVmCounters.map(() => new MeanAbs());
      this.vmDiff.set(c.id, diffs);
      const row = [String(timeS), c.id];
      replayVmCounters.forEach(([, field, key], k) => {
        const rec = cursor.grid.fields[vmField[field]]![i]!;
        const sim = c.poweredOn ? c[key] : NaN;
        diffs[k]!.add(rec, sim);
        this.allDiff[k]!.add(rec, sim);
        row.push(fmt(rec), fmt(sim));
      });
      rows.push(row);
    }
    return rows;
  }

  /** The row of replay-host.csv for one simulated sample, or null off the recorded grid. */
  hostRow(timeS: number, host: HostCounters): string[] | null {
    const cell = this.cellOf(timeS);
    if (cell < 0 || this.host === null) return null;
    const i = this.host.index(cell);
    if (i < 0) return null;
    const free = this.host.grid.fields[hostField.free]![i]!;
    const state = stateName(this.host.grid.fields[hostField.state]![i]!);
    this.freeDiff.add(free, host.freeMiB);
    if (state !== '') {
      this.stateSamples++;
      if (state === host.state) this.stateAgree++;
    }
    return [String(timeS), fmt(free), fmt(host.freeMiB), state, host.state];
  }

  /** replay-summary.txt: mean absolute differences, recorded minus simulated, in MiB. */
  summaryLines(): string[] {
    const lines = ['Replay of an imported trace: mean absolute difference, recorded vs simulated (MiB)', ''];
    const counters = replayVmCounters.map(([c]) => c);
    const present = counters.map((_, k) => this.allDiff[k]!.n > 0);
    const cols = counters.filter((_, k) => present[k]);
    if (cols.length === 0) lines.push('no recorded VM counters to compare');
    else {
      lines.push(['vm', ...cols].join('\t'));
      const row = (label: string, diffs: MeanAbs[]): string =>
        [label, ...diffs.filter((_, k) => present[k]).map((d) => fmt(d.value) || '-')].join('\t');
      for (const [id, diffs] of this.vmDiff) lines.push(row(id, diffs));
      lines.push(row('all VMs', this.allDiff));
    }
    lines.push('');
    if (this.freeDiff.n > 0)
      lines.push(`host free_mib: ${fmt(this.freeDiff.value)} MiB over ${this.freeDiff.n} samples`);
    if (this.stateSamples > 0)
      lines.push(
        `host state: the same in ${this.stateAgree} of ${this.stateSamples} samples (${fmt((100 * this.stateAgree) / this.stateSamples)}%)`,
      );
    if (this.freeDiff.n === 0 && this.stateSamples === 0) lines.push('no recorded host counters to compare');
    return lines;
  }
}
