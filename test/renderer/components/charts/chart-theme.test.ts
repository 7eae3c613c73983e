import { describe, expect, it } from 'vitest';
import { chartTheme, withAlpha } from '../../../../renderer/src/components/charts/chart-theme';
import {
  formatAxisMiB,
  formatMiB,
  log2MemoryTicks,
  memoryTicks,
  timeTicks,
} from '../../../../renderer/src/components/charts/chart-format';

describe('chart theme', () => {
  it('reads the CSS variables, falling back per theme', () => {
    const vars: Record<string, string> = { '--accent': ' #123456', '--state-low': '#ff0000' };
    const t = chartTheme(true, (name) => vars[name] ?? '');
    expect(t.accent).toBe('#123456');
    expect(t.states.low).toBe('#ff0000');
    expect(t.text).toBe('#e4e7ec');
    expect(chartTheme(false).text).toBe('#1d2330');
    expect(t.palette.dark).toBe(true);
  });

  it('adds alpha to hex colours', () => {
    expect(withAlpha('#abc', 0.5)).toBe('#aabbcc80');
    expect(withAlpha('#102030', 1)).toBe('#102030ff');
    expect(withAlpha('rgb(1,2,3)', 0.5)).toBe('rgb(1,2,3)');
  });
});

describe('chart labels', () => {
  it('puts log-axis memory ticks at powers of two, never more than asked for', () => {
    expect(log2MemoryTicks(50, 1000)).toEqual([64, 128, 256, 512]);
    const wide = log2MemoryTicks(16, 262_144, 7);
    expect(wide.length).toBeLessThanOrEqual(7);
    expect(wide.every((v) => Math.log2(v) % 1 === 0)).toBe(true);
    expect(wide.at(-1)).toBe(262_144);
    expect(log2MemoryTicks(100, 120)).toEqual([]);
  });

  it('puts memory ticks at power-of-two steps', () => {
    expect(memoryTicks(0, 4096)).toEqual([0, 1024, 2048, 3072, 4096]);
    expect(memoryTicks(0, 3000)).toEqual([0, 512, 1024, 1536, 2048, 2560]);
    expect(memoryTicks(0, 262_144).every((v) => v % 1024 === 0)).toBe(true);
    expect(memoryTicks(0, 100)).toEqual([0, 32, 64, 96]);
    for (const max of [1, 7, 500, 3000, 70_000, 1e6])
      expect(memoryTicks(0, max).length).toBeLessThanOrEqual(7);
  });

  it('puts time ticks at clock steps inside the data', () => {
    expect(timeTicks(1, 126)).toEqual([30, 60, 90, 120]);
    expect(timeTicks(1, 3600)).toEqual([600, 1200, 1800, 2400, 3000, 3600]);
    expect(timeTicks(0, 5)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const max of [3, 70, 1000, 7200, 200_000, 1e7]) {
      const ticks = timeTicks(1, max);
      expect(ticks.length).toBeLessThanOrEqual(8);
      expect(ticks.length).toBeGreaterThan(0);
      expect(ticks.every((t) => t >= 1 && t <= max)).toBe(true);
    }
  });

  it('prints memory', () => {
    expect(formatAxisMiB(512)).toBe('512 MiB');
    expect(formatAxisMiB(2048)).toBe('2 GiB');
    expect(formatAxisMiB(1536)).toBe('1.5 GiB');
    expect(formatAxisMiB(262_144)).toBe('256 GiB');
    expect(formatMiB(3.25)).toBe('3.3 MiB');
    expect(formatMiB(Number.NaN)).toBe('–');
  });
});
