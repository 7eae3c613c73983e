import { engineVersion } from '../engine/engine-version';
import type { ExperimentResult, ValidationExperiment, ValidationReport } from './validation-types';

/** Runs one experiment; a simulation that throws is a failed result that says why, not a crash. */
export function runExperiment(experiment: ValidationExperiment): ExperimentResult {
  const { id, title, claim, source, where } = experiment;
  try {
    const { checks, chart } = experiment.run();
    return {
      id,
      title,
      claim,
      source,
      where,
      checks,
      chart,
      error: null,
      passed: checks.length > 0 && checks.every((c) => c.pass),
    };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { id, title, claim, source, where, checks: [], chart: null, error, passed: false };
  }
}

/** The report of finished results, for the engine that produced them. */
export function validationReport(results: readonly ExperimentResult[]): ValidationReport {
  return { engineVersion, results, passed: results.length > 0 && results.every((r) => r.passed) };
}

/**
 * Runs `experiments` one after the other, calling `onProgress` after each, and returns the
 * report. Synchronous: a caller that must stay responsive runs it off its main thread or uses
 * {@link runExperiment} between its own yields.
 */
export function runValidation(
  experiments: readonly ValidationExperiment[],
  onProgress?: (done: number, total: number, last: ExperimentResult) => void,
): ValidationReport {
  const results: ExperimentResult[] = [];
  for (const experiment of experiments) {
    const result = runExperiment(experiment);
    results.push(result);
    onProgress?.(results.length, experiments.length, result);
  }
  return validationReport(results);
}
