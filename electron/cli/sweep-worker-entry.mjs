// The module each sweep pool thread loads (electron/cli/sweep-pool.ts). A worker thread does not
// inherit the TypeScript loader the CLI was started with (bin/balloon-lab.mjs registers tsx in its
// own thread only), so it registers tsx itself before importing the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./sweep-worker.ts');

export const runSweepTask = worker.runSweepTask;
