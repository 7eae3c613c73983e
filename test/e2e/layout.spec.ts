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
});
