import type { SweepRun } from './sweep-plan';

/** One of `count` disjoint slices of a sweep's runs; `index` counts from 1 (`--shard 1/4`). */
export interface SweepShard {
  index: number;
  count: number;
}

/** Most slices a sweep may be cut into. */
export const maxShards = 100_000;

/** The environment variables `--shard auto` reads. */
export const shardEnvironment = {
  slurmTaskId: 'SLURM_ARRAY_TASK_ID',
  slurmTaskCount: 'SLURM_ARRAY_TASK_COUNT',
  slurmTaskMin: 'SLURM_ARRAY_TASK_MIN',
  slurmTaskStep: 'SLURM_ARRAY_TASK_STEP',
  jobCompletionIndex: 'JOB_COMPLETION_INDEX',
  /** Not set by Kubernetes: the Job's manifest passes its `completions` under this name (docs/sweeps.md). */
  jobCompletions: 'JOB_COMPLETIONS',
} as const;

export type ShardResult = { ok: true; shard: SweepShard; from: string } | { ok: false; message: string };

/** A decimal whole number of at most 9 digits, or null. */
function wholeNumber(text: string): number | null {
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

/** Parses `--shard i/n` (1 <= i <= n). */
export function parseShardOption(text: string): ShardResult {
  const m = /^(\d{1,9})\/(\d{1,9})$/.exec(text);
  const index = m === null ? null : Number(m[1]);
  const count = m === null ? null : Number(m[2]);
  if (index === null || count === null || count < 1 || count > maxShards || index < 1 || index > count)
    return {
      ok: false,
      message: `--shard must be i/n with 1 <= i <= n <= ${maxShards} (e.g. 1/4), or auto; got "${text}"`,
    };
  return { ok: true, shard: { index, count }, from: `--shard ${index}/${count}` };
}

type Environment = Readonly<Record<string, string | undefined>>;

/** A variable's whole-number value; `fallback` when it is unset or empty, an error sentence when it is not a number. */
function readNumber(env: Environment, name: string, fallback: number | string): number | { error: string } {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '')
    return typeof fallback === 'number' ? fallback : { error: fallback };
  const n = wholeNumber(raw.trim());
  return n === null ? { error: `${name} must be a whole number, got "${raw.slice(0, 40)}"` } : n;
}

function shardOf(zeroBasedIndex: number, count: number, what: string): ShardResult {
  if (count < 1 || count > maxShards)
    return { ok: false, message: `${what}: the task count must be from 1 to ${maxShards}, got ${count}` };
  if (zeroBasedIndex < 0 || zeroBasedIndex >= count)
    return {
      ok: false,
      message: `${what}: task ${zeroBasedIndex} is outside 0..${count - 1}; use a contiguous array of ${count} tasks`,
    };
  return { ok: true, shard: { index: zeroBasedIndex + 1, count }, from: what };
}

function fromSlurm(env: Environment): ShardResult {
  const e = shardEnvironment;
  const values = [
    readNumber(env, e.slurmTaskId, `${e.slurmTaskId} is not set`),
    readNumber(env, e.slurmTaskCount, `${e.slurmTaskCount} is not set (is this a job array?)`),
    readNumber(env, e.slurmTaskMin, 0),
    readNumber(env, e.slurmTaskStep, 1),
  ];
  for (const v of values) if (typeof v !== 'number') return { ok: false, message: v.error };
  const [id, count, min, step] = values as [number, number, number, number];
  const what = `Slurm array task ${id} of ${count}`;
  if (step < 1 || id < min || (id - min) % step !== 0)
    return {
      ok: false,
      message: `${what}: the task is not reached from ${e.slurmTaskMin}=${min} in steps of ${e.slurmTaskStep}=${step}`,
    };
  return shardOf((id - min) / step, count, what);
}

function fromKubernetes(env: Environment): ShardResult {
  const e = shardEnvironment;
  const index = readNumber(env, e.jobCompletionIndex, `${e.jobCompletionIndex} is not set`);
  if (typeof index !== 'number') return { ok: false, message: index.error };
  const count = readNumber(
    env,
    e.jobCompletions,
    `${e.jobCompletions} is not set: give the Job's container the env ${e.jobCompletions} equal to its spec.completions (see docs/sweeps.md)`,
  );
  if (typeof count !== 'number') return { ok: false, message: count.error };
  return shardOf(index, count, `Kubernetes completion index ${index} of ${count}`);
}

/**
 * The slice `--shard auto` runs, from the batch engine's environment: a Slurm job array
 * (SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT; SLURM_ARRAY_TASK_MIN and _STEP when the
 * array does not start at 0) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, with the
 * Job's completions passed as JOB_COMPLETIONS). Slurm wins when both are set.
 */
export function shardFromEnvironment(env: Environment): ShardResult {
  const e = shardEnvironment;
  if (env[e.slurmTaskId] !== undefined) return fromSlurm(env);
  if (env[e.jobCompletionIndex] !== undefined) return fromKubernetes(env);
  return {
    ok: false,
    message:
      `--shard auto found neither a Slurm job array (${e.slurmTaskId}, ${e.slurmTaskCount}) nor a Kubernetes ` +
      `Indexed Job (${e.jobCompletionIndex}, ${e.jobCompletions}) in the environment; give --shard i/n instead`,
  };
}

/** The runs of one slice: every count-th run from the index-th, so slow and quick points spread evenly. */
export function runsOfShard<R extends Pick<SweepRun, 'index'>>(
  runs: readonly R[],
  shard: SweepShard | null,
): R[] {
  if (shard === null) return [...runs];
  return runs.filter((r) => r.index % shard.count === shard.index - 1);
}
