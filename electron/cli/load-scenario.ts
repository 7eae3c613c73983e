import { formatIssues, parseScenario } from '../../core/scenario/parse-scenario';
import type { ScenarioIssue } from '../../core/scenario/scenario-checks';
import { runBudgetIssues, type RunBudget } from '../../core/scenario/run-budget';
import type { Scenario } from '../../core/scenario/scenario-schema';
import { machineRunBudget } from '../services/engine/machine-budget';
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

/** Bad input (exit 2): `<label>: <heading>` and one indented line per issue. */
export function invalid(
  label: string,
  issues: readonly ScenarioIssue[],
  heading = 'invalid scenario',
): CliError {
  const lines = formatIssues(issues)
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
  return new CliError(`${label}: ${heading}\n${lines}`, exitCodes.badInput);
}

/**
 * Reads, validates and overrides the scenario of `balloon-lab run`, and refuses (exit 2) a run
 * this machine cannot hold or finish (see runBudgetIssues; the CLI streams its traces, so only
 * the engine's memory counts).
 */
export async function loadScenario(
  source: string,
  overrides: RunOverrides,
  budget: RunBudget = machineRunBudget(false),
): Promise<LoadedScenario> {
  const { label, document } = await readScenarioSource(source);
  const first = parseScenario(document);
  if (!first.ok) throw invalid(label, first.issues);
  const { scenario, droppedEvents } = applyOverrides(first.scenario, overrides);
  const checked = parseScenario(scenario);
  if (!checked.ok) throw invalid(`${label} with the command-line options`, checked.issues);
  const tooBig = runBudgetIssues(checked.scenario, budget);
  if (tooBig.length > 0) throw invalid(label, tooBig, 'too big to run on this machine');
  const notes =
    droppedEvents > 0
      ? [
          `${droppedEvents} scheduled event${droppedEvents === 1 ? '' : 's'} after ${scenario.durationS} s will not happen`,
        ]
      : [];
  return { label, scenario: checked.scenario, notes };
}
