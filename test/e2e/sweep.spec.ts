import type { Page } from '@playwright/test';
import {
  currentTick,
  expect,
  newFromPreset,
  openApp,
  screenshot,
  simClock,
  test,
  unsavedQuestion,
} from './lab-fixtures';

async function openSweepTab(page: Page): Promise<void> {
  const tab = page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: 'Sweep', exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

test('sweep: build from a preset, run, plot lines and a heatmap, open a point as a lab, find it kept', async ({
  page,
  bridge,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp(page, bridge);
  await newFromPreset(page, 'basics');
  await openSweepTab(page);

  // Two idle tax values x a 10-minute run x 2 seeds: 4 short runs.
  await page.getByTestId('sweep-build').click();
  const first = page.getByTestId('sweep-param-0');
  await first.getByTestId('sweep-param-path').selectOption('policy.idleTaxPct');
  await first.getByTestId('sweep-param-values').fill('0, 75');
  await page.getByTestId('sweep-add-param').click();
  const second = page.getByTestId('sweep-param-1');
  await second.getByTestId('sweep-param-path').selectOption('durationS');
  await second.getByTestId('sweep-param-values').fill('600');
  await page.getByTestId('sweep-seeds').fill('2');
  await expect(page.getByTestId('sweep-count')).toContainText(
    '2 points (policy.idleTaxPct x durationS) x 2 seeds = 4 runs',
  );
  // A value listed twice is refused in words before anything runs.
  await first.getByTestId('sweep-param-values').fill('0, 0');
  await expect(page.getByTestId('sweep-count')).toHaveText('parameters[0].values[1]: 0 is listed twice');
  await expect(page.getByTestId('sweep-use')).toBeDisabled();
  await first.getByTestId('sweep-param-values').fill('0, 75');

  // Saved as a file in the data folder, then used.
  await page.getByTestId('sweep-save').click();
  await page.getByTestId('sweep-save-name').fill('idle tax e2e');
  await page.getByTestId('sweep-save-ok').click();
  await expect(page.getByText('Saved the sweep as idle tax e2e.sweep.json')).toBeVisible();
  await page.getByTestId('sweep-use').click();
  await expect(page.getByTestId('sweep-about')).toContainText('2 points x 2 seeds = 4');

  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep-state')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect(page.getByTestId('sweep-progress')).toHaveText('4/4 runs');
  const download = page.waitForEvent('download');
  await page.getByTestId('sweep-export-csv').click();
  const csv = await (await download).createReadStream();
  const text = await new Promise<string>((resolve) => {
    let all = '';
    csv.on('data', (c: Buffer) => (all += c.toString()));
    csv.on('end', () => resolve(all));
  });
  const lines = text.trim().split('\n');
  expect(lines[0]).toMatch(/^run_id,point_id,seed,policy\.idleTaxPct,durationS,host\.time_high_s,/);
  expect(lines.slice(1).map((l) => l.split(',').slice(0, 5).join(','))).toEqual([
    'p0000-s42,p0000,42,0,600',
    'p0000-s43,p0000,43,0,600',
    'p0001-s42,p0001,42,75,600',
    'p0001-s43,p0001,43,75,600',
  ]);

  // One line (durationS has one value) with a point per idle tax value; then the heatmap.
  await expect(page.getByTestId('sweep-line-chart')).toHaveAttribute('data-series', '1');
  await expect(page.getByTestId('sweep-point')).toHaveCount(2);
  await screenshot(page, '60-sweep-lines-1024-light');
  await page.getByTestId('sweep-mode-heatmap').click();
  await expect(page.getByTestId('sweep-cell')).toHaveCount(2);
  await expect(page.getByTestId('sweep-heat-legend')).toContainText('performance index');
  await page.getByTestId('sweep-cell').last().click();
  await expect(page.getByTestId('sweep-point-detail')).toContainText(
    'policy.idleTaxPct = 75, durationS = 600',
  );
  await page.getByTestId('sweep-mode-lines').click();

  // A modified lab is not replaced without asking.
  await page.getByRole('button', { name: /^Step/ }).first().click();
  await expect(page.getByRole('img', { name: 'unsaved changes' })).toBeVisible();

  // Clicking the 75 % point (a mouse click on the canvas) shows its seeds; Open seed 43 opens that run.
  await page.locator('[data-testid="sweep-point"][data-point="p0001"]').click({ force: true });
  const detail = page.getByTestId('sweep-point-detail');
  await expect(detail).toContainText('p0001');
  await expect(detail.getByTestId('sweep-open-run')).toHaveCount(2);
  await detail.locator('[data-run="p0001-s43"]').click();
  const question = unsavedQuestion(page);
  await expect(question).toContainText('before opening run p0001-s43 of the sweep');
  await question.getByRole('button', { name: 'Don’t save' }).click();
  await expect(page).toHaveTitle(
    /Basics: ballooning on a 16 GiB host \(policy\.idleTaxPct = 75, durationS = 600, seed 43\)/,
  );
  // Run to its end: the value in the plot is the whole run's.
  await expect(simClock(page)).toHaveAttribute('title', /^Tick (\d+) of \1\b/, { timeout: 60_000 });
  expect(await currentTick(page)).toBeGreaterThan(0);
  await expect(page.getByRole('tab', { name: 'Charts', exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  );

  // Reopened, the lab shows the kept sweep and its results.
  await page.reload();
  await openSweepTab(page);
  await expect(page.getByTestId('sweep-progress')).toHaveText('4/4 runs');
  await expect(page.getByTestId('sweep-point')).toHaveCount(2);
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await page.setViewportSize({ width: 1440, height: 900 });
  await screenshot(page, '61-sweep-lines-1440-dark');
});

test('sweep: a sweep file with a path that matches nothing, or no JSON, is refused in words', async ({
  page,
  bridge,
}) => {
  await openApp(page, bridge);
  await openSweepTab(page);
  await page.getByTestId('sweep-open-file').click();
  await page.getByTestId('sweep-upload').setInputFiles({
    name: 'broken.sweep.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        schema: 'balloon-lab/sweep@1',
        base: 'preset:basics',
        parameters: [{ path: 'vms[app9].memoryMiB', values: [1024] }],
      }),
    ),
  });
  await expect(
    page.getByText(/vms has no entry with id "app9" \(ids: app1, batch1, db1, web1\)/),
  ).toBeVisible();
  await page.getByTestId('sweep-upload').setInputFiles({
    name: 'not-json.sweep.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{ "schema": '),
  });
  await expect(page.getByText(/not-json\.sweep\.json is not valid JSON/)).toBeVisible();
});
