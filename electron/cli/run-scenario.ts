import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../../core/engine/engine-types';
import type { Scenario } from '../../core/scenario/scenario-schema';
import { SummaryAccumulator, type RunSummary } from '../../core/trace/summary';
import {
  hostCsvHeader,
  hostRow,
  logCsvHeader,
  logRow,
  vmRow,
  vmsCsvHeader,
} from '../../core/trace/trace-columns';
import { CsvFileWriter } from './csv-file-writer';
import { prepareOutputFolder } from './output-folder';

export const traceFileNames = {
  host: 'host.csv',
  vms: 'vms.csv',
  log: 'log.csv',
  summary: 'summary.json',
} as const;

export interface RunScenarioOptions {
  outDir: string;
  createEngine: (scenario: Scenario) => Engine;
  /** Called now and then with simulated seconds done and the run's total. */
  onProgress?: (doneS: number, totalS: number) => void;
}

export interface RunResult {
  summary: RunSummary;
  samples: number;
  logLines: number;
  simulatedS: number;
}

/** True when the tick that ended at `timeS` completes a sample interval (or the run). */
export function isSampleTick(prevTimeS: number, timeS: number, everyS: number, last: boolean): boolean {
  return last || Math.floor(timeS / everyS + 1e-9) > Math.floor(prevTimeS / everyS + 1e-9);
}

/**
 * Runs a scenario to its end and streams the traces into `outDir`: a host and a VM row per
 * sample (every `sampleEveryS` simulated seconds, and at the end), every log line, and the
 * summary (fed every tick, so it does not depend on the sample interval). Nothing here reads
 * the clock or the environment: the same scenario gives the same bytes.
 */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<RunResult> {
  await prepareOutputFolder(options.outDir, Object.values(traceFileNames));
  const engine = options.createEngine(scenario);
  const host = new CsvFileWriter(join(options.outDir, traceFileNames.host), hostCsvHeader);
  const vms = new CsvFileWriter(join(options.outDir, traceFileNames.vms), vmsCsvHeader);
  const log = new CsvFileWriter(join(options.outDir, traceFileNames.log), logCsvHeader);
  const summary = new SummaryAccumulator({
    scenario: scenario.name,
    seed: scenario.seed,
    durationS: scenario.durationS,
  });
  const totalS = (engine.endTick * scenario.tickMs) / 1000;
  const progressEvery = Math.max(1, Math.floor(engine.endTick / 200));
  let samples = 0;
  try {
    for (const line of engine.drainLog()) await log.write(logRow(line));
    while (engine.tick < engine.endTick) {
      const prevTimeS = engine.timeS;
      engine.step(1);
      const hostCounters = engine.hostCounters();
      const vmCounters = engine.vmCounters();
      summary.add(hostCounters, vmCounters);
      for (const line of engine.drainLog()) await log.write(logRow(line));
      if (isSampleTick(prevTimeS, engine.timeS, scenario.sampleEveryS, engine.tick >= engine.endTick)) {
        samples += 1;
        await host.write(hostRow(hostCounters));
        for (const c of vmCounters) await vms.write(vmRow(hostCounters.timeS, c));
      }
      if (engine.tick % progressEvery === 0) options.onProgress?.(engine.timeS, totalS);
    }
  } finally {
    // Close every file even when the run failed, so no handle is left open.
    await Promise.allSettled([host.close(), vms.close(), log.close()]);
  }
  await Promise.all([host.close(), vms.close(), log.close()]);
  const result = summary.finish();
  await writeFile(
    join(options.outDir, traceFileNames.summary),
    `${JSON.stringify(result, null, 2)}\n`,
    'utf8',
  );
  options.onProgress?.(engine.timeS, totalS);
  return { summary: result, samples, logLines: log.rows, simulatedS: engine.timeS };
}
