/**
 * ESXi's sliding-scale minFree in MiB for a host managing `memoryMiB`: 6% of the first
 * 4 GiB, 4% of the next 8 GiB, 2% of the next 16 GiB and 1% of the remainder
 * (VMware vSphere 6 resource management; 130607 MiB gives 1920.5 MiB).
 */
export function minFreeMiB(memoryMiB: number): number {
  const bands: ReadonlyArray<readonly [sizeMiB: number, fraction: number]> = [
    [4096, 0.06],
    [8192, 0.04],
    [16384, 0.02],
    [Infinity, 0.01],
  ];
  let rest = Math.max(0, memoryMiB);
  let total = 0;
  for (const [size, fraction] of bands) {
    const part = Math.min(rest, size);
    total += part * fraction;
    rest -= part;
    if (rest <= 0) break;
  }
  return total;
}
