import { getPreset, presets } from '../../../core/presets/presets';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import type { LabMethod, LabRequestParsed, LabResponses } from '../../../core/lab-api/lab-api-contract';
import { CompareBoard, labRunScenario } from '../compare/compare-board';
import { createCompareHandlers } from '../compare/compare-handlers';
import { ComparisonFiles } from '../compare/comparison-files';
import { createSweepService } from '../sweep/sweep-service';
import { createLabHandlers } from './lab-handlers';
import { LabFiles } from './lab-files';
import { LabRuntime } from './lab-runtime';
import type { LabHost, LabHostOptions } from './lab-service-types';

/** The preset a new lab opens with. */
export const startPresetId = 'basics';

function startScenario(): Scenario {
  const preset = getPreset(startPresetId) ?? presets[0];
  return parseScenarioOrThrow(preset?.scenario ?? {});
}

/**
 * The Node side of the lab contract for both transports (Electron IPC and the browser
 * bridge). Starts the engine worker with the basics preset loaded; every method waits for
 * that start. Transports validate payloads with labRequestSchemas before calling invoke.
 */
export function createLabHost(options: LabHostOptions): LabHost {
  const runtime = new LabRuntime(options, startScenario);
  const board = new CompareBoard(
    options,
    (pins) => runtime.events.emit('pinsChanged', pins),
    undefined,
    () => labRunScenario(runtime),
  );
  const compare = createCompareHandlers(runtime, board, new ComparisonFiles(options));
  const sweep = createSweepService(options, (status) => runtime.events.emit('sweepChanged', status));
  const handlers = createLabHandlers(runtime, new LabFiles(runtime), compare, sweep.handlers);
  let disposed: Promise<void> | null = null;
  return {
    async invoke<M extends LabMethod>(method: M, request: LabRequestParsed<M>): Promise<LabResponses[M]> {
      await runtime.ready;
      const handler = handlers[method] as (r: LabRequestParsed<M>) => Promise<LabResponses[M]>;
      return handler(request);
    },
    subscribe: (listener) => runtime.events.subscribe(listener),
    dispose: () =>
      (disposed ??= Promise.all([board.dispose(), sweep.dispose(), runtime.dispose()]).then(() => undefined)),
  };
}
