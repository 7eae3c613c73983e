import { z } from 'zod';
import { maxDurationS, maxEvents, maxVms } from './scenario-limits';
import { hostSchema } from './host-schema';
import { policySchema } from './policy-schema';
import { vmSchema } from './vm-schema';
import { eventSchema } from './event-schema';
import { scenarioV1SchemaId } from './scenario-migration';

/** The current format; @1 files are upgraded first (see scenario-migration.ts). */
export const scenarioSchemaId = 'balloon-lab/scenario@2';

/** Longest `$schema` reference a scenario file may carry (a path or URL for editors). */
export const maxSchemaRefLength = 2048;

export const scenarioObjectSchema = z
  .strictObject({
    $schema: z
      .string()
      .max(maxSchemaRefLength)
      .optional()
      .describe(
        'Path or URL of docs/scenario.schema.json so that editors validate and complete the file; Balloon Lab ignores it.',
      ),
    // @1 is listed so editors validating against the JSON Schema accept older files; parseScenario upgrades them first.
    schema: z
      .enum([scenarioSchemaId, scenarioV1SchemaId])
      .default(scenarioSchemaId)
      .describe('Format and version of the file; @1 files are read as @2 with their old defaults pinned.'),
    name: z
      .string()
      .max(200)
      .default('Untitled lab')
      .describe('Name of the lab, shown in the app and the traces.'),
    description: z.string().max(2000).default('').describe('What the lab shows, for whoever opens it.'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(42)
      .describe('Seed of the one PRNG the engine uses: same scenario and seed, same run.'),
    durationS: z
      .number()
      .int()
      .min(1)
      .max(maxDurationS)
      .default(3600)
      .describe('Simulated run length, seconds (at most 30 days).'),
    tickMs: z
      .number()
      .int()
      .min(100)
      .max(60_000)
      .default(1000)
      .describe('Simulated time per engine tick, milliseconds.'),
    sampleEveryS: z
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(1)
      .describe('Trace sample interval (one row per VM per sample), simulated seconds.'),
    host: hostSchema.prefault({}),
    policy: policySchema.prefault({}),
    vms: z
      .array(vmSchema)
      .max(maxVms)
      .default([])
      .describe('The virtual machines (at most 512), ids unique.'),
    events: z
      .array(eventSchema)
      .max(maxEvents)
      .default([])
      .describe('Scheduled changes to VMs (at most 100000), applied at their simulated second.'),
  })
  .describe(
    'A Balloon Lab scenario: a host, its VMs, their workloads, a memory policy and scheduled events.',
  );

export type Scenario = z.infer<typeof scenarioObjectSchema>;
/** What a scenario file may contain before defaults are applied. */
export type ScenarioInput = z.input<typeof scenarioObjectSchema>;
