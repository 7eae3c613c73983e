// The run helpers moved to core/validation, where the published experiments use them too.
export { meanOver, perfOver, runScenario, type GuestRun } from '../../../core/validation/scenario-run';
