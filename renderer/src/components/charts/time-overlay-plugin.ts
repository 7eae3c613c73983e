import type { Plugin } from 'chart.js';

/** A moment marked on every chart: a scheduled event or a recorded intervention. */
export interface TimeMarker {
  timeS: number;
  kind: 'event' | 'intervention';
  /** What happened, for the tooltip ("app1: power on"). */
  label: string;
  color: string;
}

export interface TimeOverlaySource {
  hoverTimeS: number | null;
  markers: readonly TimeMarker[];
  crosshairColor: string;
  /** The past moment shown (time travel), drawn as a bold line; null or absent at the newest. */
  cursorTimeS?: number | null;
  cursorColor?: string;
}

/**
 * Draws the markers (dashed for scheduled events, solid for interventions, with a small flag
 * on top) and the crosshair at the hovered time shared by every chart. The source is read at
 * draw time, so a hover needs only a redraw.
 */
export function createTimeOverlayPlugin(source: () => TimeOverlaySource): Plugin<'line'> {
  return {
    id: 'timeOverlay',
    afterDatasetsDraw(chart) {
      const x = chart.scales.x;
      const area = chart.chartArea;
      if (!x || !area) return;
      const { hoverTimeS, markers, crosshairColor, cursorTimeS, cursorColor } = source();
      const ctx = chart.ctx;
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top - 6, area.right - area.left, area.bottom - area.top + 6);
      ctx.clip();
      // Markers on the same pixel (compared runs with the same event) share the line, their
      // dashes taking turns in their colours, and stack their flags.
      const at = (m: TimeMarker) => `${Math.round(x.getPixelForValue(m.timeS))} ${m.kind}`;
      const sharing = new Map<string, number>();
      for (const m of markers) sharing.set(at(m), (sharing.get(at(m)) ?? 0) + 1);
      const drawn = new Map<string, number>();
      for (const m of markers) {
        const px = Math.round(x.getPixelForValue(m.timeS)) + 0.5;
        if (px < area.left || px > area.right) continue;
        const n = sharing.get(at(m)) ?? 1;
        const k = drawn.get(at(m)) ?? 0;
        drawn.set(at(m), k + 1);
        ctx.strokeStyle = m.color;
        ctx.fillStyle = m.color;
        ctx.lineWidth = 1;
        // Events dashed 3 on, 3 off; interventions solid (n = 1) or in turns of 3 px.
        if (m.kind === 'event') ctx.setLineDash([3, 6 * n - 3]);
        else ctx.setLineDash(n === 1 ? [] : [3, 3 * (n - 1)]);
        ctx.lineDashOffset = k === 0 ? 0 : -(m.kind === 'event' ? 6 : 3) * k;
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.lineDashOffset = 0;
        const top = area.top + 7 * k;
        ctx.beginPath();
        ctx.moveTo(px - 4, top);
        ctx.lineTo(px + 4, top);
        ctx.lineTo(px, top + 6);
        ctx.closePath();
        ctx.fill();
      }
      if (cursorTimeS !== undefined && cursorTimeS !== null) {
        const px = Math.round(x.getPixelForValue(cursorTimeS));
        if (px >= area.left && px <= area.right) {
          ctx.strokeStyle = cursorColor ?? crosshairColor;
          ctx.lineWidth = 2;
          ctx.beginPath();
          ctx.moveTo(px, area.top);
          ctx.lineTo(px, area.bottom);
          ctx.stroke();
        }
      }
      if (hoverTimeS !== null) {
        const px = Math.round(x.getPixelForValue(hoverTimeS)) + 0.5;
        if (px >= area.left && px <= area.right) {
          ctx.strokeStyle = crosshairColor;
          ctx.lineWidth = 1;
          ctx.beginPath();
          ctx.moveTo(px, area.top);
          ctx.lineTo(px, area.bottom);
          ctx.stroke();
        }
      }
      ctx.restore();
    },
  };
}

/** Markers within `toleranceS` of `timeS`, nearest first. */
export function markersNear(markers: readonly TimeMarker[], timeS: number, toleranceS: number): TimeMarker[] {
  return markers
    .filter((m) => Math.abs(m.timeS - timeS) <= toleranceS)
    .sort((a, b) => Math.abs(a.timeS - timeS) - Math.abs(b.timeS - timeS));
}
