import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { stringify, type Stringifier } from 'csv-stringify';
import { hostCsvHeader, logCsvHeader, vmsCsvHeader } from '../../../core/trace/trace-columns';
import { fsyncDirectory } from '../files/atomic-file';
import { csvStringifyOptions, toCsvRecord } from './csv-options';
import { containedRealPath } from '../files/contained-path';

export const csvTables = ['host', 'vms', 'log'] as const;
export type CsvTable = (typeof csvTables)[number];

export const csvFileNames: Readonly<Record<CsvTable, string>> = {
  host: 'host.csv',
  vms: 'vms.csv',
  log: 'log.csv',
};
export const csvHeaders: Readonly<Record<CsvTable, readonly string[]>> = {
  host: hostCsvHeader,
  vms: vmsCsvHeader,
  log: logCsvHeader,
};

/** Rows formatted by core/trace/trace-columns.ts (hostRow, vmRow, logRow): `time_s` first. */
export type CsvRows = Iterable<readonly string[]> | AsyncIterable<readonly string[]>;

export interface CsvTableSource {
  rows: CsvRows;
  /** Rows `rows` will yield, for progress; omit when unknown. */
  rowCount?: number;
}

export interface ExportProgress {
  table: CsvTable;
  /** Rows written to CSV so far (all tables, header rows not counted). */
  rowsWritten: number;
  /** Rows read from the sources so far, including those outside the time range. */
  rowsScanned: number;
  /** Sum of the sources' rowCount, or null when one is unknown. */
  rowsTotal: number | null;
}

export interface ExportCsvOptions {
  /** Folder to write into; created when missing. */
  folder: string;
  /**
   * A folder `folder` must stay inside once symbolic links are resolved: a link planted on the
   * way is refused (LabError 'refused') before anything is created or written.
   */
  within?: string;
  /** Which files to write, each from its rows. */
  tables: Partial<Record<CsvTable, CsvTableSource>>;
  /** Keep rows with time_s >= fromS (simulated seconds). */
  fromS?: number;
  /** Keep rows with time_s <= toS (simulated seconds). */
  toS?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  /** Report progress every this many scanned rows (default 10,000) and at the end of each file. */
  progressEveryRows?: number;
}

export interface ExportedFile {
  table: CsvTable;
  path: string;
  rows: number;
  sizeBytes: number;
}

export interface ExportResult {
  /** True when the signal aborted the export: no file was written under its final name. */
  cancelled: boolean;
  files: ExportedFile[];
  rowsWritten: number;
}

class ExportCancelled extends Error {}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

interface ExportState {
  options: ExportCsvOptions;
  rowsWritten: number;
  rowsScanned: number;
  rowsTotal: number | null;
  nextProgressAt: number;
  every: number;
}

function report(state: ExportState, table: CsvTable): void {
  state.options.onProgress?.({
    table,
    rowsWritten: state.rowsWritten,
    rowsScanned: state.rowsScanned,
    rowsTotal: state.rowsTotal,
  });
}

function isAsync(rows: CsvRows): rows is AsyncIterable<readonly string[]> {
  return typeof (rows as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

/** Writes one table into `tempPath`, honouring backpressure; returns the data rows written. */
async function writeTable(
  state: ExportState,
  table: CsvTable,
  source: CsvTableSource,
  tempPath: string,
): Promise<number> {
  const { fromS, toS, signal } = state.options;
  const stringifier: Stringifier = stringify({ ...csvStringifyOptions, writableHighWaterMark: 256 });
  const done = pipeline(stringifier, createWriteStream(tempPath, { flags: 'wx', flush: true }));
  done.catch(() => undefined); // observed below; this only prevents an unhandled rejection while rows are produced
  let rows = 0;
  // Returns true when the stringifier wants the producer to wait for 'drain'.
  const push = (row: readonly string[]): boolean => {
    state.rowsScanned++;
    let keep = true;
    if (fromS !== undefined || toS !== undefined) {
      const timeS = Number(row[0]);
      keep = (fromS === undefined || timeS >= fromS) && (toS === undefined || timeS <= toS);
    }
    let full = false;
    if (keep) {
      full = !stringifier.write(toCsvRecord(row));
      rows++;
      state.rowsWritten++;
    }
    if (state.rowsScanned >= state.nextProgressAt) {
      state.nextProgressAt = state.rowsScanned + state.every;
      report(state, table);
    }
    return full;
  };
  const drain = async (): Promise<void> => {
    if (stringifier.destroyed) await done;
    await once(stringifier, 'drain', signal === undefined ? {} : { signal });
  };
  try {
    if (!stringifier.write(csvHeaders[table])) await drain();
    if (isAsync(source.rows)) {
      for await (const row of source.rows) {
        if (isAborted(signal)) throw new ExportCancelled();
        if (push(row)) await drain();
      }
    } else {
      for (const row of source.rows) {
        if (isAborted(signal)) throw new ExportCancelled();
        if (push(row)) await drain();
      }
    }
    stringifier.end();
    await done;
  } catch (error) {
    stringifier.destroy();
    await done.catch(() => undefined);
    throw isAborted(signal) ? new ExportCancelled() : error;
  }
  report(state, table);
  return rows;
}

/**
 * Streams trace rows to host.csv, vms.csv and log.csv in `folder` (columns in docs/glossary.md,
 * the shared CSV dialect of csv-options.ts) with bounded memory. Each file is written
 * under a `<name>.<random>.partial` name and renamed only when every file is complete,
 * so a cancelled or failed export leaves no file under a final name; the partial files
 * are removed. Cancel through `signal`: resolves with `cancelled: true`.
 */
export async function exportCsv(options: ExportCsvOptions): Promise<ExportResult> {
  const tables = csvTables.filter((t) => options.tables[t] !== undefined);
  const counts = tables.map((t) => options.tables[t]!.rowCount);
  const state: ExportState = {
    options,
    rowsWritten: 0,
    rowsScanned: 0,
    rowsTotal: counts.every((c) => c !== undefined) ? counts.reduce((a: number, c) => a + c!, 0) : null,
    every: Math.max(1, options.progressEveryRows ?? 10_000),
    nextProgressAt: Math.max(1, options.progressEveryRows ?? 10_000),
  };
  const suffix = randomBytes(6).toString('hex');
  const planned = tables.map((table) => {
    const path = join(options.folder, csvFileNames[table]);
    return { table, path, tempPath: `${path}.${suffix}.partial`, rows: 0 };
  });
  const created: string[] = [];
  try {
    if (isAborted(options.signal)) throw new ExportCancelled();
    if (options.within !== undefined) await containedRealPath(options.within, options.folder);
    await mkdir(options.folder, { recursive: true });
    if (options.within !== undefined) await containedRealPath(options.within, options.folder);
    for (const file of planned) {
      created.push(file.tempPath);
      file.rows = await writeTable(state, file.table, options.tables[file.table]!, file.tempPath);
    }
    if (isAborted(options.signal)) throw new ExportCancelled();
  } catch (error) {
    await Promise.all(created.map((p) => unlink(p).catch(() => undefined)));
    if (error instanceof ExportCancelled) return { cancelled: true, files: [], rowsWritten: 0 };
    throw error;
  }
  // Past this point the export is complete and is no longer cancellable.
  const files: ExportedFile[] = [];
  try {
    for (const file of planned) {
      await rename(file.tempPath, file.path);
      files.push({
        table: file.table,
        path: file.path,
        rows: file.rows,
        sizeBytes: (await stat(file.path)).size,
      });
    }
  } catch (error) {
    await Promise.all(planned.slice(files.length).map((f) => unlink(f.tempPath).catch(() => undefined)));
    throw error;
  }
  await fsyncDirectory(options.folder);
  return { cancelled: false, files, rowsWritten: state.rowsWritten };
}
