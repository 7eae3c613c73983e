/** vmw_balloon's adaptive sleeping-allocation rate bounds, pages per second. */
export const RATE_ALLOC_MIN = 512;
export const RATE_ALLOC_MAX = 2048;
/** Increase of the sleeping rate per multiple of the rate allocated in one cycle. */
export const RATE_ALLOC_INC = 16;
/** Allocations without sleeping (guest has free pages), pages per second. */
export const NOSLEEP_ALLOC_MAX = 16384;
/** Deflation, pages per second. */
export const RATE_FREE = 16384;
/** Cycles of sleeping allocation after a non-sleeping allocation failed. */
export const SLOW_CYCLES = 4;
/**
 * Cap of a 'slow' driver (a guest starved of CPU, or throttled tools), pages per second in
 * either direction: 256 pages = 1 MiB/s, a sixteenth of the normal deflate rate.
 */
export const SLOW_DRIVER_PAGES_PER_S = 256;
/** A stuck driver is reported again after this many polls without progress. */
export const STUCK_REPORT_POLLS = 300;
/** Inflate/deflate progress is logged at most once per this many polls. */
export const LOG_EVERY_POLLS = 10;

/** The balloon driver's own state (vmw_balloon's b->rate_alloc etc.) plus log aggregation. */
export interface DriverState {
  rateAlloc: number;
  slowCycles: number;
  /** Last tick the balloon moved toward its target; -1 if never. */
  progressTick: number;
  /** Target last reported in the log (pages), -1 before the first. */
  loggedTarget: number;
  /** Direction being aggregated for the log: 1 inflate, -1 deflate, 0 none. */
  logDir: number;
  logPages: number;
  logPolls: number;
  logFailures: number;
  /** Sleeping rate before the first failure of the current log window. */
  logRateBefore: number;
  logNoSleep: number;
  logSleep: number;
  stuckPolls: number;
  /** Xen balloon driver: no inflation before this tick after a failed allocation; -1 when not backing off. */
  backoffUntilTick: number;
  /** Xen balloon driver: the current back-off delay, seconds (doubles up to 32 s, back to 1 s on success). */
  backoffS: number;
  /** Pages short in the last failed allocation of the current log window (the fast models log it). */
  logShortPages: number;
  /** virtio free page reporting: tick of the last report; -1 before the first. */
  reportTick: number;
}

export function newDriverState(): DriverState {
  return {
    rateAlloc: RATE_ALLOC_MAX,
    slowCycles: 0,
    progressTick: -1,
    loggedTarget: -1,
    logDir: 0,
    logPages: 0,
    logPolls: 0,
    logFailures: 0,
    logRateBefore: RATE_ALLOC_MAX,
    logNoSleep: 0,
    logSleep: 0,
    stuckPolls: 0,
    backoffUntilTick: -1,
    backoffS: 1,
    logShortPages: 0,
    reportTick: -1,
  };
}
