// Why the engine is not a worker thread: a worker thread with resource limits that hits
// `argv[2]` ('heap' or 'size') is started here, and this process prints 'survived' only if
// the failure stayed inside the thread.
import { Worker } from 'node:worker_threads';

const kind = process.argv[2];
const body =
  kind === 'heap'
    ? 'const hoard = []; for (;;) hoard.push({ filler: new Array(1024).fill(hoard.length) });'
    : 'const cells = []; for (;;) cells.push(1);';
const worker = new Worker(body, {
  eval: true,
  resourceLimits: { maxOldGenerationSizeMb: kind === 'heap' ? 64 : 4096 },
});
worker.on('error', (error) => console.log(`worker error: ${error.code ?? error.message}`));
worker.on('exit', () => console.log('survived'));
