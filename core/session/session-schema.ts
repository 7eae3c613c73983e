import { z } from 'zod';
import { interventionSchema } from '../scenario/event-schema';
import { parseScenario } from '../scenario/parse-scenario';
import {
  interventionTickIssues,
  scenarioWorkloadPoints,
  workloadPointsOf,
} from '../scenario/scenario-bounds';
import { maxWorkloadPoints } from '../scenario/scenario-limits';
import { tickSchema, traceSchemaOf, type TraceOf } from './session-trace-schema';

export const sessionSchemaId = 'balloon-lab/session@2';
/** The version number in {@link sessionSchemaId}; files with a higher one are refused. */
export const sessionSchemaVersion = 2;

export const recordedInterventionSchema = z.strictObject({
  /** Tick at which the intervention was applied (the engine's tick count at that moment). */
  tick: tickSchema,
  intervention: interventionSchema,
});

/** Bytes in memory; in a file, a binary part after the header (core/session/session-sections.ts). */
const bytesSchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'must be bytes');

/**
 * What lets a session open without replaying its run: engine checkpoints, the newest at or
 * before the session's tick, and the trace so far (chart samples and log lines), each part
 * compressed. A file without it (or whose parts do not load) is replayed as before. The
 * checkpoints are a `store` (core/session/checkpoint-blocks.ts: each block once, checkpoints as
 * references to them); files of earlier versions have one `checkpoint`
 * (core/session/checkpoint-codec.ts) and its `earlier` ones instead.
 */
export const sessionTraceSchema = traceSchemaOf(bytesSchema);
export type SessionTrace = TraceOf<Uint8Array>;

/** The scenario is validated by parseScenario so its messages and defaults are the scenario file's own. */
const scenarioFieldSchema = z.unknown().transform((input, ctx) => {
  const result = parseScenario(input);
  if (result.ok) return result.scenario;
  for (const issue of result.issues) {
    ctx.addIssue({
      code: 'custom',
      message: issue.message,
      path: issue.path === '(root)' ? [] : [issue.path],
    });
  }
  return z.NEVER;
});

/** Last tick of a scenario; a saved tick beyond it cannot come from a real run. */
function endTickOf(durationS: number, tickMs: number): number {
  return Math.ceil((durationS * 1000) / tickMs);
}

/**
 * A saved lab session (`.balloonlab`, docs/architecture.md#session-files). Resume = replayEngine(scenario,
 * interventions, tick), then compare stateDigest(engine) with `stateDigest`.
 */
export const sessionSchema = z
  .strictObject({
    schema: z.literal(sessionSchemaId),
    /** When the file was written (ISO 8601, wall clock of the saving machine). */
    savedIso: z.iso.datetime({ offset: true }),
    app: z.strictObject({
      version: z.string().min(1).max(64),
      /** Engine version that produced `stateDigest`; '' when unknown (migrated from @0). */
      engineVersion: z.string().max(64),
    }),
    name: z.string().max(200),
    scenario: scenarioFieldSchema,
    /** Live interventions in the order applied, ticks non-decreasing. */
    interventions: z.array(recordedInterventionSchema).max(100_000),
    /** Ticks simulated when saved. */
    tick: tickSchema,
    /** stateDigest(engine) at `tick`; '' when not recorded (migrated from @0): resume cannot verify. */
    stateDigest: z
      .string()
      .max(256)
      .regex(/^[\x21-\x7e]*$/, 'must be printable ASCII without spaces'),
    /** Renderer state worth restoring (selected VM, panel layout, ...), opaque to the Node side. */
    uiState: z.record(z.string().max(200), z.unknown()),
    /** Checkpoint and trace for a quick open; absent in older files (they are replayed). */
    trace: sessionTraceSchema.optional(),
  })
  .superRefine((doc, ctx) => {
    const endTick = endTickOf(doc.scenario.durationS, doc.scenario.tickMs);
    if (doc.tick > endTick) {
      ctx.addIssue({
        code: 'custom',
        path: ['tick'],
        message: `${doc.tick} is after the end of the run (tick ${endTick})`,
      });
    }
    if (doc.trace !== undefined && (doc.trace.store === undefined) === (doc.trace.checkpoint === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['trace'],
        message: 'must hold its checkpoints either as a store or as one checkpoint, not both or neither',
      });
    }
    if (doc.trace !== undefined && doc.trace.checkpointTick > doc.tick) {
      ctx.addIssue({
        code: 'custom',
        path: ['trace', 'checkpointTick'],
        message: `${doc.trace.checkpointTick} is after the session's tick ${doc.tick}`,
      });
    }
    doc.trace?.earlier?.forEach((e, i, all) => {
      const bound = i + 1 < all.length ? all[i + 1]!.tick : doc.trace!.checkpointTick;
      if (e.tick >= bound)
        ctx.addIssue({
          code: 'custom',
          path: ['trace', 'earlier', i, 'tick'],
          message: `${e.tick} is not before the next checkpoint's tick ${bound}`,
        });
    });
    const vmIds = new Set(doc.scenario.vms.map((vm) => vm.id));
    let previousTick = 0;
    doc.interventions.forEach((entry, i) => {
      if (entry.tick < previousTick) {
        ctx.addIssue({
          code: 'custom',
          path: ['interventions', i, 'tick'],
          message: `${entry.tick} is before the previous intervention's tick ${previousTick}`,
        });
      }
      if (entry.tick > doc.tick) {
        ctx.addIssue({
          code: 'custom',
          path: ['interventions', i, 'tick'],
          message: `${entry.tick} is after the session's tick ${doc.tick}`,
        });
      }
      if (!vmIds.has(entry.intervention.vm)) {
        ctx.addIssue({
          code: 'custom',
          path: ['interventions', i, 'intervention', 'vm'],
          message: `no VM with id "${entry.intervention.vm}" in the scenario`,
        });
      }
      previousTick = Math.max(previousTick, entry.tick);
      for (const issue of interventionTickIssues('intervention', entry.intervention, doc.scenario.tickMs))
        ctx.addIssue({ code: 'custom', path: ['interventions', i, issue.path], message: issue.message });
    });
    const points = doc.interventions.reduce(
      (n, entry) => n + workloadPointsOf(entry.intervention.set?.workload),
      scenarioWorkloadPoints(doc.scenario),
    );
    if (points > maxWorkloadPoints) {
      ctx.addIssue({
        code: 'custom',
        path: ['interventions'],
        message: `the scenario and the live changes hold ${points} trace samples and phases together, more than the ${maxWorkloadPoints} a session may hold`,
      });
    }
  });

/** A validated session with every scenario default applied. */
export type SessionDocument = z.output<typeof sessionSchema>;
/** What a session file may contain before validation (the scenario may omit defaults). */
export type SessionDocumentInput = z.input<typeof sessionSchema>;
