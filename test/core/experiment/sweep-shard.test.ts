import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseShardOption, runsOfShard, shardFromEnvironment } from '../../../core/experiment/sweep-shard';

describe('parseShardOption', () => {
  it('reads i/n with 1 <= i <= n', () => {
    expect(parseShardOption('1/4')).toMatchObject({ ok: true, shard: { index: 1, count: 4 } });
    expect(parseShardOption('4/4')).toMatchObject({ ok: true, shard: { index: 4, count: 4 } });
  });

  it.each([
    '0/4',
    '5/4',
    '1/0',
    '1/',
    '/4',
    'a/b',
    '1/4/2',
    ' 1/4',
    '1/100001',
    '-1/4',
    '1.5/4',
    '9999999999/9999999999',
  ])('refuses %j', (text) => {
    const r = parseShardOption(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('--shard must be i/n');
  });
});

describe('shardFromEnvironment', () => {
  it('reads a Slurm job array from 0 or from 1, and a Kubernetes Indexed Job', () => {
    expect(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '4' })).toMatchObject({
      ok: true,
      shard: { index: 1, count: 4 },
    });
    expect(
      shardFromEnvironment({
        SLURM_ARRAY_TASK_ID: '4',
        SLURM_ARRAY_TASK_COUNT: '4',
        SLURM_ARRAY_TASK_MIN: '1',
      }),
    ).toMatchObject({ ok: true, shard: { index: 4, count: 4 } });
    expect(
      shardFromEnvironment({
        SLURM_ARRAY_TASK_ID: '20',
        SLURM_ARRAY_TASK_COUNT: '3',
        SLURM_ARRAY_TASK_MIN: '10',
        SLURM_ARRAY_TASK_STEP: '5',
      }),
    ).toMatchObject({ ok: true, shard: { index: 3, count: 3 } });
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: '2', JOB_COMPLETIONS: '3' })).toMatchObject({
      ok: true,
      shard: { index: 3, count: 3 },
      from: 'Kubernetes completion index 2 of 3',
    });
  });

  it.each([
    [{}, 'found neither a Slurm job array'],
    [{ SLURM_ARRAY_TASK_ID: '1' }, 'SLURM_ARRAY_TASK_COUNT is not set'],
    [
      { SLURM_ARRAY_TASK_ID: 'x', SLURM_ARRAY_TASK_COUNT: '4' },
      'SLURM_ARRAY_TASK_ID must be a whole number, got "x"',
    ],
    [{ SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '4' }, 'task 4 is outside 0..3'],
    [{ SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '0' }, 'the task count must be from 1'],
    [{ SLURM_ARRAY_TASK_ID: '1e3', SLURM_ARRAY_TASK_COUNT: '4' }, 'must be a whole number'],
    [
      {
        SLURM_ARRAY_TASK_ID: '4',
        SLURM_ARRAY_TASK_COUNT: '4',
        SLURM_ARRAY_TASK_MIN: '1',
        SLURM_ARRAY_TASK_STEP: '2',
      },
      'is not reached',
    ],
    [{ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '1' }, 'is not reached'],
    [{ JOB_COMPLETION_INDEX: '0' }, 'JOB_COMPLETIONS is not set'],
    [{ JOB_COMPLETION_INDEX: '3', JOB_COMPLETIONS: '3' }, 'outside 0..2'],
    [
      { JOB_COMPLETION_INDEX: '0', JOB_COMPLETIONS: '99999999999999' },
      'JOB_COMPLETIONS must be a whole number',
    ],
    [{ JOB_COMPLETION_INDEX: '-1', JOB_COMPLETIONS: '3' }, 'JOB_COMPLETION_INDEX must be a whole number'],
  ])('refuses %j', (env, message) => {
    const r = shardFromEnvironment(env);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });
});

describe('runsOfShard', () => {
  it('cuts the runs into disjoint slices that together hold each run once (property)', () => {
    fc.assert(
      fc.property(fc.nat(200), fc.integer({ min: 1, max: 20 }), (runCount, count) => {
        const runs = Array.from({ length: runCount }, (_, index) => ({ index }));
        const slices = Array.from({ length: count }, (_, i) => runsOfShard(runs, { index: i + 1, count }));
        const all = slices.flat().map((r) => r.index);
        const sizes = slices.map((s) => s.length);
        return (
          all.length === runCount &&
          new Set(all).size === runCount &&
          Math.max(...sizes) - Math.min(...sizes) <= 1 &&
          slices.every((s) => s.every((r, i) => i === 0 || r.index > s[i - 1]!.index))
        );
      }),
    );
    expect(runsOfShard([{ index: 0 }, { index: 1 }], null)).toHaveLength(2);
  });
});
