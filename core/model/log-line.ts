/** Who wrote a log line: the balloon driver, the memory monitor, the hypervisor, or the guest kernel (OOM killer). */
export const logSources = ['driver', 'monitor', 'hypervisor', 'guest'] as const;
export type LogSource = (typeof logSources)[number];
export const logLevels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof logLevels)[number];

/** One line of a VM's driver log (vm is '' for host-wide lines). */
export interface LogLine {
  /** Monotonic sequence number, unique within a run. */
  seq: number;
  tick: number;
  timeS: number;
  vm: string;
  source: LogSource;
  level: LogLevel;
  /** Short machine-readable kind, e.g. 'inflate', 'target', 'admission-failed'. */
  event: string;
  message: string;
}
