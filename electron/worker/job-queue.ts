import { CommandError } from './command-error';
import type { WorkerCommand, WorkerCommandType, WorkerReplyResult } from './worker-protocol';

/** Commands that act at once, even while a job is in progress (see worker-protocol.ts). */
export const immediateCommands: ReadonlySet<WorkerCommandType> = new Set<WorkerCommandType>([
  'load',
  'interrupt',
  'pause',
  'cancelRun',
  'setSpeed',
  'setView',
  // Read-only: the lab asks it while a step or load may run, and must not wait for them.
  'status',
]);

/** Wall time one slice of a job may take before the worker reads its messages again. */
export const jobSliceMs = 10;

/** A command that runs for a while: a load (replay) or a step. */
export interface JobSpec {
  kind: 'load' | 'step';
  /** Moves the job on until the wall-clock `deadline`; true once it is complete. */
  slice(deadline: number): boolean;
  /** The reply once the job is complete, or ended early (a step). */
  finish(): WorkerReplyResult;
}

interface ActiveJob extends JobSpec {
  resolve(result: WorkerReplyResult): void;
  reject(error: unknown): void;
}

interface Waiting {
  command: WorkerCommand;
  resolve(result: WorkerReplyResult): void;
  reject(error: unknown): void;
}

/**
 * The worker's one job at a time and the commands waiting for it. A job runs in slices of
 * {@link jobSliceMs} with a turn of the event loop between two, so a pause, an interrupt or a
 * new load is read within milliseconds however long the replay or step.
 */
export class JobQueue {
  private job: ActiveJob | null = null;
  private handle: ReturnType<typeof setImmediate> | null = null;
  private readonly waiting: Waiting[] = [];

  constructor(
    private readonly execute: (command: WorkerCommand) => Promise<WorkerReplyResult>,
    private readonly now: () => number,
    /** Called after every slice that did not complete its job (the runner reports progress). */
    private readonly afterSlice: (kind: JobSpec['kind']) => void,
  ) {}

  /** The kind of job in progress, or null. */
  get active(): JobSpec['kind'] | null {
    return this.job?.kind ?? null;
  }

  /** Runs `command` now, or after the job in progress (and the commands before it) when it must wait. */
  submit(command: WorkerCommand): Promise<WorkerReplyResult> {
    if (immediateCommands.has(command.type) || (this.job === null && this.waiting.length === 0))
      return this.execute(command);
    return new Promise((resolve, reject) => this.waiting.push({ command, resolve, reject }));
  }

  /** Starts `spec` (no job may be in progress); the promise settles when it is complete. */
  start(spec: JobSpec): Promise<WorkerReplyResult> {
    if (this.job !== null) throw new Error(`a ${this.job.kind} is already in progress`);
    return new Promise((resolve, reject) => {
      this.job = { ...spec, resolve, reject };
      this.schedule();
    });
  }

  /** Ends a step where it is (it replies now); a load goes on. */
  endStep(): void {
    if (this.job?.kind === 'step') this.complete(this.job);
  }

  /**
   * Ends whatever is in progress: a step replies where it is, a load is refused as cancelled
   * (`reason` says why). The commands waiting behind it are refused too: they were meant for
   * the run being replaced. True when a load was cancelled.
   */
  cancel(reason: string): boolean {
    const job = this.job;
    const waiting = this.waiting.splice(0);
    for (const w of waiting) w.reject(new CommandError('cancelled', reason));
    if (job === null) return false;
    if (job.kind === 'step') {
      this.complete(job);
      return false;
    }
    this.clear();
    job.reject(new CommandError('cancelled', reason));
    return true;
  }

  private schedule(): void {
    this.handle = setImmediate(() => this.runSlice());
  }

  private clear(): void {
    if (this.handle !== null) clearImmediate(this.handle);
    this.handle = null;
    this.job = null;
  }

  private runSlice(): void {
    this.handle = null;
    const job = this.job;
    if (job === null) return;
    let done: boolean;
    try {
      done = job.slice(this.now() + jobSliceMs);
    } catch (error) {
      this.clear();
      job.reject(error);
      this.drain();
      return;
    }
    if (done) {
      this.complete(job);
      return;
    }
    this.afterSlice(job.kind);
    this.schedule();
  }

  private complete(job: ActiveJob): void {
    this.clear();
    try {
      job.resolve(job.finish());
    } catch (error) {
      job.reject(error);
    }
    this.drain();
  }

  /** Runs the waiting commands in order until one of them starts a job. */
  private drain(): void {
    while (this.job === null && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      this.execute(next.command).then(next.resolve, next.reject);
    }
  }
}
