import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import {
  logLevels,
  logSources,
  type LogLevel,
  type LogLine,
  type LogSource,
} from '../../../core/model/log-line';
import { IncrementalLogView, type FilteredLines, type LogFilter } from '../logic/log-filter';

/** Lines kept per VM and in the all-VM view; the Node side keeps the full log for export. */
export const maxLinesPerVm = 200_000;
export const maxLinesAll = 400_000;

/** Keeps a capped array append-only between trims; trimming a fifth at once keeps trims rare. */
function capped(lines: LogLine[], max: number): LogLine[] {
  return lines.length > max ? lines.slice(lines.length - Math.floor(max * 0.8)) : lines;
}

/** Runs `next` before the next paint (in a browser), or soon (elsewhere). */
function nextFrame(next: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => next());
  else setTimeout(next, 16);
}

/**
 * Driver log lines per VM ('' = host-wide) with the view filter. Lines live outside Vue's
 * reactivity (hundreds of thousands of them); `version` tells watchers that lines arrived.
 * Filtering a long log takes several slices, one per animation frame: `scanFrame` ticks while
 * one is under way so the computeds reading {@link filteredView} come back for the next slice.
 */
export const useLogStore = defineStore('log', () => {
  const version = ref(0);
  const scanFrame = ref(0);
  let scanQueued = false;
  const filter = reactive<{ sources: LogSource[]; levels: LogLevel[]; text: string }>({
    sources: [...logSources],
    levels: [...logLevels],
    text: '',
  });

  let all: LogLine[] = [];
  const byVm = new Map<string, LogLine[]>();
  let lastSeq = -1;
  const views = new Map<string, IncrementalLogView>();
  /** Time travel: only lines up to this tick are shown (null = all). */
  const cutoffTick = ref<number | null>(null);
  const cut = new Map<readonly LogLine[], { length: number; tick: number; lines: readonly LogLine[] }>();

  /** Appends lines in seq order; lines already held (a rebuild racing a frame) are skipped. */
  function append(lines: readonly LogLine[]): void {
    let added = 0;
    for (const line of lines) {
      if (line.seq <= lastSeq) continue;
      lastSeq = line.seq;
      all.push(line);
      let own = byVm.get(line.vm);
      if (own === undefined) {
        own = [];
        byVm.set(line.vm, own);
      }
      own.push(line);
      added++;
    }
    if (added === 0) return;
    all = capped(all, maxLinesAll);
    for (const [vm, own] of byVm) {
      const kept = capped(own, maxLinesPerVm);
      if (kept !== own) byVm.set(vm, kept);
    }
    version.value++;
  }

  function reset(): void {
    all = [];
    byVm.clear();
    views.clear();
    cut.clear();
    lastSeq = -1;
    version.value++;
  }

  /** Every line of one VM (null = all VMs), oldest first, up to the time-travel cutoff. */
  function linesOf(vm: string | null): readonly LogLine[] {
    const lines = vm === null ? all : (byVm.get(vm) ?? []);
    const tick = cutoffTick.value;
    if (tick === null || lines.length === 0 || lines[lines.length - 1]!.tick <= tick) return lines;
    // The same array while nothing changed, so the incremental filter does not start over.
    const kept = cut.get(lines);
    if (kept !== undefined && kept.length === lines.length && kept.tick === tick) return kept.lines;
    let lo = 0;
    let hi = lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lines[mid]!.tick <= tick) lo = mid + 1;
      else hi = mid;
    }
    const shown = lines.slice(0, lo);
    cut.set(lines, { length: lines.length, tick, lines: shown });
    return shown;
  }

  /** Shows only the lines up to `tick` (time travel), or all of them (null). */
  function setCutoffTick(tick: number | null): void {
    if (cutoffTick.value === tick) return;
    cutoffTick.value = tick;
    cut.clear();
  }

  function queueScanFrame(): void {
    if (scanQueued) return;
    scanQueued = true;
    nextFrame(() => {
      scanQueued = false;
      scanFrame.value++;
    });
  }

  /**
   * Lines of one VM (null = all) that pass the filter, advanced by one slice per call; reads
   * `version` and `scanFrame` so computeds follow new lines and finish a pending scan.
   */
  function filteredView(vm: string | null): FilteredLines {
    void version.value;
    void scanFrame.value;
    const current: LogFilter = { sources: filter.sources, levels: filter.levels, text: filter.text };
    const key = vm ?? '\u0000all';
    let view = views.get(key);
    if (view === undefined) {
      view = new IncrementalLogView();
      views.set(key, view);
    }
    const result = view.update(linesOf(vm), current);
    if (result.pending) queueScanFrame();
    return result;
  }

  /** The lines {@link filteredView} shows for one VM (null = all). */
  function filtered(vm: string | null): readonly LogLine[] {
    return filteredView(vm).lines;
  }

  function setFilter(next: Partial<LogFilter>): void {
    if (next.sources !== undefined) filter.sources = [...next.sources];
    if (next.levels !== undefined) filter.levels = [...next.levels];
    if (next.text !== undefined) filter.text = next.text;
  }

  function toggleSource(s: LogSource): void {
    filter.sources = filter.sources.includes(s)
      ? filter.sources.filter((x) => x !== s)
      : [...filter.sources, s];
  }

  function toggleLevel(l: LogLevel): void {
    filter.levels = filter.levels.includes(l) ? filter.levels.filter((x) => x !== l) : [...filter.levels, l];
  }

  function totalLines(): number {
    void version.value;
    return all.length;
  }

  return {
    version,
    filter,
    append,
    reset,
    linesOf,
    cutoffTick,
    setCutoffTick,
    filteredView,
    filtered,
    setFilter,
    toggleSource,
    toggleLevel,
    totalLines,
  };
});
