import { engineVersion } from '../../../core/engine/engine-version';
import type { LabMethod, LabRequestParsed, LabResponses } from '../../../core/lab-api/lab-api-contract';
import { presetInfos } from '../../../core/presets/presets';
import { parseScenario } from '../../../core/scenario/parse-scenario';
import { CompareBoard, labRunScenario } from '../compare/compare-board';
import { createCompareHandlers } from '../compare/compare-handlers';
import { ComparisonFiles } from '../compare/comparison-files';
import type { CompareHandlers } from '../compare/compare-handlers';
import { presetScenario, scenarioOrThrow } from './lab-scenarios';
import { importTraceWithDialog } from '../import/lab-trace-import';
import { createSweepService } from '../sweep/sweep-service';
import type { SweepHandlers } from '../sweep/sweep-handlers';
import type { LabFiles } from './lab-files';
import type { LabRuntime } from './lab-runtime';

export { presetScenario };

export type LabHandlers = { [M in LabMethod]: (request: LabRequestParsed<M>) => Promise<LabResponses[M]> };

/** The compare handlers of a lab whose pinned runs nobody disposes (tests that pin nothing). */
function unmanagedCompare(rt: LabRuntime): CompareHandlers {
  const board = new CompareBoard(
    rt.options,
    (pins) => rt.events.emit('pinsChanged', pins),
    undefined,
    () => labRunScenario(rt),
  );
  return createCompareHandlers(rt, board, new ComparisonFiles(rt.options));
}

/** The sweep handlers of a lab whose sweeps nobody disposes (tests that run no sweep). */
function unmanagedSweep(rt: LabRuntime): SweepHandlers {
  return createSweepService(rt.options, (status) => rt.events.emit('sweepChanged', status)).handlers;
}

/** Exactly one handler per contract method; payloads arrive already validated by the transport. */
export function createLabHandlers(
  rt: LabRuntime,
  files: LabFiles,
  compare: CompareHandlers = unmanagedCompare(rt),
  sweep: SweepHandlers = unmanagedSweep(rt),
): LabHandlers {
  return {
    ...compare,
    ...sweep,
    getAppInfo: async () => ({
      version: rt.options.appVersion,
      engineVersion,
      transport: rt.options.transport,
      dataDir: rt.options.dataDir,
      platform: process.platform,
    }),
    listPresets: async () => presetInfos(),
    getState: () => rt.currentState(),
    newSession: async (request) =>
      rt.newSession(
        'presetId' in request ? presetScenario(request.presetId) : scenarioOrThrow(request.scenario),
      ),
    updateScenario: async (request) => {
      const result = parseScenario(request.scenario);
      if (!result.ok) return { ok: false, issues: result.issues };
      return { ok: true, state: await rt.replaceScenario(result.scenario) };
    },
    applyIntervention: (request) => rt.applyIntervention(request.intervention),
    play: () => rt.control({ type: 'play' }),
    pause: () => rt.control({ type: 'pause' }),
    step: async (request) => rt.step(request.ticks),
    reset: () => rt.reset(),
    setSpeed: (request) => rt.control({ type: 'setSpeed', speed: request.speed }),
    runToEnd: () => rt.control({ type: 'runToEnd' }),
    cancelRun: () => rt.control({ type: 'cancelRun' }),
    setView: async (request) => {
      await rt.setView(request);
      return { ok: true };
    },
    ackFrames: async (request) => {
      rt.ackFrames(request.credits);
      return { ok: true };
    },
    getLog: async (request) => rt.queryLog(request),
    getHistory: async (request) => rt.chartHistory(request.maxPoints),
    saveSession: (request) => files.save(request),
    openSession: (request) => files.open(request),
    listSessions: () => files.listSessions(),
    exportCsv: (request) => files.exportCsv(request),
    cancelExport: async (request) => ({ cancelled: rt.cancelExport(request.exportId) }),
    listExports: () => files.listExports(),
    importTrace: (request) => importTraceWithDialog(rt.options.fileChooser, request),
    getRecovery: () => rt.recoveryStatus(),
    recover: () => rt.recover(),
    discardRecovery: async () => {
      await rt.discardRecovery();
      return { ok: true };
    },
    viewAt: (request) => rt.viewAt(request.tick),
    returnToHead: () => rt.returnToHead(),
    branchFromView: () => rt.branchFromView(),
  };
}
