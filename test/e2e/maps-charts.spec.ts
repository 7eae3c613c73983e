import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
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

/** The newest export folder under `dir` holding `name`. */
function newestExport(dir: string, name: string): string {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === name) found.push(p);
    }
  };
  walk(dir);
  found.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!found[0]) throw new Error(`no ${name} under ${dir}`);
  return found[0];
}

/** Rows of a CSV file as objects keyed by the header. */
function csvObjects(path: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0)
    .map((l) => l.split(','));
  return rows.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
}

/** "398 MiB" or "2.36 GiB" back to MiB, with the rounding the text allows. */
function mibOf(text: string): { mib: number; tolerance: number } {
  const m = /^(-?[\d.]+) (MiB|GiB)$/.exec(text.trim());
  if (!m) throw new Error(`not a memory value: ${text}`);
  const value = Number(m[1]);
  if (m[2] === 'GiB') return { mib: value * 1024, tolerance: 0.005 * 1024 };
  const decimals = m[1]!.split('.')[1]?.length ?? 0;
  return { mib: value, tolerance: 0.5 * 10 ** -decimals };
}

async function hoverPlot(plot: Locator, xFraction: number): Promise<Locator> {
  const box = await plot.boundingBox();
  if (!box) throw new Error('chart has no box');
  // The tooltip sits in the page's body, clear of the panel edges; one chart shows one at a time.
  const tip = plot.page().getByTestId('chart-tooltip');
  // The plot area's height depends on the legend below it (its lines depend on the fonts): the
  // first height inside the plot area shows the tooltip.
  for (const yFraction of [0.45, 0.3, 0.2]) {
    await plot.page().mouse.move(box.x + box.width * xFraction, box.y + box.height * yFraction);
    if (await tip.isVisible()) return tip;
    await plot.page().waitForTimeout(300);
    if (await tip.isVisible()) return tip;
  }
  await expect(tip).toBeVisible();
  return tip;
}

test('chart tooltips show the trace row of the hovered time; zoom moves every chart', async ({
  page,
  bridge,
}) => {
  await openApp(page, bridge);
  await newFromPreset(page, 'basics');
  await setSpeed(page, '600');
  await runButton(page).click();
  await expect.poll(async () => currentTick(page), { timeout: 60_000 }).toBeGreaterThan(1800);
  await runButton(page).click();
  await expect(runButton(page)).toHaveAccessibleName('Run (Space)');
  await page.getByRole('listbox', { name: 'Virtual machines' }).locator('[data-vm="app1"]').click();
  await openTab(page, 'Charts');

  // Export the trace of this run to compare with.
  await page.getByRole('button', { name: 'Export CSV traces' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export CSV traces' });
  await exportDialog.getByLabel('Export name').fill('tooltip-check');
  await exportDialog.getByRole('button', { name: /^Export/ }).click();
  await expect(exportDialog).toContainText(/Done: .*tooltip-check/, { timeout: 60_000 });
  await exportDialog.getByRole('button', { name: 'Close', exact: true }).click();
  const vmsRows = csvObjects(newestExport(bridge.dataDir, 'vms.csv'));
  const hostRows = csvObjects(newestExport(bridge.dataDir, 'host.csv'));

  const layers: [string, string][] = [
    ['Ballooned', 'mctlsz_mib'],
    ['Compressed', 'zip_mib'],
    ['Swapped (host)', 'swcur_mib'],
    ['Shared', 'shrd_mib'],
    ['Configured (MEMSZ)', 'memsz_mib'],
    ['Target (SZTGT)', 'sztgt_mib'],
    ['Estimated active (TCHD)', 'tchd_mib'],
  ];
  const memory = page.getByTestId('vm-memory-plot');
  for (const x of [0.35, 0.62, 0.9]) {
    const tip = await hoverPlot(memory, x);
    const timeS = Number(await tip.getAttribute('data-time-s'));
    const row = vmsRows.find((r) => r.vm === 'app1' && Number(r.time_s) === timeS);
    expect(row, `vms.csv has app1 at ${timeS} s`).toBeDefined();
    for (const [label, column] of layers) {
      const shown = mibOf((await tip.locator(`tr[data-label="${label}"] .value`).textContent()) ?? '');
      expect(Math.abs(shown.mib - Number(row![column])), `${label} at ${timeS} s`).toBeLessThanOrEqual(
        shown.tolerance + 1e-9,
      );
    }
  }
  await screenshot(page, '16-chart-tooltip');

  const free = page.getByTestId('host-free-plot');
  const freeTip = await hoverPlot(free, 0.7);
  const freeTimeS = Number(await freeTip.getAttribute('data-time-s'));
  const hostRow = hostRows.find((r) => Number(r.time_s) === freeTimeS);
  const freeShown = mibOf((await freeTip.locator('tr[data-label="Free memory"] .value').textContent()) ?? '');
  expect(Math.abs(freeShown.mib - Number(hostRow?.free_mib))).toBeLessThanOrEqual(freeShown.tolerance + 1e-9);
  await expect(freeTip.locator('tr[data-label="State"] .value')).toHaveText(hostRow?.state ?? '');

  // Per VM: the reclaim chart splits balloon and host swap by VM; its total is theirs.
  await page.getByTestId('reclaim-per-vm').check();
  const reclaim = page.getByTestId('host-reclaim-plot');
  await reclaim.scrollIntoViewIfNeeded();
  const reclaimTip = await hoverPlot(reclaim, 0.8);
  const reclaimTimeS = Number(await reclaimTip.getAttribute('data-time-s'));
  const atTime = vmsRows.filter((r) => Number(r.time_s) === reclaimTimeS);
  expect(atTime.length).toBeGreaterThan(0);
  const perVmTotal = atTime.reduce((sum, r) => sum + Number(r.mctlsz_mib) + Number(r.swcur_mib), 0);
  const totalShown = mibOf(
    (await reclaimTip.locator('tr[data-label="Ballooned and swapped in total"] .value').textContent()) ?? '',
  );
  expect(Math.abs(totalShown.mib - perVmTotal)).toBeLessThanOrEqual(totalShown.tolerance + 1e-9);
  await screenshot(page, '16b-reclaim-per-vm');
  await page.getByTestId('reclaim-per-vm').uncheck();

  // Wheel zoom on one chart zooms them all; "Whole run" shows everything again.
  await page.mouse.wheel(0, -400);
  await expect(page.getByTestId('chart-range')).toHaveText(/^Showing \d\d:\d\d:\d\d – \d\d:\d\d:\d\d$/);
  const range = await free.getAttribute('data-range');
  expect(range).not.toBe('');
  for (const id of ['vm-memory-plot', 'host-reclaim-plot', 'perf-index-plot'])
    await expect(page.getByTestId(id)).toHaveAttribute('data-range', range ?? '');
  await screenshot(page, '17-charts-zoomed');
  await page.getByTestId('chart-zoom-reset').click();
  await expect(page.getByTestId('chart-range')).toHaveText('Showing the whole run');
});
