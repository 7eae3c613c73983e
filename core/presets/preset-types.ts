import type { ScenarioInput } from '../scenario/scenario-schema';

/** A ready-made lab: a scenario that makes one lesson happen within its run. */
export interface PresetDefinition {
  /** Stable kebab-case id (`balloon-lab run preset:<id>`). */
  id: string;
  name: string;
  /** One line: what the preset teaches. */
  summary: string;
  scenario: ScenarioInput;
}
