import {
  currentTick,
  expect,
  newFromPreset,
  openApp,
  openTab,
  runButton,
  screenshot,
  setSpeed,
  test,
} from './lab-fixtures';

test('memory maps: tooltip, zoom to single pages, pan, reset, VM selection, modes, charts and themes', async ({
  page,
  bridge,
}) => {
  await openApp(page, bridge);
  await newFromPreset(page, 'balloon-vs-swap');
  await setSpeed(page, '60');
  await runButton(page).click();
  await expect.poll(async () => currentTick(page), { timeout: 30_000 }).toBeGreaterThan(120);
  await runButton(page).click();
  await expect(runButton(page)).toHaveAccessibleName('Run (Space)');

  const host = page.getByTestId('host-map');
  const canvas = page.getByTestId('host-map-canvas');
  await expect(canvas).toHaveAttribute('data-digest', /^[0-9a-f]{8}$/);
  await expect(page.getByTestId('host-map-window')).toHaveText(/^all .* pages?\/cell$/);

  // Tooltip of a cell: owner, page range in pages and MiB, state breakdown.
  const box = await canvas.boundingBox();
  if (!box) throw new Error('host map canvas has no box');
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
  const tooltip = page.getByTestId('host-map-tooltip');
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText('Owner:');
  await expect(tooltip).toContainText(/pages [\d,]+–[\d,]+ · MiB/);
  await screenshot(page, '10-host-map-tooltip');

  // Zoom in with the button until one cell is one page; the engine sends the finer window.
  for (let i = 0; i < 30 && (await canvas.getAttribute('data-pages-per-cell')) !== '1'; i += 1) {
    await host.getByTestId('host-map-zoom-in').click();
    await page.waitForTimeout(150);
  }
  await expect(canvas).toHaveAttribute('data-pages-per-cell', '1');
  await expect(page.getByTestId('host-map-window')).toHaveText(
    /^pages [\d,]+–[\d,]+ of [\d,]+ .* 1 page\/cell$/,
  );
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await expect(tooltip).toContainText(/page [\d,]+ · MiB/);
  await screenshot(page, '11-host-map-single-pages');

  // Pan by dragging: the window moves.
  const windowBefore = await page.getByTestId('host-map-window').textContent();
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.8);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.2, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId('host-map-window')).not.toHaveText(windowBefore ?? '');

  // Wheel zoom out and the reset button.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 300);
  await host.getByTestId('host-map-zoom-reset').click();
  await expect(page.getByTestId('host-map-window')).toHaveText(/^all /);

  // By state.
  await host.getByTestId('host-map-mode-state').click();
  await expect(page.getByTestId('host-map-legend')).toContainText('Compression cache');
  await host.getByTestId('host-map-mode-owner').click();

  // Select a VM: the guest map shows it, with both strips and the guest-swapped count.
  const vmOption = page.getByRole('listbox', { name: 'Virtual machines' }).getByRole('option').nth(1);
  await vmOption.click();
  const vmId = await vmOption.getAttribute('data-vm');
  await expect(page.getByTestId('guest-map-vm')).toHaveText(`: ${vmId}`);
  await expect(page.getByTestId('guest-map-canvas')).toHaveAttribute('data-digest', /^[0-9a-f]{8}$/);
  await expect(page.getByTestId('guest-map-swapped')).toContainText(/pages/);
  const guestBox = await page.getByTestId('guest-map-canvas').boundingBox();
  if (!guestBox) throw new Error('guest map canvas has no box');
  await page.mouse.move(guestBox.x + guestBox.width * 0.4, guestBox.y + guestBox.height * 0.7);
  await expect(page.getByTestId('guest-map-tooltip')).toContainText('Hypervisor');
  await page.getByTestId('guest-map').getByTestId('guest-map-zoom-in').click();
  await expect(page.getByTestId('guest-map-window')).toHaveText(/^pages /);
  await screenshot(page, '12-guest-map');
  await page.getByTestId('guest-map').getByTestId('guest-map-zoom-reset').click();

  // Charts.
  await openTab(page, 'Charts');
  await expect(page.getByTestId('host-free-chart').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('vm-memory-chart')).toHaveAttribute('data-vm', vmId ?? '');
  await expect(page.getByTestId('perf-index-chart').locator('canvas')).toBeVisible();
  await page.mouse.move(0, 0);
  await screenshot(page, '13-charts-light');

  // Dark theme: maps and charts follow.
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.waitForTimeout(400);
  await screenshot(page, '14-charts-dark');
  await openTab(page, 'Driver log');
  await screenshot(page, '15-maps-dark');
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
});
