import { createHash } from 'node:crypto';
import { dirname, isAbsolute, resolve } from 'node:path';
import { engineVersion } from '../../core/engine/engine-version';
import { expandSweep, type SweepPlan } from '../../core/experiment/sweep-plan';
import { parseSweep, sweepSchemaId, type SweepSpec } from '../../core/experiment/sweep-schema';
import { parseScenario } from '../../core/scenario/parse-scenario';
import type { RunBudget } from '../../core/scenario/run-budget';
import type { Scenario } from '../../core/scenario/scenario-schema';
import { invalid } from './load-scenario';
import { readJsonFile, readScenarioSource } from './scenario-source';

/** A sweep ready to run: its plan and the fingerprint that tells its results from another sweep's. */
export interface LoadedSweep {
  plan: SweepPlan;
  /** `sha256:<hex>` of what decides the results: engine version, base scenario, parameters, seeds. */
  fingerprint: string;
  /** The sweep as a standalone `balloon-lab/sweep@1` document, its base inline (kept in sweep.json). */
  document: SweepDocument;
}

/** A sweep file with its base scenario inline and its seeds listed. */
export interface SweepDocument {
  schema: typeof sweepSchemaId;
  name: string;
  description: string;
  base: Scenario;
  parameters: Array<{ path: string; values: Array<number | string | boolean> }>;
  seeds: number[];
}

/** The base scenario a sweep names: a file beside the sweep file, preset:<id>, or inline. */
async function loadBase(spec: SweepSpec, sweepLabel: string, sweepDir: string): Promise<Scenario> {
  let label: string;
  let document: unknown;
  if (typeof spec.base === 'string') {
    // A relative path means the same file wherever the command is started (a batch job's folder).
    const source =
      spec.base.startsWith('preset:') || isAbsolute(spec.base) ? spec.base : resolve(sweepDir, spec.base);
    ({ label, document } = await readScenarioSource(source));
    label = `${sweepLabel}: base scenario ${label}`;
  } else {
    label = `${sweepLabel}: base`;
    document = spec.base;
  }
  const parsed = parseScenario(document);
  if (!parsed.ok) throw invalid(label, parsed.issues, 'invalid scenario');
  return parsed.scenario;
}

/** The fingerprint of a sweep document run by an engine version: same fingerprint, same results. */
export function sweepFingerprint(document: SweepDocument, version: string = engineVersion): string {
  const decisive = {
    engineVersion: version,
    base: document.base,
    parameters: document.parameters,
    seeds: document.seeds,
  };
  return `sha256:${createHash('sha256').update(JSON.stringify(decisive)).digest('hex')}`;
}

/** Expands a checked sweep against its base and names it. */
export function planSweep(spec: SweepSpec, base: Scenario, label: string, budget?: RunBudget): LoadedSweep {
  const expanded = expandSweep(spec, base, budget);
  if (!expanded.ok) throw invalid(label, expanded.issues, 'invalid sweep');
  const plan = expanded.plan;
  const document: SweepDocument = {
    schema: sweepSchemaId,
    name: spec.name,
    description: spec.description,
    base: plan.base,
    parameters: plan.parameters.map((p) => ({ path: p.path, values: [...p.values] })),
    seeds: [...plan.seeds],
  };
  return { plan, fingerprint: sweepFingerprint(document), document };
}

/** Checks a sweep document (a file's or one kept in sweep.json) and loads its base. */
export async function sweepFromDocument(
  input: unknown,
  label: string,
  sweepDir: string,
  budget?: RunBudget,
): Promise<LoadedSweep> {
  const parsed = parseSweep(input);
  if (!parsed.ok) throw invalid(label, parsed.issues, 'invalid sweep');
  const base = await loadBase(parsed.sweep, label, sweepDir);
  return planSweep(parsed.sweep, base, label, budget);
}

/**
 * Reads a sweep file (`balloon-lab/sweep@1`), its base scenario (a relative path is taken from
 * the sweep file's folder) and checks every point, each against `budget` (this machine). Bad
 * input is a CliError with exit code 2 naming the field, or the point and the scenario field.
 */
export async function loadSweep(path: string, budget?: RunBudget): Promise<LoadedSweep> {
  const input = await readJsonFile(path, {
    what: 'sweep',
    file: 'sweep file',
    instead: 'give a sweep JSON file (balloon-lab/sweep@1)',
  });
  return sweepFromDocument(input, path, dirname(resolve(path)), budget);
}
