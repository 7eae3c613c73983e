import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { computed, nextTick, watchEffect } from 'vue';
import { logLevels, logSources } from '../../../core/model/log-line';
import { defaultScanSlice, logPredicate } from '../../../renderer/src/logic/log-filter';
import { maxLinesPerVm, useLogStore } from '../../../renderer/src/stores/log-store';
import { logLine } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

beforeEach(() => {
  installFakeLab();
});

describe('log store', () => {
  it('keeps lines per VM and all together, in order', () => {
    const log = useLogStore();
    log.append([
      logLine(1, { vm: 'a' }),
      logLine(2, { vm: 'b' }),
      logLine(3, { vm: '' }),
      logLine(4, { vm: 'a' }),
    ]);
    expect(log.linesOf('a').map((l) => l.seq)).toEqual([1, 4]);
    expect(log.linesOf('')).toHaveLength(1);
    expect(log.linesOf(null).map((l) => l.seq)).toEqual([1, 2, 3, 4]);
    expect(log.linesOf('nope')).toEqual([]);
  });

  it('skips lines it already holds', () => {
    const log = useLogStore();
    log.append([logLine(1), logLine(2)]);
    log.append([logLine(2), logLine(3)]);
    expect(log.linesOf(null).map((l) => l.seq)).toEqual([1, 2, 3]);
  });

  it('filters by source, level and text, and keeps filtering lines that arrive later', () => {
    const log = useLogStore();
    log.append([
      logLine(1, { source: 'driver', level: 'info', message: 'inflate 512 pages' }),
      logLine(2, { source: 'monitor', level: 'debug', message: 'estimate 30%' }),
      logLine(3, { source: 'hypervisor', level: 'warn', event: 'swap-out', message: 'swapping 20 MiB' }),
    ]);
    log.setFilter({ sources: ['driver', 'hypervisor'] });
    expect(log.filtered('web1').map((l) => l.seq)).toEqual([1, 3]);
    log.setFilter({ text: 'SWAP' });
    expect(log.filtered('web1').map((l) => l.seq)).toEqual([3]);
    log.append([
      logLine(4, { source: 'hypervisor', message: 'swapping 40 MiB' }),
      logLine(5, { source: 'monitor', message: 'swap seen' }),
    ]);
    expect(log.filtered('web1').map((l) => l.seq)).toEqual([3, 4]);
    log.setFilter({ text: '', levels: ['warn', 'error'] });
    expect(log.filtered('web1').map((l) => l.seq)).toEqual([3]);
  });

  it('matches the text against the event kind too', () => {
    const log = useLogStore();
    log.append([logLine(1, { event: 'admission-failed', message: 'not enough memory' }), logLine(2)]);
    log.setFilter({ text: 'admission' });
    expect(log.filtered(null).map((l) => l.seq)).toEqual([1]);
  });

  it('takes the filter text literally, not as a pattern', () => {
    const log = useLogStore();
    log.append([
      logLine(1, { message: 'rate 2048 pages/s (target 96)' }),
      logLine(2, { message: 'rate 2048 pagesxs' }),
    ]);
    log.setFilter({ text: 'PAGES/S (TARGET' });
    expect(log.filtered(null).map((l) => l.seq)).toEqual([1]);
    log.setFilter({ text: 'pages.s' });
    expect(log.filtered(null)).toEqual([]);
  });

  it('caps a VM log by dropping its oldest lines', () => {
    const log = useLogStore();
    const lines = Array.from({ length: maxLinesPerVm + 10 }, (_, i) => logLine(i + 1));
    log.append(lines);
    const kept = log.linesOf('web1');
    expect(kept.length).toBeLessThanOrEqual(maxLinesPerVm);
    expect(kept[kept.length - 1]?.seq).toBe(maxLinesPerVm + 10);
    expect(kept[1]!.seq - kept[0]!.seq).toBe(1);
  });

  it('shows exactly the lines the filter accepts, however lines arrive', () => {
    const line = fc.record({
      source: fc.constantFrom(...logSources),
      level: fc.constantFrom(...logLevels),
      message: fc.constantFrom('inflate', 'deflate', 'Swap out', 'target'),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(line, { maxLength: 8 }), { maxLength: 6 }),
        fc.subarray([...logSources]),
        fc.constantFrom('', 'swap', 'flate'),
        (batches, sources, text) => {
          installFakeLab();
          const log = useLogStore();
          log.setFilter({ sources, text });
          let seq = 0;
          const all = [];
          for (const batch of batches) {
            const lines = batch.map((l) => logLine(++seq, l));
            all.push(...lines);
            log.append(lines);
            log.filtered('web1');
          }
          const keep = logPredicate({ sources, levels: [...logLevels], text });
          expect(log.filtered('web1')).toEqual(all.filter(keep));
        },
      ),
    );
  });

  it('spreads filtering a long log over animation frames and finishes by itself', async () => {
    const log = useLogStore();
    const total = defaultScanSlice.maxLines + 10;
    log.append(
      Array.from({ length: total }, (_, i) => logLine(i + 1, { message: i % 2 === 0 ? 'even' : 'odd' })),
    );
    const view = computed(() => log.filteredView('web1'));
    const shown: Array<{ count: number; pending: boolean }> = [];
    const stop = watchEffect(() =>
      shown.push({ count: view.value.lines.length, pending: view.value.pending }),
    );
    try {
      // The first scan shows its progress; the frames that follow finish it without being asked.
      expect(shown[0]!.pending).toBe(true);
      expect(shown[0]!.count).toBeLessThan(total);
      await vi.waitFor(() => expect(shown.at(-1)).toEqual({ count: total, pending: false }));
      log.setFilter({ text: 'odd' });
      await nextTick();
      // A new filter keeps the complete result on screen until it has seen every line.
      expect(shown.at(-1)).toEqual({ count: total, pending: true });
      await vi.waitFor(() => expect(shown.at(-1)).toEqual({ count: total / 2, pending: false }));
      expect(log.filtered('web1').every((l) => l.message === 'odd')).toBe(true);
    } finally {
      stop();
    }
  });
});
