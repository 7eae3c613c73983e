import { SingleBar } from 'cli-progress';

export interface ProgressReporter {
  update(doneS: number, totalS: number): void;
  stop(): void;
}

/** A progress bar on `stream` when it is a terminal; null otherwise (pipes and files get no bar). */
export function createProgressBar(stream: NodeJS.WriteStream): ProgressReporter | null {
  if (stream.isTTY !== true) return null;
  const bar = new SingleBar({
    stream,
    format: 'simulating |{bar}| {percentage}% | {value}/{total} s | ETA {eta_formatted}',
    barCompleteChar: '#',
    barIncompleteChar: '-',
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
  });
  let started = false;
  return {
    update(doneS, totalS) {
      if (!started) {
        bar.start(Math.round(totalS), 0);
        started = true;
      }
      bar.update(Math.round(doneS));
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
