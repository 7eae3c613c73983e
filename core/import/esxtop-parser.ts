import { readCells, type NumberCells } from './csv-cells';
import {
  groupCounters,
  hostCounters,
  isSystemGroup,
  parseEsxtopColumn,
  parseEsxtopTime,
  splitGroupInstance,
} from './esxtop-columns';
import { ImportError } from './import-error';
import {
  hostField,
  hostFields,
  vmField,
  vmFields,
  type CollectedVm,
  type TraceCollector,
} from './trace-collector';
import type { TraceParser } from './trace-parser';

/** What the first header cell of `esxtop -b` output starts with. */
export const esxtopMarker = '(PDH-CSV 4.0)';

const timeSlot = -2;
const hostSlot = -1;

interface Layout {
  /** Columns of the header (without a trailing empty cell). */
  columns: number;
  /** Column indexes read from every row, ascending. */
  pick: Int32Array;
  /** For each picked column: the VM index, hostSlot or timeSlot. */
  target: Int32Array;
  /** For each picked column: the field index in vmFields or hostFields. */
  field: Int32Array;
  /** For each picked column: its name, for error messages. */
  names: string[];
  vms: CollectedVm[];
  hasHost: boolean;
}

function endsWithComma(text: string): boolean {
  return text.trimEnd().endsWith(',');
}

/**
 * `esxtop -b` batch output (with or without `-a`). Reads the header once, keeps the indexes of
 * the few columns it needs (each VM's Group Memory counters and the host's Memory counters),
 * and from every later row copies only those cells. Every other column (CPU, disk, network,
 * power, other memory counters) is counted and skipped.
 */
export class EsxtopParser implements TraceParser {
  private layout: Layout | null = null;
  private lastTimeS = -Infinity;
  private readonly cells: string[] = [];
  private readonly lastMemsz: number[] = [];
  private vmValues: Float64Array[] = [];
  private numbers: NumberCells = { fromPick: 1, values: new Float64Array(0), onBad: () => undefined };
  private readonly hostValues = new Float64Array(hostFields.length);

  constructor(private readonly c: TraceCollector) {}

  line(text: string, lineNo: number): void {
    if (this.layout === null) {
      this.layout = this.readHeader(text, lineNo);
      return;
    }
    if (text.trim() === '') {
      this.c.ignoreRow('blank lines');
      return;
    }
    this.readRow(this.layout, text, lineNo);
  }

  end(): void {
    if (this.layout === null) throw new ImportError('the file is empty: there is no esxtop header');
  }

  private readHeader(text: string, lineNo: number): Layout {
    const header: string[] = [];
    readCells(text, lineNo, ',', null, header);
    if (endsWithComma(text) && header.at(-1) === '') header.pop();
    if (!(header[0] ?? '').startsWith(esxtopMarker))
      throw new ImportError(
        `not esxtop batch output: the first header cell should start with "${esxtopMarker}"`,
        { line: lineNo, column: 1 },
      );
    const groups = new Map<string, { name: string; columns: Map<number, number> }>();
    const picked: { column: number; target: number; field: number }[] = [
      { column: 0, target: timeSlot, field: 0 },
    ];
    let hasHost = false;
    for (let i = 1; i < header.length; i++) {
      const col = parseEsxtopColumn(header[i]!);
      if (col === null) {
        this.c.ignoredColumns++;
        continue;
      }
      if (col.object === 'Group Memory' && col.instance !== null && col.counter in groupCounters) {
        const field = groupCounters[col.counter as keyof typeof groupCounters];
        let group = groups.get(col.instance);
        if (group === undefined) {
          group = { name: splitGroupInstance(col.instance).name, columns: new Map() };
          groups.set(col.instance, group);
        }
        group.columns.set(vmField[field], i);
      } else if (col.object === 'Memory' && col.instance === null && col.counter in hostCounters) {
        const field = hostCounters[col.counter as keyof typeof hostCounters];
        picked.push({ column: i, target: hostSlot, field: hostField[field] });
        hasHost = true;
      } else {
        this.c.ignoredColumns++;
      }
    }
    const vms: CollectedVm[] = [];
    for (const [instance, group] of groups) {
      if (isSystemGroup(group.name)) {
        this.c.ignore('system groups (not VMs)', group.name);
        this.c.ignoredColumns += group.columns.size;
        continue;
      }
      if (!group.columns.has(vmField.memsz) || !group.columns.has(vmField.demand)) {
        this.c.ignore('groups without Memory Size MBytes and Touched MBytes', group.name);
        this.c.ignoredColumns += group.columns.size;
        continue;
      }
      const vm = this.c.vm(instance, group.name);
      const index = vms.push(vm) - 1;
      for (const [field, column] of group.columns) picked.push({ column, target: index, field });
    }
    picked.sort((a, b) => a.column - b.column);
    this.lastMemsz.length = vms.length;
    this.lastMemsz.fill(NaN);
    this.vmValues = vms.map(() => new Float64Array(vmFields.length));
    this.numbers.values = new Float64Array(picked.length);
    return {
      columns: header.length,
      pick: Int32Array.from(picked, (p) => p.column),
      target: Int32Array.from(picked, (p) => p.target),
      field: Int32Array.from(picked, (p) => p.field),
      names: picked.map((p) => header[p.column]!),
      vms,
      hasHost,
    };
  }

  private readRow(layout: Layout, text: string, lineNo: number): void {
    const out = this.cells;
    const numbers = this.numbers;
    numbers.onBad = (k, bad, column) => {
      throw new ImportError(`"${layout.names[k]!}" is not a number: "${bad.slice(0, 20)}"`, {
        line: lineNo,
        column,
      });
    };
    let count = readCells(text, lineNo, ',', layout.pick, out, numbers);
    if (endsWithComma(text)) count--;
    if (count !== layout.columns)
      throw new ImportError(`the row has ${count} values but the header names ${layout.columns} columns`, {
        line: lineNo,
        column: Math.min(count, layout.columns) + 1,
      });
    const timeS = parseEsxtopTime(out[0]!);
    if (Number.isNaN(timeS))
      throw new ImportError(`the time "${out[0]!.slice(0, 40)}" is not MM/DD/YYYY HH:MM:SS`, {
        line: lineNo,
        column: 1,
      });
    if (timeS <= this.lastTimeS) {
      this.c.ignoreRow('rows not later than the row before');
      return;
    }
    if (this.lastTimeS > -Infinity) this.c.addInterval(timeS - this.lastTimeS);
    this.lastTimeS = timeS;
    // Reused from row to row: a series copies what it is given.
    const { vmValues, hostValues } = this;
    for (const v of vmValues) v.fill(NaN);
    hostValues.fill(NaN);
    for (let k = 1; k < layout.pick.length; k++) {
      const value = this.c.value(numbers.values[k]!);
      const target = layout.target[k]!;
      if (target === hostSlot) hostValues[layout.field[k]!] = value;
      else vmValues[target]![layout.field[k]!] = value;
    }
    if (layout.hasHost) this.c.pushHost(timeS, hostValues);
    for (let i = 0; i < layout.vms.length; i++) {
      const v = vmValues[i]!;
      if (!Number.isNaN(v[vmField.memsz]!)) this.lastMemsz[i] = v[vmField.memsz]!;
      if (!hasAny(v)) continue;
      v[vmField.activePct] = activeOfDemandPct(v[vmField.activePct]!, this.lastMemsz[i]!, v[vmField.demand]!);
      this.c.pushVm(layout.vms[i]!, timeS, v);
    }
  }
}

function hasAny(values: Float64Array): boolean {
  for (const v of values) if (!Number.isNaN(v)) return true;
  return false;
}

/**
 * esxtop's `% Active Estimate` (%ACTV) is a percent of the VM's configured memory; a trace
 * workload's activePct is a percent of its demand (here Touched MBytes). NaN when unknown.
 */
export function activeOfDemandPct(actvPctOfMemsz: number, memszMiB: number, demandMiB: number): number {
  if (Number.isNaN(actvPctOfMemsz) || Number.isNaN(memszMiB) || Number.isNaN(demandMiB)) return NaN;
  if (demandMiB <= 0) return 0;
  return Math.min(100, (actvPctOfMemsz * memszMiB) / demandMiB);
}
