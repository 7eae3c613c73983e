import {
  currentTick,
  esxtopRows,
  expect,
  newFromPreset,
  openApp,
  openTab,
  runButton,
  screenshot,
  setSpeed,
  simClock,
  test,
  unsavedQuestion,
} from './lab-fixtures';

test('no work is lost: Space, Reset with Undo, New that asks and saves, closing the tab', async ({
  page,
  bridge,
}) => {
  await openApp(page, bridge);
  await newFromPreset(page, 'balloon-vs-swap');

  // After New > Create the focus is back on New: Space must neither press it nor run.
  await expect(page.getByRole('button', { name: 'New lab from a preset' })).toBeFocused();
  await page.keyboard.press(' ');
  await page.waitForTimeout(300);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(runButton(page)).toHaveAccessibleName('Run (Space)');

  // Outside the controls Space is Run/Pause.
  await setSpeed(page, '60');
  const vms = page.getByRole('listbox', { name: 'Virtual machines' });
  await vms.getByRole('option').first().click();
  await page.keyboard.press(' ');
  await expect(runButton(page)).toHaveAccessibleName('Pause (Space)');
  await expect.poll(async () => currentTick(page), { timeout: 30_000 }).toBeGreaterThan(40);
  await page.keyboard.press(' ');
  await expect(runButton(page)).toHaveAccessibleName('Run (Space)');

  // An intervention: power the first VM off.
  const first = vms.getByRole('option').first();
  await first.hover();
  await first.getByRole('button', { name: /^Power off / }).click();
  await openTab(page, 'Scenario');
  await expect(page.locator('details.recorded summary')).toHaveText('1 recorded');
  const tickBefore = await currentTick(page);
  const rowsBefore = await esxtopRows(page);

  // Reset asks because the intervention would go; Cancel keeps everything.
  const resetButton = page.getByRole('button', { name: 'Reset to tick 0 (Ctrl+R)' });
  const resetQuestion = page.getByRole('alertdialog', { name: 'Reset the run?' });
  await resetButton.click();
  await expect(resetQuestion).toContainText('drop the 1 intervention');
  await resetQuestion.getByRole('button', { name: 'Cancel' }).click();
  expect(await currentTick(page)).toBe(tickBefore);

  // Reset, then Undo: the run comes back to the same tick with the same counters.
  await resetButton.click();
  await resetQuestion.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(simClock(page)).toHaveAttribute('title', /^Tick 0 of/);
  await screenshot(page, '20-reset-undo-offered');
  await page.locator('[data-notice-action="Undo"]').click();
  await expect(simClock(page)).toHaveAttribute('title', new RegExp(`^Tick ${tickBefore} of`), {
    timeout: 60_000,
  });
  expect(await esxtopRows(page)).toEqual(rowsBefore);
  await openTab(page, 'Scenario');
  await expect(page.locator('details.recorded summary')).toHaveText('1 recorded');

  // New asks before replacing the modified session; Cancel keeps it.
  await page.getByRole('button', { name: 'New lab from a preset' }).click();
  const gallery = page.getByRole('dialog', { name: 'New lab from a preset' });
  await gallery.locator('[data-preset="basics"]').click();
  await gallery.getByRole('button', { name: 'Create' }).click();
  const question = unsavedQuestion(page);
  await expect(question).toContainText('before starting a new lab?');
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(gallery).toBeVisible();
  expect(await currentTick(page)).toBe(tickBefore);

  // Save (under the name typed in the question), then the new lab starts.
  await gallery.getByRole('button', { name: 'Create' }).click();
  await question.getByLabel('Save as').fill('kept-by-question');
  await screenshot(page, '21-save-before-new');
  await question.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(gallery).toBeHidden();
  await expect(simClock(page)).toHaveAttribute('title', /^Tick 0 of/);
  await page.getByRole('button', { name: 'Open a saved session' }).click();
  const openDialog = page.getByRole('dialog', { name: 'Open a saved session' });
  await expect(openDialog.getByRole('option', { name: /kept-by-question/ })).toBeVisible();
  await openDialog.getByRole('button', { name: 'Cancel' }).click();

  // Closing the tab with unsaved work asks (the browser's own question).
  await page.getByRole('button', { name: 'Step one tick (.)' }).click();
  await expect(page.getByRole('img', { name: 'unsaved changes' })).toBeVisible();
  const asked = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.accept();
});
