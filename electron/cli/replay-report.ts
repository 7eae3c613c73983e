import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../../core/engine/engine-types';
import type { RecordedTrace } from '../../core/import/recorded-trace';
import { ReplayComparison, replayHostHeader, replayVmsHeader } from '../../core/import/replay-compare';
import type { Scenario } from '../../core/scenario/scenario-schema';
import { RunLoop } from '../../core/trace/run-loop';
import { CsvFileWriter } from './csv-file-writer';
import { prepareOutputFolder } from './output-folder';

export const replayFileNames = {
  vms: 'replay-vms.csv',
  host: 'replay-host.csv',
  summary: 'replay-summary.txt',
} as const;

/**
 * Runs an imported scenario and writes, at every sample where the trace recorded the real
 * host's counters, the recorded and the simulated values side by side (replay-vms.csv,
 * replay-host.csv) and their mean absolute differences (replay-summary.txt). Returns the
 * summary lines.
 */
export async function writeReplayReport(
  scenario: Scenario,
  recorded: RecordedTrace,
  options: {
    outDir: string;
    createEngine: (scenario: Scenario) => Engine;
    onProgress?: (doneS: number, totalS: number) => void;
  },
): Promise<string[]> {
  await prepareOutputFolder(options.outDir, Object.values(replayFileNames));
  const engine = options.createEngine(scenario);
  const loop = new RunLoop(engine);
  const compare = new ReplayComparison(recorded);
  const vms = new CsvFileWriter(join(options.outDir, replayFileNames.vms), replayVmsHeader);
  const host = new CsvFileWriter(join(options.outDir, replayFileNames.host), replayHostHeader);
  const totalS = (engine.endTick * scenario.tickMs) / 1000;
  const progressEvery = Math.max(1, Math.floor(engine.endTick / 200));
  try {
    while (!loop.done) {
      const step = loop.advance((Math.floor(engine.tick / progressEvery) + 1) * progressEvery);
      if (step.sample !== null) {
        const timeS = step.sample.host.timeS;
        for (const row of compare.vmRows(timeS, step.sample.vms)) await vms.write(row);
        const hostRow = compare.hostRow(timeS, step.sample.host);
        if (hostRow !== null) await host.write(hostRow);
      }
      if (engine.tick % progressEvery === 0) options.onProgress?.(engine.timeS, totalS);
    }
  } finally {
    await Promise.allSettled([vms.close(), host.close()]);
  }
  await Promise.all([vms.close(), host.close()]);
  const lines = compare.summaryLines();
  await writeFile(join(options.outDir, replayFileNames.summary), `${lines.join('\n')}\n`, 'utf8');
  return lines;
}
