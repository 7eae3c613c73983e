import { guestPageClasses, hostPageStates, hvPageStates } from '../../../../core/model/memory-maps';
import type {
  GuestMap,
  GuestPageClass,
  HostMap,
  HostPageState,
  HvPageState,
} from '../../../../core/model/memory-maps';

export interface HostCellSpec {
  owner: number;
  pages: Partial<Record<HostPageState, number>>;
}

/** A host map from per-cell specs; pagesPerCell is the largest cell's page count. */
export function hostMap(
  vmIds: string[],
  cells: HostCellSpec[],
  firstPage = 0,
  pagesPerCell?: number,
): HostMap {
  const n = hostPageStates.length;
  const counts = new Uint32Array(cells.length * n);
  const owner = new Int16Array(cells.length);
  let maxPages = 1;
  cells.forEach((c, i) => {
    owner[i] = c.owner;
    let total = 0;
    hostPageStates.forEach((s, k) => {
      counts[i * n + k] = c.pages[s] ?? 0;
      total += c.pages[s] ?? 0;
    });
    maxPages = Math.max(maxPages, total);
  });
  const ppc = pagesPerCell ?? maxPages;
  return {
    firstPage,
    pageCount: ppc * cells.length,
    pagesPerCell: ppc,
    cells: cells.length,
    vmIds,
    counts,
    owner,
  };
}

export function guestMap(
  vm: string,
  cells: { guest: Partial<Record<GuestPageClass, number>>; hv: Partial<Record<HvPageState, number>> }[],
  pagesPerCell: number,
  guestSwappedPages = 0,
): GuestMap {
  const g = guestPageClasses.length;
  const h = hvPageStates.length;
  const guestCounts = new Uint32Array(cells.length * g);
  const hvCounts = new Uint32Array(cells.length * h);
  cells.forEach((c, i) => {
    guestPageClasses.forEach((k, j) => (guestCounts[i * g + j] = c.guest[k] ?? 0));
    hvPageStates.forEach((k, j) => (hvCounts[i * h + j] = c.hv[k] ?? 0));
  });
  return {
    vm,
    firstPage: 0,
    pageCount: pagesPerCell * cells.length,
    pagesPerCell,
    cells: cells.length,
    guestCounts,
    hvCounts,
    guestSwappedPages,
    largePagePages: 0,
  };
}
