import { test as base, expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, repoRoot, startBridge } from './bridge-server';
import type { Bridge } from './bridge-server';

/** Screenshots of the main states, kept as test artifacts (gitignored) and looked at. */
export const artifactsDir = join(repoRoot, 'test', 'artifacts', 'e2e');

/**
 * One bridge per worker (the suite runs in one worker): built if needed, on a free port, with
 * its own temporary data folder. A failed test restarts the worker, so the next one gets a
 * fresh bridge.
 */
export const test = base.extend<object, { bridge: Bridge }>({
  bridge: [
    async ({}, use) => {
      ensureBuilt();
      const dataDir = mkdtempSync(join(tmpdir(), 'balloon-lab-e2e-'));
      const bridge = await startBridge(dataDir);
      try {
        await use(bridge);
      } finally {
        await bridge.stop();
        if (process.env.BALLOON_LAB_KEEP_DATA !== '1') rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 600_000 },
  ],
});

export { expect };

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: join(artifactsDir, `${name}.png`) });
}

/** The app is connected and has a lab loaded when Save is enabled. */
export async function openApp(page: Page, bridge: Bridge): Promise<void> {
  await page.goto(bridge.url);
  await expect(page.getByRole('button', { name: 'Save session', exact: true })).toBeEnabled();
}

/** The question asked before unsaved work would be replaced (New, Open, an imported scenario). */
export function unsavedQuestion(page: Page): Locator {
  return page.getByRole('alertdialog', { name: 'Unsaved changes' });
}

/**
 * A new lab from a preset. A session left unsaved by an earlier step or test is given up
 * ("Don't save") when the lab asks.
 */
export async function newFromPreset(page: Page, presetId: string): Promise<void> {
  await page.getByRole('button', { name: 'New lab from a preset' }).click();
  const dialog = page.getByRole('dialog', { name: 'New lab from a preset' });
  await dialog.locator(`[data-preset="${presetId}"]`).click();
  await dialog.getByRole('button', { name: 'Create' }).click();
  const question = unsavedQuestion(page);
  // The gallery closes once the new lab is there; before that the question may come up.
  await expect
    .poll(async () => {
      if (await question.isVisible()) await question.getByRole('button', { name: 'Don’t save' }).click();
      return dialog.isHidden();
    })
    .toBe(true);
  await expect(simClock(page)).toHaveAttribute('title', /^Tick 0 of \d+/);
}

export function simClock(page: Page): Locator {
  return page.getByRole('timer');
}

/** The current tick, from the clock's "Tick N of M" title. */
export async function currentTick(page: Page): Promise<number> {
  const title = (await simClock(page).getAttribute('title')) ?? '';
  const m = /^Tick (\d+) of (\d+)/.exec(title);
  if (!m) throw new Error(`clock title not understood: ${title}`);
  return Number(m[1]);
}

export function runButton(page: Page): Locator {
  return page
    .getByRole('group', { name: 'Run controls' })
    .getByRole('button', { name: /^(Run|Pause) \(Space\)$/ });
}

export async function setSpeed(page: Page, value: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Speed (simulated seconds per second)' }).selectOption(value);
}

export async function openTab(
  page: Page,
  name: 'Driver log' | 'Charts' | 'esxtop' | 'Scenario',
): Promise<void> {
  const tab = page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name, exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

/** Every VM row of the esxtop table as text (the counters users compare). */
export async function esxtopRows(page: Page): Promise<string[]> {
  await openTab(page, 'esxtop');
  const rows = page.getByRole('table', { name: /esxtop/ }).locator('tbody tr[data-vm]');
  await expect(rows.first()).toBeVisible();
  return rows.evaluateAll((trs) => trs.map((tr) => (tr.textContent ?? '').replace(/\s+/g, ' ').trim()));
}
