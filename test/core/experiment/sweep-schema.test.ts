import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSweep, rangeValues, sweepLimits, sweepSchemaId } from '../../../core/experiment/sweep-schema';
import { tinyLab } from '../../support/sweep-fixtures';

const sweep = (o: Record<string, unknown> = {}) => ({ schema: sweepSchemaId, base: 'preset:basics', ...o });

function issuesOf(input: unknown): string[] {
  const r = parseSweep(input);
  if (r.ok) throw new Error('expected a rejection');
  return r.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('parseSweep', () => {
  it('reads lists, ranges, seed lists and seed counts with their defaults', () => {
    const r = parseSweep(
      sweep({
        name: 'idle tax',
        parameters: [
          { path: 'policy.idleTaxPct', values: [0, 75] },
          { path: 'host.memoryMiB', range: { from: 8192, to: 16384, step: 4096 } },
          { path: 'policy.kind', values: ['esx', 'kvm-mom'] },
        ],
        seeds: [3, 1],
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.sweep.parameters.map((p) => [p.path, p.values])).toEqual([
      ['policy.idleTaxPct', [0, 75]],
      ['host.memoryMiB', [8192, 12288, 16384]],
      ['policy.kind', ['esx', 'kvm-mom']],
    ]);
    expect(r.sweep.seeds).toEqual({ list: [3, 1] });
    const counted = parseSweep(sweep({ base: tinyLab(), seeds: { count: 4 } }));
    expect(counted.ok && counted.sweep).toMatchObject({
      name: 'Untitled sweep',
      parameters: [],
      seeds: { count: 4, from: null },
    });
    expect(
      parseSweep(sweep()).ok && (parseSweep(sweep()) as { sweep: { seeds: unknown } }).sweep.seeds,
    ).toEqual({
      count: 1,
      from: null,
    });
  });

  it.each([
    [{ schema: 'balloon-lab/scenario@1', base: 'preset:basics' }, 'schema: must be "balloon-lab/sweep@1"'],
    [{ schema: sweepSchemaId }, 'base: is missing'],
    [sweep({ base: 42 }), 'base: '],
    [sweep({ extra: 1 }), 'extra: unknown field'],
    [sweep({ parameters: [{ path: 'policy.idleTaxPct' }] }), 'parameters[0]: give either "values"'],
    [
      sweep({ parameters: [{ path: 'policy.idleTaxPct', values: [1], range: { from: 0, to: 1, step: 1 } }] }),
      'not both',
    ],
    [
      sweep({ parameters: [{ path: 'policy.idleTaxPct', values: [] }] }),
      'parameters[0].values: must have at least 1 entry',
    ],
    [
      sweep({ parameters: [{ path: 'policy.idleTaxPct', values: [1, 1] }] }),
      'parameters[0].values[1]: 1 is listed twice',
    ],
    [sweep({ parameters: [{ path: 'policy.idleTaxPct', values: [null] }] }), 'parameters[0].values[0]'],
    [sweep({ parameters: [{ path: 'policy.idleTaxPct', values: [{}] }] }), 'parameters[0].values[0]'],
    [sweep({ parameters: [{ path: 'x', values: ['y'.repeat(201)] }] }), 'parameters[0].values[0]'],
    [sweep({ parameters: [{ path: 'a..b', values: [1] }] }), 'parameters[0].path: "a..b" is not a path'],
    [sweep({ parameters: [{ path: 'seed', values: [1] }] }), 'parameters[0].path: "seed" cannot be swept'],
    [
      sweep({ parameters: [{ path: 'x', range: { from: 0, to: 1, step: 0 } }] }),
      'parameters[0].range.step: must be more than 0',
    ],
    [sweep({ parameters: [{ path: 'x', range: { from: 2, to: 1, step: 1 } }] }), 'must not be below "from"'],
    [
      sweep({ parameters: [{ path: 'x', range: { from: 0, to: 1e9, step: 1 } }] }),
      'more than the 1000 allowed',
    ],
    [
      sweep({ parameters: [{ path: 'x', range: { from: -1e308, to: 1e308, step: 1e-300 } }] }),
      'more than the 1000 allowed',
    ],
    [
      sweep({
        parameters: [
          { path: 'x', values: [1] },
          { path: 'x', values: [2] },
        ],
      }),
      'parameters[1].path: "x" is already swept by parameters[0]',
    ],
    [
      sweep({ parameters: Array.from({ length: 9 }, (_, i) => ({ path: `p${i}`, values: [1] })) }),
      'parameters: must have at most 8',
    ],
    [
      sweep({
        parameters: Array.from({ length: 3 }, (_, i) => ({
          path: `p${i}`,
          range: { from: 1, to: 100, step: 1 },
        })),
      }),
      'parameters: give 1000000 points, more than the 10000 allowed',
    ],
    [sweep({ seeds: [] }), 'seeds: must have at least 1 entry'],
    [sweep({ seeds: [1, -1] }), 'seeds[1]: must be at least 0'],
    [sweep({ seeds: [1.5] }), 'seeds[0]: must be a whole number'],
    [sweep({ seeds: [4, 4] }), 'seeds[1]: seed 4 is listed twice'],
    [sweep({ seeds: 'many' }), 'seeds: must be a list of seeds'],
    [sweep({ seeds: { count: 0 } }), 'seeds.count: must be at least 1'],
    [sweep({ seeds: { count: 1001 } }), 'seeds.count: must be at most 1000'],
    [sweep({ seeds: { count: 2, from: 2 ** 32 - 1 } }), 'would pass the largest seed'],
    [sweep({ seeds: { count: 2, step: 1 } }), 'seeds.step: unknown field'],
    [
      sweep({
        parameters: [{ path: 'p', range: { from: 1, to: 1000, step: 1 } }],
        seeds: { count: 101 },
      }),
      '1000 points x 101 seeds is 101000 runs, more than the 100000 allowed',
    ],
  ])('refuses %j, naming the field', (input, message) => {
    expect(issuesOf(input).join('\n')).toContain(message);
  });

  it('refuses input that is not a sweep object at all', () => {
    for (const input of [
      null,
      42,
      'sweep',
      [],
      { schema: sweepSchemaId, base: 'preset:basics', parameters: 'x' },
    ])
      expect(parseSweep(input).ok).toBe(false);
  });
});

describe('rangeValues', () => {
  it('includes `to` despite float steps and writes values without float noise', () => {
    expect(rangeValues(0, 1, 0.1)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(rangeValues(0, 10, 4)).toEqual([0, 4, 8]);
    expect(rangeValues(5, 5, 1)).toEqual([5]);
  });

  it('gives evenly spaced values from `from`, never past `to`, within the bound (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e6, max: 1e6 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 500 }),
        (from, span, step) => {
          const r = rangeValues(from, from + span, step);
          const expected = Math.floor(span / step) + 1;
          if (expected > sweepLimits.maxValues) return typeof r === 'string';
          return (
            Array.isArray(r) &&
            r.length === expected &&
            r[0] === from &&
            r.every((v, i) => v === from + i * step && v <= from + span)
          );
        },
      ),
    );
  });
});
