import { validationExperiments } from '../../core/validation/validation-experiments';
import { expect, openApp, screenshot, test } from './lab-fixtures';

// Help > Validation report in the browser lab: the bridge runs the published experiments in its
// worker thread (once per engine version) and serves the same self-contained report that
// `balloon-lab validate --out` writes. Chromium must show every experiment with its verdict and chart.
test('Help > Validation report opens the report: every experiment with a verdict and a chart', async ({
  page,
  bridge,
}) => {
  // The experiments take under a minute alone; a loaded 2-core machine may need several.
  test.setTimeout(420_000);
  await openApp(page, bridge);
  await page.getByText('Help', { exact: true }).click();
  const link = page.getByRole('menuitem', { name: 'Validation report' });
  await expect(link).toBeVisible();
  // The new tab is reported once its first response arrives, i.e. once the report is made.
  const [report] = await Promise.all([page.waitForEvent('popup', { timeout: 400_000 }), link.click()]);
  const problems: string[] = [];
  report.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await report.waitForLoadState('domcontentloaded', { timeout: 400_000 });
  await expect(report).toHaveTitle(/Balloon Lab validation report/, { timeout: 400_000 });

  const total = validationExperiments.length;
  await expect(report.locator('.summary')).toHaveAttribute('data-total', String(total));
  for (const e of validationExperiments) {
    const section = report.locator(`section#${e.id}`);
    await expect(section.locator('h2')).toHaveText(e.title);
    await expect(section.locator('.verdict').first()).toHaveText(/^(pass|FAIL)$/);
    await expect(section.locator('svg.chart')).toBeVisible();
    expect(await section.locator('svg.chart polyline, svg.chart circle').count()).toBeGreaterThan(0);
  }
  // The page styles itself (inline CSS under the bridge's policy): a verdict is coloured, not plain text.
  const badge = report.locator('.summary .verdict');
  expect(await badge.evaluate((el) => getComputedStyle(el).borderRadius)).not.toBe('0px');
  await screenshot(report, 'validation-report');
  await report.emulateMedia({ colorScheme: 'dark' });
  await screenshot(report, 'validation-report-dark');
  expect(problems).toEqual([]);
});
