import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hostCsvHeader, logCsvHeader, vmsCsvHeader } from '../../core/trace/trace-columns';
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
} from './lab-fixtures';

/** Files named `name` anywhere under `dir`, newest first. */
function findFiles(dir: string, name: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === name) out.push(p);
    }
  };
  walk(dir);
  return out.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
}

function csvRows(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0)
    .map((l) => l.split(','));
}

test('a lab from preset to exported CSV: run, intervene, save, reload, open, continue, export', async ({
  page,
  bridge,
}) => {
  await openApp(page, bridge);
  await newFromPreset(page, 'balloon-vs-swap');
  await screenshot(page, '01-preset-loaded');

  const hostCanvas = page.getByTestId('host-map-canvas');
  const digestBefore = (await hostCanvas.getAttribute('data-digest')) ?? '';

  // Run: the map changes and log lines arrive.
  await setSpeed(page, '60');
  await runButton(page).click();
  await expect(runButton(page)).toHaveAccessibleName('Pause (Space)');
  await expect
    .poll(async () => hostCanvas.getAttribute('data-digest'), { timeout: 30_000 })
    .not.toBe(digestBefore);
  await expect.poll(async () => currentTick(page)).toBeGreaterThan(30);
  await openTab(page, 'Driver log');
  const logRows = page.getByRole('log', { name: 'Log lines' }).locator('.row[data-seq]');
  await expect(logRows.first()).toBeVisible();
  await screenshot(page, '02-running');

  // Pause.
  await runButton(page).click();
  await expect(runButton(page)).toHaveAccessibleName('Run (Space)');
  const pausedTick = await currentTick(page);
  await page.waitForTimeout(500);
  expect(await currentTick(page)).toBe(pausedTick);

  // An invalid edit shows its message and changes nothing.
  await openTab(page, 'Scenario');
  const editor = page.getByRole('region', { name: 'Scenario editor' });
  await editor.locator('button[data-vm-index="0"]').click();
  const rowsBeforeEdit = await esxtopRows(page);
  await openTab(page, 'Scenario');
  const reservation = editor.locator('input[data-path="vms[0].reservationMiB"]');
  await reservation.fill('-5');
  await reservation.press('Tab');
  await expect(editor.locator('[data-issue="vms[0].reservationMiB"]')).toBeVisible();
  await editor.locator('[data-action="apply"]').click();
  await expect(editor.locator('[data-outcome]')).toContainText('Fix the field marked below first.');
  await expect(editor.locator('details.recorded')).toHaveCount(0);
  await screenshot(page, '03-invalid-edit');
  await editor.getByRole('button', { name: 'Discard edits' }).click();
  expect(await currentTick(page)).toBe(pausedTick);
  expect(await esxtopRows(page)).toEqual(rowsBeforeEdit);

  // Change a VM's workload (more demand): it becomes an intervention at the current tick.
  await openTab(page, 'Scenario');
  await editor.locator('button[data-vm-index="0"]').click();
  const demand = editor.locator('input[data-path="vms[0].workload.demandMiB"]');
  await demand.fill('3000');
  await demand.press('Tab');
  await editor.locator('[data-action="apply"]').click();
  await expect(editor.locator('details.recorded summary')).toHaveText(/1 recorded/);
  await screenshot(page, '04-intervention');

  // Save.
  await page.getByRole('button', { name: 'Save session as' }).click();
  const saveDialog = page.getByRole('dialog', { name: 'Save session as' });
  await saveDialog.getByLabel('Session name').fill('e2e-flow');
  await saveDialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(saveDialog).toBeHidden();
  await expect(page.getByRole('img', { name: 'unsaved changes' })).toHaveCount(0);
  const savedTick = await currentTick(page);
  const savedRows = await esxtopRows(page);

  // Reload the page, move away from the session, then open it again.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Save session', exact: true })).toBeEnabled();
  await newFromPreset(page, 'basics');
  await page.getByRole('button', { name: 'Open a saved session' }).click();
  const openDialog = page.getByRole('dialog', { name: 'Open a saved session' });
  await openDialog.getByRole('option', { name: /e2e-flow/ }).click();
  await openDialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(openDialog).toBeHidden();
  await expect(simClock(page)).toHaveAttribute('title', new RegExp(`^Tick ${savedTick} of`));
  expect(await esxtopRows(page)).toEqual(savedRows);
  await screenshot(page, '05-reopened');

  // Continue.
  await runButton(page).click();
  await expect.poll(async () => currentTick(page)).toBeGreaterThan(savedTick + 10);
  await runButton(page).click();
  await expect(runButton(page)).toHaveAccessibleName('Run (Space)');
  const endTick = await currentTick(page);

  // Export CSV into the data folder and check the files and their columns.
  const startedMs = Date.now();
  await page.getByRole('button', { name: 'Export CSV traces' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export CSV traces' });
  await exportDialog.getByLabel('Export name').fill('e2e-export');
  await exportDialog.getByRole('button', { name: /^Export/ }).click();
  // The full folder, and each file as a download (the browser has no folder to open).
  const exportDir = join(bridge.dataDir, 'exports', 'e2e-export');
  await expect(exportDialog).toContainText(`Done: ${exportDir}`, { timeout: 60_000 });
  await screenshot(page, '06-exported');
  const downloadStarted = page.waitForEvent('download');
  await exportDialog.getByRole('link', { name: 'e2e-export/host.csv' }).click();
  const download = await downloadStarted;
  expect(download.suggestedFilename()).toBe('host.csv');
  expect(readFileSync((await download.path()) ?? '', 'utf8')).toBe(
    readFileSync(join(exportDir, 'host.csv'), 'utf8'),
  );
  await exportDialog.getByRole('button', { name: 'Close', exact: true }).click();
  const fresh = findFiles(bridge.dataDir, 'log.csv').filter((p) => statSync(p).mtimeMs >= startedMs - 1000);
  expect(fresh).toHaveLength(1);
  const dir = join(fresh[0] ?? '', '..');
  expect(dir).toBe(exportDir);
  const host = csvRows(join(dir, 'host.csv'));
  const vms = csvRows(join(dir, 'vms.csv'));
  const log = csvRows(join(dir, 'log.csv'));
  expect(host[0]).toEqual([...hostCsvHeader]);
  expect(vms[0]).toEqual([...vmsCsvHeader]);
  expect(log[0]).toEqual([...logCsvHeader]);
  expect(host.length).toBeGreaterThan(10);
  for (const row of host.slice(1)) expect(row).toHaveLength(hostCsvHeader.length);
  for (const row of vms.slice(1)) expect(row).toHaveLength(vmsCsvHeader.length);
  const lastTimeS = Number(host.at(-1)?.[0]);
  expect(lastTimeS).toBeGreaterThan(0);
  expect(lastTimeS).toBeLessThanOrEqual(endTick + 1);
});

test('making a running VM idle: the run goes on', async ({ page, bridge }) => {
  await openApp(page, bridge);
  await newFromPreset(page, 'balloon-vs-swap');
  await setSpeed(page, '60');
  await runButton(page).click();
  await expect.poll(async () => currentTick(page)).toBeGreaterThan(60);
  await runButton(page).click();
  await expect(runButton(page)).toHaveAccessibleName('Run (Space)');
  const tick = await currentTick(page);
  await openTab(page, 'Scenario');
  const editor = page.getByRole('region', { name: 'Scenario editor' });
  await editor.locator('button[data-vm-index="1"]').click();
  await editor.locator('select[data-path="vms[1].workload.kind"]').selectOption('idle');
  await editor.locator('[data-action="apply"]').click();
  await expect(editor.locator('details.recorded summary')).toHaveText(/1 recorded/);
  await runButton(page).click();
  await expect.poll(async () => currentTick(page), { timeout: 30_000 }).toBeGreaterThan(tick + 60);
  await runButton(page).click();
  await expect(runButton(page)).toHaveAccessibleName('Run (Space)');
});
