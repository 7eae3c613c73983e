import { EngineRunner } from './engine-runner';
import { CommandError } from './command-error';
import { parentChannel } from './parent-channel';
import type { MainToWorker, WorkerToMain } from './worker-protocol';

// Entry of the engine process (out/main/engine-worker.mjs): the Engine runs in a process of its
// own, so a fatal error in it (out of memory, a V8 size limit) ends this process, never the
// app's. Forked by Node (the bridge, tests) or as an Electron utility process (the desktop app).
const channel = parentChannel();
const send = (message: WorkerToMain): void => channel.send(message);
const runner = new EngineRunner(send);

channel.onMessage((message: MainToWorker) => {
  if (message.kind === 'wantFrame') {
    runner.wantFrame();
    return;
  }
  const { id } = message;
  runner.handle(message.command).then(
    (result) => send({ kind: 'reply', id, ok: true, result }),
    (error: unknown) => {
      const code = error instanceof CommandError ? error.code : 'internal';
      const text = error instanceof Error ? error.message : String(error);
      send({ kind: 'reply', id, ok: false, error: { code, message: text } });
    },
  );
});

send({ kind: 'ready' });
