import { totalmem } from 'node:os';
import { memoryBudgetOf, type RunBudget } from '../../../core/scenario/run-budget';

/**
 * What a run may take on this machine: half of its memory (see memoryBudgetOf) and the
 * default time bound. `keepsHistory`: the app keeps every trace sample in memory for its
 * charts and exports; the CLI streams them to disk.
 */
export function machineRunBudget(keepsHistory: boolean): RunBudget {
  return { ...memoryBudgetOf(totalmem()), keepsHistory };
}
