import { describe, expect, it } from 'vitest';
import { estimateRun } from '../../../../core/scenario/run-budget';
import { pinRefusal, pinWait, runMemoryBytes } from '../../../../electron/services/compare/pinned-memory';
import { presetScenario } from '../../../../electron/services/lab/lab-scenarios';

const GiB = 2 ** 30;
/** An 8 GiB laptop: runs may use half. */
const laptop = { memoryBytes: 4 * GiB, memoryNote: "half of this machine's 8.0 GiB" };
const big = (label: string) => ({ label, bytes: runMemoryBytes(presetScenario('datacenter-2x')) });

describe('runMemoryBytes', () => {
  it("is a run's pages and its full trace history, as the single-run check counts them", () => {
    const scenario = presetScenario('datacenter-2x');
    const e = estimateRun(scenario);
    expect(runMemoryBytes(scenario)).toBe(e.engineBytes + e.historyBytes);
    // About 1.5 GiB: two of them and the lab's own copy do not fit in 4 GiB, one beside the lab does.
    expect(runMemoryBytes(scenario)).toBeGreaterThan(1.34 * GiB);
    expect(runMemoryBytes(scenario)).toBeLessThan(2 * GiB);
  });
});

describe('pinRefusal', () => {
  it('accepts a run that fits beside the lab, refuses one that does not, naming both and the bound', () => {
    expect(pinRefusal(big('dc A'), big('datacenter-2x'), laptop)).toBeNull();
    const small = { memoryBytes: 2 * GiB, memoryNote: "half of this machine's 4.0 GiB" };
    const why = pinRefusal(big('dc A'), big('datacenter-2x'), small);
    expect(why).toMatch(/^“dc A” cannot be pinned: it needs about 1\.\d GiB of memory while it runs/);
    expect(why).toContain("and the lab's own run about 1.");
    expect(why).toContain("more than the 2.0 GiB runs may use here (half of this machine's 4.0 GiB)");
    expect(why).toContain('open a smaller lab first');
    // Without a lab run loaded only the run itself counts.
    expect(pinRefusal(big('dc A'), null, small)).toBeNull();
    expect(pinRefusal(big('dc A'), null, { ...small, memoryBytes: GiB })).toMatch(
      /about 1\.\d GiB of memory while it runs, more than the 1\.0 GiB .*Compare smaller runs\.$/,
    );
  });
});

describe('pinWait', () => {
  const lab = big('lab');
  it('lets a run start while the lab and the running runs leave room', () => {
    expect(pinWait(big('dc B'), lab, [], laptop)).toBeNull();
    expect(pinWait(big('dc B'), null, [big('dc A')], laptop)).toBeNull();
  });

  it('holds back a fourth datacenter-2x beside two running and the lab, saying which and until when', () => {
    const why = pinWait(big('dc C'), lab, [big('dc A'), big('dc B')], laptop);
    expect(why).toMatch(
      /^Waits for memory: with “dc A” and “dc B” running and the lab's own run, it would bring the runs to about [56]\.\d GiB, more than the 4\.0 GiB they may use here \(half of this machine's 8\.0 GiB\)\. It starts when one of them is done\.$/,
    );
    expect(pinWait(big('dc B'), lab, [big('dc A')], laptop)).toContain('It starts when that run is done.');
  });

  it('says the lab has to shrink when nothing else runs', () => {
    const tight = { ...laptop, memoryBytes: 2 * GiB };
    expect(pinWait(big('dc A'), lab, [], tight)).toMatch(
      /^Waits for memory: with the lab's own run, .* It starts once the lab's run needs less/,
    );
  });
});
