import type { ScenarioInput } from '../../../core/scenario/scenario-schema';

/**
 * A lab to build from scratch: a 16 GiB ESXi host, no VMs and no events. Every other field
 * takes the schema's defaults; the scenario editor adds VMs.
 */
export function blankScenario(): ScenarioInput {
  return {
    name: 'Blank lab',
    description: 'A host without VMs: add VMs and events in the Scenario tab.',
    host: { memoryMiB: 16384 },
    vms: [],
    events: [],
  };
}
