/** 4 KiB pages per MiB: the engine counts pages, configuration and display use MiB. */
export const pagesPerMiB = 256;

/** MiB to whole pages (rounded). */
export function mibToPages(mib: number): number {
  return Math.round(mib * pagesPerMiB);
}

/** Pages to MiB (exact, fractional). */
export function pagesToMiB(pages: number): number {
  return pages / pagesPerMiB;
}

/** Pages as MiB with one decimal, for log messages: `1536.0 MiB`. */
export function fmtMiB(pages: number): string {
  return `${pagesToMiB(pages).toFixed(1)} MiB`;
}
