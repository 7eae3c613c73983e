import { randomBytes } from 'node:crypto';
import type { LabEvents } from '../../../core/lab-api/lab-api-contract';
import { exportCsv, type CsvTable, type CsvTableSource, type ExportResult } from './csv-export';
import type { SampleHistory } from '../trace/sample-history';
import type { LogHistory } from '../trace/log-history';

export interface ExportRequest {
  folder: string;
  /** A folder the export must stay inside once symbolic links are resolved. */
  within?: string;
  files: readonly CsvTable[];
  fromS?: number;
  toS?: number;
}

interface Running {
  controller: AbortController;
  done: Promise<ExportResult | null>;
}

/**
 * Background CSV exports straight from the stores (rows generated on the fly, never through
 * the renderer), with progress events and cancel by id.
 */
export class ExportController {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly history: SampleHistory,
    private readonly log: LogHistory,
    private readonly emit: (payload: LabEvents['exportProgress']) => void,
  ) {}

  /** Starts an export and returns its id at once; progress and the end arrive as events. */
  start(request: ExportRequest): { exportId: string; done: Promise<ExportResult | null> } {
    const exportId = randomBytes(8).toString('hex');
    const controller = new AbortController();
    const tables = this.sources(request);
    const rowsTotal = Object.values(tables).reduce((n, t) => n + (t.rowCount ?? 0), 0);
    const done = exportCsv({
      folder: request.folder,
      within: request.within,
      tables,
      fromS: request.fromS,
      toS: request.toS,
      signal: controller.signal,
      onProgress: (p) =>
        this.emit({ exportId, rowsWritten: p.rowsWritten, rowsTotal, done: false, cancelled: false }),
    }).then(
      (result) => {
        this.emit({
          exportId,
          rowsWritten: result.rowsWritten,
          rowsTotal,
          done: true,
          cancelled: result.cancelled,
        });
        return result;
      },
      (error: unknown) => {
        this.emit({
          exportId,
          rowsWritten: 0,
          rowsTotal,
          done: true,
          cancelled: false,
          error: error instanceof Error ? error.message : String(error),
        });
        return null;
      },
    );
    this.running.set(exportId, { controller, done });
    void done.finally(() => this.running.delete(exportId));
    return { exportId, done };
  }

  cancel(exportId: string): boolean {
    const run = this.running.get(exportId);
    if (run === undefined) return false;
    run.controller.abort();
    return true;
  }

  /** Cancels every export (the stores are about to be replaced) and waits for them to stop. */
  async cancelAll(): Promise<void> {
    const runs = [...this.running.values()];
    for (const run of runs) run.controller.abort();
    await Promise.all(runs.map((r) => r.done));
  }

  private sources(request: ExportRequest): Partial<Record<CsvTable, CsvTableSource>> {
    const { fromS, toS } = request;
    const [start, end] = this.history.range(fromS, toS);
    const vmCount = this.history.vmIdList.length;
    const tables: Partial<Record<CsvTable, CsvTableSource>> = {};
    for (const table of request.files) {
      if (table === 'host') tables.host = { rows: this.history.hostRows(fromS, toS), rowCount: end - start };
      if (table === 'vms')
        tables.vms = { rows: this.history.vmRows(fromS, toS), rowCount: (end - start) * vmCount };
      if (table === 'log')
        tables.log = { rows: this.log.rows(fromS, toS), rowCount: this.log.countInRange(fromS, toS) };
    }
    return tables;
  }
}
