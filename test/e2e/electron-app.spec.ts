import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hostCsvHeader, logCsvHeader, vmsCsvHeader } from '../../core/trace/trace-columns';
import { electronRequired, electronUnavailable, expect, test } from './electron-fixtures';
import {
  currentTick,
  esxtopRows,
  newFromPreset,
  openTab,
  runButton,
  setSpeed,
  simClock,
} from './lab-fixtures';

// The journeys of lab-flow.spec.ts, in the desktop app itself: real Electron, the sandboxed
// preload and IPC instead of the browser bridge, native dialogs answered by the fixture.
test.skip(electronUnavailable !== null && !electronRequired, electronUnavailable ?? '');

/** Files named `name` anywhere under `dir`. */
function findFiles(dir: string, name: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findFiles(path, name));
    else if (entry.name === name) out.push(path);
  }
  return out;
}

function csvRows(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map((line) => line.split(','));
}

test('the window opens on the built app with only the lab bridge in the page', async ({ desktop }) => {
  const { page } = desktop;
  await expect(page.getByRole('button', { name: 'Save session', exact: true })).toBeEnabled();
  expect(page.url()).toMatch(/^file:\/\/.*\/out\/renderer\/index\.html$/);
  const globals = await page.evaluate(() => ({
    bridge: Object.keys((window as unknown as { balloonLabIpc?: object }).balloonLabIpc ?? {}).length,
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
  }));
  expect(globals).toEqual({ bridge: expect.any(Number), require: 'undefined', process: 'undefined' });
  expect(globals.bridge).toBeGreaterThan(20);
});

test('a lab from preset to exported CSV: run, see maps and a driver log, save, open, export', async ({
  desktop,
}) => {
  const { page, sessionFile, exportDir } = desktop;
  await expect(page.getByRole('button', { name: 'Save session', exact: true })).toBeEnabled();
  await newFromPreset(page, 'balloon-vs-swap');

  // Run: the host map changes and driver log lines arrive.
  const hostCanvas = page.getByTestId('host-map-canvas');
  const digestBefore = (await hostCanvas.getAttribute('data-digest')) ?? '';
  await setSpeed(page, '60');
  await runButton(page).click();
  await expect(runButton(page)).toHaveAccessibleName('Pause (Space)');
  await expect
    .poll(async () => hostCanvas.getAttribute('data-digest'), { timeout: 30_000 })
    .not.toBe(digestBefore);
  await expect.poll(async () => currentTick(page)).toBeGreaterThan(30);
  await openTab(page, 'Driver log');
  await expect(page.getByRole('log', { name: 'Log lines' }).locator('.row[data-seq]').first()).toBeVisible();
  await runButton(page).click();
  await expect(runButton(page)).toHaveAccessibleName('Run (Space)');

  // An invalid edit comes back from the main process as a typed refusal with its issue.
  await openTab(page, 'Scenario');
  const editor = page.getByRole('region', { name: 'Scenario editor' });
  await editor.locator('button[data-vm-index="0"]').click();
  const reservation = editor.locator('input[data-path="vms[0].reservationMiB"]');
  await reservation.fill('-5');
  await reservation.press('Tab');
  await expect(editor.locator('[data-issue="vms[0].reservationMiB"]')).toBeVisible();
  await editor.getByRole('button', { name: 'Discard edits' }).click();

  // Save through the (answered) native dialog.
  await page.getByRole('button', { name: 'Save session as' }).click();
  await expect(page.getByRole('img', { name: 'unsaved changes' })).toHaveCount(0);
  await expect.poll(() => existsSync(sessionFile)).toBe(true);
  const savedTick = await currentTick(page);
  const savedRows = await esxtopRows(page);

  // Move away from it, then open it again.
  await newFromPreset(page, 'basics');
  await page.getByRole('button', { name: 'Open a saved session' }).click();
  await expect(simClock(page)).toHaveAttribute('title', new RegExp(`^Tick ${savedTick} of`));
  expect(await esxtopRows(page)).toEqual(savedRows);

  // Export CSV into the folder the dialog picked.
  const startedMs = Date.now();
  await page.getByRole('button', { name: 'Export CSV traces' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export CSV traces' });
  await exportDialog.getByRole('button', { name: /^Export/ }).click();
  await expect(exportDialog).toContainText('Done:', { timeout: 60_000 });
  await exportDialog.getByRole('button', { name: 'Close', exact: true }).click();
  const logs = findFiles(exportDir, 'log.csv').filter((p) => statSync(p).mtimeMs >= startedMs - 1000);
  expect(logs).toHaveLength(1);
  const folder = join(logs[0]!, '..');
  const host = csvRows(join(folder, 'host.csv'));
  expect(host[0]).toEqual([...hostCsvHeader]);
  expect(csvRows(join(folder, 'vms.csv'))[0]).toEqual([...vmsCsvHeader]);
  expect(csvRows(join(folder, 'log.csv'))[0]).toEqual([...logCsvHeader]);
  expect(host.length).toBeGreaterThan(10);
  for (const row of host.slice(1)) expect(row).toHaveLength(hostCsvHeader.length);
});
