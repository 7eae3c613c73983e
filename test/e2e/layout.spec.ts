import type { Page } from '@playwright/test';
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

/** Height of the toolbar, in px: one row or two. */
async function toolbarHeight(page: Page): Promise<number> {
  return (await page.locator('header.toolbar').boundingBox())?.height ?? 0;
}

/** Whether an element's text is cut off (an ellipsis or overflow). */
async function clipped(page: Page, testid: string): Promise<boolean> {
  return page.getByTestId(testid).evaluate((el) => el.scrollWidth > el.clientWidth + 1);
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Waits for a notice, then checks every notice on screen is clear of the sidebar (the VM list
 * and the "What to watch" lesson, read while the run plays) and of the time-travel bar.
 */
async function expectNoticesClear(page: Page, shot: string): Promise<void> {
  const notices = page.locator('.notice-stack .notice');
  await expect(notices.first()).toBeVisible({ timeout: 60_000 });
  await screenshot(page, shot);
  const side = await page.locator('main.main > .side').boundingBox();
  const bar = await page.getByTestId('time-travel').boundingBox();
  expect(side).not.toBeNull();
  expect(bar).not.toBeNull();
  const boxes = await notices.evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
  for (const box of boxes) {
    expect(overlaps(box, side!), `notice ${JSON.stringify(box)} over the sidebar`).toBe(false);
    expect(overlaps(box, bar!), `notice ${JSON.stringify(box)} over the time-travel bar`).toBe(false);
  }
}

test.describe('layout at common window sizes', () => {
  test('1400x900: the toolbar keeps one row while the lab runs; the maps show their scale in full', async ({
    page,
    bridge,
  }) => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await openApp(page, bridge);
    await newFromPreset(page, 'basics');
    const atRest = await toolbarHeight(page);
    // Running shows the reached speed; from minute 15 the host leaves the high state (CLEAR is wider).
    await setSpeed(page, '600');
    await runButton(page).click();
    await expect(page.getByTestId('reached-speed')).toBeVisible();
    expect(await toolbarHeight(page)).toBe(atRest);
    // The scheduled events at 10:00 and 15:00 each bring a notice.
    await expectNoticesClear(page, 'notices-1400');
    await expect.poll(async () => currentTick(page), { timeout: 60_000 }).toBeGreaterThan(1250);
    await runButton(page).click();
    await expect(runButton(page)).toHaveAccessibleName('Run (Space)');
    expect(await toolbarHeight(page)).toBe(atRest);
    expect(await clipped(page, 'host-map-window')).toBe(false);
    expect(await clipped(page, 'guest-map-window')).toBe(false);
    await screenshot(page, 'layout-1400');
  });

  test('1024x700: the map scales and the chart range are not cut off', async ({ page, bridge }) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page, bridge);
    await newFromPreset(page, 'basics');
    await page.getByRole('button', { name: 'Step one tick (.)' }).click();
    await expect.poll(async () => currentTick(page)).toBe(1);
    await expect(page.getByTestId('host-map-window')).toHaveText(/pages?\/cell$/);
    expect(await clipped(page, 'host-map-window')).toBe(false);
    expect(await clipped(page, 'guest-map-window')).toBe(false);
    await openTab(page, 'Charts');
    const range = page.getByTestId('chart-range');
    await expect(range).toHaveText('Showing the whole run');
    // One line: as tall as the Whole run button beside it, not two lines of text.
    const rangeBox = await range.boundingBox();
    expect(rangeBox?.height ?? 0).toBeLessThan(20);
    await screenshot(page, 'layout-1024');
    await setSpeed(page, '600');
    await runButton(page).click();
    await expectNoticesClear(page, 'notices-1024');
    await runButton(page).click();
    await expect(runButton(page)).toHaveAccessibleName('Run (Space)');
  });

  test('1024x700: the scenario editor keeps the lab name inside its box, Edit and Delete apart', async ({
    page,
    bridge,
  }) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page, bridge);
    await newFromPreset(page, 'basics');
    await openTab(page, 'Scenario');
    /** Inputs and selects whose right edge passes their fieldset's (a long choice, the name). */
    const overflowing = () =>
      page.locator('[role="tabpanel"] fieldset').evaluateAll((sets) =>
        sets.flatMap((set) => {
          const right = set.getBoundingClientRect().right;
          return [...set.querySelectorAll<HTMLElement>('input, select, textarea')]
            .filter((el) => el.getBoundingClientRect().right > right + 0.5)
            .map((el) => el.dataset.path ?? el.id);
        }),
      );
    const sections = page.getByRole('navigation', { name: 'Scenario sections' });
    await sections.getByRole('button', { name: /^Lab/ }).click();
    await expect(page.locator('#scenario-name')).toBeVisible();
    // The name field's natural width is more than its column at this size.
    expect(await overflowing()).toEqual([]);
    await page.locator('[data-section="events"]').click();
    const row = page.locator('[data-event-row]').first();
    const edit = await row.getByRole('button', { name: /^Edit/ }).boundingBox();
    const del = await row.getByRole('button', { name: /^Delete/ }).boundingBox();
    expect(del!.x - (edit!.x + edit!.width)).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'scenario-1024');
  });

  test('1024x700: a zoomed host map keeps pages per cell in view; map tooltips keep each figure on one line, chart tooltips are whole', async ({
    page,
    bridge,
  }) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page, bridge);
    await newFromPreset(page, 'basics');
    // From minute 15 app1 balloons: its guest map gets "Ballooned (pinned by driver)" cells.
    await setSpeed(page, '600');
    await runButton(page).click();
    await expect.poll(async () => currentTick(page), { timeout: 60_000 }).toBeGreaterThan(1500);
    await runButton(page).click();
    await expect(runButton(page)).toHaveAccessibleName('Run (Space)');
    await page
      .locator('.notice-stack .notice button')
      .evaluateAll((bs) => bs.forEach((b) => (b as HTMLElement).click()));

    const host = page.getByTestId('host-map');
    await host.getByTestId('host-map-zoom-in').click();
    await host.getByTestId('host-map-zoom-in').click();
    await expect(page.getByTestId('host-map-window')).toHaveText(/^pages .* pages?\/cell$/);
    expect(await clipped(page, 'host-map-window')).toBe(false);

    const guest = await page.getByTestId('guest-map-canvas').boundingBox();
    expect(guest).not.toBeNull();
    const tooltip = page.getByTestId('guest-map-tooltip');
    // Cells of the guest OS view (upper half) and of the hypervisor's view (lower half).
    for (const [fx, fy] of [
      [0.9, 0.3],
      [0.5, 0.3],
      [0.9, 0.85],
      [0.3, 0.85],
    ] as const) {
      await page.mouse.move(guest!.x + guest!.width * fx, guest!.y + guest!.height * fy);
      await expect(tooltip).toBeVisible();
      // A figure broken over two lines ("30" above "MiB") has two line boxes.
      const lines = await tooltip.locator('td.num').evaluateAll((cells) =>
        cells.map((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          return range.getClientRects().length;
        }),
      );
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.filter((n) => n > 1)).toEqual([]);
    }
    await screenshot(page, 'map-tooltip-1024');

    // The chart tooltip lists nine rows for app1; the charts panel is shorter than that here.
    await openTab(page, 'Charts');
    const plot = page.getByTestId('vm-memory-plot');
    const plotBox = await plot.boundingBox();
    expect(plotBox).not.toBeNull();
    const tip = page.getByTestId('chart-tooltip');
    for (const fy of [0.45, 0.3, 0.2]) {
      await page.mouse.move(plotBox!.x + plotBox!.width * 0.85, plotBox!.y + plotBox!.height * fy);
      if (await tip.isVisible()) break;
    }
    await expect(tip).toBeVisible();
    expect(await tip.locator('tr').count()).toBeGreaterThanOrEqual(8);
    // Whole: inside the window and inside every box around it that clips what overflows.
    const cutBy = await tip.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const cut: string[] = [];
      if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) cut.push('window');
      for (let a = el.parentElement; a !== null; a = a.parentElement) {
        if (getComputedStyle(a).overflow === 'visible') continue;
        const b = a.getBoundingClientRect();
        if (r.top < b.top || r.left < b.left || r.bottom > b.bottom || r.right > b.right)
          cut.push(a.className || a.tagName);
      }
      return cut;
    });
    expect(cutBy).toEqual([]);
    await screenshot(page, 'chart-tooltip-1024');
  });
});
