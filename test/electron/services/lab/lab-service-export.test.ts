import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabEvents } from '../../../../core/lab-api/lab-api-contract';
import { ExportController } from '../../../../electron/services/export/export-controller';
import { SampleHistory } from '../../../../electron/services/trace/sample-history';
import { LogHistory } from '../../../../electron/services/trace/log-history';
import { SampleBatch } from '../../../../electron/worker/sample-layout';
import { hostAt, logLines, vmsAt } from '../trace/frame-fixtures';

function stores(samples: number, vmCount: number): { history: SampleHistory; log: LogHistory } {
  const history = new SampleHistory();
  const batch = new SampleBatch(vmCount);
  for (let t = 1; t <= samples; t++) batch.add(hostAt(t), vmsAt(t, vmCount));
  history.append(batch.take()!);
  const log = new LogHistory();
  log.append(logLines(0, 1000, 10));
  return { history, log };
}

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bl-export-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('lab service exports', () => {
  it('streams every table from the stores with progress up to the row total', async () => {
    const { history, log } = stores(2000, 4);
    const events: LabEvents['exportProgress'][] = [];
    const exports = new ExportController(history, log, (p) => events.push(p));
    const { exportId, done } = exports.start({ folder: join(dir, 'all'), files: ['host', 'vms', 'log'] });
    const result = await done;
    expect(result?.files.map((f) => [f.table, f.rows])).toEqual([
      ['host', 2000],
      ['vms', 8000],
      ['log', 1000],
    ]);
    const last = events.at(-1)!;
    expect(last).toEqual({ exportId, rowsWritten: 11_000, rowsTotal: 11_000, done: true, cancelled: false });
    expect(events.filter((e) => !e.done).length).toBeGreaterThan(0);
  });

  it('cancels a running export by id, leaving no files, and knows no other ids', async () => {
    const { history, log } = stores(20_000, 8);
    const events: LabEvents['exportProgress'][] = [];
    const exports = new ExportController(history, log, (p) => events.push(p));
    const folder = join(dir, 'cancelled');
    const { exportId, done } = exports.start({ folder, files: ['vms'] });
    expect(exports.cancel('not-an-id')).toBe(false);
    expect(exports.cancel(exportId)).toBe(true);
    expect((await done)?.cancelled).toBe(true);
    expect(events.at(-1)).toMatchObject({ exportId, done: true, cancelled: true });
    expect((await readdir(folder).catch(() => [])).filter((n) => n.endsWith('.csv'))).toEqual([]);
    expect(exports.cancel(exportId)).toBe(false);
  });
});
