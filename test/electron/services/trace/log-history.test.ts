import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logLevels, logSources, type LogLine } from '../../../../core/model/log-line';
import { LogHistory } from '../../../../electron/services/trace/log-history';

const lineArb = fc.record({
  vm: fc.constantFrom('', 'app1', 'db1', 'web1'),
  source: fc.constantFrom(...logSources),
  level: fc.constantFrom(...logLevels),
  event: fc.constantFrom('inflate', 'deflate', 'target', 'swap-out'),
  message: fc.string({ maxLength: 30 }),
});

describe('log store', () => {
  it('getLog filters by vm, source, level and text, newest last, with offset and limit', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { maxLength: 300 }),
        fc.constantFrom(null, '', 'app1', 'db1'),
        fc.subarray([...logSources]),
        fc.subarray([...logLevels]),
        fc.constantFrom(undefined, 'IN', 'a', ''),
        fc.nat(50),
        fc.integer({ min: 1, max: 60 }),
        (raw, vm, sources, levels, text, offset, limit) => {
          const lines: LogLine[] = raw.map((l, i) => ({ ...l, seq: i, tick: i, timeS: i }));
          const store = new LogHistory();
          store.append(lines);
          const needle = text?.toLowerCase() ?? '';
          const expected = lines.filter(
            (l) =>
              (vm === null || l.vm === vm) &&
              (sources.length === 0 || sources.includes(l.source)) &&
              (levels.length === 0 || levels.includes(l.level)) &&
              (needle === '' ||
                l.message.toLowerCase().includes(needle) ||
                l.event.toLowerCase().includes(needle)),
          );
          const result = store.query({ vm, sources, levels, text, offset, limit });
          expect(result.total).toBe(expected.length);
          expect(result.lines).toEqual(expected.slice(offset, offset + limit));
        },
      ),
    );
  });

  it('ignores lines it already holds (a replay after a worker restart)', () => {
    const store = new LogHistory();
    const line = (seq: number): LogLine => ({
      seq,
      tick: seq,
      timeS: seq,
      vm: 'a',
      source: 'driver',
      level: 'info',
      event: 'e',
      message: `m${seq}`,
    });
    store.append([line(0), line(1), line(2)]);
    store.append([line(1), line(2), line(3)]);
    expect(store.length).toBe(4);
    expect(store.lastSeq).toBe(3);
  });

  it('exports rows of a time range and counts them', () => {
    const store = new LogHistory();
    store.append(
      [0, 5, 10, 15].map(
        (t, seq) =>
          ({
            seq,
            tick: t,
            timeS: t,
            vm: 'db1',
            source: 'monitor',
            level: 'debug',
            event: 'estimate',
            message: `=${t}`,
          }) as LogLine,
      ),
    );
    expect([...store.rows(5, 10)]).toEqual([
      ['5', 'db1', 'monitor', 'debug', 'estimate', '=5'],
      ['10', 'db1', 'monitor', 'debug', 'estimate', '=10'],
    ]);
    expect(store.countInRange(5, 10)).toBe(2);
  });
});
