import { utilityProcess } from 'electron';
import { TailBuffer, type EngineLauncher } from '../services/engine/engine-process';
import type { WorkerToMain } from '../worker/worker-protocol';

/**
 * The engine as an Electron utility process: a process of its own, so a fatal error there
 * (out of memory, a V8 size limit) never ends the app. Node's fork cannot be used in the
 * packaged app: it would start the app's own executable, which the runAsNode fuse keeps from
 * acting as Node. The entry talks back through process.parentPort (electron/worker/parent-channel.ts).
 */
const stderrDrainMs = 200;

export const utilityEngineProcess: EngineLauncher = (entryPath, options) => {
  const child = utilityProcess.fork(entryPath, [], {
    execArgv: [`--max-old-space-size=${Math.max(64, Math.floor(options.maxHeapMiB))}`],
    stdio: ['ignore', 'inherit', 'pipe'],
    serviceName: 'Balloon Lab engine',
  });
  const tail = new TailBuffer();
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => tail.add(chunk));
  let stderrEnded = child.stderr === null;
  child.stderr?.once('end', () => {
    stderrEnded = true;
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      if (!exited) child.postMessage(message);
    },
    onMessage(listener) {
      child.on('message', (message: WorkerToMain) => listener(message));
    },
    onExit(listener) {
      // The exit code only: Electron reports no signal. V8's own words come through stderr,
      // which may still be draining when 'exit' comes.
      child.once('exit', (code) => {
        let reported = false;
        const report = (): void => {
          if (reported) return;
          reported = true;
          listener({ code, signal: null, stderrTail: tail.value });
        };
        const stderr = child.stderr;
        if (stderr === null || stderrEnded) return report();
        stderr.once('end', report);
        setTimeout(report, stderrDrainMs);
      });
    },
    kill() {
      child.kill();
    },
  };
};
