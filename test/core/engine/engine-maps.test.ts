import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine } from '../../../core/engine/create-engine';
import { hostPageStates, hvPageStates, guestPageClasses } from '../../../core/model/memory-maps';
import type { SimEngine } from '../../../core/engine/sim-engine';
import { mapWindow } from '../../../core/engine/map-window';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';

const lab = parseScenarioOrThrow({
  durationS: 120,
  host: { memoryMiB: 3072, hypervisorMiB: 256 },
  policy: { pageSharing: { scope: 'host', scanTimeMin: 1 } },
  vms: [
    { id: 'a', memoryMiB: 1024, guestOs: 'windows', workload: { kind: 'steady', demandMiB: 600 } },
    { id: 'b', memoryMiB: 1024, workload: { kind: 'steady', demandMiB: 900, activePct: 60 } },
    {
      id: 'c',
      memoryMiB: 1024,
      balloonDriver: 'absent',
      workload: { kind: 'steady', demandMiB: 900, activePct: 60 },
    },
  ],
});

function sumBy(counts: Uint32Array, width: number): number[] {
  const out = new Array<number>(width).fill(0);
  counts.forEach((n, i) => (out[i % width]! += n));
  return out;
}

describe('map summaries', () => {
  const engine = createEngine(lab) as SimEngine;
  engine.runUntil(120);

  it('host map: every machine page in exactly one cell, state totals as counted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), (cells) => {
        const map = engine.hostMap({ cells });
        expect(map.cells).toBeLessThanOrEqual(cells);
        expect(map.counts.length).toBe(map.cells * hostPageStates.length);
        const totals = sumBy(map.counts, hostPageStates.length);
        hostPageStates.forEach((_, s) => expect(totals[s]).toBe(engine.world.machine.count(s)));
        expect(map.vmIds).toEqual(['a', 'b', 'c']);
        for (const o of map.owner) expect(o).toBeGreaterThanOrEqual(-2);
      }),
      { numRuns: 30 },
    );
  });

  it('host map zooms down to single pages and names each page owner', () => {
    const m = engine.world.machine;
    const map = engine.hostMap({ cells: 64, firstPage: 100_000, pageCount: 64 });
    expect(map.pagesPerCell).toBe(1);
    expect(map.firstPage).toBe(100_000);
    for (let c = 0; c < 64; c++) {
      const v = m.cells[100_000 + c]!;
      const state = v & 7;
      expect(map.counts[c * hostPageStates.length + state]).toBe(1);
      const owner = state >= 2 ? (v >>> 3 === m.owners - 1 ? -2 : v >>> 3) : -1;
      expect(map.owner[c]).toBe(owner);
    }
  });

  it('guest map: per VM, classes and hv states each sum to the VM size, at any zoom', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('a', 'b', 'c'),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 0, max: 262_143 }),
        fc.integer({ min: 1, max: 262_144 }),
        (id, cells, first, count) => {
          const g = engine.guestMap(id, { cells, firstPage: first, pageCount: count });
          expect(g.cells).toBeLessThanOrEqual(cells);
          const pages = engine.world.byId.get(id)!.pages!;
          // The summary covers the requested window (cells may be widened to whole chunks).
          expect(g.firstPage).toBeLessThanOrEqual(first);
          expect(g.firstPage + g.pageCount).toBeGreaterThanOrEqual(Math.min(262_144, first + count));
          const cls = sumBy(g.guestCounts, guestPageClasses.length);
          const hv = sumBy(g.hvCounts, hvPageStates.length);
          const expectCls = new Array<number>(6).fill(0);
          const expectHv = new Array<number>(6).fill(0);
          for (let p = g.firstPage; p < g.firstPage + g.pageCount; p++) {
            expectCls[pages.bytes[p]! & 7]!++;
            expectHv[(pages.bytes[p]! >> 3) & 7]!++;
          }
          expect(cls).toEqual(expectCls);
          expect(hv).toEqual(expectHv);
        },
      ),
      { numRuns: 40 },
    );
    expect(engine.guestMap('a', { cells: 10 }).guestSwappedPages).toBeGreaterThanOrEqual(0);
  });

  it('uses whole chunks for wide windows and single pages when zoomed in', () => {
    expect(mapWindow({ cells: 100 }, 1 << 22, 6)).toMatchObject({ byChunk: true, firstPage: 0 });
    const w = mapWindow({ cells: 100, firstPage: 1000, pageCount: 7000 }, 1 << 22, 6);
    expect(w.byChunk).toBe(true);
    expect(w.pagesPerCell % 64).toBe(0);
    expect(w.firstPage).toBe(960);
    expect(mapWindow({ cells: 100, firstPage: 5, pageCount: 50 }, 1 << 22, 6)).toEqual({
      firstPage: 5,
      pageCount: 50,
      pagesPerCell: 1,
      cells: 50,
      byChunk: false,
    });
    expect(mapWindow({ cells: 10, firstPage: 99, pageCount: 0 }, 50, 6).cells).toBe(0);
  });

  it('maps a powered-off VM as untouched free memory', () => {
    const e = createEngine(parseScenarioOrThrow({ vms: [{ id: 'off', memoryMiB: 512, powerOnAtS: null }] }));
    const g = e.guestMap('off', { cells: 8 });
    expect(sumBy(g.guestCounts, 6)[4]).toBe(512 * 256);
    expect(sumBy(g.hvCounts, 6)[0]).toBe(512 * 256);
  });
});
