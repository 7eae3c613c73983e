import { describe, expect, it } from 'vitest';
import type { LabEvents } from '../../../core/lab-api/lab-api-contract';
import { createValidationReportOpener } from '../../../electron/main/validation-report-opener';

function opener(reportFile: () => Promise<string>, openResult = '') {
  const notices: LabEvents['notice'][] = [];
  const opened: string[] = [];
  let made = 0;
  const open = createValidationReportOpener({
    reportFile: () => {
      made++;
      return reportFile();
    },
    openPath: (p) => {
      opened.push(p);
      return Promise.resolve(openResult);
    },
    notify: (n) => void notices.push(n),
  });
  return { open, notices, opened, made: () => made };
}

describe('Help > Validation Report (desktop)', () => {
  it('opens the report file, once for clicks while it is being made', async () => {
    const o = opener(() => new Promise((r) => setTimeout(() => r('/data/validation/report.html'), 5)));
    await Promise.all([o.open(), o.open()]);
    expect(o.made()).toBe(1);
    expect(o.opened).toEqual(['/data/validation/report.html']);
    expect(o.notices.map((n) => n.level)).toEqual(['info']);
    await o.open();
    expect(o.made()).toBe(2);
  });

  it('says why when the report cannot be made or opened', async () => {
    const failed = opener(() => Promise.reject(new Error('worker stopped')));
    await failed.open();
    expect(failed.opened).toEqual([]);
    expect(failed.notices.at(-1)).toEqual({
      level: 'error',
      message: 'The validation report could not be made: worker stopped',
    });
    const unopened = opener(() => Promise.resolve('/r.html'), 'no application');
    await unopened.open();
    expect(unopened.notices.at(-1)).toEqual({
      level: 'error',
      message: 'Could not open /r.html: no application',
    });
  });
});
