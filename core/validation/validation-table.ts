import { publishedSummary, simulatedSummary } from './report-html';
import type { ValidationReport } from './validation-types';

/** Where the README's validation table starts (`npm run docs:generate` writes between the markers). */
export const validationTableStart =
  '<!-- generated: validation table (npm run docs:generate; balloon-lab validate for the report) -->';
export const validationTableEnd = '<!-- end of generated validation table -->';

/** Markdown-safe cell text: no pipes or line breaks. */
function cell(text: string): string {
  return text
    .replaceAll('\\', '\\\\')
    .replaceAll('|', '\\|')
    .replace(/\s*\n\s*/g, ' ');
}

/** The README's validation table: experiment, published value with its source, simulated value, verdict. */
export function validationTableMarkdown(report: ValidationReport): string {
  const lines = [
    `Engine ${report.engineVersion}: ${report.results.filter((r) => r.passed).length} of ${report.results.length} experiments pass.`,
    '',
    '| Experiment | Published | Simulated | Verdict |',
    '| --- | --- | --- | --- |',
    ...report.results.map(
      (r) =>
        `| ${cell(r.title)} | ${cell(publishedSummary(r))} (${cell(r.source.short)}, ${cell(r.where)}) | ` +
        `${cell(simulatedSummary(r))} | ${r.passed ? 'pass' : '**FAIL**'} |`,
    ),
  ];
  return lines.join('\n');
}

/** `markdown` with the text between the table markers replaced by `table`; throws when a marker is missing. */
export function spliceValidationTable(markdown: string, table: string): string {
  const start = markdown.indexOf(validationTableStart);
  const end = markdown.indexOf(validationTableEnd);
  if (start < 0 || end < start) {
    throw new Error(
      `the validation table markers are missing:\n${validationTableStart}\n${validationTableEnd}`,
    );
  }
  return `${markdown.slice(0, start + validationTableStart.length)}\n${table}\n${markdown.slice(end)}`;
}

/** The table currently between the markers of `markdown`, or null when the markers are missing. */
export function currentValidationTable(markdown: string): string | null {
  const start = markdown.indexOf(validationTableStart);
  const end = markdown.indexOf(validationTableEnd);
  if (start < 0 || end < start) return null;
  return markdown.slice(start + validationTableStart.length, end).trim();
}
