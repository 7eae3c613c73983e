import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';

interface ForkOptions {
  execArgv?: string[];
  stdio?: string[];
  serviceName?: string;
}

/**
 * Electron's utilityProcess played by a Node child process (the Electron binary cannot run
 * here): fork(), postMessage(), 'message', 'exit' with a code, stderr when piped, kill().
 * The engine entry then talks through its IPC channel instead of process.parentPort.
 */
export class FakeUtilityProcess extends EventEmitter {
  static forks: { modulePath: string; args: string[]; options: ForkOptions }[] = [];
  readonly stdout = null;
  readonly stderr: NodeJS.ReadableStream | null;
  private readonly child: ChildProcess;

  static fork(modulePath: string, args: string[] = [], options: ForkOptions = {}): FakeUtilityProcess {
    FakeUtilityProcess.forks.push({ modulePath, args, options });
    return new FakeUtilityProcess(modulePath, args, options);
  }

  private constructor(modulePath: string, args: string[], options: ForkOptions) {
    super();
    const piped = options.stdio?.[2] === 'pipe';
    this.child = fork(modulePath, args, {
      execArgv: options.execArgv ?? [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', piped ? 'pipe' : 'inherit', 'ipc'],
    });
    this.stderr = this.child.stderr;
    this.child.on('message', (message) => this.emit('message', message));
    // Electron reports the exit code from waitpid; a signal shows as a code there too.
    this.child.on('exit', (code, signal) => this.emit('exit', code ?? (signal === null ? 0 : 128 + 9)));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  postMessage(message: unknown): void {
    this.child.send(message as object);
  }

  kill(): boolean {
    return this.child.kill('SIGTERM');
  }
}
