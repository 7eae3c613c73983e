import type { WorkerCommand } from './worker-protocol';

/** Commands that leave the run and its checkpoints as they are (a gap being filled goes on). */
export const keepsGaps: ReadonlySet<WorkerCommand['type']> = new Set([
  'setView',
  'digest',
  'status',
  'seek',
  'head',
  'pause',
]);

/** Commands that move the run on: refused while a past tick is shown. */
export const movesRun: ReadonlySet<WorkerCommand['type']> = new Set(['play', 'runToEnd', 'step', 'apply']);
