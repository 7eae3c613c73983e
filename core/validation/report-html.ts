import { chartLegendHtml, chartSvg, escapeHtml } from './svg-chart';
import type { ExperimentResult, ValidationReport } from './validation-types';

// The validation report as one self-contained HTML page: inline CSS, inline SVG charts, no
// script and nothing fetched, light and dark by prefers-color-scheme. Deterministic: the same
// report gives the same bytes (no dates), so a cached copy can be compared and served as is.

const style = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de;
  --card: #f6f8fa; --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9;
  --s0: #0969da; --s1: #bf3989; --s2: #1a7f37; --s3: #bc4c00; --s4: #8250df; --s5: #57606a; --guide: #9a6700; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #30363d; --card: #161b22;
    --pass: #3fb950; --pass-bg: #12261e; --fail: #f85149; --fail-bg: #2d1215;
    --s0: #58a6ff; --s1: #ff7ab8; --s2: #56d364; --s3: #ffa657; --s4: #bc8cff; --s5: #9198a1; --guide: #e3b341; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 980px; padding: 24px 20px 48px; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { font-size: 1.2em; margin: 0; }
a { color: var(--s0); } .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 0.93em; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
.verdict { display: inline-block; padding: 0 8px; border-radius: 10px; font-weight: 600; font-size: 0.85em; white-space: nowrap; }
.verdict.pass { color: var(--pass); background: var(--pass-bg); } .verdict.fail { color: var(--fail); background: var(--fail-bg); }
.summary { font-size: 1.1em; margin: 12px 0 20px; }
section.experiment { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin: 18px 0; }
section.experiment header { display: flex; gap: 12px; align-items: baseline; justify-content: space-between; flex-wrap: wrap; }
.claim { margin: 8px 0 4px; } .source { margin: 0 0 8px; font-size: 0.9em; }
.error { color: var(--fail); font-weight: 600; }
figure { margin: 8px 0 0; } svg.chart { width: 100%; max-width: 640px; height: auto; display: block; }
svg .grid { stroke: var(--line); stroke-width: 1; } svg .axis { stroke: var(--muted); stroke-width: 1; }
svg text { fill: var(--muted); font: 11px system-ui, sans-serif; } svg .label { fill: var(--fg); font-size: 12px; }
svg .line { fill: none; stroke-width: 2; } svg .guide { stroke: var(--guide); stroke-dasharray: 5 4; stroke-width: 1.5; }
svg .guide-label { fill: var(--guide); }
/* Series that coincide (equal shares of a rule) stay visible: later ones are dashed over earlier ones. */
svg .line.s1 { stroke-dasharray: 8 5; } svg .line.s2 { stroke-dasharray: 2 4; stroke-width: 2.5; }
svg .line.s3 { stroke-dasharray: 12 4 2 4; } svg .line.s4 { stroke-dasharray: 4 3; }
${[0, 1, 2, 3, 4, 5].map((i) => `svg .line.s${i} { stroke: var(--s${i}); } svg .dot.s${i} { fill: var(--s${i}); } .swatch.s${i} { background: var(--s${i}); }`).join('\n')}
.legend { list-style: none; padding: 0; margin: 4px 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 0.88em; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
@media print { section.experiment { break-inside: avoid; } }
`;

function verdictHtml(passed: boolean): string {
  return passed ? '<span class="verdict pass">pass</span>' : '<span class="verdict fail">FAIL</span>';
}

function checksTable(result: ExperimentResult): string {
  const rows = result.checks.map(
    (c) =>
      `<tr><td>${escapeHtml(c.label)}</td><td>${escapeHtml(c.published)}</td><td>${escapeHtml(c.simulated)}</td>` +
      `<td>${escapeHtml(c.tolerance)}</td><td>${verdictHtml(c.pass)}</td></tr>`,
  );
  return (
    '<table class="checks"><thead><tr><th>Check</th><th>Published</th><th>Simulated</th><th>Tolerance</th><th>Verdict</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function experimentSection(result: ExperimentResult): string {
  const source = result.source;
  const parts = [
    `<section class="experiment" id="${escapeHtml(result.id)}" data-verdict="${result.passed ? 'pass' : 'fail'}">`,
    `<header><h2>${escapeHtml(result.title)}</h2>${verdictHtml(result.passed)}</header>`,
    `<p class="claim">${escapeHtml(result.claim)}</p>`,
    `<p class="source muted">Source: <a href="${escapeHtml(source.url)}">${escapeHtml(source.title)}</a>, ${escapeHtml(result.where)}</p>`,
  ];
  if (result.error !== null)
    parts.push(`<p class="error">The simulation failed: ${escapeHtml(result.error)}</p>`);
  if (result.checks.length > 0) parts.push(checksTable(result));
  if (result.chart !== null) {
    parts.push(`<figure>${chartSvg(result.chart, result.title)}${chartLegendHtml(result.chart)}</figure>`);
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** The published value(s) of an experiment in one line, as the summary table and the README show them. */
export function publishedSummary(result: ExperimentResult): string {
  return result.checks.map((c) => `${c.label}: ${c.published}`).join('; ');
}

/** The simulated value(s) of an experiment in one line. */
export function simulatedSummary(result: ExperimentResult): string {
  if (result.error !== null) return `error: ${result.error}`;
  return result.checks.map((c) => c.simulated).join('; ');
}

function summaryTable(report: ValidationReport): string {
  const rows = report.results.map(
    (r) =>
      `<tr><td><a href="#${escapeHtml(r.id)}">${escapeHtml(r.title)}</a></td><td>${escapeHtml(publishedSummary(r))}` +
      ` <span class="muted">(${escapeHtml(r.source.short)})</span></td><td>${escapeHtml(simulatedSummary(r))}</td><td>${verdictHtml(r.passed)}</td></tr>`,
  );
  return (
    '<table class="summary-table"><thead><tr><th>Experiment</th><th>Published</th><th>Simulated</th><th>Verdict</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

/** The whole report page. */
export function validationReportHtml(report: ValidationReport): string {
  const passing = report.results.filter((r) => r.passed).length;
  const total = report.results.length;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Balloon Lab validation report (engine ${escapeHtml(report.engineVersion)})</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    '<h1>Balloon Lab validation report</h1>',
    `<p class="muted">The model held against published numbers: engine ${escapeHtml(report.engineVersion)}. ` +
      'Every experiment runs the simulation and compares it with the value its source publishes. ' +
      'The model and its sources are described in docs/model.md.</p>',
    `<p class="summary" data-passed="${passing}" data-total="${total}">${verdictHtml(report.passed)} ` +
      `${passing} of ${total} experiments pass.</p>`,
    summaryTable(report),
    ...report.results.map(experimentSection),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
