import type { Plugin } from 'chart.js';
import type { HostState } from '../../../../core/model/counters';
import { bandRects } from './state-bands';
import type { StateBand } from './state-bands';

export interface StateBandsSource {
  bands: readonly StateBand[];
  /** Fill colour per state, alpha included. */
  colors: Record<HostState, string>;
}

/**
 * Paints the host state as background bands behind the datasets. The source is read at draw
 * time, so new bands need only a chart update, not new options.
 */
export function createStateBandsPlugin(source: () => StateBandsSource): Plugin<'line'> {
  return {
    id: 'stateBands',
    beforeDatasetsDraw(chart) {
      const x = chart.scales.x;
      const area = chart.chartArea;
      if (!x || !area) return;
      const { bands, colors } = source();
      const ctx = chart.ctx;
      ctx.save();
      for (const r of bandRects(bands, (t) => x.getPixelForValue(t), area.left, area.right)) {
        ctx.fillStyle = colors[r.state];
        ctx.fillRect(r.x, area.top, r.width, area.bottom - area.top);
      }
      ctx.restore();
    },
  };
}
