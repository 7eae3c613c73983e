import { describe, expect, it } from 'vitest';
import {
  checkSweepDraft,
  parseValueList,
  sweepDocumentOf,
  sweepPathOptions,
  type SweepDraft,
} from '../../../core/experiment/sweep-builder';
import { expandSweep } from '../../../core/experiment/sweep-plan';
import { parseSweep } from '../../../core/experiment/sweep-schema';
import { getPreset } from '../../../core/presets/presets';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';

const basics = parseScenarioOrThrow(getPreset('basics')!.scenario);

function draft(extra: Partial<SweepDraft> = {}): SweepDraft {
  return {
    name: 'tax',
    base: basics,
    parameters: [
      { path: 'policy.idleTaxPct', mode: 'list', list: '0, 25, 75', range: { from: 0, to: 0, step: 1 } },
      { path: 'host.memoryMiB', mode: 'range', list: '', range: { from: 12288, to: 16384, step: 2048 } },
    ],
    seedCount: 2,
    seedFrom: 5,
    ...extra,
  };
}

describe('sweep builder', () => {
  it('offers the featured paths first with their current values, then the other fields', () => {
    const options = sweepPathOptions(basics);
    expect(options.slice(0, 6).map((o) => [o.path, o.current])).toEqual([
      ['policy.idleTaxPct', 75],
      ['host.memoryMiB', 16384],
      ['vms[*].workload.demandMiB', null],
      ['vms[*].memoryMiB', 6144],
      ['policy.kind', 'esx'],
      ['policy.balloonMaxPct', 65],
    ]);
    expect(options.find((o) => o.path === 'policy.kind')!.choices).toContain('kvm-mom');
    const paths = options.map((o) => o.path);
    expect(paths).toContain('vms[app1].memoryMiB');
    expect(paths).toContain('policy.pageSharing.enabled');
    expect(paths.some((p) => p.endsWith('.id') || p === 'seed')).toBe(false);
    // Every offered path is accepted by a sweep of the preset.
    for (const o of options.slice(0, 12)) {
      const doc = sweepDocumentOf(
        draft({
          parameters: [
            { path: o.path, mode: 'list', list: String(o.current ?? 1), range: { from: 0, to: 0, step: 1 } },
          ],
        }),
      );
      const spec = parseSweep(doc);
      expect(spec.ok, o.path).toBe(true);
      if (spec.ok && o.current !== null) expect(expandSweep(spec.sweep, basics).ok, o.path).toBe(true);
    }
  });

  it('builds the sweep file and counts its runs', () => {
    const doc = sweepDocumentOf(draft());
    expect(doc).toMatchObject({
      schema: 'balloon-lab/sweep@1',
      name: 'tax',
      parameters: [
        { path: 'policy.idleTaxPct', values: [0, 25, 75] },
        { path: 'host.memoryMiB', range: { from: 12288, to: 16384, step: 2048 } },
      ],
      seeds: { count: 2, from: 5 },
    });
    expect(checkSweepDraft(draft())).toEqual({ ok: true, points: 9, runs: 18 });
  });

  it('reads typed lists as numbers, switches and texts', () => {
    expect(parseValueList(' 0, 2.5,1e3 , true,kvm-mom,, -4')).toEqual([0, 2.5, 1000, true, 'kvm-mom', -4]);
  });

  it('says why a draft is not a sweep: empty list, repeated value, bad range, too many runs', () => {
    const bad = (p: SweepDraft['parameters'][number], max?: number) => {
      const c = checkSweepDraft(draft({ parameters: [p] }), max);
      return c.ok ? 'ok' : c.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    };
    const list = (text: string) => ({
      path: 'policy.idleTaxPct',
      mode: 'list' as const,
      list: text,
      range: { from: 0, to: 0, step: 1 },
    });
    expect(bad(list(''))).toMatch(/^parameters\[0\]/);
    expect(bad(list('1, 1'))).toBe('parameters[0].values[1]: 1 is listed twice');
    expect(bad({ ...list(''), mode: 'range', range: { from: 5, to: 1, step: 1 } })).toBe(
      'parameters[0].range: "to" (1) must not be below "from" (5)',
    );
    expect(bad(list('1, 2, 3'), 4)).toBe(
      'runs: 3 points x 2 seeds is 6 runs, more than the 4 the lab runs: sweep fewer values or seeds',
    );
  });
});
