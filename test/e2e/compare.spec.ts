import type { Page } from '@playwright/test';
import { expect, newFromPreset, openApp, screenshot, test } from './lab-fixtures';

async function openCompareTab(page: Page): Promise<void> {
  const tab = page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: 'Compare', exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.getByRole('combobox', { name: 'Theme' }).selectOption(theme);
}

/** Every pinned run has reached its end. */
async function allDone(page: Page, count: number): Promise<void> {
  const runs = page.getByTestId('compare-run');
  await expect(runs).toHaveCount(count);
  await expect
    .poll(async () => runs.evaluateAll((els) => els.every((e) => e.getAttribute('data-status') === 'done')), {
      // Each run is an hour of the lab's engine in a process of its own: seconds on an idle machine.
      timeout: 150_000,
    })
    .toBe(true);
}

test('compare: pin two runs, overlay them, table, maps side by side, save and reopen the comparison', async ({
  page,
  bridge,
}) => {
  test.setTimeout(360_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, bridge);
  await newFromPreset(page, 'compare-esx');
  // The toolbar pins the current run; the Compare tab names the runs by what differs.
  await page.getByTestId('toolbar-pin').click();
  await expect(page.getByTestId('toolbar-pin')).toHaveText('Pin (1)');
  await expect(page.getByTestId('toolbar-pin')).toHaveAccessibleName(
    'Pin this run for comparison (1 of 4 pinned)',
  );
  await openCompareTab(page);
  await page.getByTestId('compare-pin-preset').click();
  await page.getByTestId('compare-choice').selectOption('compare-kvm-mom');
  await page.getByTestId('compare-form-ok').click();
  await allDone(page, 2);
  await expect(page.getByTestId('compare-headline')).toHaveText('policy: esx vs kvm-mom');
  await expect(page.getByTestId('compare-run')).toHaveText([/policy: esx/, /policy: kvm-mom/]);

  // Two overlaid series on every chart once the current run is left out.
  await page.getByTestId('compare-with-current').uncheck();
  for (const id of ['free', 'balloon', 'swapped', 'perf'])
    await expect(page.getByTestId(`overlay-${id}`)).toHaveAttribute('data-series', '2');
  // The crosshair is shared: hovering one chart shows both runs' values in its tooltip.
  const plot = page.getByTestId('overlay-free-plot');
  const box = await plot.boundingBox();
  if (!box) throw new Error('no overlay chart');
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
  // The tooltip sits in the page's body, clear of the panel edges; one chart shows one at a time.
  const tooltip = page.getByTestId('chart-tooltip');
  await expect(tooltip.locator('tr')).toHaveCount(2);
  await expect(tooltip).toContainText('policy: kvm-mom');
  // Each run marks its own scheduled event (one each at 5:00), named by the run in the tooltip.
  await expect(plot).toHaveAttribute('data-markers', '2');
  const markerRows = tooltip.locator('.markers li');
  for (let x = 0; x < box.width * 0.3 && (await markerRows.count()) === 0; x += 1)
    await page.mouse.move(box.x + x, box.y + box.height * 0.5);
  await expect(markerRows).toHaveText([
    /policy: esx — idle1: .*scheduled/,
    /policy: kvm-mom — idle1: .*scheduled/,
  ]);
  await screenshot(page, '40-compare-charts-1440-light');
  await setTheme(page, 'dark');
  await screenshot(page, '41-compare-charts-1440-dark');

  // The table: summary metrics per run and per VM, with the change from the first run.
  await page.getByTestId('compare-view-table').click();
  const table = page.getByTestId('compare-table');
  await expect(table.locator('thead th')).toHaveCount(4);
  await expect(table.locator('tr[data-metric="all_vms.perf_index_mean"] td')).toHaveCount(4);
  await expect(table.locator('tr[data-metric="host.time_high_s"]')).toBeVisible();
  await expect(table.locator('tr[data-metric^="vm."]').first()).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByTestId('compare-export-csv').click();
  const csv = await (await download).createReadStream();
  const text = await new Promise<string>((resolve) => {
    let s = '';
    csv.on('data', (c: Buffer) => (s += c.toString()));
    csv.on('end', () => resolve(s));
  });
  expect(text.split('\n')[0]).toBe('metric,scope,policy: esx,policy: kvm-mom,policy: kvm-mom - policy: esx');
  expect(text).toMatch(/\nall_vms\.perf_index_mean,all VMs,[\d.]+,[\d.]+,-?[\d.]+\n/);
  await screenshot(page, '42-compare-table-1440-dark');

  // The host maps of both runs at the same simulated time.
  await page.getByTestId('compare-view-maps').click();
  await page.getByTestId('compare-map-time').fill('1800');
  await expect(page.getByTestId('compare-map-left')).not.toHaveAttribute('data-cells', '0');
  await expect(page.getByTestId('compare-map-right')).not.toHaveAttribute('data-cells', '0');
  await screenshot(page, '43-compare-maps-1440-dark');

  // Saved as a file and reopened: the same runs, the same legend.
  await page.getByTestId('compare-save').click();
  await page.getByTestId('compare-save-name').fill('esx vs kvm');
  await page.getByTestId('compare-form-ok').click();
  await expect(page.getByText('Saved the comparison as esx vs kvm.balloonlab-compare')).toBeVisible();
  await page.getByRole('button', { name: 'Unpin all' }).click();
  await expect(page.getByTestId('compare-run')).toHaveCount(0);
  await page.getByTestId('compare-open').click();
  await page.getByTestId('compare-choice').selectOption('esx vs kvm.balloonlab-compare');
  await page.getByTestId('compare-form-ok').click();
  await allDone(page, 2);
  await expect(page.getByTestId('compare-headline')).toHaveText('policy: esx vs kvm-mom');

  await page.setViewportSize({ width: 1024, height: 700 });
  await page.getByTestId('compare-view-charts').click();
  await screenshot(page, '44-compare-charts-1024-dark');
  await setTheme(page, 'light');
  await page.getByTestId('compare-view-table').click();
  await screenshot(page, '45-compare-table-1024-light');
  await page.getByTestId('compare-view-maps').click();
  await screenshot(page, '46-compare-maps-1024-light');
  await page.getByTestId('compare-view-charts').click();
  await screenshot(page, '47-compare-charts-1024-light');
});
