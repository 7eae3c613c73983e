// The vocabulary of the validation report: published experiments, what the model gives for
// them, and the verdict. Pure data, so the CLI, the lab and the README generator share it.

/** A publication a published value comes from (as cited in docs/model.md#sources). */
export interface ValidationSource {
  /** Short citation, e.g. `Waldspurger 2002`. */
  short: string;
  /** Full reference. */
  title: string;
  /** Where to read it. */
  url: string;
}

/** One published value held against the simulation. */
export interface ValidationCheck {
  /** What is compared, e.g. `16 GiB host`. */
  label: string;
  /** The published value as it is stated, with its unit. */
  published: string;
  /** What the simulation gave, with its unit. */
  simulated: string;
  /** How close is close enough, in words (e.g. `within 0.05 MiB`). */
  tolerance: string;
  pass: boolean;
}

/** One line of a chart: points (x, y) in the chart's units. */
export interface ChartSeries {
  name: string;
  points: readonly (readonly [number, number])[];
  /** Draw points only (a scatter), not a line. */
  dots?: boolean;
}

/** A horizontal reference line, e.g. the published value. */
export interface ChartGuide {
  y: number;
  label: string;
}

/** A small chart of an experiment: a few series over one x axis. */
export interface ValidationChart {
  xLabel: string;
  yLabel: string;
  series: readonly ChartSeries[];
  guides?: readonly ChartGuide[];
}

/** What running an experiment gives. */
export interface ExperimentOutcome {
  checks: readonly ValidationCheck[];
  chart: ValidationChart;
}

/** A published experiment the model is validated against. */
export interface ValidationExperiment {
  /** Stable kebab-case id (`min-free`, `idle-tax-75`). */
  id: string;
  title: string;
  /** What the publication says, in one sentence. */
  claim: string;
  source: ValidationSource;
  /** Section, figure, parameter or file the value comes from (`§5.2`, `Mem.CtlMaxPercent`). */
  where: string;
  /** Runs the simulation (a few seconds at most) and compares it with the published value. */
  run(): ExperimentOutcome;
}

/** An experiment after it ran. */
export interface ExperimentResult {
  id: string;
  title: string;
  claim: string;
  source: ValidationSource;
  where: string;
  checks: readonly ValidationCheck[];
  chart: ValidationChart | null;
  /** Why the experiment could not run (the simulation threw), or null. */
  error: string | null;
  passed: boolean;
}

/** Every experiment's result, for one engine version. */
export interface ValidationReport {
  engineVersion: string;
  results: readonly ExperimentResult[];
  /** Every experiment passed. */
  passed: boolean;
}
