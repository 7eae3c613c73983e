import { estimateRun } from '../scenario/run-budget';
import type { Scenario } from '../scenario/scenario-schema';

/** Room beside the page state: the small state's own arrays, an index's references of a small host. */
const slackBytes = 64 * 1024 * 1024;

/**
 * Bytes the typed arrays of one checkpoint of a session of `scenario` may take once decoded: the
 * engine's page state by the run budget's upper estimate (which the session passed before it was
 * opened; a whole checkpoint of the older layout holds that state, a small state or an index far
 * less), plus 64 MiB. Arrays stored as runs claim their length, and a few bytes of a file can
 * claim gigabytes: past this bound the checkpoint is refused before anything is allocated.
 */
export function maxCheckpointArrayBytes(scenario: Scenario): number {
  return estimateRun(scenario).engineBytes + slackBytes;
}
