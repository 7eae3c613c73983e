import { parentPort } from 'node:worker_threads';
import { CommandError, EngineRunner } from './engine-runner';
import type { MainToWorker, WorkerToMain } from './worker-protocol';

// worker_threads entry (out/main/engine-worker.mjs): the Engine lives here so the main
// process's event loop never runs a simulation step.
const port = parentPort;
if (port === null) throw new Error('engine-worker must run in a worker thread');

const send = (message: WorkerToMain, transfer?: ArrayBuffer[]): void =>
  port.postMessage(message, transfer ?? []);
const runner = new EngineRunner(send);

port.on('message', (message: MainToWorker) => {
  if (message.kind === 'wantFrame') {
    runner.wantFrame();
    return;
  }
  try {
    const result = runner.handle(message.command);
    send({ kind: 'reply', id: message.id, ok: true, result });
  } catch (error) {
    const code = error instanceof CommandError ? error.code : 'internal';
    const text = error instanceof Error ? error.message : String(error);
    send({ kind: 'reply', id: message.id, ok: false, error: { code, message: text } });
  }
});

send({ kind: 'ready' });
