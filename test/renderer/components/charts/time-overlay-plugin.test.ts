import { describe, expect, it } from 'vitest';
import type { Chart } from 'chart.js';
import { createTimeOverlayPlugin } from '../../../../renderer/src/components/charts/time-overlay-plugin';
import type { TimeMarker } from '../../../../renderer/src/components/charts/time-overlay-plugin';

/** Each marker line and flag the plugin draws: colour, dash, dash offset and the flag's top. */
function draw(markers: TimeMarker[]): { color: string; dash: number[]; offset: number; flagTop: number }[] {
  const lines: { color: string; dash: number[]; offset: number; flagTop: number }[] = [];
  let dash: number[] = [];
  let pending: { color: string; dash: number[]; offset: number } | null = null;
  const ctx = {
    strokeStyle: '',
    fillStyle: '',
    lineWidth: 1,
    lineDashOffset: 0,
    save() {},
    restore() {},
    rect() {},
    clip() {},
    beginPath() {},
    closePath() {},
    lineTo() {},
    setLineDash(d: number[]) {
      dash = d;
    },
    stroke() {
      pending = { color: ctx.strokeStyle, dash, offset: ctx.lineDashOffset };
    },
    moveTo(_x: number, y: number) {
      // Each marker: its line (moveTo, lineTo, stroke), then its flag from the top (moveTo...).
      if (pending === null) return;
      lines.push({ ...pending, flagTop: y });
      pending = null;
    },
    fill() {},
  };
  const area = { left: 0, right: 600, top: 10, bottom: 90 };
  const chart = { ctx, chartArea: area, scales: { x: { getPixelForValue: (t: number) => t } } };
  const plugin = createTimeOverlayPlugin(() => ({ hoverTimeS: null, markers, crosshairColor: '#000' }));
  (plugin.afterDatasetsDraw as (c: Chart<'line'>) => void)(chart as unknown as Chart<'line'>);
  return lines;
}

const event = (timeS: number, color: string): TimeMarker => ({ timeS, kind: 'event', label: 'e', color });

describe('time overlay markers', () => {
  it('draws a lone event dashed and a lone intervention solid, flag at the top', () => {
    expect(draw([event(100, 'a'), { timeS: 200, kind: 'intervention', label: 'i', color: 'b' }])).toEqual([
      { color: 'a', dash: [3, 3], offset: 0, flagTop: 10 },
      { color: 'b', dash: [], offset: 0, flagTop: 10 },
    ]);
  });

  it('lets the dashes of markers on the same pixel take turns and stacks their flags', () => {
    expect(draw([event(300, 'a'), event(300, 'b'), event(500, 'c')])).toEqual([
      { color: 'a', dash: [3, 9], offset: 0, flagTop: 10 },
      { color: 'b', dash: [3, 9], offset: -6, flagTop: 17 },
      { color: 'c', dash: [3, 3], offset: 0, flagTop: 10 },
    ]);
  });
});
