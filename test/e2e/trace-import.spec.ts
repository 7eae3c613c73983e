import { esxtopText } from '../core/import/esxtop-fixture';
import { expect, openApp, screenshot, test, unsavedQuestion } from './lab-fixtures';

/** An esxtop capture built from the format's rules: two VMs, a system group, trailing commas. */
const capture = esxtopText({
  machineMiB: 8192,
  rows: 30,
  trailingComma: true,
  powerColumns: 2,
  systemGroups: ['system', 'hostd.2098'],
  vms: [
    { gid: 1, name: 'web 01 (prod)', memszMiB: 2048, touched: (r) => 900 + r * 10, activePct: () => 20 },
    { gid: 2, name: 'db.primary', memszMiB: 4096, touched: () => 3000, activePct: () => 30 },
  ],
});

test('Import trace: an esxtop capture uploaded in the browser opens as a new lab in the editor', async ({
  page,
  bridge,
}) => {
  await openApp(page, bridge);
  await page.getByRole('button', { name: 'Import a real trace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a real trace' });
  const files = dialog.getByLabel('Trace files');

  // A file that is not a trace is refused in words, naming the line.
  await files.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello\n') });
  await expect(dialog.getByRole('alert')).toContainText('notes.txt, line 1: not a trace the lab can import');

  await files.setInputFiles({ name: 'esx01.csv', mimeType: 'text/csv', buffer: Buffer.from(capture) });
  const summary = dialog.getByRole('region', { name: 'Import summary' });
  await expect(summary).toContainText('esxtop trace, 1 file, 31 lines: 2 VMs on a 8192 MiB host');
  await expect(summary).toContainText('2 system groups (not VMs): "system", "hostd.2098"');
  await screenshot(page, 'trace-import-summary');

  await dialog.getByRole('button', { name: 'Open as new lab' }).click();
  const question = unsavedQuestion(page);
  // The dialog closes once the new lab is there; before that the lab may ask about the unsaved one.
  await expect
    .poll(async () => {
      if (await question.isVisible()) await question.getByRole('button', { name: 'Don’t save' }).click();
      return dialog.isHidden();
    })
    .toBe(true);
  await expect(page.getByRole('tab', { name: 'Scenario', exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByText('Imported esx01.csv as a new lab: 2 VMs.')).toBeVisible();
  await expect(page.getByRole('listbox', { name: 'Virtual machines' })).toContainText('web 01 (prod)');
});
