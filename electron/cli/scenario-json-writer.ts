import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Scenario } from '../../core/scenario/scenario-schema';

/** Samples written per chunk: a few hundred KiB of text at a time. */
const samplesPerChunk = 4096;

/**
 * Writes a scenario as pretty JSON (two-space indent, every field spelled out) with each trace
 * sample on one line, streamed: an imported scenario holds up to 200,000 samples, and one
 * JSON.stringify of it would hold the whole text (tens of MiB, indented) in memory at once.
 */
export async function writeScenarioJson(scenario: Scenario, path: string): Promise<void> {
  const samples: { atS: number; demandMiB: number; activePct: number }[][] = [];
  const skeleton = {
    ...scenario,
    vms: scenario.vms.map((vm) => {
      if (vm.workload.kind !== 'trace') return vm;
      samples.push(vm.workload.samples);
      return { ...vm, workload: { ...vm.workload, samples: `\u0000samples${samples.length - 1}\u0000` } };
    }),
  };
  const text = `${JSON.stringify(skeleton, null, 2)}\n`;
  const file = createWriteStream(path, { encoding: 'utf8' });
  const done = finished(file);
  done.catch(() => undefined);
  const write = async (chunk: string): Promise<void> => {
    if (!file.write(chunk)) await Promise.race([once(file, 'drain'), done]);
  };
  try {
    // JSON.stringify escapes the NUL marks as \u0000, which no scenario text can contain raw.
    const parts = text.split(/"\\u0000samples(\d+)\\u0000"/);
    for (let p = 0; p < parts.length; p++) {
      if (p % 2 === 0) {
        await write(parts[p]!);
        continue;
      }
      const list = samples[Number(parts[p])]!;
      const before = parts[p - 1]!;
      const indent = before.slice(before.lastIndexOf('\n') + 1).replace(/\S.*$/, '');
      await write('[\n');
      for (let i = 0; i < list.length; i += samplesPerChunk) {
        const lines = list
          .slice(i, i + samplesPerChunk)
          .map((s) => `${indent}  ${JSON.stringify(s)}`)
          .join(',\n');
        await write(i + samplesPerChunk < list.length ? `${lines},\n` : `${lines}\n`);
      }
      await write(`${indent}]`);
    }
    file.end();
    await done;
  } finally {
    file.destroy();
  }
}
