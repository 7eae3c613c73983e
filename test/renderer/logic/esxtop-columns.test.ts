import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vmColumns } from '../../../core/trace/trace-columns';
import { esxtopColumns, sortVmCounters } from '../../../renderer/src/logic/esxtop-columns';
import { zeroVmCounters } from '../../support/counter-fixtures';

describe('esxtop columns', () => {
  it('cover every per-VM counter of the traces, each with an explanation', () => {
    expect(esxtopColumns.map((c) => c.key).sort()).toEqual(vmColumns.map(([, k]) => k).sort());
    for (const c of esxtopColumns) expect(c.title.startsWith(`${c.label}: `)).toBe(true);
  });

  it('sorts by any counter, ties in id order', () => {
    const rows = fc.array(
      fc.record({ id: fc.stringMatching(/^[a-z]{1,3}$/), swcur: fc.integer({ min: 0, max: 5 }) }),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(rows, fc.boolean(), (spec, descending) => {
        const counters = spec.map((s, i) => zeroVmCounters(`${s.id}${i}`, { swcurMiB: s.swcur }));
        const sorted = sortVmCounters(counters, { key: 'swcurMiB', descending });
        expect([...sorted].map((c) => c.id).sort()).toEqual(counters.map((c) => c.id).sort());
        for (let i = 1; i < sorted.length; i++) {
          const a = sorted[i - 1]!;
          const b = sorted[i]!;
          const d = descending ? a.swcurMiB - b.swcurMiB : b.swcurMiB - a.swcurMiB;
          expect(d).toBeGreaterThanOrEqual(0);
          if (d === 0) expect(a.id < b.id).toBe(true);
        }
      }),
    );
  });
});
