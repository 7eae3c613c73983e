import { formatClock } from '../../logic/format';
import type { TimeRange } from '../../logic/time-range';
import type { HistoryColumns } from '../../stores/history-columns';

/** One line of a chart tooltip: what, how much (formatted), in which colour. */
export interface TooltipRow {
  label: string;
  value: string;
  color?: string;
}

/** A tooltip: the sample's time and its rows. */
export interface TooltipContent {
  title: string;
  timeS: number;
  rows: TooltipRow[];
}

/** The sample window [start, end) a chart decimates: all of it, or what a zoom shows. */
export interface SampleWindow {
  start: number;
  end: number;
}

export function fullWindow(cols: HistoryColumns): SampleWindow {
  return { start: 0, end: cols.length };
}

/** The samples a chart shows: those of the zoomed time range, or all. */
export function visibleWindow(cols: HistoryColumns, range: TimeRange | null): SampleWindow {
  return range === null ? fullWindow(cols) : cols.indexRange(range.fromS, range.toS);
}

/**
 * The tooltip at `timeS`: the rows of the kept sample nearest to it, read from the full
 * resolution columns (never from decimated points, which differ per series), or null when
 * there are no samples.
 */
export function tooltipAt(
  cols: HistoryColumns,
  timeS: number,
  rowsAt: (index: number) => TooltipRow[],
): TooltipContent | null {
  const index = cols.indexAt(timeS);
  if (index < 0) return null;
  const sampleS = cols.timeSeries()[index] ?? 0;
  return { title: formatClock(sampleS), timeS: sampleS, rows: rowsAt(index) };
}
