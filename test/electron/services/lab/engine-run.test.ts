import { describe, expect, it } from 'vitest';
import { checkpointBudgetBytes } from '../../../../electron/services/lab/engine-run';
import { maxSessionFileBytes } from '../../../../core/session/safe-json';

const MiB = 1024 * 1024;

describe('the checkpoint budget of a session file', () => {
  it("is 56 MiB beside an hour's trace, and shrinks as a longer trace grows so that the file keeps its trace", () => {
    // An hour of datacenter-2x: samples and log deflate to about 3.4 MiB.
    expect(checkpointBudgetBytes(3.4 * MiB)).toBe(56 * MiB);
    // Ten hours: what is left of the file's 64 MiB after the trace and room for the rest.
    const long = checkpointBudgetBytes(30 * MiB);
    expect(long).toBeLessThan(34 * MiB);
    expect(long + 30 * MiB).toBeLessThanOrEqual(maxSessionFileBytes - MiB);
    // A trace that alone fills a file leaves none (the newest is kept all the same).
    expect(checkpointBudgetBytes(70 * MiB)).toBe(0);
  });
});
