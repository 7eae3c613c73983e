/**
 * Bounds of a scenario, chosen so that any scenario the schema accepts can be held and
 * stepped by the engine in bounded memory and time. The page-accurate engine keeps a few
 * bytes per 4 KiB page of the host and of every VM, and indexes pages with 32-bit integers;
 * its work per tick grows with the pages it holds. What still depends on the machine (how
 * much memory it has) is checked before a run by runBudgetIssues (run-budget.ts).
 */

/** Longest simulated run in seconds: 30 days. */
export const maxDurationS = 30 * 24 * 3600;

/**
 * Most ticks of one run: 30 days at the default 1 s tick (2,592,000). A shorter tick gives
 * a shorter longest run (3 days at 100 ms), so a run or a replay always ends.
 */
export const maxRunTicks = 30 * 24 * 3600;

/** Largest host: 4 TiB, 2^30 pages of 4 KiB, so page numbers stay well inside 32 bits. */
export const maxHostMemoryMiB = 4 * 1024 * 1024;

/** Largest VM: 4 TiB (also the largest amount any MiB field of a VM or workload may name). */
export const maxVmMemoryMiB = 4 * 1024 * 1024;

/** Configured memory of all VMs together may be at most this many times the host's memory. */
export const maxOvercommitRatio = 4;

/** Most VMs in one scenario. */
export const maxVms = 512;

/** Most scheduled events in one scenario (and live interventions in one session). */
export const maxEvents = 100_000;

/** Most samples of one trace workload. */
export const maxTraceSamples = 100_000;

/**
 * Most trace samples and phases of all workloads of a scenario together (VMs and events; in
 * a session, its live interventions too). Even written with every number at full precision
 * this keeps a session file well under its 64 MiB limit.
 */
export const maxWorkloadPoints = 500_000;

/** Longest period, delay or time a scenario field may name, seconds (the longest run). */
export const maxTimeS = maxDurationS;

/** Slowest disk, swap or decompression latency per page, microseconds (10 s). */
export const maxLatencyUs = 10_000_000;

/** Highest free-memory threshold, percent of minFree (ESXi itself uses up to 400). */
export const maxThresholdPct = 10_000;
