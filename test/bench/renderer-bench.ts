// Renderer benchmark in Debian's Chromium:
//  1. the served app (`node out/main/serve.js`): frames per second of rendering
//     (requestAnimationFrame count) while the datacenter-2x preset runs flat out (target >= 55);
//  2. the app's map, chart and log components on a benchmark page (renderer-bench-page/) fed
//     with synthetic engine output, so rendering is measured at loads the engine cannot yet
//     produce here: 32 VMs, 256 GiB, an hour of history at 30 frames/s (target >= 55 fps), and
//     the driver log scrolling and text-filtering 100,000 lines (PerformanceObserver longtask:
//     none over 50 ms).
// Run: npx tsx test/bench/renderer-bench.ts [--seconds 10]. Prints the figures.
import { chromium } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import vue from '@vitejs/plugin-vue';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { chromiumArgs, chromiumPath, ensureBuilt, repoRoot, startBridge } from '../e2e/bridge-server';
import { Scorecard } from './bench-verdict';

export interface RendererBenchResult {
  app: {
    fps: number;
    measuredS: number;
    ticksPerS: number;
    mapUpdatesPerS: number;
    longestTaskMs: number;
    logLines: number;
  };
  components: { fps: number; measuredS: number; framesPerS: number; longestTaskMs: number };
  log: { lines: number; steps: number; longTasksOver50: number; longestTaskMs: number };
  filter: { edits: number; longTasksOver50: number; longestTaskMs: number; slowestResultMs: number };
}

const targetFps = 55;
const targetLines = 100_000;
const longTaskLimitMs = 50;
const pageDir = join(import.meta.dirname, 'renderer-bench-page');
const pageOut = join(repoRoot, '.bench-out', 'renderer-bench-page');

async function tickOf(page: Page): Promise<number> {
  const title = (await page.getByRole('timer').getAttribute('title')) ?? '';
  return Number(/^Tick (\d+) of/.exec(title)?.[1] ?? 0);
}

async function clickRunPause(page: Page): Promise<void> {
  await page
    .getByRole('group', { name: 'Run controls' })
    .getByRole('button', { name: /^(Run|Pause) \(Space\)$/ })
    .click();
}

async function newFromPreset(page: Page, id: string): Promise<void> {
  await page.getByRole('button', { name: 'New lab from a preset' }).click();
  const dialog = page.getByRole('dialog', { name: 'New lab from a preset' });
  await dialog.locator(`[data-preset="${id}"]`).click();
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.waitForFunction(() =>
    /^Tick 0 of/.test(document.querySelector('[role="timer"]')?.getAttribute('title') ?? ''),
  );
}

/** A page that records long tasks from the start (and tolerates tsx's __name helper). */
async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.addInitScript({
    content: `window.__name = (f) => f; window.__longTasks = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); })
        .observe({ type: 'longtask', buffered: true });`,
  });
  return page;
}

/** Counts animation frames, host map redraws (digest changes) and long tasks for `seconds`. */
async function measureRendering(page: Page, seconds: number) {
  return page.evaluate(async (ms) => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks.length = 0;
    const canvas = document.querySelector('[data-testid="host-map-canvas"]');
    let mapUpdates = 0;
    const mo = new MutationObserver(() => (mapUpdates += 1));
    if (canvas) mo.observe(canvas, { attributes: true, attributeFilter: ['data-digest'] });
    const frames = await new Promise<{ count: number; elapsed: number }>((resolve) => {
      let count = 0;
      const t0 = performance.now();
      const loop = (t: number) => {
        count += 1;
        if (t - t0 < ms) requestAnimationFrame(loop);
        else resolve({ count, elapsed: performance.now() - t0 });
      };
      requestAnimationFrame(loop);
    });
    mo.disconnect();
    return { ...frames, mapUpdates, longTasks: [...w.__longTasks] };
  }, seconds * 1000);
}

async function logLineCount(page: Page): Promise<number> {
  const text = (await page.getByRole('search', { name: 'Log filter' }).locator('.count').textContent()) ?? '';
  return Number((/([\d,]+)\s*\/\s*[\d,]+\s*lines/.exec(text)?.[1] ?? '0').replace(/,/g, ''));
}

/** Scrolls the virtualised log from top to bottom with the wheel, then jumps around in it. */
async function measureScrolling(page: Page) {
  const scroller = page.getByRole('log', { name: 'Log lines' });
  await scroller.evaluate((el) => (el.scrollTop = 0));
  const box = await scroller.boundingBox();
  if (!box) throw new Error('log view not visible');
  await page.waitForTimeout(500);
  await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks.length = 0));
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  let steps = 0;
  const scrollHeight = await scroller.evaluate((el) => el.scrollHeight);
  const perWheel = Math.max(2000, Math.ceil(scrollHeight / 200));
  for (let y = 0; y < scrollHeight; y += perWheel) {
    await page.mouse.wheel(0, perWheel);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    steps += 1;
  }
  for (let i = 0; i < 100; i += 1) {
    await scroller.evaluate((el, f) => (el.scrollTop = f * el.scrollHeight), (i * 0.6180339887) % 1);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    steps += 1;
  }
  await page.waitForTimeout(300);
  const longTasks = await page.evaluate(() => [
    ...(window as unknown as { __longTasks: number[] }).__longTasks,
  ]);
  return { steps, longTasks };
}

/** Types filter texts into the log's search box, each time until the filtered lines are shown. */
async function measureFiltering(page: Page) {
  const input = page.getByRole('searchbox', { name: 'Filter log text' });
  await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks.length = 0));
  const texts = ['i', 'in', 'inf', 'inflated by 1', 'target 6', 'no such line', ''];
  let slowestResultMs = 0;
  for (const text of texts) {
    const t0 = performance.now();
    await input.fill(text);
    await page.waitForFunction(
      () => document.querySelector('[role="log"]')?.getAttribute('aria-busy') !== 'true',
      undefined,
      { polling: 'raf' },
    );
    slowestResultMs = Math.max(slowestResultMs, performance.now() - t0);
  }
  await page.waitForTimeout(300);
  const longTasks = await page.evaluate(() => [
    ...(window as unknown as { __longTasks: number[] }).__longTasks,
  ]);
  return { edits: texts.length, longTasks, slowestResultMs };
}

/** Part 1: the served app running datacenter-2x flat out. */
async function benchServedApp(browser: Browser, seconds: number): Promise<RendererBenchResult['app']> {
  const dataDir = mkdtempSync(join(tmpdir(), 'balloon-lab-bench-'));
  const bridge = await startBridge(dataDir);
  try {
    const page = await newPage(browser);
    await page.goto(bridge.url);
    await page.waitForFunction(
      () =>
        (document.querySelector('button[aria-label="Save session"]') as HTMLButtonElement | null)
          ?.disabled === false,
    );
    await newFromPreset(page, 'datacenter-2x');
    await page.getByRole('combobox', { name: 'Speed (simulated seconds per second)' }).selectOption('max');
    await clickRunPause(page);
    await page.waitForTimeout(2000);
    const before = await tickOf(page);
    const r = await measureRendering(page, seconds);
    const after = await tickOf(page);
    await clickRunPause(page);
    await page
      .getByRole('tablist', { name: 'Views' })
      .getByRole('tab', { name: 'Driver log', exact: true })
      .click();
    await page.getByRole('combobox', { name: 'Which log to show' }).selectOption('all');
    const elapsedS = r.elapsed / 1000;
    return {
      fps: r.count / elapsedS,
      measuredS: elapsedS,
      ticksPerS: (after - before) / elapsedS,
      mapUpdatesPerS: r.mapUpdates / elapsedS,
      longestTaskMs: Math.max(0, ...r.longTasks),
      logLines: await logLineCount(page),
    };
  } finally {
    await bridge.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const mimeTypes: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

function serveStatic(dir: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    const file =
      path.startsWith(dir) && existsSync(path) && statSync(path).isFile() ? path : join(dir, 'index.html');
    res.writeHead(200, { 'Content-Type': mimeTypes[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        server,
        origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      });
    }),
  );
}

/** Parts 2 and 3: the components on the benchmark page. */
async function benchComponents(
  browser: Browser,
  seconds: number,
): Promise<Pick<RendererBenchResult, 'components' | 'log' | 'filter'>> {
  await build({
    root: pageDir,
    configFile: false,
    logLevel: 'warn',
    base: './',
    plugins: [vue()],
    build: { outDir: pageOut, emptyOutDir: true },
  });
  const { server, origin } = await serveStatic(pageOut);
  try {
    const page = await newPage(browser);
    await page.goto(`${origin}/index.html?mode=render`);
    await page.waitForFunction(() => (window as unknown as { benchReady?: boolean }).benchReady === true);
    await page.waitForTimeout(2000);
    const applied0 = await page.evaluate(
      () => (window as unknown as { framesApplied: number }).framesApplied,
    );
    const r = await measureRendering(page, seconds);
    const applied1 = await page.evaluate(
      () => (window as unknown as { framesApplied: number }).framesApplied,
    );
    await page.close();

    const logPage = await newPage(browser);
    await logPage.goto(`${origin}/index.html?mode=log&lines=${targetLines}`);
    await logPage.waitForFunction(() => (window as unknown as { benchReady?: boolean }).benchReady === true);
    const lines = await logLineCount(logPage);
    const s = await measureScrolling(logPage);
    const f = await measureFiltering(logPage);
    const elapsedS = r.elapsed / 1000;
    return {
      components: {
        fps: r.count / elapsedS,
        measuredS: elapsedS,
        framesPerS: (applied1 - applied0) / elapsedS,
        longestTaskMs: Math.max(0, ...r.longTasks),
      },
      log: {
        lines,
        steps: s.steps,
        longTasksOver50: s.longTasks.filter((d) => d > longTaskLimitMs).length,
        longestTaskMs: Math.max(0, ...s.longTasks),
      },
      filter: {
        edits: f.edits,
        longTasksOver50: f.longTasks.filter((d) => d > longTaskLimitMs).length,
        longestTaskMs: Math.max(0, ...f.longTasks),
        slowestResultMs: f.slowestResultMs,
      },
    };
  } finally {
    server.close();
  }
}

export async function runRendererBench(seconds = 10): Promise<RendererBenchResult> {
  ensureBuilt();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    const app = await benchServedApp(browser, seconds);
    const rest = await benchComponents(browser, seconds);
    return { app, ...rest };
  } finally {
    await browser.close();
  }
}

/** Prints every figure with its verdict; the scorecard tells whether any missed. */
function report(r: RendererBenchResult): Scorecard {
  const card = new Scorecard();
  const { app, components, log, filter } = r;
  console.log(
    `renderer-bench: served app, datacenter-2x flat out: ${app.fps.toFixed(1)} fps over ${app.measuredS.toFixed(1)} s ` +
      `(${card.check('served app fps', app.fps, '>=', targetFps)}); engine ${app.ticksPerS.toFixed(1)} ticks/s, ` +
      `${app.mapUpdatesPerS.toFixed(1)} host map updates/s, longest task ${app.longestTaskMs.toFixed(0)} ms, ` +
      `${app.logLines.toLocaleString('en-US')} log lines by then`,
  );
  console.log(
    `renderer-bench: components, 32 VMs / 256 GiB / 1 h history at ${components.framesPerS.toFixed(1)} frames/s: ` +
      `${components.fps.toFixed(1)} fps over ${components.measuredS.toFixed(1)} s ` +
      `(${card.check('components fps', components.fps, '>=', targetFps)}), longest task ${components.longestTaskMs.toFixed(0)} ms`,
  );
  console.log(
    `renderer-bench: driver log ${log.lines.toLocaleString('en-US')} lines scrolled in ${log.steps} steps: ` +
      `${log.longTasksOver50} long tasks over ${longTaskLimitMs} ms, longest ${log.longestTaskMs.toFixed(0)} ms ` +
      `(${card.check('log scrolling: long tasks over 50 ms', log.lines >= targetLines ? log.longTasksOver50 : NaN, '<=', 0)})`,
  );
  console.log(
    `renderer-bench: driver log ${log.lines.toLocaleString('en-US')} lines filtered by text ${filter.edits} times: ` +
      `${filter.longTasksOver50} long tasks over ${longTaskLimitMs} ms, longest ${filter.longestTaskMs.toFixed(0)} ms ` +
      `(${card.check('log filtering: long tasks over 50 ms', filter.longTasksOver50, '<=', 0)}); ` +
      `slowest edit to filtered lines ${filter.slowestResultMs.toFixed(0)} ms`,
  );
  console.log(card.summary('renderer-bench'));
  return card;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--seconds');
  const seconds = i > 0 ? Number(process.argv[i + 1]) : 10;
  runRendererBench(seconds).then(
    (r) => {
      if (report(r).missed.length > 0) process.exitCode = 1;
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
