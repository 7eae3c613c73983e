import { z } from 'zod';
import { interventionSchema } from '../scenario/event-schema';
import { logSources } from '../model/log-line';
import { traceFormats } from '../import/import-summary';
import { policyKinds } from '../scenario/policy-schema';
import { maxHostMemoryMiB } from '../scenario/scenario-limits';
import { sweepRequestSchemas } from './sweep-api-contract';

/**
 * The requests of the lab API (lab-api-contract.ts), one schema per method: the Node side
 * validates every payload with them, whether it came over Electron IPC or the bridge's WebSocket.
 */

const boundedString = (max: number) => z.string().min(1).max(max);
/** A session or export name inside the data folder (bridge) or a path chosen by a native dialog. */
const targetSchema = boundedString(4096).optional();
const mapWindowSchema = z.strictObject({
  cells: z.number().int().min(1).max(65_536),
  firstPage: z.number().int().min(0).optional(),
  pageCount: z.number().int().min(1).optional(),
});

export const labRequestSchemas = {
  getAppInfo: z.strictObject({}),
  listPresets: z.strictObject({}),
  getState: z.strictObject({}),
  /** Starts a new unsaved session from a preset or a scenario document (validated). */
  newSession: z.union([
    z.strictObject({ presetId: boundedString(100) }),
    z.strictObject({ scenario: z.unknown() }),
  ]),
  /** Replaces the scenario while at tick 0; afterwards use applyIntervention. */
  updateScenario: z.strictObject({ scenario: z.unknown() }),
  applyIntervention: z.strictObject({ intervention: interventionSchema }),
  play: z.strictObject({}),
  pause: z.strictObject({}),
  step: z.strictObject({ ticks: z.number().int().min(1).max(1_000_000).default(1) }),
  reset: z.strictObject({}),
  /** Simulated seconds per wall second; null = as fast as it goes. */
  setSpeed: z.strictObject({ speed: z.number().min(0.1).max(100_000).nullable() }),
  runToEnd: z.strictObject({}),
  cancelRun: z.strictObject({}),
  /** What frames should carry: selected VM and map windows. */
  setView: z.strictObject({
    selectedVm: z.string().max(64).nullable(),
    hostMap: mapWindowSchema,
    guestMap: mapWindowSchema,
  }),
  /** Returns frame credits (credit-based backpressure). */
  ackFrames: z.strictObject({ credits: z.number().int().min(1).max(64) }),
  /** Log history of one VM ('' = host-wide lines), filtered; newest last. */
  getLog: z.strictObject({
    vm: z.string().max(64).nullable(),
    sources: z.array(z.enum(logSources)).optional(),
    levels: z.array(z.enum(['debug', 'info', 'warn', 'error'])).optional(),
    text: z.string().max(200).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(200_000).default(200_000),
  }),
  /** Decimated history for the charts, at most maxPoints samples per series. */
  getHistory: z.strictObject({ maxPoints: z.number().int().min(2).max(20_000).default(2000) }),
  saveSession: z.strictObject({
    target: targetSchema,
    saveAs: z.boolean().default(false),
    uiState: z.record(z.string(), z.unknown()).optional(),
  }),
  openSession: z.strictObject({ target: targetSchema }),
  listSessions: z.strictObject({}),
  exportCsv: z.strictObject({
    target: targetSchema,
    fromS: z.number().min(0).optional(),
    toS: z.number().min(0).optional(),
    files: z
      .array(z.enum(['host', 'vms', 'log']))
      .min(1)
      .default(['host', 'vms', 'log']),
  }),
  cancelExport: z.strictObject({ exportId: boundedString(100) }),
  listExports: z.strictObject({}),
  /**
   * Imports a real trace (esxtop batch, GWA-T-12, plain CSV; docs/import.md) chosen in a native
   * file dialog (Electron) and returns the scenario it makes with its summary; the renderer then
   * opens it as a new lab. The bridge has no dialogs: its renderer imports the uploaded file itself.
   */
  importTrace: z.strictObject({
    format: z.enum(traceFormats).optional(),
    hostMiB: z.number().int().min(256).max(maxHostMemoryMiB).optional(),
    policy: z.enum(policyKinds).optional(),
  }),
  getRecovery: z.strictObject({}),
  recover: z.strictObject({}),
  discardRecovery: z.strictObject({}),
  /** Shows a past tick of the run (time travel); the run waits at its newest tick. */
  viewAt: z.strictObject({
    tick: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
  }),
  /** Back to the run's newest tick after viewAt. */
  returnToHead: z.strictObject({}),
  /** The past tick shown becomes the run: what came after it (ticks, trace, interventions) is dropped. */
  branchFromView: z.strictObject({}),
  /**
   * Pins a run for comparison: the current one (its scenario and interventions so far), a
   * preset, a scenario document or a saved session; it is run to its end in the background.
   */
  pinRun: z.union([
    z.strictObject({ current: z.literal(true) }),
    z.strictObject({ presetId: boundedString(100) }),
    z.strictObject({ scenario: z.unknown() }),
    z.strictObject({ fromSession: z.literal(true), target: targetSchema }),
  ]),
  unpinRun: z.strictObject({ id: boundedString(100) }),
  /** Unpins every run. */
  clearPins: z.strictObject({}),
  listPins: z.strictObject({}),
  /** Decimated history of a pinned run (so far, while it runs). */
  getPinnedHistory: z.strictObject({
    id: boundedString(100),
    maxPoints: z.number().int().min(2).max(20_000).default(1000),
  }),
  /** The host map of a pinned run nearest to a simulated time. */
  getPinnedMap: z.strictObject({ id: boundedString(100), timeS: z.number().min(0).max(1e9) }),
  /** Replaces the pins by the current scenario under each policy, same seed. */
  compareAllPolicies: z.strictObject({}),
  saveComparison: z.strictObject({ target: targetSchema, name: z.string().max(200).optional() }),
  openComparison: z.strictObject({ target: targetSchema }),
  listComparisons: z.strictObject({}),
  /** The Sweep view (sweep-api-contract.ts). */
  ...sweepRequestSchemas,
} as const;

export type LabMethod = keyof typeof labRequestSchemas;
export const labMethods = Object.keys(labRequestSchemas) as LabMethod[];
export type LabRequest<M extends LabMethod> = z.input<(typeof labRequestSchemas)[M]>;
export type LabRequestParsed<M extends LabMethod> = z.output<(typeof labRequestSchemas)[M]>;
