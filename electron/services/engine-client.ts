import { Worker } from 'node:worker_threads';
import type {
  MainToWorker,
  WorkerCommand,
  WorkerErrorPayload,
  WorkerProgress,
  WorkerReplyResult,
  WorkerToMain,
  WorkerUpdate,
} from '../worker/worker-protocol';

export interface EngineClientHandlers {
  onUpdate(update: WorkerUpdate): void;
  onProgress(progress: WorkerProgress): void;
  /** The worker died without being asked to (crash, out of memory, killed). */
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

/** Main-thread handle of one engine worker: typed requests, updates, and death detection. */
export class EngineClient {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private deathReason: string | null = null;
  private disposing = false;
  private exited = false;

  private constructor(
    private readonly worker: Worker,
    private readonly handlers: EngineClientHandlers,
  ) {
    worker.on('message', (message: WorkerToMain) => this.receive(message));
    worker.on('error', (error: Error) => {
      const code = (error as { code?: string }).code;
      this.deathReason =
        code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `the engine ran out of memory (${error.message})`
          : `the engine crashed: ${error.message}`;
    });
    worker.on('exit', (exitCode) => this.exit(exitCode));
  }

  /** Starts a worker from `workerPath` and resolves once it is ready for commands. */
  static start(workerPath: string, handlers: EngineClientHandlers): Promise<EngineClient> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(workerPath);
      const early = (error: Error): void =>
        reject(new Error(`engine worker failed to start: ${error.message}`));
      worker.once('error', early);
      worker.once('exit', (code) => reject(new Error(`engine worker exited during start (code ${code})`)));
      worker.once('message', (message: WorkerToMain) => {
        if (message.kind !== 'ready') {
          reject(new Error(`engine worker sent ${message.kind} before ready`));
          return;
        }
        worker.removeAllListeners('error');
        worker.removeAllListeners('exit');
        resolve(new EngineClient(worker, handlers));
      });
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  get threadId(): number {
    return this.worker.threadId;
  }

  request(command: WorkerCommand): Promise<WorkerReplyResult> {
    if (this.exited) return Promise.reject(new WorkerCommandError('dead', 'the engine is restarting'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ kind: 'request', id, command });
    });
  }

  /** Grants the worker one frame credit: its next update carries maps. */
  wantFrame(): void {
    if (!this.exited) this.post({ kind: 'wantFrame' });
  }

  /** Terminates the worker as a crash would (reported through onDeath). */
  async kill(reason = 'the engine worker was killed'): Promise<void> {
    this.deathReason = reason;
    await this.worker.terminate();
  }

  /** Stops the worker on purpose (no onDeath). */
  async dispose(): Promise<void> {
    this.disposing = true;
    await this.worker.terminate();
  }

  private post(message: MainToWorker): void {
    this.worker.postMessage(message);
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

  private exit(exitCode: number): void {
    this.exited = true;
    const reason = this.deathReason ?? `the engine worker exited unexpectedly (code ${exitCode})`;
    for (const pending of this.pending.values()) pending.reject(new WorkerCommandError('dead', reason));
    this.pending.clear();
    if (!this.disposing) this.handlers.onDeath(reason);
  }
}
