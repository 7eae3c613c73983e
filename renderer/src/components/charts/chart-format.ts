/** MiB on an axis: GiB once the numbers get long, without trailing zeros. */
export function formatAxisMiB(mib: number): string {
  if (Math.abs(mib) >= 1024) return `${Number((mib / 1024).toFixed(2))} GiB`;
  return `${Math.round(mib)} MiB`;
}

export function formatMiB(mib: number): string {
  if (!Number.isFinite(mib)) return '–';
  if (Math.abs(mib) >= 1024) return `${(mib / 1024).toFixed(2)} GiB`;
  return `${mib.toFixed(mib < 10 ? 1 : 0)} MiB`;
}

/**
 * Axis ticks for memory at power-of-two steps (64 MiB, 128 MiB, ..., 1 GiB, 2 GiB, ...)
 * so that labels read "2 GiB", never "1.95 GiB".
 */
export function memoryTicks(minMiB: number, maxMiB: number, maxCount = 7): number[] {
  const lo = Math.min(minMiB, maxMiB);
  const hi = Math.max(minMiB, maxMiB);
  const span = Math.max(hi - lo, 1);
  let step = 1;
  while (span / step > maxCount - 1) step *= 2;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) ticks.push(v);
  return ticks;
}

/**
 * Power-of-two MiB ticks for a logarithmic memory axis (64 MiB, 128 MiB, ...), thinned to at
 * most `maxCount` so that labels never crowd.
 */
export function log2MemoryTicks(minMiB: number, maxMiB: number, maxCount = 7): number[] {
  const lo = Math.max(Math.min(minMiB, maxMiB), 1 / 1024);
  const hi = Math.max(minMiB, maxMiB, lo);
  const first = Math.ceil(Math.log2(lo));
  const last = Math.floor(Math.log2(hi));
  const count = last - first + 1;
  if (count <= 0) return [];
  const every = Math.max(1, Math.ceil(count / maxCount));
  const ticks: number[] = [];
  for (let e = last; e >= first; e -= every) ticks.unshift(2 ** e);
  return ticks;
}

const clockSteps = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400,
];

/** Time axis ticks at clock-friendly steps (10 s, 1 min, 15 min, 1 h, ...) inside [minS, maxS]. */
export function timeTicks(minS: number, maxS: number, maxCount = 8): number[] {
  const lo = Math.min(minS, maxS);
  const hi = Math.max(minS, maxS);
  const span = Math.max(hi - lo, 1);
  let step = clockSteps.find((s) => span / s <= maxCount - 1) ?? 86_400;
  while (span / step > maxCount - 1) step *= 2;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) ticks.push(v);
  return ticks;
}
