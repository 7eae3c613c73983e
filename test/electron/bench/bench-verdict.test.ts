// The verdict helper of `npm run bench` (test/bench/bench-verdict.ts). The benches themselves stay
// out of `npm test`; their pass/fail logic is tested here, where vitest runs.
import { describe, expect, it } from 'vitest';
import { Scorecard, verdictOf, verdictText } from '../../bench/bench-verdict';

describe('bench verdicts', () => {
  it('compares a figure with its target, boundaries included as the comparison says', () => {
    expect(verdictOf(0.49, '<', 0.5)).toBe('OK');
    expect(verdictOf(0.5, '<', 0.5)).toBe('MISSED');
    expect(verdictOf(0.51, '<', 0.5)).toBe('MISSED');
    expect(verdictOf(4, '<=', 4)).toBe('OK');
    expect(verdictOf(4.01, '<=', 4)).toBe('MISSED');
    expect(verdictOf(55, '>=', 55)).toBe('OK');
    expect(verdictOf(54.9, '>=', 55)).toBe('MISSED');
  });

  it('never passes a figure that was not measured', () => {
    for (const comparison of ['<', '<=', '>='] as const) {
      for (const value of [NaN, Infinity, -Infinity]) expect(verdictOf(value, comparison, 10)).toBe('MISSED');
    }
  });

  it('prints the target with its unit and the verdict', () => {
    expect(verdictText('<', 0.5, 's', 'OK')).toBe('target < 0.5 s: OK');
    expect(verdictText('<=', 4, '', 'MISSED')).toBe('target <= 4: MISSED');
  });

  it('keeps a scorecard: a median over target is MISSED and named in the summary', () => {
    const card = new Scorecard();
    expect(card.check('basics warm median', 0.62, '<', 0.5, 's')).toBe('target < 0.5 s: MISSED');
    expect(card.check('datacenter wall', 21.3, '<', 30, 's')).toBe('target < 30 s: OK');
    expect(card.expect('export cancel', true, 'cancelled, no files left')).toBe(
      'target cancelled, no files left: OK',
    );
    expect(card.expect('export cleanup', false, 'cancelled, no files left')).toBe(
      'target cancelled, no files left: MISSED',
    );
    expect(card.missed).toEqual([
      'basics warm median: 0.62 (target < 0.5 s)',
      'export cleanup: not cancelled, no files left',
    ]);
    expect(card.summary('engine-bench')).toBe(
      'engine-bench: 2 of 4 figures MISSED\n  basics warm median: 0.62 (target < 0.5 s)\n  export cleanup: not cancelled, no files left',
    );
  });

  it('names a missed figure with its value rounded to three decimals', () => {
    const card = new Scorecard();
    card.check('basics warm median', 0.6860598300000001, '<', 0.5, 's');
    card.check('frame', 300_000, '<=', 262_144, 'bytes');
    card.check('not measured', NaN, '<', 1, 'ms');
    expect(card.missed).toEqual([
      'basics warm median: 0.686 (target < 0.5 s)',
      'frame: 300000 (target <= 262144 bytes)',
      'not measured: NaN (target < 1 ms)',
    ]);
  });

  it('summarises a clean run', () => {
    const card = new Scorecard();
    card.check('p99', 3, '<', 20, 'ms');
    expect(card.missed).toEqual([]);
    expect(card.summary('service-bench')).toBe('service-bench: the one figure OK');
  });
});
