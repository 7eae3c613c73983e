import { engineVersion } from '../../../core/engine/engine-version';
import type { LabMethod, LabRequestParsed, LabResponses } from '../../../core/lab-api/lab-api-contract';
import { presetInfos, getPreset } from '../../../core/presets/presets';
import { parseScenario } from '../../../core/scenario/parse-scenario';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import { LabError } from './lab-error';
import type { LabFiles } from './lab-files';
import type { LabRuntime } from './lab-runtime';

export type LabHandlers = { [M in LabMethod]: (request: LabRequestParsed<M>) => Promise<LabResponses[M]> };

function scenarioOrThrow(input: unknown): Scenario {
  const result = parseScenario(input);
  if (!result.ok)
    throw new LabError(
      'invalid-scenario',
      `The scenario is invalid:\n${result.issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`,
      result.issues,
    );
  return result.scenario;
}

/** The scenario of a preset, validated like any other scenario. */
export function presetScenario(presetId: string): Scenario {
  const preset = getPreset(presetId);
  if (preset === undefined) throw new LabError('not-found', `There is no preset "${presetId}".`);
  return scenarioOrThrow(preset.scenario);
}

/** Exactly one handler per contract method; payloads arrive already validated by the transport. */
export function createLabHandlers(rt: LabRuntime, files: LabFiles): LabHandlers {
  return {
    getAppInfo: async () => ({
      version: rt.options.appVersion,
      engineVersion,
      transport: rt.options.transport,
      dataDir: rt.options.dataDir,
      platform: process.platform,
    }),
    listPresets: async () => presetInfos(),
    getState: async () => rt.state(),
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
    getHistory: async (request) => rt.historyPoints(request.maxPoints),
    saveSession: (request) => files.save(request),
    openSession: (request) => files.open(request),
    listSessions: () => files.listSessions(),
    exportCsv: (request) => files.exportCsv(request),
    cancelExport: async (request) => ({ cancelled: rt.cancelExport(request.exportId) }),
    listExports: () => files.listExports(),
    getRecovery: () => rt.recoveryStatus(),
    recover: () => rt.recover(),
    discardRecovery: async () => {
      await rt.discardRecovery();
      return { ok: true };
    },
  };
}
