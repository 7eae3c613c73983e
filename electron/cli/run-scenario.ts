import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../../core/engine/engine-types';
import type { Scenario } from '../../core/scenario/scenario-schema';
import { RunLoop } from '../../core/trace/run-loop';
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

/**
 * Runs a scenario to its end with the shared RunLoop (core/trace/run-loop.ts) and streams the
 * traces into `outDir`: a host and a VM row per sample (every `sampleEveryS` simulated seconds,
 * and at the end), every log line, and the summary (fed every tick, so it does not depend on
 * the sample interval). Nothing here reads the clock or the environment: the same scenario
 * gives the same bytes.
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
  const loop = new RunLoop(engine, summary);
  const totalS = (engine.endTick * scenario.tickMs) / 1000;
  const progressEvery = Math.max(1, Math.floor(engine.endTick / 200));
  let samples = 0;
  try {
    for (const line of engine.drainLog()) await log.write(logRow(line));
    while (!loop.done) {
      // Stopping at every progress tick too keeps the bar moving with a long sample interval.
      const step = loop.advance((Math.floor(engine.tick / progressEvery) + 1) * progressEvery);
      for (const line of step.log) await log.write(logRow(line));
      if (step.sample !== null) {
        samples += 1;
        await host.write(hostRow(step.sample.host));
        for (const c of step.sample.vms) await vms.write(vmRow(step.sample.host.timeS, c));
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
