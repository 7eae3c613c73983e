import type { LogLevel, LogLine, LogSource } from '../../../core/model/log-line';
import { formatClock } from './format';

export interface LogFilter {
  sources: readonly LogSource[];
  levels: readonly LogLevel[];
  /**
   * Case-insensitive substring of the message, the event kind, the VM id or (for text like
   * "00:15" or "15:3") the time as the log shows it; '' matches all.
   */
  text: string;
}

export function filterKey(f: LogFilter): string {
  return `${[...f.sources].sort().join(',')}|${[...f.levels].sort().join(',')}|${f.text.trim().toLowerCase()}`;
}

/** Compiles a filter into a predicate (hoisting the lower-casing out of the per-line loop). */
export function logPredicate(f: LogFilter): (line: LogLine) => boolean {
  const sources = new Set(f.sources);
  const levels = new Set(f.levels);
  const needle = f.text.trim();
  // A case-insensitive regex scans without allocating a lower-cased copy of every message.
  const re = needle === '' ? null : new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  // Only text that can be part of hh:mm:ss is looked for in the time, which costs a string per line.
  const timeLike = /^[\d:]+$/.test(needle);
  return (line) =>
    sources.has(line.source) &&
    levels.has(line.level) &&
    (re === null ||
      re.test(line.message) ||
      re.test(line.event) ||
      re.test(line.vm) ||
      (timeLike && re.test(formatClock(line.timeS))));
}

/**
 * How much one update may scan before yielding to the next frame: at most `maxLines` lines
 * and, checked every `checkEveryLines`, at most `maxMs` of `now()` time. The time bound keeps
 * slices short on a slow or busy machine; the line bound keeps them predictable in tests.
 */
export interface ScanSlice {
  maxLines: number;
  maxMs: number;
  checkEveryLines: number;
  now: () => number;
}

/** A few milliseconds per frame, so typing into the filter never stalls the window. */
export const defaultScanSlice: ScanSlice = {
  maxLines: 50_000,
  maxMs: 6,
  checkEveryLines: 2048,
  now: () => performance.now(),
};

export interface FilteredLines {
  /** What to show: the newest complete result, or while a first scan runs, its matches so far. */
  lines: readonly LogLine[];
  /** More slices are needed; call update again (next animation frame) to continue. */
  pending: boolean;
}

/**
 * Filtered view of an append-only line array that scans at most one {@link ScanSlice} per
 * update, so filtering a few hundred thousand lines is spread over several frames. Appends
 * are scanned incrementally; a different source array (trimmed or replaced) or filter starts
 * a rescan, during which the previous complete result stays on screen (no flicker, no partial
 * lists) until the new one is ready.
 */
export class IncrementalLogView {
  private source: readonly LogLine[] | null = null;
  private key = '';
  private scanned = 0;
  private matches: LogLine[] = [];
  private shown: readonly LogLine[] = this.matches;
  private completedOnce = false;

  private readonly slice: ScanSlice;

  constructor(slice: Partial<ScanSlice> = {}) {
    this.slice = { ...defaultScanSlice, ...slice };
  }

  update(source: readonly LogLine[], filter: LogFilter): FilteredLines {
    const key = filterKey(filter);
    if (source !== this.source || key !== this.key || source.length < this.scanned) {
      this.source = source;
      this.key = key;
      this.scanned = 0;
      this.matches = [];
      if (!this.completedOnce) this.shown = this.matches;
    }
    if (this.scanned < source.length) this.scan(source, filter);
    const pending = this.scanned < source.length;
    if (!pending) {
      this.shown = this.matches;
      this.completedOnce = true;
    }
    return { lines: this.shown, pending };
  }

  private scan(source: readonly LogLine[], filter: LogFilter): void {
    const { maxLines, maxMs, checkEveryLines, now } = this.slice;
    const keep = logPredicate(filter);
    const matches = this.matches;
    const end = Math.min(source.length, this.scanned + maxLines);
    const deadline = now() + maxMs;
    let i = this.scanned;
    while (i < end) {
      const blockEnd = Math.min(end, i + checkEveryLines);
      for (; i < blockEnd; i++) {
        const line = source[i]!;
        if (keep(line)) matches.push(line);
      }
      if (now() >= deadline) break;
    }
    this.scanned = i;
  }
}

/** Which log the view shows: the selected VM's, or every line (all VMs and host-wide). */
export type LogScope = 'vm' | 'all';
