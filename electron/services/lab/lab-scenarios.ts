import { getPreset } from '../../../core/presets/presets';
import { parseScenario } from '../../../core/scenario/parse-scenario';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import { LabError } from './lab-error';

/** A scenario document validated, or a LabError 'invalid-scenario' listing the field issues. */
export function scenarioOrThrow(input: unknown): Scenario {
  const result = parseScenario(input);
  if (!result.ok)
    throw new LabError(
      'invalid-scenario',
      `The scenario is invalid:\n${result.issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`,
      result.issues,
    );
  return result.scenario;
}

/** The scenario of a preset, validated like any other scenario. */
export function presetScenario(presetId: string): Scenario {
  const preset = getPreset(presetId);
  if (preset === undefined) throw new LabError('not-found', `There is no preset "${presetId}".`);
  return scenarioOrThrow(preset.scenario);
}
