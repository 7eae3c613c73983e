import { cellAt, gridLayout } from './grid-layout';
import type { GridLayout } from './grid-layout';

/** Height of a strip's label line, CSS pixels. */
export const stripLabelCssPx = 16;
const stripGapCssPx = 6;

export interface GuestMapLayout {
  /** The guest OS view on top, the hypervisor view below: same grid, so cells line up. */
  guest: GridLayout;
  hypervisor: GridLayout;
  /** Baselines of the strip labels, device pixels. */
  guestLabelY: number;
  hvLabelY: number;
}

function stripHeight(heightPx: number, dpr: number): number {
  return Math.max(1, Math.floor((heightPx - (2 * stripLabelCssPx + stripGapCssPx) * dpr) / 2));
}

/** Two aligned strips with a label above each, in device pixels. */
export function guestMapLayout(
  widthPx: number,
  heightPx: number,
  dpr: number,
  cells: number,
): GuestMapLayout {
  const label = stripLabelCssPx * dpr;
  const h = stripHeight(heightPx, dpr);
  const guest = gridLayout(0, label, widthPx, h, cells);
  const hvTop = label + h + stripGapCssPx * dpr + label;
  return {
    guest,
    hypervisor: { ...guest, y: hvTop },
    guestLabelY: label - 4 * dpr,
    hvLabelY: hvTop - 4 * dpr,
  };
}

/** Cells each strip of a canvas of this CSS size asks for. */
export function guestRequestedCells(
  widthCss: number,
  heightCss: number,
  requested: (w: number, h: number) => number,
): number {
  return requested(widthCss, stripHeight(heightCss, 1));
}

/** The cell under a point in either strip (both show the same PPNs), or -1. */
export function guestCellAt(layout: GuestMapLayout, x: number, y: number): number {
  const top = cellAt(layout.guest, x, y);
  return top >= 0 ? top : cellAt(layout.hypervisor, x, y);
}
