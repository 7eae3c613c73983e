import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ChartOptions, TooltipItem } from 'chart.js';
import type { ChartTheme } from './chart-theme';
import { formatClock, memoryTicks, timeTicks } from './chart-format';

// Only what line and area charts need: the bundle stays small and nothing animates.
Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Legend, Tooltip);

export interface LineOptionsInput {
  theme: ChartTheme;
  yTitle: string;
  yTick: (value: number) => string;
  yMin?: number;
  yMax?: number;
  tooltipLabel: (item: TooltipItem<'line'>) => string;
  /** Memory axis: ticks at binary-friendly MiB steps. */
  memoryAxis?: boolean;
  /** 'index' when all datasets share x values (stacked), else 'nearest' along x. */
  mode: 'index' | 'nearest';
  /** 'xy' finds the line nearest the pointer among many. */
  axis?: 'x' | 'xy';
}

/**
 * Options every lab chart shares: no animation, data already decimated and in {x, y} form
 * (parsing off), time in simulated seconds on a linear axis, colours from the theme.
 */
export function lineOptions(input: LineOptionsInput): ChartOptions<'line'> {
  const { theme } = input;
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    spanGaps: false,
    elements: { point: { radius: 0, hitRadius: 4, hoverRadius: 3 }, line: { tension: 0 } },
    interaction: { mode: input.mode, axis: input.axis ?? 'x', intersect: false },
    scales: {
      x: {
        type: 'linear',
        bounds: 'data',
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
          scale.ticks = timeTicks(scale.min, scale.max).map((value) => ({ value }));
        },
      },
      y: {
        type: 'linear',
        min: input.yMin,
        max: input.yMax,
        beginAtZero: true,
        title: { display: true, text: input.yTitle, color: theme.muted },
        ticks: { color: theme.muted, callback: (v) => input.yTick(Number(v)) },
        grid: { color: theme.grid },
        border: { color: theme.grid },
        afterBuildTicks: input.memoryAxis
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
      tooltip: {
        callbacks: {
          title: (items) => (items[0] ? formatClock(items[0].parsed.x ?? 0) : ''),
          label: input.tooltipLabel,
        },
      },
    },
  };
}
