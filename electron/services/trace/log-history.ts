import type { LogResult } from '../../../core/lab-api/lab-api-contract';
import type { LogLevel, LogLine, LogSource } from '../../../core/model/log-line';
import { logRow } from '../../../core/trace/trace-columns';

export interface LogFilter {
  /** null = every VM; '' = host-wide lines only; else that VM's lines. */
  vm: string | null;
  sources?: readonly LogSource[];
  levels?: readonly LogLevel[];
  /** Case-insensitive substring of the message or the event name. */
  text?: string;
  offset: number;
  limit: number;
}

/** Every log line of the current run, oldest first, with an index per VM for quick filtering. */
export class LogHistory {
  private lines: LogLine[] = [];
  private byVm = new Map<string, number[]>();

  reset(): void {
    this.lines = [];
    this.byVm = new Map();
  }

  get length(): number {
    return this.lines.length;
  }

  /** Seq of the newest line, -1 when empty. */
  get lastSeq(): number {
    return this.lines.at(-1)?.seq ?? -1;
  }

  append(lines: readonly LogLine[]): void {
    for (const line of lines) {
      // Replays after a worker restart may repeat lines the store already holds.
      if (line.seq <= this.lastSeq) continue;
      const index = this.lines.length;
      this.lines.push(line);
      let list = this.byVm.get(line.vm);
      if (list === undefined) this.byVm.set(line.vm, (list = []));
      list.push(index);
    }
  }

  /** Forgets the lines after `tick` (the run goes on from there as a branch). */
  truncateAfter(tick: number): void {
    const kept = this.lines.filter((line) => line.tick <= tick);
    if (kept.length === this.lines.length) return;
    this.reset();
    this.append(kept);
  }

  at(index: number): LogLine {
    return this.lines[index]!;
  }

  query(filter: LogFilter): LogResult {
    const sources = filter.sources && filter.sources.length > 0 ? new Set(filter.sources) : null;
    const levels = filter.levels && filter.levels.length > 0 ? new Set(filter.levels) : null;
    const needle = filter.text?.trim().toLowerCase() ?? '';
    const matches = (line: LogLine): boolean =>
      (sources === null || sources.has(line.source)) &&
      (levels === null || levels.has(line.level)) &&
      (needle === '' ||
        line.message.toLowerCase().includes(needle) ||
        line.event.toLowerCase().includes(needle));
    const out: LogLine[] = [];
    let total = 0;
    const take = (line: LogLine): void => {
      if (!matches(line)) return;
      if (total >= filter.offset && out.length < filter.limit) out.push(line);
      total++;
    };
    if (filter.vm === null) for (const line of this.lines) take(line);
    else for (const index of this.byVm.get(filter.vm) ?? []) take(this.lines[index]!);
    return { lines: out, total };
  }

  /** log.csv rows of the lines with fromS <= time <= toS. */
  *rows(fromS = 0, toS = Infinity): Generator<string[]> {
    // Lines arriving during an export are not part of it.
    const lines = this.lines;
    const end = lines.length;
    for (let i = 0; i < end; i++) {
      const line = lines[i]!;
      if (line.timeS >= fromS && line.timeS <= toS) yield logRow(line);
    }
  }

  countInRange(fromS = 0, toS = Infinity): number {
    let n = 0;
    for (const line of this.lines) if (line.timeS >= fromS && line.timeS <= toS) n++;
    return n;
  }
}
