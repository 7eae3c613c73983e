import { formatIssues, parseScenario } from '../../core/scenario/parse-scenario';
import type { ScenarioIssue } from '../../core/scenario/scenario-checks';
import type { Scenario } from '../../core/scenario/scenario-schema';
import { CliError, exitCodes } from './cli-errors';
import { applyOverrides, type RunOverrides } from './run-options';
import { readScenarioSource } from './scenario-source';

export interface LoadedScenario {
  /** How the user named it: a path or `preset:<id>`. */
  label: string;
  scenario: Scenario;
  /** Things worth telling the user that are not errors. */
  notes: string[];
}

function invalid(label: string, issues: readonly ScenarioIssue[]): CliError {
  const lines = formatIssues(issues)
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
  return new CliError(`${label}: invalid scenario\n${lines}`, exitCodes.badInput);
}

/** Reads, validates and overrides the scenario of `balloon-lab run`. */
export async function loadScenario(source: string, overrides: RunOverrides): Promise<LoadedScenario> {
  const { label, document } = await readScenarioSource(source);
  const first = parseScenario(document);
  if (!first.ok) throw invalid(label, first.issues);
  const { scenario, droppedEvents } = applyOverrides(first.scenario, overrides);
  const checked = parseScenario(scenario);
  if (!checked.ok) throw invalid(`${label} with the command-line options`, checked.issues);
  const notes =
    droppedEvents > 0
      ? [
          `${droppedEvents} scheduled event${droppedEvents === 1 ? '' : 's'} after ${scenario.durationS} s will not happen`,
        ]
      : [];
  return { label, scenario: checked.scenario, notes };
}
