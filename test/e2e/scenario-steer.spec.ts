import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, newFromPreset, openApp, openTab, screenshot, test, unsavedQuestion } from './lab-fixtures';

const imported = {
  name: 'Imported lab',
  durationS: 900,
  host: { memoryMiB: 8192 },
  vms: [
    { id: 'alpha', memoryMiB: 2048, workload: { kind: 'steady', demandMiB: 1500 } },
    { id: 'beta', memoryMiB: 2048, powerOnAtS: null },
  ],
  events: [{ atS: 120, vm: 'beta', power: 'on' }],
};

/** Drops a file on the window as a file manager would (dragover, then drop). */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  await page.evaluate(
    ([fileName, content]) => {
      const data = new DataTransfer();
      data.items.add(new File([content], fileName, { type: 'application/json' }));
      const target = document.querySelector('main') ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop'])
        target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    [name, text] as const,
  );
}

test('steer a lab: import scenario JSON, edit its scheduled events, export it, drop a file', async ({
  page,
  bridge,
}) => {
  await openApp(page, bridge);
  await newFromPreset(page, 'basics');

  // Import a scenario file from the Scenario tab: it opens as a new lab.
  await openTab(page, 'Scenario');
  await page.getByTestId('scenario-import-input').setInputFiles({
    name: 'imported.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(imported)),
  });
  await expect(page.locator('.session .name')).toHaveText('Imported lab');
  await expect(page.getByRole('listbox', { name: 'Virtual machines' }).getByRole('option')).toHaveCount(2);

  // The events editor lists the scheduled event; add one, fill it in, apply.
  const region = page.getByRole('region', { name: 'Scenario editor' });
  await region.locator('button[data-section="events"]').click();
  const events = page.getByTestId('events-editor');
  await expect(events.locator('tbody tr')).toHaveCount(1);
  await expect(events.locator('tbody tr').first()).toContainText('00:02:00');
  await expect(events.locator('.timeline .mark')).toHaveCount(1);
  await events.locator('[data-action="add-event"]').click();
  const at = events.locator('input[data-path="events[1].atS"]');
  await at.fill('600');
  await at.press('Tab');
  await events.locator('select[data-path="events[1].vm"]').selectOption('alpha');
  await events.locator('select[data-path="events[1].power"]').selectOption('off');
  await events.locator('input[data-change="limitMiB"]').check();
  const limit = events.locator('input[data-path="events[1].set.limitMiB"]');
  await limit.fill('1024');
  await limit.press('Tab');
  await expect(events.locator('tbody tr').nth(1)).toContainText('00:10:00');
  await expect(events.locator('tbody tr').nth(1)).toContainText('power off, limitMiB 1024');
  // An event after the end of the run says so in words, next to it.
  await at.fill('5000');
  await at.press('Tab');
  await expect(events.locator('[data-issue="events[1].atS"]')).toHaveText(
    'At: 5000 s is after the end of the run (900 s)',
  );
  await at.fill('600');
  await at.press('Tab');
  await screenshot(page, '22-events-editor');
  await region.locator('[data-action="apply"]').click();
  await expect(region.locator('[data-outcome]')).toContainText('Scenario applied');

  // Removing beta offers to remove its event with it.
  await region.locator('button.vm', { hasText: 'beta' }).click();
  await region.getByRole('button', { name: 'Remove VM beta' }).click();
  const removeQuestion = page.getByRole('alertdialog', { name: 'Remove beta?' });
  await expect(removeQuestion).toContainText('beta has 1 scheduled event');
  await removeQuestion.getByRole('button', { name: 'Remove VM and event' }).click();
  const apply = region.locator('[data-action="apply"]');
  await apply.click();
  // The first Apply's message is still shown: wait until the lab runs the new scenario, without beta.
  await expect(page.getByRole('listbox', { name: 'Virtual machines' }).getByRole('option')).toHaveCount(1);
  await expect(apply).toBeDisabled();
  await expect(region.locator('[data-outcome]')).toContainText('Scenario applied');

  // Export the scenario as JSON: what was built is in the file.
  const downloading = page.waitForEvent('download');
  await region.getByRole('button', { name: 'Export JSON' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('Imported lab.json');
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
    vms: { id: string }[];
    events: unknown[];
  };
  expect(exported.vms.map((v) => v.id)).toEqual(['alpha']);
  expect(exported.events).toEqual([{ atS: 600, vm: 'alpha', power: 'off', set: { limitMiB: 1024 } }]);

  // Dropping a broken file says why and changes nothing.
  await dropFile(page, 'broken.json', '{"vms": [{"id": "x", "memoryMiB": 10}]}');
  await expect(
    page.getByRole('alert').filter({ hasText: 'broken.json is not a valid scenario' }),
  ).toContainText('vms[0].memoryMiB must be at least 64 MiB');
  await expect(page.locator('.session .name')).toHaveText('Imported lab');

  // Dropping a good one opens it, after asking about the unsaved edits.
  await dropFile(page, 'dropped.json', JSON.stringify({ ...imported, name: 'Dropped lab' }));
  await unsavedQuestion(page).getByRole('button', { name: 'Don’t save' }).click();
  await expect(page.locator('.session .name')).toHaveText('Dropped lab');
});
