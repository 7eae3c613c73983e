import type { ValidationChart } from './validation-types';

// A small, dependency-free SVG line chart for the validation report. Colours come from CSS
// classes (`s0`..`s5`, `guide`) so the report's stylesheet themes them, light and dark.

const width = 560;
const height = 250;
const margin = { left: 64, right: 16, top: 12, bottom: 44 };
/** Distinct series colours the stylesheet defines. */
export const seriesClassCount = 6;

/** Escapes text for HTML and SVG content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Round tick values covering [lo, hi]: 1, 2 or 5 times a power of ten apart. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    return niceTicks(lo - pad, hi + pad, count);
  }
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.floor(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    ticks.push(Number(v.toPrecision(12)));
    if (ticks.length > 50) break;
  }
  if (ticks[ticks.length - 1]! < hi) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)));
  return ticks;
}

/** A tick label: short, without float noise (12000 -> 12k, 0.25 -> 0.25). */
export function tickLabel(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(4)));
}

const r = (x: number) => (Math.round(x * 10) / 10).toString();

/** The chart as an inline <svg> element; `title` names it for screen readers. */
export function chartSvg(chart: ValidationChart, title: string): string {
  const points = chart.series
    .flatMap((s) => s.points)
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (points.length === 0) points.push([0, 0]);
  const guides = (chart.guides ?? []).filter((g) => Number.isFinite(g.y));
  const xs = points.map(([x]) => x);
  const ys = [...points.map(([, y]) => y), ...guides.map((g) => g.y)];
  const xTicks = niceTicks(Math.min(...xs), Math.max(...xs));
  const yTicks = niceTicks(Math.min(...ys, 0), Math.max(...ys, 0) || 1);
  const [x0, x1] = [xTicks[0]!, xTicks[xTicks.length - 1]!];
  const [y0, y1] = [yTicks[0]!, yTicks[yTicks.length - 1]!];
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const px = (x: number) => margin.left + ((x - x0) / (x1 - x0)) * plotW;
  const py = (y: number) => margin.top + (1 - (y - y0) / (y1 - y0)) * plotH;
  const out: string[] = [
    `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg">`,
    `<title>${escapeHtml(title)}</title>`,
  ];
  for (const t of yTicks) {
    out.push(
      `<line class="grid" x1="${margin.left}" x2="${width - margin.right}" y1="${r(py(t))}" y2="${r(py(t))}"/>`,
      `<text class="tick" x="${margin.left - 6}" y="${r(py(t) + 4)}" text-anchor="end">${escapeHtml(tickLabel(t))}</text>`,
    );
  }
  for (const t of xTicks) {
    out.push(
      `<text class="tick" x="${r(px(t))}" y="${height - margin.bottom + 16}" text-anchor="middle">${escapeHtml(tickLabel(t))}</text>`,
    );
  }
  out.push(
    `<line class="axis" x1="${margin.left}" x2="${width - margin.right}" y1="${r(py(y0))}" y2="${r(py(y0))}"/>`,
    `<line class="axis" x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${height - margin.bottom}"/>`,
    `<text class="label" x="${margin.left + plotW / 2}" y="${height - 6}" text-anchor="middle">${escapeHtml(chart.xLabel)}</text>`,
    `<text class="label" transform="translate(14 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(chart.yLabel)}</text>`,
  );
  for (const g of guides) {
    out.push(
      `<line class="guide" x1="${margin.left}" x2="${width - margin.right}" y1="${r(py(g.y))}" y2="${r(py(g.y))}"/>`,
      `<text class="guide-label" x="${width - margin.right - 4}" y="${r(py(g.y) - 4)}" text-anchor="end">${escapeHtml(g.label)}</text>`,
    );
  }
  chart.series.forEach((s, i) => {
    const cls = `s${i % seriesClassCount}`;
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (s.dots === true || pts.length === 1) {
      for (const [x, y] of pts)
        out.push(`<circle class="dot ${cls}" cx="${r(px(x))}" cy="${r(py(y))}" r="3.5"/>`);
    } else if (pts.length > 1) {
      out.push(
        `<polyline class="line ${cls}" points="${pts.map(([x, y]) => `${r(px(x))},${r(py(y))}`).join(' ')}"/>`,
      );
    }
  });
  out.push('</svg>');
  return out.join('');
}

/** The chart's legend as HTML: one swatch per series. */
export function chartLegendHtml(chart: ValidationChart): string {
  const items = chart.series.map(
    (s, i) => `<li><span class="swatch s${i % seriesClassCount}"></span>${escapeHtml(s.name)}</li>`,
  );
  return `<ul class="legend">${items.join('')}</ul>`;
}
