import { numberCell, readCells } from './csv-cells';
import { ImportError } from './import-error';
import { vmField, vmFields, type CollectedVm, type TraceCollector, type VmField } from './trace-collector';
import type { TraceParser } from './trace-parser';

/** Columns of the plain CSV format; the first four are required. */
export const plainCsvColumns: Record<string, VmField | 'time' | 'vm'> = {
  time_s: 'time',
  vm: 'vm',
  memory_mib: 'memsz',
  demand_mib: 'demand',
  active_pct: 'activePct',
  mctlsz_mib: 'mctlsz',
  swcur_mib: 'swcur',
  zip_mib: 'zip',
  shrdsvd_mib: 'shrdsvd',
  sztgt_mib: 'sztgt',
};
const required = ['time_s', 'vm', 'memory_mib', 'demand_mib'];

/** True when a first line is a plain CSV header naming time_s and vm. */
export function looksLikePlainCsv(firstLine: string): boolean {
  const cells = firstLine.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  return cells.includes('time_s') && cells.includes('vm');
}

/**
 * `time_s,vm,memory_mib,demand_mib,active_pct` (any order, one row per VM per sample, any
 * other column skipped): the format for traces from anything else. Optional recorded
 * counters `mctlsz_mib, swcur_mib, zip_mib, shrdsvd_mib, sztgt_mib` feed the replay report.
 */
export class PlainCsvParser implements TraceParser {
  private columns: { index: number; field: VmField }[] = [];
  private timeColumn = -1;
  private vmColumn = -1;
  private count = 0;
  private readonly lastTimeS = new Map<CollectedVm, number>();
  private readonly cells: string[] = [];

  constructor(private readonly c: TraceCollector) {}

  line(text: string, lineNo: number): void {
    if (this.count === 0) {
      this.readHeader(text, lineNo);
      return;
    }
    if (text.trim() === '') {
      this.c.ignoreRow('blank lines');
      return;
    }
    const cells = this.cells;
    cells.length = 0;
    const count = readCells(text, lineNo, ',', null, cells);
    if (count !== this.count)
      throw new ImportError(`the row has ${count} values but the header names ${this.count} columns`, {
        line: lineNo,
        column: Math.min(count, this.count) + 1,
      });
    const timeS = numberCell(cells[this.timeColumn]!, lineNo, this.timeColumn + 1, 'time_s');
    if (Number.isNaN(timeS))
      throw new ImportError('time_s is empty', { line: lineNo, column: this.timeColumn + 1 });
    const name = cells[this.vmColumn]!;
    if (name === '') throw new ImportError('vm is empty', { line: lineNo, column: this.vmColumn + 1 });
    if (name.length > 200)
      throw new ImportError('vm is longer than 200 characters', { line: lineNo, column: this.vmColumn + 1 });
    const vm = this.c.vm(name, name, { line: lineNo, column: this.vmColumn + 1 });
    const last = this.lastTimeS.get(vm) ?? -Infinity;
    if (timeS <= last) {
      this.c.ignoreRow('rows not later than the VM’s row before');
      return;
    }
    if (last > -Infinity) this.c.addInterval(timeS - last);
    this.lastTimeS.set(vm, timeS);
    const fields = new Float64Array(vmFields.length).fill(NaN);
    for (const { index, field } of this.columns)
      fields[vmField[field]] = this.c.value(numberCell(cells[index]!, lineNo, index + 1, field));
    this.c.pushVm(vm, timeS, fields);
  }

  end(): void {
    if (this.count === 0) throw new ImportError('the file is empty: there is no header row');
  }

  private readHeader(text: string, lineNo: number): void {
    const header: string[] = [];
    this.count = readCells(text, lineNo, ',', null, header);
    const names = header.map((h) => h.trim().toLowerCase());
    for (const r of required)
      if (!names.includes(r))
        throw new ImportError(`the header has no "${r}" column (expected ${required.join(',')},active_pct)`, {
          line: lineNo,
        });
    names.forEach((n, index) => {
      const field = plainCsvColumns[n];
      if (field === 'time') this.timeColumn = index;
      else if (field === 'vm') this.vmColumn = index;
      else if (field !== undefined) this.columns.push({ index, field });
      else this.c.ignoredColumns++;
    });
  }
}
