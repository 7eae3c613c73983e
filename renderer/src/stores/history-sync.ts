import type { LogLine } from '../../../core/model/log-line';
import type { Frame, TraceSample } from '../../../core/lab-api/lab-api-contract';
import { labApi } from '../api/lab-api';
import { describeError } from '../api/describe-error';
import { askUntilRead } from '../api/ask-until-read';
import { useFrameStore } from './frame-store';
import { useHistoryStore } from './history-store';
import { useLogStore } from './log-store';
import { useNoticeStore } from './notice-store';

/** Samples per series requested when the charts are rebuilt from the Node side's history. */
const historyPoints = 2000;

/**
 * Keeps the frame, history and log stores in step with the Node side: pushed frames go
 * straight in, and a rebuild (new, open, reset, restart) reloads history and log while
 * holding back what frames bring meanwhile, so nothing is shown twice or lost.
 */
export class HistorySync {
  private lastSampleTimeS = Number.NEGATIVE_INFINITY;
  private buffer: { samples: TraceSample[]; log: LogLine[] } | null = null;

  private appendSamples(samples: readonly TraceSample[]): void {
    const fresh = samples.filter((s) => s.timeS > this.lastSampleTimeS);
    if (fresh.length === 0) return;
    this.lastSampleTimeS = fresh[fresh.length - 1]!.timeS;
    useHistoryStore().append(fresh);
  }

  /** Hands one pushed frame to the frame, history and log stores. */
  applyFrame(frame: Frame): void {
    useFrameStore().applyFrame(frame);
    if (this.buffer !== null) {
      this.buffer.samples.push(...frame.samples);
      this.buffer.log.push(...frame.log);
      return;
    }
    this.appendSamples(frame.samples);
    useLogStore().append(frame.log);
  }

  /** Starts charts, maps and logs over from the Node side's history. */
  async rebuild(): Promise<void> {
    const history = useHistoryStore();
    const log = useLogStore();
    useFrameStore().reset();
    history.reset();
    log.reset();
    this.lastSampleTimeS = Number.NEGATIVE_INFINITY;
    const buffer: { samples: TraceSample[]; log: LogLine[] } = { samples: [], log: [] };
    this.buffer = buffer;
    try {
      // One after the other, each on its own: the log is asked for once the charts' samples are
      // read, and one that is refused does not take the other with it.
      const h = await askUntilRead(() => labApi.getHistory({ maxPoints: historyPoints })).catch(
        (error: unknown) => {
          useNoticeStore().push('warn', `Could not load the run's charts: ${describeError(error)}`);
          return null;
        },
      );
      // A newer rebuild started meanwhile: its answer wins.
      if (this.buffer !== buffer) return;
      if (h !== null) {
        history.replace(h);
        this.lastSampleTimeS = h.timeS[h.timeS.length - 1] ?? Number.NEGATIVE_INFINITY;
      }
      const l = await askUntilRead(() => labApi.getLog({ vm: null })).catch((error: unknown) => {
        useNoticeStore().push('warn', `Could not load the run's log: ${describeError(error)}`);
        return null;
      });
      if (this.buffer !== buffer) return;
      if (l !== null) log.append(l.lines);
    } finally {
      if (this.buffer === buffer) {
        this.buffer = null;
        this.appendSamples(buffer.samples);
        log.append(buffer.log);
      }
    }
  }
}
