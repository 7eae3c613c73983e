import type { LogLevel, LogLine, LogSource } from '../model/log-line';

/** Plain-data form of {@link EngineLog}. */
export interface EngineLogState {
  seq: number;
  pending: LogLine[];
}

/** The per-VM logs: lines wait here until drained. */
export class EngineLog {
  constructor(
    private seq = 0,
    private pending: LogLine[] = [],
  ) {}

  /** Set by the engine before each tick so callers need not pass the time. */
  tick = 0;
  timeS = 0;

  add(vm: string, source: LogSource, level: LogLevel, event: string, message: string): void {
    this.pending.push({
      seq: this.seq++,
      tick: this.tick,
      timeS: this.timeS,
      vm,
      source,
      level,
      event,
      message,
    });
  }

  drain(): LogLine[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  save(): EngineLogState {
    return { seq: this.seq, pending: this.pending.map((l) => ({ ...l })) };
  }

  static restore(s: EngineLogState): EngineLog {
    return new EngineLog(
      s.seq,
      s.pending.map((l) => ({ ...l })),
    );
  }
}
