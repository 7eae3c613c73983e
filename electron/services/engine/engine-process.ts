import { fork } from 'node:child_process';
import type { MainToWorker, WorkerToMain } from '../../worker/worker-protocol';

/** How an engine process ended: an exit code, or the signal that killed it. */
export interface EngineExit {
  code: number | null;
  signal: string | null;
  /** The last lines it wrote to stderr (a V8 fatal error says what happened there), or ''. */
  stderrTail: string;
}

/**
 * A running engine process, whichever way it was started: Node's child_process.fork (the
 * bridge, tests) or Electron's utilityProcess (the desktop app, see electron/main).
 */
export interface EngineProcess {
  readonly pid: number | undefined;
  send(message: MainToWorker): void;
  onMessage(listener: (message: WorkerToMain) => void): void;
  /** Called once, when the process has ended for whatever reason. */
  onExit(listener: (exit: EngineExit) => void): void;
  /** Ends the process at once (SIGKILL): a hung or runaway engine gets no say. */
  kill(): void;
}

export interface EngineLaunchOptions {
  /** Bound of the engine's JavaScript heap (V8 --max-old-space-size), MiB. */
  maxHeapMiB: number;
}

/** Starts the engine entry at `entryPath` in a new process. */
export type EngineLauncher = (entryPath: string, options: EngineLaunchOptions) => EngineProcess;

const stderrTailChars = 4096;

/** Keeps the end of a child's stderr, for the crash report. */
export class TailBuffer {
  private text = '';

  add(chunk: string): void {
    this.text = (this.text + chunk).slice(-stderrTailChars);
  }

  get value(): string {
    return this.text;
  }
}

/**
 * The engine in a Node child process with an IPC channel ('advanced' serialization, so typed
 * arrays of samples cross as they are). Its heap is bounded, and whatever kills it (out of
 * memory, a V8 fatal error, SIGKILL) ends only that process.
 */
export const forkEngineProcess: EngineLauncher = (entryPath, options) => {
  const child = fork(entryPath, [], {
    execArgv: [`--max-old-space-size=${Math.max(64, Math.floor(options.maxHeapMiB))}`],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  const tail = new TailBuffer();
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => tail.add(chunk));
  // A failed spawn (missing node binary) is followed by 'close' too; nothing to add here.
  child.on('error', (error) => tail.add(`\n${error.message}\n`));
  return {
    pid: child.pid,
    send(message) {
      if (child.connected) child.send(message);
    },
    onMessage(listener) {
      child.on('message', (message) => listener(message as WorkerToMain));
    },
    onExit(listener) {
      // 'close' comes after stderr is drained, so the tail holds the fatal error's text.
      child.once('close', (code, signal) => listener({ code, signal, stderrTail: tail.value }));
    },
    kill() {
      child.kill('SIGKILL');
    },
  };
};
