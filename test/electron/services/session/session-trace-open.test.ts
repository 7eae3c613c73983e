import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseScenarioOrThrow } from '../../../../core/scenario/parse-scenario';
import type { SessionTrace } from '../../../../core/session/session-schema';
import { traceChecksumsOf } from '../../../../core/session/session-trace-schema';
import {
  openSessionTrace,
  packSessionTrace,
  unpackSessionTrace,
} from '../../../../electron/services/session/session-trace';
import { sampleRowWidth } from '../../../../electron/worker/sample-layout';

const scenario = parseScenarioOrThrow({
  durationS: 60,
  host: { memoryMiB: 4096 },
  vms: [{ id: 'a', memoryMiB: 1024, workload: { kind: 'idle' } }],
});

async function packed(): Promise<SessionTrace> {
  const rows = 3;
  const data = Float64Array.from({ length: rows * sampleRowWidth(1) }, (_, i) => i / 8);
  const trace = await packSessionTrace({
    store: { tick: 0, index: Uint8Array.from([1, 2, 3, 4, 5]), packs: [Uint8Array.from([9, 8, 7])] },
    samples: { vmIds: ['a'], rows, data },
    lines: [
      {
        seq: 0,
        tick: 0,
        timeS: 0,
        vm: 'a',
        source: 'hypervisor',
        level: 'info',
        event: 'boot',
        message: 'up',
      },
    ],
  });
  return { ...trace, checkpointTick: 0 };
}

describe('opening a saved trace', () => {
  it('hands over the checkpoints at once and the samples and lines as they were saved', async () => {
    const trace = await packed();
    const opened = openSessionTrace(trace, scenario);
    expect([...opened.store!.index]).toEqual([1, 2, 3, 4, 5]);
    expect([...opened.store!.packs[0]!]).toEqual([9, 8, 7]);
    const history = await opened.history;
    expect(history.samples.rows).toBe(3);
    expect(history.samples.data[5]).toBe(5 / 8);
    expect(history.lines.map((l) => l.event)).toEqual(['boot']);
  });

  it('refuses samples and log lines that do not inflate through the history, the checkpoints still open', async () => {
    const trace = await packed();
    const damaged = new Uint8Array(3);
    const samples = openSessionTrace({ ...trace, samples: damaged }, scenario);
    expect(samples.store).toBeDefined();
    await expect(samples.history).rejects.toThrow(/saved samples is damaged/);
    await expect(unpackSessionTrace({ ...trace, log: damaged }, scenario)).rejects.toThrow(
      /saved log is damaged/,
    );
  });

  it('refuses samples of the wrong size and lines out of order through the history, the checkpoints still open', async () => {
    const trace = await packed();
    const short = await packSessionTrace({
      store: { tick: 0, index: new Uint8Array(1), packs: [] },
      samples: { vmIds: ['a'], rows: 1, data: new Float64Array(sampleRowWidth(1)) },
      lines: [],
    });
    const opened = openSessionTrace({ ...trace, samples: short.samples }, scenario);
    expect(opened.store).toBeDefined();
    await expect(opened.history).rejects.toThrow(/hold \d+ bytes, not 3 rows/);
  });
});

describe('opening a saved trace of the older layout with checksums', () => {
  it('refuses a damaged checkpoint naming it, and leaves out a damaged earlier one (as the engine would forget it)', async () => {
    const trace = await packed();
    const { store: _store, ...rest } = trace;
    const older: SessionTrace = {
      ...rest,
      checkpoint: Uint8Array.of(1, 2, 3),
      earlier: [
        { tick: 0, checkpoint: Uint8Array.of(4) },
        { tick: 0, checkpoint: Uint8Array.of(5) },
      ],
    };
    const sums = traceChecksumsOf(older, (p) => crc32(p));
    const opened = openSessionTrace({ ...older, crc32: sums }, scenario);
    expect(opened.earlier?.map((c) => [...c.bytes])).toEqual([[4], [5]]);

    const oneDamaged = openSessionTrace(
      { ...older, crc32: { ...sums, earlier: [sums.earlier![0]!, 0] } },
      scenario,
    );
    expect(oneDamaged.earlier?.map((c) => [...c.bytes])).toEqual([[4]]);
    expect(() => openSessionTrace({ ...older, crc32: { ...sums, checkpoint: 0 } }, scenario)).toThrow(
      'The checkpoint part of the file is damaged (checksum mismatch).',
    );
  });
});
