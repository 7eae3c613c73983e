import type { LogLevel, LogLine, LogSource } from '../../../core/engine/engine-types';

export interface LogFilter {
  sources: readonly LogSource[];
  levels: readonly LogLevel[];
  /** Case-insensitive substring of the message or event kind; '' matches all. */
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
  return (line) =>
    sources.has(line.source) &&
    levels.has(line.level) &&
    (re === null || re.test(line.message) || re.test(line.event));
}

/**
 * Filtered view of an append-only line array that only scans new lines on append. A
 * different source array (trimmed or replaced) or filter triggers a full rescan.
 */
export class IncrementalLogView {
  private source: readonly LogLine[] | null = null;
  private key = '';
  private scanned = 0;
  private matches: LogLine[] = [];

  update(source: readonly LogLine[], filter: LogFilter): readonly LogLine[] {
    const key = filterKey(filter);
    if (source !== this.source || key !== this.key || source.length < this.scanned) {
      this.source = source;
      this.key = key;
      this.scanned = 0;
      this.matches = [];
    }
    if (this.scanned < source.length) {
      const keep = logPredicate(filter);
      for (let i = this.scanned; i < source.length; i++) {
        const line = source[i]!;
        if (keep(line)) this.matches.push(line);
      }
      this.scanned = source.length;
    }
    return this.matches;
  }
}

/** Which log the view shows: the selected VM's, or every line (all VMs and host-wide). */
export type LogScope = 'vm' | 'all';
