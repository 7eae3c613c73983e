import type {
  WorkerCommand,
  WorkerErrorPayload,
  WorkerProgress,
  WorkerReplyResult,
  WorkerToMain,
  WorkerUpdate,
} from '../../worker/worker-protocol';
import type { EngineExit, EngineLauncher, EngineLaunchOptions, EngineProcess } from './engine-process';

export interface EngineClientHandlers {
  onUpdate(update: WorkerUpdate): void;
  onProgress(progress: WorkerProgress): void;
  /** The engine process died without being asked to (crash, out of memory, killed). */
  onDeath(reason: string): void;
}

/** The worker refused or failed a command; `code` as sent by the worker. */
export class WorkerCommandError extends Error {
  constructor(
    readonly code: WorkerErrorPayload['code'] | 'dead',
    message: string,
  ) {
    super(message);
    this.name = 'WorkerCommandError';
  }
}

interface Pending {
  resolve(result: WorkerReplyResult): void;
  reject(error: Error): void;
}

const startTimeoutMs = 30_000;

/** V8's own words for a fatal error ("FATAL ERROR: ... heap out of memory", "Fatal JavaScript invalid size error"). */
const fatalPattern = /^(FATAL ERROR:.*|Fatal JavaScript .*|Fatal process out of memory.*)$/;

/** The line of a V8 fatal error report that says what happened, if stderr holds one. */
function fatalLine(stderr: string): string | null {
  for (const raw of stderr.split(/\r?\n/)) {
    const line = raw.replace(/^#\s*/, '').trim();
    if (fatalPattern.test(line)) return line.slice(0, 300);
  }
  return null;
}

/** Why an engine process ended, in words for a notice. */
export function describeEngineExit(exit: EngineExit): string {
  const fatal = fatalLine(exit.stderrTail);
  if (fatal !== null && /out of memory|heap limit/i.test(fatal))
    return `the engine ran out of memory (${fatal})`;
  if (fatal !== null) return `the engine hit a fatal error (${fatal})`;
  if (exit.signal !== null) return `the engine process was killed (${exit.signal})`;
  return `the engine process exited unexpectedly (code ${exit.code ?? 'unknown'})`;
}

/** Main-process handle of one engine process: typed requests, updates, and death detection. */
export class EngineClient {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private deathReason: string | null = null;
  private disposing = false;
  private exited = false;
  private readonly ended: Promise<void>;

  private constructor(
    private readonly process: EngineProcess,
    private readonly handlers: EngineClientHandlers,
    exited: Promise<EngineExit>,
  ) {
    process.onMessage((message) => this.receive(message));
    this.ended = exited.then((exit) => this.exit(exit));
  }

  /** Starts an engine process from `entryPath` and resolves once it is ready for commands. */
  static start(
    launch: EngineLauncher,
    entryPath: string,
    options: EngineLaunchOptions,
    handlers: EngineClientHandlers,
  ): Promise<EngineClient> {
    return new Promise((resolve, reject) => {
      const child = launch(entryPath, options);
      let started = false;
      const exited = new Promise<EngineExit>((settle) => child.onExit(settle));
      const timer = setTimeout(() => {
        if (started) return;
        child.kill();
        reject(new Error(`the engine process did not start within ${startTimeoutMs / 1000} s`));
      }, startTimeoutMs);
      void exited.then((exit) => {
        if (started) return;
        clearTimeout(timer);
        reject(new Error(`the engine process failed to start: ${describeEngineExit(exit)}`));
      });
      child.onMessage((message) => {
        if (started) return;
        if (message.kind !== 'ready') {
          child.kill();
          reject(new Error(`the engine process sent ${message.kind} before ready`));
          return;
        }
        started = true;
        clearTimeout(timer);
        resolve(new EngineClient(child, handlers, exited));
      });
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** The engine's process id (tests kill it to play a crash). */
  get pid(): number | undefined {
    return this.process.pid;
  }

  request(command: WorkerCommand): Promise<WorkerReplyResult> {
    if (this.exited) return Promise.reject(new WorkerCommandError('dead', 'the engine is restarting'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.process.send({ kind: 'request', id, command });
    });
  }

  /** Grants the worker one frame credit: its next update carries maps. */
  wantFrame(): void {
    if (!this.exited) this.process.send({ kind: 'wantFrame' });
  }

  /** Kills the process as a crash would (reported through onDeath with `reason`). */
  async kill(reason = 'the engine process was killed'): Promise<void> {
    this.deathReason = reason;
    this.process.kill();
    await this.ended;
  }

  /** Stops the process on purpose (no onDeath). */
  async dispose(): Promise<void> {
    this.disposing = true;
    if (!this.exited) this.process.kill();
    await this.ended;
  }

  private receive(message: WorkerToMain): void {
    switch (message.kind) {
      case 'reply': {
        const pending = this.pending.get(message.id);
        if (pending === undefined) return;
        this.pending.delete(message.id);
        if (message.ok) pending.resolve(message.result);
        else pending.reject(new WorkerCommandError(message.error.code, message.error.message));
        return;
      }
      case 'update':
        this.handlers.onUpdate(message);
        return;
      case 'progress':
        this.handlers.onProgress(message);
        return;
      case 'ready':
        return;
    }
  }

  private exit(exit: EngineExit): void {
    this.exited = true;
    const reason = this.deathReason ?? describeEngineExit(exit);
    for (const pending of this.pending.values()) pending.reject(new WorkerCommandError('dead', reason));
    this.pending.clear();
    if (!this.disposing) this.handlers.onDeath(reason);
  }
}
