import type { MainToWorker, WorkerToMain } from './worker-protocol';

/** How the engine process talks to the process that started it. */
export interface ParentChannel {
  send(message: WorkerToMain): void;
  onMessage(listener: (message: MainToWorker) => void): void;
}

/** process.parentPort of an Electron utility process (not in Node's typings). */
interface UtilityParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

/** The parts of `process` the channel uses. */
export interface ChildProcessSide {
  parentPort?: UtilityParentPort;
  send?: (message: unknown) => boolean;
  readonly connected?: boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  once(event: 'disconnect', listener: () => void): unknown;
  exit(code?: number): never;
}

/**
 * The channel to the parent: an Electron utility process has `process.parentPort`, a process
 * forked by Node has its IPC channel (`process.send`). When a Node parent goes away the channel
 * closes and this process ends: an engine nobody listens to must not keep running (Electron
 * ends its utility processes itself).
 */
export function parentChannel(
  proc: ChildProcessSide = process as unknown as ChildProcessSide,
): ParentChannel {
  const port = proc.parentPort;
  if (port !== undefined) {
    return {
      send: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => listener(event.data as MainToWorker)),
    };
  }
  const sendToParent = proc.send?.bind(proc);
  if (sendToParent === undefined)
    throw new Error('the engine worker must be started as a child process with an IPC channel');
  proc.once('disconnect', () => proc.exit(0));
  return {
    send: (message) => {
      // A parent that is gone cannot be told anything; 'disconnect' ends this process next.
      if (proc.connected === true) sendToParent(message);
    },
    onMessage: (listener) => proc.on('message', (message) => listener(message as MainToWorker)),
  };
}
