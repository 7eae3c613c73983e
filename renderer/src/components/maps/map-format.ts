/** 4 KiB pages per MiB. */
export const pagesPerMiB = 256;

const intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return intFormat.format(n);
}

/** Memory of `pages` pages, in the largest unit that keeps it readable. */
export function formatPagesAsMemory(pages: number): string {
  const mib = pages / pagesPerMiB;
  if (mib >= 1024) return `${(mib / 1024).toFixed(mib >= 10 * 1024 ? 1 : 2)} GiB`;
  if (mib >= 10) return `${mib.toFixed(0)} MiB`;
  if (mib >= 1) return `${mib.toFixed(1)} MiB`;
  return `${(pages * 4).toFixed(0)} KiB`;
}

/** "pages 256–511 · MiB 1.0–2.0": first and last page inclusive, and where they sit in MiB. */
export function formatPageRange(firstPage: number, pageCount: number): string {
  const last = firstPage + Math.max(1, pageCount) - 1;
  const pages =
    pageCount <= 1
      ? `page ${formatCount(firstPage)}`
      : `pages ${formatCount(firstPage)}–${formatCount(last)}`;
  const fromMiB = firstPage / pagesPerMiB;
  const toMiB = (firstPage + pageCount) / pagesPerMiB;
  const digits = toMiB - fromMiB < 1 ? 3 : 1;
  return `${pages} · MiB ${fromMiB.toFixed(digits)}–${toMiB.toFixed(digits)}`;
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction > 0 && fraction < 0.01 ? 1 : 0)}%`;
}

/** A cheap content hash of a map (FNV-1a), so tests and the DOM can tell maps apart. */
export function mapDigest(firstPage: number, pageCount: number, ...arrays: ArrayLike<number>[]): string {
  let h = 0x811c9dc5;
  const add = (v: number) => {
    h ^= v & 0xffff;
    h = Math.imul(h, 0x01000193);
    h ^= (v >>> 16) & 0xffff;
    h = Math.imul(h, 0x01000193);
  };
  add(firstPage);
  add(pageCount);
  for (const a of arrays) for (let i = 0; i < a.length; i += 1) add(a[i] ?? 0);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The header line of a map: what part of memory it shows and how coarse it is. */
export function windowLabel(
  map: { firstPage: number; pageCount: number; pagesPerCell: number },
  totalPages: number,
): string {
  const perCell = map.pagesPerCell === 1 ? '1 page/cell' : `${formatCount(map.pagesPerCell)} pages/cell`;
  if (map.firstPage === 0 && map.pageCount >= totalPages) {
    return `all ${formatPagesAsMemory(map.pageCount)} · ${perCell}`;
  }
  const last = map.firstPage + map.pageCount - 1;
  return `pages ${formatCount(map.firstPage)}–${formatCount(last)} of ${formatCount(totalPages)} (${formatPagesAsMemory(map.pageCount)}) · ${perCell}`;
}
