import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../../core/lab-api/lab-api-contract';
import { encodeWire } from '../../../core/lab-api/wire-codec';
import { maxFrameBytes, maxHostMapCells } from '../../../electron/services/trace/frame-budget';
import { maxFrameCredits } from '../../../electron/services/trace/frame-pump';
import {
  createLabHandlers,
  presetScenario,
  type LabHandlers,
} from '../../../electron/services/lab/lab-handlers';
import { LabFiles } from '../../../electron/services/lab/lab-files';
import { LabRuntime } from '../../../electron/services/lab/lab-runtime';
import { devWorkerPath } from '../bridge/bridge-harness';

let root = '';
let rt: LabRuntime;
let api: LabHandlers;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bl-frames-'));
  rt = new LabRuntime(
    {
      transport: 'bridge',
      stateDir: join(root, 'state'),
      dataDir: join(root, 'data'),
      fileChooser: null,
      appVersion: 'test',
      workerPath: devWorkerPath,
    },
    () => presetScenario('basics'),
  );
  await rt.ready;
  api = createLabHandlers(rt, new LabFiles(rt));
});
afterAll(async () => {
  await rt?.dispose();
  await rm(root, { recursive: true, force: true });
});

/** A quiet lab long enough to run flat out for seconds. */
const longScenario = {
  name: 'frames',
  durationS: 86_400,
  host: { memoryMiB: 16_384 },
  vms: [
    { id: 'a', memoryMiB: 2048 },
    { id: 'b', memoryMiB: 2048 },
  ],
};

function collectFrames(ack: boolean): { frames: Frame[]; at: number[]; stop(): void } {
  const frames: Frame[] = [];
  const at: number[] = [];
  const stop = rt.events.subscribe((event, payload) => {
    if (event !== 'frame') return;
    frames.push(payload as Frame);
    at.push(performance.now());
    if (ack) void api.ackFrames({ credits: 1 });
  });
  return { frames, at, stop };
}

describe('frames from the real worker', () => {
  it('flat out: at most 30 frames a second, each under 256 KiB, with maps of the view, samples in order', async () => {
    await api.newSession({ scenario: longScenario });
    await api.step({ ticks: 10 });
    await api.setView({ selectedVm: 'a', hostMap: { cells: 65_536 }, guestMap: { cells: 400 } });
    await api.setSpeed({ speed: null });
    const c = collectFrames(true);
    // Nobody acked the frames of the start-up session: hand the credits back first.
    await api.ackFrames({ credits: 8 });
    await api.play({});
    await new Promise((r) => setTimeout(r, 1500));
    await api.pause({});
    await new Promise((r) => setTimeout(r, 200));
    c.stop();
    const inWindow = c.frames.length;
    expect(inWindow).toBeGreaterThan(5);
    expect(inWindow).toBeLessThanOrEqual(Math.ceil(1.7 * 30) + 2);
    for (let i = 1; i < c.at.length; i++) expect(c.at[i]! - c.at[i - 1]!).toBeGreaterThan(30);
    for (const f of c.frames)
      expect(Buffer.byteLength(encodeWire({ event: 'frame', payload: f }))).toBeLessThanOrEqual(
        maxFrameBytes,
      );
    const withHost = c.frames.filter((f) => f.hostMap !== null);
    expect(withHost.length).toBeGreaterThan(0);
    expect(withHost.every((f) => f.hostMap!.cells <= maxHostMapCells)).toBe(true);
    expect(c.frames.some((f) => f.guestMap?.vm === 'a')).toBe(true);
    const times = c.frames.flatMap((f) => f.samples.map((s) => s.timeS));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
  });

  it('without acks the renderer gets no more frames than its credits while the engine runs on', async () => {
    await api.newSession({ scenario: longScenario });
    // The first ticks power the VMs on and are slow; get past them, use up the credits, then count.
    const drain = collectFrames(false);
    await api.step({ ticks: 10 });
    await new Promise((r) => setTimeout(r, 300));
    drain.stop();
    const credits = rt.frameCredits;
    expect(credits).toBeLessThanOrEqual(maxFrameCredits);
    const c = collectFrames(false);
    await api.setSpeed({ speed: null });
    await api.play({});
    // Run well past the last frame the starved renderer got, for longer than a credit takes to come back.
    const started = performance.now();
    while (
      performance.now() - started < 1500 ||
      rt.requireSession().tick < (c.frames.at(-1)?.tick ?? 0) + 100
    ) {
      if (performance.now() - started > 30_000) throw new Error('the engine did not run on');
      await new Promise((r) => setTimeout(r, 20));
    }
    const state = await api.pause({});
    c.stop();
    const wallS = (performance.now() - started) / 1000;
    // The initial credits, plus one recovered credit per 2 s of silence.
    expect(c.frames.length).toBeLessThanOrEqual(credits + 1 + Math.floor(wallS / 2));
    expect(rt.frameCredits).toBe(0);
    expect(state.tick).toBeGreaterThan(c.frames.at(-1)?.tick ?? 0);
    // The main thread's stores kept everything even though the renderer was starved.
    expect(rt.sampleCount).toBe(state.tick);
  });
});
