import { describe, expect, it } from 'vitest';
import { HistoryColumns } from '../../../../renderer/src/stores/history-columns';
import {
  buildOverlay,
  longestRun,
  meanPerfIndex,
  overlayMetrics,
  overlayRowsAt,
  runStyle,
  type OverlayRun,
} from '../../../../renderer/src/components/compare/overlay-data';
import { sample } from '../../support/fake-lab-api';

function columns(length: number, freeMiB: (i: number) => number): HistoryColumns {
  const cols = new HistoryColumns();
  cols.append(
    Array.from({ length }, (_, i) => {
      const s = sample(i);
      return { ...s, host: { ...s.host, freeMiB: freeMiB(i) } };
    }),
  );
  return cols;
}

const free = overlayMetrics.find((m) => m.id === 'free')!;

function runs(): OverlayRun[] {
  return [
    { id: 'a', label: 'a', columns: columns(5000, (i) => i), ...runStyle(0, false) },
    { id: 'b', label: 'b', columns: columns(100, () => 7), ...runStyle(1, false) },
  ];
}

describe('overlay charts', () => {
  it('draws one decimated line per run in its own dash pattern, in arrays Chart.js may patch', () => {
    const r = runs();
    const data = buildOverlay(r, free, 100, null);
    expect(data.datasets.map((d) => d.borderDash)).toEqual([[], [7, 4]]);
    expect(data.datasets[0]!.data.length).toBeLessThanOrEqual(2 * 100 + 2);
    expect(data.datasets[0]!.data.at(-1)).toEqual({ x: 4999, y: 4999 });
    data.datasets[0]!.data[0]!.y = -1;
    (data.datasets[1]!.borderDash as number[]).push(99);
    expect(r[0]!.columns.hostSeries('freeMiB')[0]).toBe(0);
    expect(runStyle(1, false).dash).toEqual([7, 4]);
  });

  it('zooms every run to the same time range and reads the tooltip at that time', () => {
    const r = runs();
    const data = buildOverlay(r, free, 100, { fromS: 50, toS: 60 });
    for (const d of data.datasets) {
      expect(d.data[0]!.x).toBeGreaterThanOrEqual(49);
      expect(d.data.at(-1)!.x).toBeLessThanOrEqual(61);
    }
    expect(overlayRowsAt(r, free, 2000).map((row) => row.label)).toEqual(['a', 'b']);
    expect(overlayRowsAt(r, free, 2000)[1]!.value).toBe(free.format(7));
    expect(longestRun(r)?.id).toBe('a');
  });

  it('averages the performance index over the VMs that are on', () => {
    const cols = new HistoryColumns();
    const s = sample(0);
    cols.append([
      {
        ...s,
        vms: [
          { ...s.vms[0]!, perfIndex: 0.5, poweredOn: true },
          { ...s.vms[1]!, perfIndex: 0.1, poweredOn: false },
        ],
      },
    ]);
    expect(meanPerfIndex(cols)[0]).toBe(0.5);
  });
});
