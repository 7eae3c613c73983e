import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PinnedRunInfo } from '../../../../core/lab-api/lab-api-contract';
import { SummaryAccumulator } from '../../../../core/trace/summary';
import { CompareBoard } from '../../../../electron/services/compare/compare-board';
import {
  createCompareHandlers,
  type CompareHandlers,
} from '../../../../electron/services/compare/compare-handlers';
import { ComparisonFiles } from '../../../../electron/services/compare/comparison-files';
import { presetScenario } from '../../../../electron/services/lab/lab-scenarios';
import { startLab, until, type Lab } from '../lab/lab-harness';

const basics = presetScenario('basics');
const short = { ...basics, durationS: 120, events: basics.events.filter((e) => e.atS < 120) };
let lab: Lab;
let board: CompareBoard;
let api: CompareHandlers;
let pins: PinnedRunInfo[] = [];

async function allDone(): Promise<PinnedRunInfo[]> {
  await until(
    () => pins.length > 0 && pins.every((p) => p.status === 'done' || p.status === 'failed'),
    20_000,
  ).catch(() => {
    throw new Error(`pinned runs not done: ${JSON.stringify(pins.map((p) => [p.status, p.tick, p.error]))}`);
  });
  return pins;
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  return promise.then(
    () => {
      throw new Error('accepted');
    },
    (error: { code: string; message: string }) => error,
  );
}

beforeAll(async () => {
  lab = await startLab();
  board = new CompareBoard(lab.rt.options, (p) => (pins = p), 6);
  api = createCompareHandlers(lab.rt, board, new ComparisonFiles(lab.rt.options));
  await lab.rt.newSession(short);
});

afterAll(async () => {
  await board.dispose();
  await lab.close();
});

describe('pinned runs', () => {
  it('runs a pinned run to its end in its own engine: the same run as the lab, with history and maps', async () => {
    const pinned = await api.pinRun({ current: true });
    expect(pinned).toHaveLength(1);
    await api.pinRun({ scenario: { ...short, policy: { ...short.policy, idleTaxPct: 0 } } });
    const [current, untaxed] = await allDone();
    expect(current!.status).toBe('done');
    expect(untaxed!.status).toBe('done');
    // The lab's own run to the end gives the very summary the pinned run had.
    await lab.rt.control({ type: 'runToEnd' });
    await until(() => lab.rt.state().tick >= lab.rt.state().endTick, 20_000);
    const acc = new SummaryAccumulator({
      scenario: short.name,
      seed: short.seed,
      durationS: short.durationS,
    });
    for (let i = 0; i < lab.rt.sampleCount; i += 1) acc.add(lab.rt.sampleAt(i).host, lab.rt.sampleAt(i).vms);
    expect(current!.summary).toEqual(acc.finish());
    const history = await api.getPinnedHistory({ id: untaxed!.id, maxPoints: 100 });
    expect(history.timeS.length).toBeGreaterThan(10);
    expect(history.timeS.length).toBeLessThanOrEqual(100);
    expect(history.timeS[history.timeS.length - 1]).toBeGreaterThan(115);
    expect(history.vms.map((vm) => vm.id)).toEqual(short.vms.map((v) => v.id).sort());
    expect(history.vms[0]!.series.consumedMiB).toHaveLength(history.timeS.length);
    const map = await api.getPinnedMap({ id: untaxed!.id, timeS: 60 });
    expect(map).not.toBeNull();
    // Six maps, at the end of each sixth of the run: the same times in every run.
    expect(map!.timeS).toBe(60);
    expect(map!.map.vmIds).toEqual(short.vms.map((v) => v.id));
  }, 90_000);

  it('saves a comparison and reopens it with the same runs', async () => {
    const saved = await api.saveComparison({ target: 'two runs' });
    expect(saved?.location).toBe('two runs.balloonlab-compare');
    expect((await api.listComparisons({})).map((f) => f.location)).toEqual(['two runs.balloonlab-compare']);
    await api.clearPins({});
    expect(pins).toEqual([]);
    const reopened = await api.openComparison({ target: 'two runs' });
    expect(reopened?.map((p) => p.label)).toEqual([short.name, short.name]);
    expect(reopened?.[1]?.scenario.policy.idleTaxPct).toBe(0);
    await allDone();
  }, 90_000);

  it('refuses a fifth pin, unknown runs, names outside the folder and broken files', async () => {
    await api.pinRun({ presetId: 'basics' });
    await api.pinRun({ presetId: 'basics' });
    expect((await refusal(api.pinRun({ presetId: 'basics' }))).message).toMatch(/At most 4 runs/);
    expect((await refusal(api.pinRun({ presetId: 'nope' }))).code).toBe('not-found');
    expect((await refusal(api.unpinRun({ id: 'pin-999' }))).code).toBe('not-found');
    expect((await refusal(api.openComparison({ target: '../etc/passwd' }))).code).toBe('bad-request');
    await writeFile(
      join(lab.root, 'data', 'broken.balloonlab-compare'),
      '{"schema":"balloon-lab/compare@1","runs":[]',
    );
    expect((await refusal(api.openComparison({ target: 'broken' }))).message).toMatch(
      /^"broken.balloonlab-compare" cannot be opened/,
    );
    await writeFile(
      join(lab.root, 'data', 'empty.balloonlab-compare'),
      JSON.stringify({
        schema: 'balloon-lab/compare@1',
        savedIso: '2026-01-01T00:00:00Z',
        name: 'x',
        runs: [],
      }),
    );
    expect((await refusal(api.openComparison({ target: 'empty' }))).message).toMatch(/at least one run/);
    // Unpinned runs stop at once; the others carry on.
    const [first] = pins;
    await api.unpinRun({ id: first!.id });
    expect(pins.map((p) => p.id)).not.toContain(first!.id);
    await api.clearPins({});
  }, 90_000);

  it('compares the current scenario under every policy with the same seed', async () => {
    const runs = await api.compareAllPolicies({});
    expect(runs.map((r) => r.scenario.policy.kind)).toEqual(['esx', 'static', 'kvm-mom', 'hyperv', 'xen']);
    expect(new Set(runs.map((r) => r.scenario.seed))).toEqual(new Set([short.seed]));
    const done = await allDone();
    expect(done.every((p) => p.status === 'done')).toBe(true);
    await api.clearPins({});
  }, 90_000);
});
