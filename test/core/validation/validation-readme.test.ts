import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  publishedSummary,
  simulatedSummary,
  validationReportHtml,
} from '../../../core/validation/report-html';
import { runValidation } from '../../../core/validation/run-validation';
import { escapeHtml } from '../../../core/validation/svg-chart';
import { validationExperiments } from '../../../core/validation/validation-experiments';
import type { ValidationReport } from '../../../core/validation/validation-types';
import { currentValidationTable, validationTableMarkdown } from '../../../core/validation/validation-table';

const readmePath = join(import.meta.dirname, '..', '..', '..', 'README.md');

// One run of every published experiment (a few seconds each) serves all three checks.
describe('the published experiments, the README table and the report', () => {
  let report: ValidationReport;
  // A loaded machine runs them several times slower than the ~20 s they take alone.
  beforeAll(() => {
    report = runValidation(validationExperiments);
  }, 300_000);

  it('every published experiment passes', () => {
    const failed = report.results
      .filter((r) => !r.passed)
      .map(
        (r) =>
          `${r.id}: ${
            r.error ??
            r.checks
              .filter((c) => !c.pass)
              .map((c) => `${c.label}: ${c.simulated}`)
              .join('; ')
          }`,
      );
    expect(failed).toEqual([]);
    expect(new Set(report.results.map((r) => r.id)).size).toBe(validationExperiments.length);
  });

  it('the README validation table is the current report (run `npm run docs:generate` after a model change)', () => {
    const readme = readFileSync(readmePath, 'utf8');
    expect(currentValidationTable(readme)).toBe(validationTableMarkdown(report));
  });

  it('the HTML report shows the same published and simulated values and verdicts as the table', () => {
    const html = validationReportHtml(report);
    for (const r of report.results) {
      const section = html.slice(html.indexOf(`<section class="experiment" id="${r.id}"`));
      expect(section).toContain(`data-verdict="${r.passed ? 'pass' : 'fail'}"`);
      expect(html).toContain(escapeHtml(publishedSummary(r)));
      expect(html).toContain(escapeHtml(simulatedSummary(r)));
    }
  });
});
