// Runs the TypeScript engine entry in tests and benchmarks without a prior build: the engine
// process registers tsx first, then loads the real entry.
import { register } from 'tsx/esm/api';

register();
await import('../../../electron/worker/engine-worker.ts');
