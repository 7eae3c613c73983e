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
  test,
} from './lab-fixtures';

test('time travel: run, go back to a past second, see it, return to now, continue from the past', async ({
  page,
  bridge,
}) => {
  await openApp(page, bridge);
  await newFromPreset(page, 'basics');
  await setSpeed(page, '600');
  await runButton(page).click();
  await expect.poll(async () => currentTick(page), { timeout: 60_000 }).toBeGreaterThan(400);
  await runButton(page).click();
  await expect(runButton(page)).toHaveAccessibleName('Run (Space)');
  const head = await currentTick(page);
  const headRows = await esxtopRows(page);
  const status = page.getByTestId('time-travel-status');
  const hostCanvas = page.getByTestId('host-map-canvas');
  const headMap = await hostCanvas.getAttribute('data-digest');
  await expect(status).toHaveText(/^Now /);

  // Back to minute 2: table, map and log show that moment; the run stays at its newest tick.
  await page.getByTestId('time-travel-slider').fill('120');
  await expect(status).toHaveText(/^Viewing 00:02:00 of /);
  await expect.poll(async () => (await esxtopRows(page)).join('\n')).not.toBe(headRows.join('\n'));
  await expect.poll(async () => hostCanvas.getAttribute('data-digest')).not.toBe(headMap);
  expect(await currentTick(page)).toBe(head);
  await openTab(page, 'Driver log');
  const times = await page
    .getByRole('log', { name: 'Log lines' })
    .locator('.row[data-seq]')
    .evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
  expect(times.length).toBeGreaterThan(0);
  for (const text of times) {
    const m = /(\d\d):(\d\d):(\d\d)/.exec(text);
    if (m) expect(Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])).toBeLessThanOrEqual(120);
  }
  await screenshot(page, 'time-travel-past');

  // Back to now: everything as it was at the head.
  await page.getByTestId('time-travel-head').click();
  await expect(status).toHaveText(/^Now /);
  await expect.poll(async () => (await esxtopRows(page)).join('\n')).toBe(headRows.join('\n'));

  // Back once more, by keyboard, and go on from there as a branch.
  const slider = page.getByTestId('time-travel-slider');
  await slider.fill('200');
  await expect(status).toHaveText(/^Viewing 00:03:20 of /);
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(status).toHaveText(/^Viewing 00:03:19 of /);
  await page.getByTestId('time-travel-branch').click();
  await expect(status).toHaveText(/^Now 00:03:19/);
  expect(await currentTick(page)).toBe(199);
  await runButton(page).click();
  await expect.poll(async () => currentTick(page)).toBeGreaterThan(199);
  await runButton(page).click();
});
