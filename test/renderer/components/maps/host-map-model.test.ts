import { describe, expect, it } from 'vitest';
import {
  describeHostCell,
  hostCellColors,
  ownerPaletteIndices,
  ownerShade,
} from '../../../../renderer/src/components/maps/host-map-model';
import { hostLegend } from '../../../../renderer/src/components/maps/legend-items';
import { cssColor, mapPalette, mix, vmColor } from '../../../../renderer/src/components/maps/map-colors';
import { hostMap } from './map-fixtures';

const palette = mapPalette(false);

describe('host map colours', () => {
  const map = hostMap(
    ['db1', 'web1'],
    [
      { owner: -1, pages: { free: 100 } },
      { owner: -1, pages: { hypervisor: 100 } },
      { owner: 0, pages: { private: 100 } },
      { owner: 1, pages: { shared: 100 } },
      { owner: 1, pages: { zip: 60, private: 40 } },
      { owner: -2, pages: { shared: 100 } },
      { owner: 0, pages: { private: 50, free: 50 } },
    ],
  );
  const idx = ownerPaletteIndices(map.vmIds, ['db1', 'web1']);

  it('by owner: hue of the owning VM, shade of its dominant state, fading with free pages', () => {
    const c = hostCellColors(map, 'owner', palette, idx);
    expect(c[0]).toBe(palette.hostStates.free);
    expect(c[1]).toBe(palette.hostStates.hypervisor);
    expect(c[2]).toBe(vmColor(0, false));
    expect(c[3]).toBe(ownerShade(vmColor(1, false), 'shared', palette));
    expect(c[4]).toBe(ownerShade(vmColor(1, false), 'zip', palette));
    expect(c[5]).toBe(palette.sharedAcross);
    expect(c[6]).toBe(mix(vmColor(0, false), palette.hostStates.free, 0.5));
  });

  it('by state: the state colour whoever owns the pages', () => {
    const c = hostCellColors(map, 'state', palette, idx);
    expect(c[2]).toBe(palette.hostStates.private);
    expect(c[3]).toBe(palette.hostStates.shared);
    expect(c[4]).toBe(palette.hostStates.zip);
    expect(c[5]).toBe(palette.hostStates.shared);
  });

  it('a VM keeps its colour when a zoomed window lists fewer VMs', () => {
    const zoomed = hostMap(['web1'], [{ owner: 0, pages: { private: 10 } }]);
    const c = hostCellColors(zoomed, 'owner', palette, ownerPaletteIndices(zoomed.vmIds, ['db1', 'web1']));
    expect(c[0]).toBe(vmColor(1, false));
  });

  it('the legend shows every VM in its map colour', () => {
    const legend = hostLegend('owner', ['db1', 'web1'], palette);
    expect(legend.owners.slice(0, 2).map((e) => [e.label, e.color])).toEqual([
      ['db1', cssColor(vmColor(0, false))],
      ['web1', cssColor(vmColor(1, false))],
    ]);
    expect(hostLegend('state', ['db1'], palette).states.map((e) => e.key)).toEqual([
      'free',
      'hypervisor',
      'overhead',
      'private',
      'shared',
      'zip',
    ]);
  });
});

describe('host map tooltip', () => {
  it('names the owner, the page range in pages and MiB, and the state breakdown', () => {
    const map = hostMap(
      ['db1'],
      [
        { owner: -1, pages: { free: 256 } },
        { owner: 0, pages: { private: 192, shared: 64 } },
      ],
      0,
      256,
    );
    const info = describeHostCell(map, 1);
    expect(info?.owner).toBe('db1');
    expect(info?.range).toBe('pages 256–511 · MiB 1.0–2.0');
    expect(info?.rows).toEqual([
      { key: 'private', label: 'Private', pages: 192, fraction: 0.75 },
      { key: 'shared', label: 'Shared (copy-on-write)', pages: 64, fraction: 0.25 },
    ]);
    expect(describeHostCell(map, 0)?.owner).toBe('no VM');
    expect(describeHostCell(map, 2)).toBeNull();
  });

  it('cuts the last cell at the end of the window', () => {
    const map = {
      ...hostMap(
        ['db1'],
        [
          { owner: 0, pages: { private: 10 } },
          { owner: 0, pages: { private: 3 } },
        ],
        100,
        10,
      ),
      pageCount: 13,
    };
    expect(describeHostCell(map, 1)?.range).toBe('pages 110–112 · MiB 0.430–0.441');
  });

  it('shows single pages when zoomed all the way in', () => {
    const map = hostMap(['db1'], [{ owner: 0, pages: { zip: 1 } }], 4242, 1);
    expect(describeHostCell(map, 0)?.range).toMatch(/^page 4,242 ·/);
  });
});
