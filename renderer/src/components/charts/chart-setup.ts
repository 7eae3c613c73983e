import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
} from 'chart.js';
import type { ChartOptions } from 'chart.js';
import { formatClock } from '../../logic/format';
import type { TimeRange } from '../../logic/time-range';
import type { ChartTheme } from './chart-theme';
import { log2MemoryTicks, memoryTicks, timeTicks } from './chart-format';

// Only what line and area charts need: the bundle stays small and nothing animates. Tooltips,
// the crosshair and zoom are the lab's own (time-chart.vue): they read the hovered time.
Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Filler, Legend);

export interface LineOptionsInput {
  theme: ChartTheme;
  yTitle: string;
  yTick: (value: number) => string;
  yMin?: number;
  yMax?: number;
  /** Memory axis: ticks at binary-friendly MiB steps. */
  memoryAxis?: boolean;
  /** Logarithmic memory axis (ticks at powers of two MiB); needs yMin > 0. */
  logAxis?: boolean;
  /** The visible time window shared by all charts; undefined = the data's extent. */
  range?: TimeRange | null;
}

/**
 * Options every lab chart shares: no animation, data already decimated and in {x, y} form
 * (parsing off), time in simulated seconds on a linear axis, colours from the theme. Chart.js
 * handles no pointer events itself (events: []): the lab's time chart does.
 */
export function lineOptions(input: LineOptionsInput): ChartOptions<'line'> {
  const { theme } = input;
  const range = input.range ?? null;
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    spanGaps: false,
    events: [],
    elements: { point: { radius: 0, hitRadius: 0, hoverRadius: 0 }, line: { tension: 0 } },
    scales: {
      x: {
        type: 'linear',
        bounds: 'data',
        min: range?.fromS,
        max: range?.toS,
        ticks: {
          color: theme.muted,
          maxTicksLimit: 8,
          maxRotation: 0,
          callback: (v) => formatClock(Number(v)),
        },
        grid: { color: theme.grid },
        border: { color: theme.grid },
        // Clock-friendly ticks inside the data (Chart.js would add the data's end as a tick,
        // crowding the last label).
        afterBuildTicks: (scale) => {
          // hh:mm:ss labels need about 70 px each.
          const count = Math.max(2, Math.min(8, Math.floor(scale.width / 70)));
          scale.ticks = timeTicks(scale.min, scale.max, count).map((value) => ({ value }));
        },
      },
      y: {
        type: input.logAxis ? 'logarithmic' : 'linear',
        min: input.yMin,
        max: input.yMax,
        beginAtZero: !input.logAxis,
        title: { display: true, text: input.yTitle, color: theme.muted },
        ticks: { color: theme.muted, callback: (v) => input.yTick(Number(v)) },
        grid: { color: theme.grid },
        border: { color: theme.grid },
        afterBuildTicks: input.logAxis
          ? (scale) => {
              scale.ticks = log2MemoryTicks(scale.min, scale.max).map((value) => ({ value }));
            }
          : input.memoryAxis
            ? (scale) => {
                scale.ticks = memoryTicks(scale.min, scale.max).map((value) => ({ value }));
              }
            : undefined,
      },
    },
    plugins: {
      legend: {
        position: 'bottom',
        labels: { color: theme.text, boxWidth: 10, boxHeight: 8, padding: 6, font: { size: 11 } },
      },
    },
  };
}
