/** Per-tick event counts of one VM (indices into its stats array), reset every tick. */
export const ST_SWAP_IN = 0;
export const ST_SWAP_OUT = 1;
export const ST_DECOMPRESS = 2;
export const ST_COMPRESS = 3;
export const ST_GUEST_SWAP_IN = 4;
export const ST_GUEST_SWAP_OUT = 5;
export const ST_DOUBLE_PAGING = 6;
/** Allocations refused because the VM is above target in the low state. */
export const ST_BLOCKED = 7;
export const ST_COW = 8;
export const ST_SHARED = 9;
export const ST_INFLATED = 10;
export const ST_DEFLATED = 11;
/** Page-cache misses: file pages of the workload's file set read back from the virtual disk. */
export const ST_CACHE_MISS = 12;
/** Large pages the host broke into small pages. */
export const ST_LARGE_BREAK = 13;
export const ST_COUNT = 14;

/** Accumulators for aggregated hypervisor log lines (same indices), flushed every balance period. */
export function newStats(): Float64Array {
  return new Float64Array(ST_COUNT);
}
