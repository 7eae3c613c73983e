import type { Intervention } from '../../../core/scenario/event-schema';
import { runBudgetIssues, type RunBudget } from '../../../core/scenario/run-budget';
import {
  interventionTickIssues,
  scenarioWorkloadPoints,
  workloadPointsOf,
} from '../../../core/scenario/scenario-bounds';
import type { ScenarioIssue } from '../../../core/scenario/scenario-checks';
import { maxWorkloadPoints } from '../../../core/scenario/scenario-limits';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import { LabError } from '../lab/lab-error';
import { machineRunBudget } from './machine-budget';
import type { SessionController } from '../session/session-controller';

function refusal(summary: string, issues: ScenarioIssue[]): LabError {
  return new LabError(
    'invalid-scenario',
    `${summary}\n${issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`,
    issues,
  );
}

/**
 * Refuses, before anything is loaded or changed, a run this machine cannot hold or finish
 * (run-budget.ts): new sessions, opened or recovered ones, and edited scenarios alike.
 */
export function assertRunFits(scenario: Scenario, budget: RunBudget = machineRunBudget(true)): void {
  const issues = runBudgetIssues(scenario, budget);
  if (issues.length > 0) throw refusal('This lab is too big to run here:', issues);
}

/**
 * Holds a live change to the bounds of a scheduled one (a bursty workload's burst and gap of
 * at least a tick) and the session to the bound on trace samples and phases, so that every
 * session the app records can be replayed and saved.
 */
export function assertInterventionFits(session: SessionController, intervention: Intervention): void {
  const issues = interventionTickIssues('intervention', intervention, session.scenario.tickMs);
  const points = session.interventions.reduce(
    (n, r) => n + workloadPointsOf(r.intervention.set?.workload),
    scenarioWorkloadPoints(session.scenario) + workloadPointsOf(intervention.set?.workload),
  );
  if (points > maxWorkloadPoints) {
    issues.push({
      path: 'intervention.set.workload',
      message: `would bring the trace samples and phases of the session to ${points}, more than the ${maxWorkloadPoints} a session may hold`,
    });
  }
  if (issues.length > 0) throw refusal('This change is refused:', issues);
}
