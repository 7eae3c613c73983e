import { describe, expect, it } from 'vitest';
import { runValidation } from '../../../core/validation/run-validation';
import {
  currentValidationTable,
  spliceValidationTable,
  validationTableEnd,
  validationTableMarkdown,
  validationTableStart,
} from '../../../core/validation/validation-table';
import { waldspurger2002 } from '../../../core/validation/validation-sources';

const report = runValidation([
  {
    id: 'pipes',
    title: 'a | b',
    claim: '',
    source: waldspurger2002,
    where: '§5',
    run: () => ({
      checks: [{ label: 'l', published: '1|2', simulated: 'x\ny', tolerance: 't', pass: false }],
      chart: { xLabel: '', yLabel: '', series: [] },
    }),
  },
]);

describe('README validation table', () => {
  it('is a markdown table whose cells cannot break it', () => {
    const table = validationTableMarkdown(report);
    expect(table).toContain('0 of 1 experiments pass');
    expect(table).toContain('| a \\| b | l: 1\\|2 (Waldspurger 2002, §5) | x y | **FAIL** |');
  });

  it('replaces only the text between the markers, and says so when they are missing', () => {
    const doc = `# T\n\n${validationTableStart}\nold\n${validationTableEnd}\n\nafter\n`;
    const spliced = spliceValidationTable(doc, 'new table');
    expect(spliced).toBe(`# T\n\n${validationTableStart}\nnew table\n${validationTableEnd}\n\nafter\n`);
    expect(currentValidationTable(spliced)).toBe('new table');
    expect(spliceValidationTable(spliced, 'new table')).toBe(spliced);
    expect(() => spliceValidationTable('# no markers', 'x')).toThrow(/markers are missing/);
    expect(currentValidationTable(`${validationTableEnd}${validationTableStart}`)).toBeNull();
  });
});
