// `npm run screenshot`: the README's picture of the lab, taken from the browser mode. Builds if
// needed, serves the lab (`node out/main/serve.js`) on a free port with a throw-away data folder,
// opens it in Debian's Chromium (CHROMIUM_PATH overrides), runs the basics preset to minute 22
// (app1's balloon inflating while batch1's job grows), selects app1 and writes docs/lab.png.
import { chromium, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath, ensureBuilt, repoRoot, startBridge } from '../test/e2e/bridge-server';

const output = join(repoRoot, 'docs', 'lab.png');
/** Minute 22 of basics: the host is in the soft state and app1's balloon is growing. */
const targetTick = 22 * 60;
const viewport = { width: 1440, height: 900 };
const timeoutMs = 120_000;

async function currentTick(page: Page): Promise<number> {
  const title = (await page.getByRole('timer').getAttribute('title')) ?? '';
  return Number(/^Tick (\d+) of/.exec(title)?.[1] ?? 0);
}

/** Runs at `speed` until the clock shows at least `tick`, then pauses. */
async function runUntil(page: Page, speed: string, tick: number): Promise<void> {
  const run = page
    .getByRole('group', { name: 'Run controls' })
    .getByRole('button', { name: /^(Run|Pause) \(Space\)$/ });
  await page.getByRole('combobox', { name: 'Speed (simulated seconds per second)' }).selectOption(speed);
  await run.click();
  const deadline = Date.now() + timeoutMs;
  while ((await currentTick(page)) < tick) {
    if (Date.now() > deadline) throw new Error(`the lab did not reach tick ${tick} within ${timeoutMs} ms`);
    await page.waitForTimeout(50);
  }
  await run.click();
  await page.getByRole('button', { name: 'Run (Space)' }).waitFor();
}

/** Fast to shortly before `tick`, then at 60x so a busy machine overshoots by seconds, not minutes. */
async function runToTick(page: Page, tick: number): Promise<void> {
  await runUntil(page, '600', tick - 240);
  if ((await currentTick(page)) < tick) await runUntil(page, '60', tick);
}

async function main(): Promise<void> {
  ensureBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'balloon-lab-screenshot-'));
  const bridge = await startBridge(dataDir);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1, colorScheme: 'light' });
    page.setDefaultTimeout(timeoutMs);
    await page.goto(bridge.url);
    // Connected, with a lab loaded, once Save is enabled.
    await page.locator('button[aria-label="Save session"]:enabled').waitFor();
    await page.getByRole('button', { name: 'New lab from a preset' }).click();
    const gallery = page.getByRole('dialog', { name: 'New lab from a preset' });
    await gallery.locator('[data-preset="basics"]').click();
    await gallery.getByRole('button', { name: 'Create' }).click();
    await gallery.waitFor({ state: 'hidden' });
    await page.locator('[role="timer"][title^="Tick 0 of"]').waitFor();
    await runToTick(page, targetTick);
    await page
      .getByRole('tablist', { name: 'Views' })
      .getByRole('tab', { name: 'esxtop', exact: true })
      .click();
    await page.getByRole('row', { name: /app1/ }).first().click();
    await page
      .getByRole('tablist', { name: 'Views' })
      .getByRole('tab', { name: 'Charts', exact: true })
      .click();
    // Let the maps and charts draw the paused frame.
    await page.waitForTimeout(1500);
    await page.screenshot({ path: output });
    console.log(`wrote ${output} at tick ${await currentTick(page)}`);
  } finally {
    await browser.close();
    await bridge.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
