import { describe, expect, it } from 'vitest';
import {
  describeGuestCell,
  guestStripColors,
  hvStripColors,
} from '../../../../renderer/src/components/maps/guest-map-model';
import { mapPalette, mix } from '../../../../renderer/src/components/maps/map-colors';
import { guestMap } from './map-fixtures';

const palette = mapPalette(true);

describe('guest map', () => {
  const map = guestMap(
    'web1',
    [
      { guest: { free: 8 }, hv: { unbacked: 8 } },
      { guest: { hot: 6, cold: 2 }, hv: { private: 5, shared: 1, swapped: 2 } },
      { guest: { balloon: 4, free: 4 }, hv: { ballooned: 4, unbacked: 4 } },
      { guest: { cache: 8 }, hv: { compressed: 8 } },
    ],
    8,
    1234,
  );

  it('colours the guest strip by the guest class and the hypervisor strip by the backing', () => {
    const g = guestStripColors(map, palette);
    const h = hvStripColors(map, palette);
    expect(g[0]).toBe(palette.guestClasses.free);
    expect(h[0]).toBe(palette.hvStates.unbacked);
    expect(g[1]).toBe(palette.guestClasses.hot);
    expect(h[1]).toBe(palette.hvStates.private);
    expect(g[2]).toBe(mix(palette.guestClasses.balloon, palette.guestClasses.free, 0.5));
    expect(h[2]).toBe(mix(palette.hvStates.ballooned, palette.hvStates.unbacked, 0.5));
    expect(g[3]).toBe(palette.guestClasses.cache);
    expect(h[3]).toBe(palette.hvStates.compressed);
  });

  it('tooltip shows both views of the same PPNs', () => {
    const info = describeGuestCell(map, 1);
    expect(info?.range).toBe('pages 8–15 · MiB 0.031–0.063');
    expect(info?.guest.map((r) => [r.key, r.pages])).toEqual([
      ['hot', 6],
      ['cold', 2],
    ]);
    expect(info?.hypervisor.map((r) => [r.key, r.fraction])).toEqual([
      ['private', 0.625],
      ['shared', 0.125],
      ['swapped', 0.25],
    ]);
    expect(describeGuestCell(map, -1)).toBeNull();
  });
});
