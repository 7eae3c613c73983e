import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PinnedRunInfo } from '../../../../core/lab-api/lab-api-contract';
import { CompareBoard, labRunScenario } from '../../../../electron/services/compare/compare-board';
import { runMemoryBytes } from '../../../../electron/services/compare/pinned-memory';
import { presetScenario } from '../../../../electron/services/lab/lab-scenarios';
import { startLab, until, type Lab } from '../lab/lab-harness';

const basics = presetScenario('basics');
const short = { ...basics, durationS: 60, events: basics.events.filter((e) => e.atS < 60) };
/** Room for the lab's run and one pinned copy of it, not two. */
const runBytes = runMemoryBytes(short);
const budget = { memoryBytes: Math.floor(2.5 * runBytes), memoryNote: 'a test budget', keepsHistory: true };

let lab: Lab;
let board: CompareBoard;
/** Every list the board announced, in order. */
const announced: PinnedRunInfo[][] = [];

beforeAll(async () => {
  lab = await startLab();
  await lab.rt.newSession(short);
  board = new CompareBoard(
    { ...lab.rt.options, runBudget: budget },
    (pins) => announced.push(pins),
    2,
    () => labRunScenario(lab.rt),
  );
});

afterAll(async () => {
  await board.dispose();
  await lab.close();
});

describe("pinned runs' memory, counted together with the lab's run", () => {
  it('refuses a run that can never fit beside the lab, in words naming both and the bound', () => {
    // 64 GiB of host and VM memory instead of 40: 1.6 runs' worth beside the lab's one.
    const bigger = { ...short, host: { ...short.host, memoryMiB: 40 * 1024 } };
    expect(runMemoryBytes(bigger)).toBeGreaterThan(1.5 * runBytes);
    expect(() => board.pin({ label: 'big host', scenario: bigger, interventions: [] })).toThrow(
      /“big host” cannot be pinned: .* and the lab's own run about \d+ MiB: .* more than the \d+ MiB runs may use here \(a test budget\)/,
    );
    expect(board.list()).toEqual([]);
  });

  it('queues a second run while the first one runs, says why, and starts it when the first is done', async () => {
    const first = board.pin({ label: 'first', scenario: short, interventions: [] });
    expect(first[0]!.status).toBe('running');
    const both = board.pin({ label: 'second', scenario: { ...short, seed: 2 }, interventions: [] });
    expect(both[1]!.status).toBe('queued');
    expect(both[1]!.waiting).toMatch(
      /^Waits for memory: with “first” running and the lab's own run, it would bring the runs to about \d+ MiB, more than the \d+ MiB they may use here \(a test budget\)\. It starts when that run is done\.$/,
    );
    await until(() => board.list().every((p) => p.status === 'done'), 30_000);
    // The second one started only once the first was done, and its reason went with it.
    const seen = announced.map((pins) => pins.map((p) => p.status).join(' '));
    expect(seen).not.toContain('running running');
    expect(seen.indexOf('done running')).toBeGreaterThan(seen.lastIndexOf('running queued'));
    expect(board.list().every((p) => p.waiting === undefined)).toBe(true);
  }, 40_000);
});
