import type { ImportResult } from '../../core/import/build-scenario';
import {
  recordedHostHeader,
  recordedHostRows,
  recordedVmRows,
  recordedVmsHeader,
} from '../../core/import/recorded-trace';
import { CsvFileWriter } from './csv-file-writer';
import { writeScenarioJson } from './scenario-json-writer';

/** Where the recorded counters go beside a scenario file: `lab.json` -> `lab.recorded-vms.csv`, `lab.recorded-host.csv`. */
export function recordedPaths(scenarioPath: string): { vms: string; host: string } {
  const stem = scenarioPath.replace(/\.json$/i, '');
  return { vms: `${stem}.recorded-vms.csv`, host: `${stem}.recorded-host.csv` };
}

async function writeRows(
  path: string,
  header: readonly string[],
  rows: Iterable<(string | number)[]>,
): Promise<void> {
  const writer = new CsvFileWriter(path, header);
  try {
    for (const row of rows) await writer.write(row.map(String));
  } finally {
    await writer.close();
  }
}

/**
 * Writes the imported scenario (JSON, every field spelled out) and, when the trace held the
 * host's reclamation counters, the two recorded CSV files beside it. Returns the files written.
 */
export async function writeImport(result: ImportResult, scenarioPath: string): Promise<string[]> {
  await writeScenarioJson(result.scenario, scenarioPath);
  const written = [scenarioPath];
  if (result.recorded !== null) {
    const paths = recordedPaths(scenarioPath);
    await writeRows(paths.vms, recordedVmsHeader, recordedVmRows(result.recorded));
    written.push(paths.vms);
    if (result.recorded.host !== null) {
      await writeRows(paths.host, recordedHostHeader, recordedHostRows(result.recorded));
      written.push(paths.host);
    }
  }
  return written;
}
