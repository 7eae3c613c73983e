// Time travel benchmark (issue 13 targets): a one-hour datacenter-2x session saved with its checkpoint
// and trace, the time to open it, jumps to random seconds of it, and first jumps after opening to
// the seconds that need the most replay. Run:
// npx tsx test/bench/timetravel-bench.ts   (BENCH_PRESET=basics for a quick look, BENCH_JUMPS=12,
// BENCH_GAP_JUMPS=4)
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLabHandlers, presetScenario } from '../../electron/services/lab/lab-handlers';
import { LabFiles } from '../../electron/services/lab/lab-files';
import { LabRuntime } from '../../electron/services/lab/lab-runtime';
import { readSessionFile } from '../../electron/services/session/session-file';
import { inflateRawSync } from 'node:zlib';
import { decodeBlockIndex } from '../../core/session/checkpoint-blocks';
import { Scorecard } from './bench-verdict';

const workerPath = fileURLToPath(new URL('../electron/worker/engine-worker-tsx.mjs', import.meta.url));
const preset = process.env.BENCH_PRESET ?? 'datacenter-2x';
const jumps = Number(process.env.BENCH_JUMPS ?? 12);
const targets = { openMs: 1000, jumpMs: 300 };
/** How long after reopening the informative third round of jumps starts, ms. */
const lookMs = 3000;
/** Reopenings, each followed by one jump to the last second of one of the file's longest gaps. */
const gapEndJumps = Number(process.env.BENCH_GAP_JUMPS ?? 4);

async function timed<T>(task: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await task();
  return [value, performance.now() - t0];
}

/** Resident memory of this process's children (the engine process), MiB: now and at its peak (Linux only). */
async function childMemoryMiB(): Promise<{ rss: number; peak: number } | null> {
  let rss = 0;
  let peak = 0;
  let found = false;
  for (const pid of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid) continue;
    found = true;
    rss += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) / 1024;
    peak += Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0) / 1024;
  }
  return found ? { rss: Math.round(rss), peak: Math.round(peak) } : null;
}

/** The ticks of the checkpoints a saved session file holds. */
async function fileCheckpointTicks(path: string): Promise<number[]> {
  const index = (await readSessionFile(path)).trace?.store?.index;
  return index === undefined ? [] : decodeBlockIndex(inflateRawSync(index)).checkpoints.map((c) => c.tick);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'bl-timetravel-bench-'));
  const rt = new LabRuntime(
    {
      transport: 'bridge',
      stateDir: join(root, 'state'),
      dataDir: join(root, 'data'),
      fileChooser: null,
      appVersion: 'bench',
      workerPath,
    },
    () => presetScenario(preset),
  );
  const card = new Scorecard();
  try {
    await rt.ready;
    const api = createLabHandlers(rt, new LabFiles(rt));
    const done = new Promise<void>((resolve) => {
      const off = rt.events.subscribe((event, payload) => {
        if (event === 'runProgress' && (payload as { done: boolean }).done) {
          off();
          resolve();
        }
      });
    });
    const [, runMs] = await timed(async () => {
      await api.runToEnd({});
      await done;
    });
    const end = (await api.getState({})).tick;
    const memoryAtEnd = await childMemoryMiB();
    // A fixed sequence of "random" seconds (an LCG), so runs compare.
    let seed = 12345;
    const jumpAround = async (): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < jumps; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const tick = seed % end;
        const [, ms] = await timed(() => api.viewAt({ tick }));
        out.push(ms);
      }
      await api.returnToHead({});
      return out;
    };
    const liveJumpMs = await jumpAround();
    const memoryAfterJumps = await childMemoryMiB();
    // A run longer than half a minute is autosaved before the user saves it: the Save is then the
    // run's second save (which used to keep far fewer earlier checkpoints than the first).
    const [, autosaveMs] = await timed(() => rt.autosaveNow());
    const [, saveMs] = await timed(() => api.saveSession({ target: 'hour', saveAs: false }));
    const fileBytes = (await stat(join(root, 'data', 'hour.balloonlab'))).size;
    const fileTicks = await fileCheckpointTicks(join(root, 'data', 'hour.balloonlab'));
    await api.newSession({ presetId: 'basics' });
    const [opened, openMs] = await timed(() => api.openSession({ target: 'hour' }));
    const openedJumpMs = await jumpAround();
    // The engine fills the gaps between the file's checkpoints while the lab waits: how long that
    // takes, and the jumps once it is done.
    const [, fillMs] = await timed(async () => {
      const giveUpAt = performance.now() + 10 * 60_000;
      while ((await rt.fillingGaps()) && performance.now() < giveUpAt)
        await new Promise((resolve) => setTimeout(resolve, 250));
    });
    const filledJumpMs = await jumpAround();
    await api.viewAt({ tick: Math.floor(end / 2) });
    const [, headMs] = await timed(() => api.returnToHead({}));
    // A user's first look at a session opened: jumps from a few seconds after opening, when the
    // file's earlier checkpoints are built (the gaps not yet filled). No target of its own.
    await api.newSession({ presetId: 'basics' });
    await api.openSession({ target: 'hour' });
    await new Promise((resolve) => setTimeout(resolve, lookMs));
    const lookedJumpMs = await jumpAround();
    // The seconds the random ones may miss: the last before a file checkpoint that ends a long gap
    // (the most replay a jump there needs), each the first jump after opening (nothing built yet).
    const gapEnds = fileTicks
      .slice(1)
      .map((t, i) => ({ end: t - 1, ticks: t - fileTicks[i]! }))
      .sort((a, b) => b.ticks - a.ticks || a.end - b.end)
      .slice(0, gapEndJumps)
      .map((g) => g.end);
    const gapEndJumpMs: number[] = [];
    for (const tick of gapEnds) {
      await api.newSession({ presetId: 'basics' });
      await api.openSession({ target: 'hour' });
      gapEndJumpMs.push((await timed(() => api.viewAt({ tick })))[1]);
    }
    console.log(
      JSON.stringify(
        {
          preset,
          runToEndS: (runMs / 1000).toFixed(1),
          ticks: end,
          autosaveMs: autosaveMs.toFixed(0),
          saveMs: saveMs.toFixed(0),
          fileMiB: (fileBytes / 2 ** 20).toFixed(1),
          fileCheckpoints: fileTicks.length,
          fileLongestGapTicks: Math.max(...fileTicks.map((t, i) => t - (fileTicks[i - 1] ?? 0))),
          openedAtTick: opened?.tick,
          openedFromCheckpoint: rt.lastLoadFromCheckpoint,
          liveJumpMs: liveJumpMs.map((m) => Math.round(m)),
          reopenedJumpMs: openedJumpMs.map((m) => Math.round(m)),
          gapsFilledAfterS: ((fillMs + openedJumpMs.reduce((a, b) => a + b, 0)) / 1000).toFixed(1),
          filledJumpMs: filledJumpMs.map((m) => Math.round(m)),
          [`jumpMsFrom${lookMs / 1000}sAfterReopening`]: lookedJumpMs.map((m) => Math.round(m)),
          gapEndTicks: gapEnds,
          firstJumpToGapEndMs: gapEndJumpMs.map((m) => Math.round(m)),
          backToHeadMs: headMs.toFixed(0),
          engineMemoryMiB: { atEndOfRun: memoryAtEnd, afterLiveJumps: memoryAfterJumps },
        },
        null,
        2,
      ),
    );
    console.log(
      `open a saved ${preset} session: ${openMs.toFixed(0)} ms, ${card.check('open', openMs, '<', targets.openMs, 'ms')}`,
    );
    console.log(
      `  it opened from its checkpoint: ${card.expect('open from checkpoint', rt.lastLoadFromCheckpoint, 'from the checkpoint')}`,
    );
    for (const [when, list] of [
      ['in the run', liveJumpMs],
      ['after reopening', openedJumpMs],
      ['once the reopened gaps are filled', filledJumpMs],
    ] as const) {
      const med = median(list);
      const max = Math.max(...list);
      console.log(
        `jump to a random second ${when}, median: ${med.toFixed(0)} ms, ${card.check(`jump median ${when}`, med, '<', targets.jumpMs, 'ms')}`,
      );
      console.log(
        `jump to a random second ${when}, worst: ${max.toFixed(0)} ms, ${card.check(`jump worst ${when}`, max, '<', targets.jumpMs, 'ms')}`,
      );
    }
    if (gapEndJumpMs.length > 0) {
      const med = median(gapEndJumpMs);
      const max = Math.max(...gapEndJumpMs);
      console.log(
        `first jump after reopening to the end of a long gap, median: ${med.toFixed(0)} ms, ${card.check('first jump to a gap end median', med, '<', targets.jumpMs, 'ms')}`,
      );
      console.log(
        `first jump after reopening to the end of a long gap, worst: ${max.toFixed(0)} ms, ${card.check('first jump to a gap end worst', max, '<', targets.jumpMs, 'ms')}`,
      );
    }
    console.log(
      `jump to a random second from ${lookMs / 1000} s after reopening (no target), median / worst: ${median(lookedJumpMs).toFixed(0)} / ${Math.max(...lookedJumpMs).toFixed(0)} ms`,
    );
    console.log(card.summary('timetravel-bench'));
  } finally {
    await rt.dispose();
    await rm(root, { recursive: true, force: true });
  }
  if (card.missed.length > 0) process.exitCode = 1;
}

await main();
