import type { WorldVersion } from '../../core/engine/world-version';
import type { CheckpointFileParts } from './checkpoint-file';
import type { Picked } from './checkpoint-file-plan';

/**
 * The parts of the last save and the checkpoints it was asked for, so that a save of the same
 * checkpoints within the same budget (the Save after the autosave of a run that stopped, or Save
 * pressed twice) is the same file at once: picked anew, an hour of datacenter-2x took 3 to 12 s
 * and came out different. The checkpoints are held weakly: the run may drop them meanwhile.
 */
export class LastSave {
  private last: {
    versions: WeakRef<WorldVersion>[];
    budgetBytes: number;
    parts: CheckpointFileParts;
  } | null = null;

  /** The parts saved last, if they were of exactly `kept` within `budgetBytes`; else null. */
  of(kept: readonly Picked[], budgetBytes: number): CheckpointFileParts | null {
    const last = this.last;
    if (last === null || last.budgetBytes !== budgetBytes || last.versions.length !== kept.length)
      return null;
    return last.versions.every((v, i) => v.deref() === kept[i]!.version) ? last.parts : null;
  }

  remember(kept: readonly Picked[], budgetBytes: number, parts: CheckpointFileParts): void {
    this.last = { versions: kept.map((k) => new WeakRef(k.version)), budgetBytes, parts };
  }

  forget(): void {
    this.last = null;
  }
}
