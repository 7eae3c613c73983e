// Runs the TypeScript engine worker in tests and benchmarks without a prior build: the
// worker thread registers tsx first, then loads the real entry.
import { register } from 'tsx/esm/api';

register();
await import('../../../electron/worker/engine-worker.ts');
