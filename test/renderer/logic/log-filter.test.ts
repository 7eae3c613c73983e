import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logLevels, logSources, type LogLine } from '../../../core/model/log-line';
import {
  IncrementalLogView,
  logPredicate,
  type FilteredLines,
  type LogFilter,
} from '../../../renderer/src/logic/log-filter';
import { logLine } from '../support/fake-lab-api';

const everything: LogFilter = { sources: [...logSources], levels: [...logLevels], text: '' };

function lines(count: number, from = 1): LogLine[] {
  return Array.from({ length: count }, (_, i) =>
    logLine(from + i, {
      source: logSources[(from + i) % logSources.length]!,
      message: (from + i) % 3 === 0 ? `swap out ${from + i}` : `inflate ${from + i}`,
    }),
  );
}

/** A view whose slices are bounded by line count alone, so tests do not depend on the clock. */
const byLines = (maxLines: number) => new IncrementalLogView({ maxLines, maxMs: Infinity });

/** Calls update until the scan is done, as the store does once per animation frame. */
function settle(view: IncrementalLogView, source: readonly LogLine[], filter: LogFilter) {
  const seen: FilteredLines[] = [];
  let result: FilteredLines;
  do {
    result = view.update(source, filter);
    seen.push(result);
  } while (result.pending && seen.length < 1000);
  return { result, seen };
}

describe('IncrementalLogView', () => {
  it('scans a long log in slices and ends with exactly the matching lines', () => {
    const source = lines(1000);
    const filter = { ...everything, text: 'SWAP' };
    const { result, seen } = settle(byLines(300), source, filter);
    expect(seen.map((r) => r.pending)).toEqual([true, true, true, false]);
    expect(result.lines).toEqual(source.filter(logPredicate(filter)));
  });

  it('stops a slice when its time is up', () => {
    let clockMs = 0;
    const view = new IncrementalLogView({
      maxLines: 1000,
      maxMs: 3,
      checkEveryLines: 10,
      now: () => clockMs++,
    });
    const source = lines(1000);
    // The deadline is 3 ticks away and each block of 10 lines reads the clock once: 3 blocks.
    expect(view.update(source, everything)).toEqual({ lines: source.slice(0, 30), pending: true });
    clockMs = 0;
    expect(settle(view, source, everything).result).toEqual({ lines: source, pending: false });
  });

  it('finishes a short log in one call', () => {
    const source = lines(50);
    expect(byLines(300).update(source, everything)).toEqual({ lines: source, pending: false });
  });

  it('shows the first scan as it goes, in order', () => {
    const source = lines(1000);
    const view = byLines(300);
    expect(view.update(source, everything).lines).toEqual(source.slice(0, 300));
    expect(view.update(source, everything).lines).toEqual(source.slice(0, 600));
    expect(settle(view, source, everything).result.lines).toEqual(source);
  });

  it('keeps the previous result on screen until a new filter has been applied to every line', () => {
    const source = lines(1000);
    const view = byLines(300);
    const before = settle(view, source, everything).result.lines;
    const swap = { ...everything, text: 'swap' };
    const during = view.update(source, swap);
    expect(during.pending).toBe(true);
    expect(during.lines).toBe(before);
    // Changing the filter again mid-scan starts over, still showing the last complete result.
    const inflate = { ...everything, text: 'inflate' };
    expect(view.update(source, inflate).lines).toBe(before);
    const { result } = settle(view, source, inflate);
    expect(result.lines).toEqual(source.filter(logPredicate(inflate)));
  });

  it('scans only new lines when lines are appended', () => {
    const source = lines(500);
    const view = byLines(300);
    const filter = { ...everything, text: 'swap' };
    settle(view, source, filter);
    source.push(...lines(100, 501));
    const next = view.update(source, filter);
    expect(next.pending).toBe(false);
    expect(next.lines).toEqual(source.filter(logPredicate(filter)));
  });

  it('rescans when the log was trimmed into a new array', () => {
    const view = byLines(300);
    const full = lines(1000);
    settle(view, full, everything);
    const trimmed = full.slice(800);
    const { result } = settle(view, trimmed, everything);
    expect(result.lines).toEqual(trimmed);
  });

  it('agrees with a plain filter however the slices, appends and filter changes fall', () => {
    const filterArb = fc.record({
      sources: fc.subarray([...logSources]),
      levels: fc.subarray([...logLevels]),
      text: fc.constantFrom('', 'swap', 'INFLATE', '1'),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.tuple(fc.nat(120), filterArb, fc.nat(3)), { minLength: 1, maxLength: 8 }),
        (sliceLines, steps) => {
          const view = byLines(sliceLines);
          const source: LogLine[] = [];
          let last: { filter: LogFilter; result: FilteredLines } | null = null;
          for (const [appendCount, filter, calls] of steps) {
            source.push(...lines(appendCount, source.length + 1));
            for (let i = 0; i < calls; i++) view.update(source, filter);
            last = { filter, result: settle(view, source, filter).result };
          }
          expect(last!.result.lines).toEqual(source.filter(logPredicate(last!.filter)));
        },
      ),
    );
  });
});

describe('log filter text', () => {
  const at = (timeS: number, partial: Partial<LogLine> = {}) =>
    logLine(timeS, { timeS, message: 'balloon target 242 MiB', event: 'target', ...partial });

  it('matches the VM id and the time as the log shows it, besides message and event', () => {
    const keep = (text: string) => logPredicate({ ...everything, text });
    expect(keep('db1')(at(5, { vm: 'db1' }))).toBe(true);
    expect(keep('db1')(at(5, { vm: 'web1' }))).toBe(false);
    expect(keep('00:15')(at(15 * 60 + 7))).toBe(true);
    expect(keep('00:15')(at(16 * 60))).toBe(false);
    expect(keep('15:07')(at(15 * 60 + 7))).toBe(true);
    expect(keep('TARGET')(at(1))).toBe(true);
    // Text that is no time is not looked for in the time ("1" is, in both).
    expect(keep('242')(at(2 * 60 + 42, { message: 'inflate' }))).toBe(false);
  });
});
