import { describe, expect, it } from 'vitest';
import { validationReportHtml } from '../../../core/validation/report-html';
import { runExperiment, runValidation, validationReport } from '../../../core/validation/run-validation';
import { chartSvg, niceTicks, tickLabel } from '../../../core/validation/svg-chart';
import type { ValidationExperiment } from '../../../core/validation/validation-types';
import { waldspurger2002 } from '../../../core/validation/validation-sources';

const hostile = '<script>alert(1)</script> & "quoted" \'single\'';

function experiment(
  id: string,
  pass: boolean,
  extra: Partial<ValidationExperiment> = {},
): ValidationExperiment {
  return {
    id,
    title: `${id} title`,
    claim: 'a claim',
    source: waldspurger2002,
    where: '§1',
    run: () => ({
      checks: [
        { label: 'x', published: '1 MiB', simulated: pass ? '1 MiB' : '2 MiB', tolerance: 'exact', pass },
      ],
      chart: {
        xLabel: 'time (min)',
        yLabel: 'MiB',
        series: [
          {
            name: 'line',
            points: [
              [0, 1],
              [1, 2],
              [2, 3],
            ],
          },
          { name: 'dots', dots: true, points: [[1, 1.5]] },
        ],
        guides: [{ y: 2.5, label: 'published' }],
      },
    }),
    ...extra,
  };
}

describe('validation report HTML', () => {
  it('is one self-contained page: inline style and SVG, no script, nothing fetched, light and dark', () => {
    const html = validationReportHtml(runValidation([experiment('a', true), experiment('b', false)]));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|@import|url\(/i);
    expect(html).toContain('<style>');
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    expect(html.match(/<svg class="chart"/g)).toHaveLength(2);
    expect(html).toContain('data-passed="1" data-total="2"');
    expect(html).toMatch(/<section class="experiment" id="b" data-verdict="fail">/);
    // The only links are the sources and the page's own anchors.
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(#|https:\/\/)/);
  });

  it('escapes every text it shows, so a hostile title or value cannot become markup', () => {
    const html = validationReportHtml(
      runValidation([experiment('h', true, { title: hostile, claim: hostile, where: hostile })]),
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39;');
  });

  it('reports an experiment whose simulation throws as a failure that says why, without a chart', () => {
    const broken = experiment('broken', true, {
      run: () => {
        throw new Error('engine exploded <b>');
      },
    });
    const result = runExperiment(broken);
    expect(result).toMatchObject({ passed: false, error: 'engine exploded <b>', chart: null, checks: [] });
    const html = validationReportHtml(validationReport([result]));
    expect(html).toContain('The simulation failed: engine exploded &lt;b&gt;');
    expect(validationReport([result]).passed).toBe(false);
    expect(validationReport([]).passed).toBe(false);
  });

  it('is deterministic: the same results give the same bytes', () => {
    const a = validationReportHtml(runValidation([experiment('a', true)]));
    expect(validationReportHtml(runValidation([experiment('a', true)]))).toBe(a);
  });
});

describe('SVG chart', () => {
  it('picks round ticks that cover the data', () => {
    expect(niceTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(-16384, 16384)).toEqual([-20000, -10000, 0, 10000, 20000]);
    const t = niceTicks(0.2, 0.58);
    expect(t[0]!).toBeLessThanOrEqual(0.2);
    expect(t.at(-1)!).toBeGreaterThanOrEqual(0.58);
    expect(niceTicks(5, 5).length).toBeGreaterThan(1);
    expect(tickLabel(20000)).toBe('20k');
    expect(tickLabel(0.30000000000000004)).toBe('0.3');
  });

  it('draws a line, dots and guides, and survives empty or non-finite series', () => {
    const svg = chartSvg(
      {
        xLabel: 'x',
        yLabel: 'y',
        series: [
          {
            name: 'a',
            points: [
              [0, 1],
              [1, Number.NaN],
              [2, 3],
            ],
          },
          { name: 'b', dots: true, points: [[1, 2]] },
          { name: 'empty', points: [] },
        ],
        guides: [{ y: 2, label: 'g' }],
      },
      't',
    );
    expect(svg).toContain('<polyline class="line s0"');
    expect(svg).toContain('<circle class="dot s1"');
    expect(svg).toContain('class="guide"');
    expect(svg).not.toContain('NaN');
    expect(chartSvg({ xLabel: 'x', yLabel: 'y', series: [] }, 'empty')).not.toContain('NaN');
  });
});
