// Speed benchmark (issue 13): the served lab runs a preset at a requested speed in Debian's
// Chromium for a while, and this prints the speed reached (simulated s / wall s), the
// renderer's frames per second (requestAnimationFrame count), its long tasks, how far the
// charts trail the clock and the machine's load (two cores shared with others: read the
// figures against it). Target: datacenter-2x at 60x reaches >= 55x at >= 55 fps.
// Run: npx tsx test/bench/speed-bench.ts [--seconds 50] [--speed 60] [--preset datacenter-2x]
//   [--snapshot] (runs a private copy of out/, so builds by others do not change it mid-run)
//   [--verbose] (prints every second of the window)
//   [--out dir] (serves another build, e.g. of a clean checkout, for before/after figures)
//   [--trace file.json] (Chromium performance trace of the measured window)
//   [--js-prof file.cpuprofile] (the page's JavaScript CPU profile of the measured window)
//   [--cpu-prof dir] (node --cpu-prof of the bridge; test/bench/engine-process-profile.ts profiles the engine process)
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumArgs, chromiumPath, ensureBuilt, repoRoot, startBridge } from '../e2e/bridge-server';
import { Scorecard } from './bench-verdict';

export interface SpeedBenchOptions {
  preset: string;
  speed: number;
  seconds: number;
  snapshot: boolean;
  /** A built out/ folder to serve instead of the repository's (a build of another tree). */
  outDir: string | null;
  tracePath: string | null;
  cpuProfDir: string | null;
  /** The page's JavaScript CPU profile (CDP Profiler) of the measured window, as a .cpuprofile. */
  jsProfPath: string | null;
}

export interface SpeedBenchResult {
  preset: string;
  requestedSpeed: number;
  measuredS: number;
  reachedSpeed: number;
  /** What the toolbar's speed meter showed at the end. */
  shownSpeed: string;
  fps: number;
  longTasks: number;
  longestTaskMs: number;
  /** Simulated seconds the charts' newest sample trails the clock: mean and worst of 1 s probes. */
  chartLagMeanS: number;
  chartLagMaxS: number;
  /** Simulated seconds the clock moved in the slowest wall second of the window. */
  slowestSecondS: number;
  /** Frames the page received per second. */
  framesPerS: number;
  /** Each second of the window: simulated seconds the clock moved, frames, chart lag. */
  seconds: { clockS: number; frames: number; lagS: number }[];
  /**
   * CPU each part used over the window, in percent of one core (Linux /proc): comparable
   * between runs however busy the machine is, unlike the rates.
   */
  cpuPct: { engine: number; bridge: number; renderer: number; browserOther: number } | null;
  load: readonly number[];
}

const targetFps = 55;
const targetSpeedShare = 55 / 60;

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

/**
 * In the page: counts animation frames and long tasks for `ms`, and once a second compares
 * the clock (frame store) with the newest sample the charts hold (history store).
 */
function measureInPage(page: Page, ms: number) {
  return page.evaluate(async (windowMs) => {
    interface Stores {
      _s: Map<string, Record<string, unknown>>;
    }
    const w = window as unknown as { __longTasks: number[] };
    const app = (
      document.querySelector('#app') as unknown as {
        __vue_app__?: { config: { globalProperties: { $pinia: Stores } } };
      }
    ).__vue_app__;
    const stores = app?.config.globalProperties.$pinia._s;
    const clockS = () => Number(stores?.get('frame')?.timeS ?? NaN);
    const chartS = () => {
      const columns = stores?.get('history')?.columns as { length: number; time: Float64Array } | undefined;
      return columns && columns.length > 0 ? columns.time[columns.length - 1]! : NaN;
    };
    w.__longTasks.length = 0;
    const lags: number[] = [];
    const clocks: number[] = [];
    const seqs: number[] = [];
    let shown = '';
    const probe = setInterval(() => {
      clocks.push(clockS());
      seqs.push(Number(stores?.get('frame')?.seq ?? 0));
      lags.push(clockS() - chartS());
      shown = document.querySelector('[data-testid="reached-speed"]')?.textContent ?? shown;
    }, 1000);
    const startS = clockS();
    const frames = await new Promise<{ count: number; elapsedMs: number }>((done) => {
      let count = 0;
      const t0 = performance.now();
      const loop = (t: number) => {
        count += 1;
        if (t - t0 < windowMs) requestAnimationFrame(loop);
        else done({ count, elapsedMs: performance.now() - t0 });
      };
      requestAnimationFrame(loop);
    });
    clearInterval(probe);
    return {
      ...frames,
      simulatedS: clockS() - startS,
      lags,
      clocks,
      seqs,
      shown,
      longTasks: [...w.__longTasks],
    };
  }, ms);
}

/** utime + stime of a process, in clock ticks (100 a second), or 0 when it is gone. */
function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Every process below `root`, with its command line. */
function descendants(root: number): { pid: number; cmd: string }[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: { pid: number; cmd: string }[] = [];
  const walk = (pid: number): void => {
    for (const [child, parent] of parentOf)
      if (parent === pid) {
        let cmd = '';
        try {
          cmd = readFileSync(`/proc/${child}/cmdline`, 'utf8');
        } catch {
          // gone meanwhile
        }
        found.push({ pid: child, cmd });
        walk(child);
      }
  };
  walk(root);
  return found;
}

type CpuGroups = Record<'engine' | 'bridge' | 'renderer' | 'browserOther', number[]>;

/** The engine process below the bridge; Chromium's processes below this one (Playwright starts it). */
function cpuGroups(bridgePid: number): CpuGroups {
  const chromium = descendants(process.pid).filter((p) => /chrom/.test(p.cmd));
  return {
    engine: descendants(bridgePid)
      .filter((p) => p.cmd.includes('engine-worker'))
      .map((p) => p.pid),
    bridge: [bridgePid],
    renderer: chromium.filter((p) => p.cmd.includes('--type=renderer')).map((p) => p.pid),
    browserOther: chromium.filter((p) => !p.cmd.includes('--type=renderer')).map((p) => p.pid),
  };
}

function sumTicks(groups: CpuGroups): Record<keyof CpuGroups, number> {
  const sum = (pids: number[]) => pids.reduce((n, pid) => n + cpuTicks(pid), 0);
  return {
    engine: sum(groups.engine),
    bridge: sum(groups.bridge),
    renderer: sum(groups.renderer),
    browserOther: sum(groups.browserOther),
  };
}

/** A copy of out/ beside a link to node_modules: what the bench runs stays put while others build. */
function snapshotBuild(outDir: string): { serveScript: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'balloon-lab-speed-build-'));
  cpSync(outDir, join(dir, 'out'), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  return {
    serveScript: join(dir, 'out', 'main', 'serve.js'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function runSpeedBench(o: SpeedBenchOptions): Promise<SpeedBenchResult> {
  if (o.outDir === null) ensureBuilt();
  const outDir = o.outDir ?? join(repoRoot, 'out');
  const build = o.snapshot || o.outDir !== null ? snapshotBuild(outDir) : null;
  const dataDir = mkdtempSync(join(tmpdir(), 'balloon-lab-speed-'));
  const nodeArgs = o.cpuProfDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${resolve(o.cpuProfDir)}`];
  const bridge = await startBridge(dataDir, 60_000, { serveScript: build?.serveScript, nodeArgs });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript({
      content: `window.__name = (f) => f; window.__longTasks = [];
        new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); })
          .observe({ type: 'longtask', buffered: true });`,
    });
    await page.goto(bridge.url);
    await page.waitForFunction(
      () =>
        (document.querySelector('button[aria-label="Save session"]') as HTMLButtonElement | null)
          ?.disabled === false,
    );
    await newFromPreset(page, o.preset);
    await page
      .getByRole('combobox', { name: 'Speed (simulated seconds per second)' })
      .selectOption(String(o.speed));
    await clickRunPause(page);
    await page.waitForTimeout(3000);
    if (o.tracePath !== null) await browser.startTracing(page, { path: o.tracePath, screenshots: false });
    const cdp = o.jsProfPath === null ? null : await page.context().newCDPSession(page);
    if (cdp !== null) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const groups =
      process.platform === 'linux' && bridge.process.pid !== undefined ? cpuGroups(bridge.process.pid) : null;
    const ticks0 = groups === null ? null : sumTicks(groups);
    const wall0 = performance.now();
    const r = await measureInPage(page, o.seconds * 1000);
    const ticks1 = groups === null ? null : sumTicks(groups);
    const wallS = (performance.now() - wall0) / 1000;
    const pct = (key: keyof CpuGroups) => (ticks0 && ticks1 ? (ticks1[key] - ticks0[key]) / wallS : 0);
    const cpuPct =
      groups === null
        ? null
        : {
            engine: pct('engine'),
            bridge: pct('bridge'),
            renderer: pct('renderer'),
            browserOther: pct('browserOther'),
          };
    if (cdp !== null && o.jsProfPath !== null) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(o.jsProfPath, JSON.stringify(profile));
    }
    if (o.tracePath !== null) await browser.stopTracing();
    const shownSpeed = r.shown;
    const measuredS = r.elapsedMs / 1000;
    const lags = r.lags.filter(Number.isFinite);
    return {
      preset: o.preset,
      requestedSpeed: o.speed,
      measuredS,
      reachedSpeed: r.simulatedS / measuredS,
      shownSpeed: shownSpeed.trim(),
      fps: r.count / measuredS,
      longTasks: r.longTasks.length,
      longestTaskMs: Math.max(0, ...r.longTasks),
      chartLagMeanS: lags.reduce((a, b) => a + b, 0) / Math.max(1, lags.length),
      chartLagMaxS: Math.max(0, ...lags),
      cpuPct,
      framesPerS: ((r.seqs.at(-1) ?? 0) - (r.seqs[0] ?? 0)) / Math.max(1, r.seqs.length - 1),
      seconds: r.clocks.slice(1).map((c, i) => ({
        clockS: c - r.clocks[i]!,
        frames: r.seqs[i + 1]! - r.seqs[i]!,
        lagS: r.lags[i + 1]!,
      })),
      slowestSecondS: Math.min(...r.clocks.slice(1).map((c, i) => c - r.clocks[i]!)),
      load: loadavg(),
    };
  } finally {
    await browser.close();
    await bridge.stop();
    rmSync(dataDir, { recursive: true, force: true });
    build?.dispose();
  }
}

/** "40 (6.7)": percent of a core, and CPU milliseconds per simulated second (load-independent). */
function cpuFigure(r: SpeedBenchResult, pct: number): string {
  return `${pct.toFixed(0)} (${((pct * 10) / Math.max(r.reachedSpeed, 1e-9)).toFixed(1)})`;
}

/** Prints every figure with its verdict; the scorecard tells whether any missed. */
export function reportSpeedBench(r: SpeedBenchResult): Scorecard {
  const card = new Scorecard();
  const minSpeed = r.requestedSpeed * targetSpeedShare;
  console.log(
    `speed-bench: ${r.preset} at ${r.requestedSpeed}x for ${r.measuredS.toFixed(1)} s: ` +
      `reached ${r.reachedSpeed.toFixed(1)}x (${card.check('reached speed', r.reachedSpeed, '>=', minSpeed)}, ` +
      `meter showed ${r.shownSpeed}), ${r.fps.toFixed(1)} fps (${card.check('renderer fps', r.fps, '>=', targetFps)}), ` +
      `${r.longTasks} long tasks (longest ${r.longestTaskMs.toFixed(0)} ms), charts behind the clock by ` +
      `${r.chartLagMeanS.toFixed(1)} s on average (worst ${r.chartLagMaxS.toFixed(1)} s), ` +
      `slowest wall second ${r.slowestSecondS.toFixed(0)} simulated s, ${r.framesPerS.toFixed(1)} frames/s received; ` +
      (r.cpuPct === null
        ? ''
        : `CPU in % of a core (ms per simulated s): engine ${cpuFigure(r, r.cpuPct.engine)}, ` +
          `bridge ${cpuFigure(r, r.cpuPct.bridge)}, page ${cpuFigure(r, r.cpuPct.renderer)}, ` +
          `rest of Chromium ${cpuFigure(r, r.cpuPct.browserOther)}; `) +
      `load average ${r.load.map((l) => l.toFixed(2)).join(' ')}`,
  );
  if (process.argv.includes('--verbose'))
    console.log(
      'speed-bench: each second (simulated s / frames / chart lag s): ' +
        r.seconds.map((x) => `${x.clockS}/${x.frames}/${x.lagS}`).join(' '),
    );
  console.log(card.summary('speed-bench'));
  return card;
}

function argValue(name: string): string | null {
  const i = process.argv.indexOf(name);
  return i > 0 ? (process.argv[i + 1] ?? null) : null;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options: SpeedBenchOptions = {
    preset: argValue('--preset') ?? 'datacenter-2x',
    speed: Number(argValue('--speed') ?? 60),
    // An hour at 60x lasts 60 s: 50 s measured after the warm-up ends before the run does.
    seconds: Number(argValue('--seconds') ?? 50),
    snapshot: process.argv.includes('--snapshot'),
    outDir: argValue('--out'),
    tracePath: argValue('--trace'),
    cpuProfDir: argValue('--cpu-prof'),
    jsProfPath: argValue('--js-prof'),
  };
  console.log(
    `speed-bench: load average before ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  runSpeedBench(options).then(
    (r) => {
      if (reportSpeedBench(r).missed.length > 0) process.exitCode = 1;
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
