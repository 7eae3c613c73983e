import { SingleBar } from 'cli-progress';
import type { ProgressReporter } from './progress-bar';

/** `45s`, `12m05s`, `3h07m`; `--` for no estimate (cli-progress's 'NULL' and 'INF'). */
export function formatSeconds(t: unknown): string {
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) return '--';
  const s = Math.round(t);
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${two(s % 60)}s`;
  return `${Math.floor(s / 3600)}h${two(Math.floor((s % 3600) / 60))}m`;
}

/** A bar of runs done with an ETA on `stream` when it is a terminal; null otherwise. */
export function createSweepProgressBar(stream: NodeJS.WriteStream): ProgressReporter | null {
  if (stream.isTTY !== true) return null;
  const bar = new SingleBar({
    stream,
    format: 'sweep |{bar}| {percentage}% | {value}/{total} runs | ETA {eta_formatted}',
    barCompleteChar: '#',
    barIncompleteChar: '-',
    hideCursor: true,
    clearOnComplete: true,
    // Runs end a few at a time: average the ETA over the last ones, not just the latest.
    etaBuffer: 20,
    // Redraw every second even between runs so the ETA and elapsed time keep moving.
    etaAsynchronousUpdate: true,
    fps: 2,
    // Until a run has ended there is no rate to tell the time left by ('NULL', 'INF', 0).
    formatTime: formatSeconds,
  });
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
