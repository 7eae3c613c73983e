import { numberCell, readCells } from './csv-cells';
import { ImportError } from './import-error';
import { vmField, vmFields, type CollectedVm, type TraceCollector } from './trace-collector';
import type { TraceParser } from './trace-parser';

const kibPerMiB = 1024;

/** True when a first line looks like a GWA-T-12 (Bitbrains) header: `;`-separated, Timestamp and Memory columns. */
export function looksLikeBitbrains(firstLine: string): boolean {
  return firstLine.includes(';') && /^\s*"?timestamp/i.test(firstLine) && /memory usage/i.test(firstLine);
}

/**
 * One VM of the GWA-T-12 Bitbrains trace: `;\t`-separated, a header row, then one row per
 * sample: time stamp in seconds (the header says [ms]; the values are seconds), memory
 * provisioned and used in KB. Provisioned memory becomes the VM's size (its largest value),
 * memory usage its demand. The trace has no active-memory column: activePct stays unset and
 * the scenario's default applies. CPU, disk and network columns are skipped.
 */
export class BitbrainsParser implements TraceParser {
  private columns: { time: number; provisioned: number; usage: number; count: number } | null = null;
  private pick = new Int32Array(0);
  private lastTimeS = -Infinity;
  private readonly cells: string[] = [];
  private readonly vm: CollectedVm;

  constructor(
    private readonly c: TraceCollector,
    fileName: string,
  ) {
    this.vm = c.vm(fileName, fileName.replace(/\.[^.]*$/, ''));
  }

  line(text: string, lineNo: number): void {
    if (this.columns === null) {
      this.readHeader(text, lineNo);
      return;
    }
    if (text.trim() === '') {
      this.c.ignoreRow('blank lines');
      return;
    }
    const cols = this.columns;
    const count = readCells(text, lineNo, ';', this.pick, this.cells);
    if (count !== cols.count)
      throw new ImportError(`the row has ${count} values but the header names ${cols.count} columns`, {
        line: lineNo,
        column: Math.min(count, cols.count) + 1,
      });
    const at = (column: number): string => this.cells[this.pick.indexOf(column)]!;
    const timeS = numberCell(at(cols.time), lineNo, cols.time + 1, 'the time stamp');
    if (Number.isNaN(timeS))
      throw new ImportError('the time stamp is empty', { line: lineNo, column: cols.time + 1 });
    if (timeS <= this.lastTimeS) {
      this.c.ignoreRow('rows not later than the row before');
      return;
    }
    if (this.lastTimeS > -Infinity) this.c.addInterval(timeS - this.lastTimeS);
    this.lastTimeS = timeS;
    const fields = new Float64Array(vmFields.length).fill(NaN);
    const provisioned = numberCell(at(cols.provisioned), lineNo, cols.provisioned + 1, 'memory provisioned');
    const usage = numberCell(at(cols.usage), lineNo, cols.usage + 1, 'memory usage');
    fields[vmField.memsz] = this.c.value(provisioned) / kibPerMiB;
    fields[vmField.demand] = this.c.value(usage) / kibPerMiB;
    this.c.pushVm(this.vm, timeS, fields);
  }

  end(): void {
    if (this.columns === null) throw new ImportError('the file is empty: there is no header row');
  }

  private readHeader(text: string, lineNo: number): void {
    const header: string[] = [];
    readCells(text, lineNo, ';', null, header);
    const find = (re: RegExp, what: string): number => {
      const i = header.findIndex((h) => re.test(h));
      if (i < 0)
        throw new ImportError(`not a GWA-T-12 (Bitbrains) file: there is no "${what}" column`, {
          line: lineNo,
        });
      return i;
    };
    const time = find(/^timestamp/i, 'Timestamp');
    const provisioned = find(/^memory capacity provisioned/i, 'Memory capacity provisioned [KB]');
    const usage = find(/^memory usage/i, 'Memory usage [KB]');
    this.columns = { time, provisioned, usage, count: header.length };
    this.pick = Int32Array.from([time, provisioned, usage].sort((a, b) => a - b));
    this.c.ignoredColumns += header.length - 3;
  }
}
