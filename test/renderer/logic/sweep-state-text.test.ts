import { describe, expect, it } from 'vitest';
import type { SweepStatus } from '../../../core/lab-api/sweep-api-contract';
import { formatDuration, sweepDonePct, sweepStateText } from '../../../renderer/src/logic/sweep-state-text';

function status(extra: Partial<SweepStatus> = {}): SweepStatus {
  return {
    id: 'tax',
    name: 'Tax sweep',
    description: '',
    baseName: 'Two VMs',
    parameters: [{ path: 'policy.idleTaxPct', values: [0, 50] }],
    seeds: [1, 2, 3],
    points: 2,
    runs: 6,
    done: 0,
    state: 'ready',
    etaS: null,
    error: null,
    location: 'tax',
    jobs: 1,
    metrics: [],
    ...extra,
  };
}

describe('sweep state text', () => {
  it('says how many threads run it and, once known, the time left', () => {
    expect(sweepStateText(status({ state: 'running', jobs: 1 }))).toBe('Running on 1 thread');
    expect(sweepStateText(status({ state: 'running', jobs: 4, etaS: 95 }))).toBe(
      'Running on 4 threads, about 1 min 35 s left',
    );
  });

  it('tells a stopped sweep that Run goes on from the finished runs', () => {
    expect(sweepStateText(status())).toBe('Ready to run');
    expect(sweepStateText(status({ done: 2 }))).toBe('Partly run: Run goes on from the finished runs');
    expect(sweepStateText(status({ state: 'cancelled', done: 2 }))).toBe(
      'Cancelled: Run goes on from the finished runs',
    );
    expect(sweepStateText(status({ state: 'failed' }))).toBe('Stopped by a failed run');
    expect(sweepStateText(status({ state: 'done', done: 6 }))).toBe('Done');
  });
});

describe('time left', () => {
  it('reads in seconds, minutes or hours and never says 0 s', () => {
    expect(formatDuration(0.2)).toBe('1 s');
    expect(formatDuration(59)).toBe('59 s');
    expect(formatDuration(125)).toBe('2 min 5 s');
    expect(formatDuration(2 * 3600 + 30 * 60)).toBe('2 h 30 min');
  });
});

describe('share done', () => {
  it('rounds down so 100 % means every run finished', () => {
    expect(sweepDonePct(status({ runs: 3, done: 2 }))).toBe(66);
    expect(sweepDonePct(status({ runs: 1000, done: 999 }))).toBe(99);
    expect(sweepDonePct(status({ runs: 0, done: 0 }))).toBe(0);
  });
});
