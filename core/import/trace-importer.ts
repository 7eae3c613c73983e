import { BitbrainsParser, looksLikeBitbrains } from './bitbrains-parser';
import { buildScenario, type ImportOptions, type ImportResult } from './build-scenario';
import { EsxtopParser, esxtopMarker } from './esxtop-parser';
import { ImportError, isImportError } from './import-error';
import type { TraceFormat } from './import-summary';
import { LineSplitter } from './line-splitter';
import { looksLikePlainCsv, PlainCsvParser } from './plain-csv-parser';
import { TraceCollector } from './trace-collector';
import type { TraceParser } from './trace-parser';

/** The format a file's first line announces, or null. */
export function detectFormat(firstLine: string): TraceFormat | null {
  const line = firstLine.replace(/^\uFEFF/, '').trimStart();
  if (line.startsWith(`"${esxtopMarker}`) || line.startsWith(esxtopMarker)) return 'esxtop';
  if (looksLikeBitbrains(line)) return 'bitbrains';
  if (looksLikePlainCsv(line)) return 'csv';
  return null;
}

/**
 * Imports a trace streamed in text chunks, file after file, in bounded memory: nothing keeps
 * more than one line of text, and every VM keeps a bounded series (trace-collector.ts).
 * `beginFile`, any number of `push`, `endFile`, for each file; then `finish`.
 */
export class TraceImporter {
  private readonly collector = new TraceCollector();
  private format: TraceFormat | null;
  private parser: TraceParser | null = null;
  private splitter: LineSplitter | null = null;
  private fileName = '';
  private firstFileName = '';
  private files = 0;
  private lines = 0;

  constructor(format?: TraceFormat) {
    this.format = format ?? null;
  }

  /** The format in use: the one asked for, or the one the first file's first line announced. */
  get detectedFormat(): TraceFormat | null {
    return this.format;
  }

  beginFile(name: string): void {
    if (this.files > 0 && this.format !== null && this.format !== 'bitbrains')
      throw new ImportError(
        `only GWA-T-12 (Bitbrains) traces come as several files; ${name} is a second ${this.format} file`,
      );
    this.files++;
    this.fileName = name;
    if (this.files === 1) this.firstFileName = name;
    this.parser = null;
    this.splitter = new LineSplitter((line, lineNo) => this.line(line, lineNo));
  }

  push(chunk: string): void {
    this.guard(() => this.requireSplitter().push(chunk));
  }

  endFile(): void {
    this.guard(() => {
      this.requireSplitter().end();
      this.lines += this.splitter!.lines;
      if (this.parser === null) throw new ImportError('the file is empty');
      this.parser.end();
    });
    this.splitter = null;
  }

  finish(options: ImportOptions = {}): ImportResult {
    if (this.files === 0 || this.format === null) throw new ImportError('no trace file was read');
    const fileName = this.files > 1 ? `${this.files} files` : this.firstFileName;
    return buildScenario(
      this.collector,
      { format: this.format, files: this.files, lines: this.lines, fileName },
      options,
    );
  }

  private line(text: string, lineNo: number): void {
    if (this.parser === null) {
      const line = lineNo === 1 ? text.replace(/^\uFEFF/, '') : text;
      if (line.trim() === '') return;
      const detected = detectFormat(line);
      if (this.format === null) {
        if (detected === null)
          throw new ImportError(
            `not a trace the lab can import: the first line is neither esxtop batch output ("${esxtopMarker} ..."), a GWA-T-12 header ("Timestamp [ms];\\t...") nor a plain CSV header (time_s,vm,memory_mib,demand_mib,active_pct)`,
            { line: lineNo },
          );
        this.format = detected;
      }
      this.parser = this.createParser(this.format);
      this.parser.line(line, lineNo);
      return;
    }
    this.parser.line(text, lineNo);
  }

  private createParser(format: TraceFormat): TraceParser {
    if (format === 'esxtop') return new EsxtopParser(this.collector);
    if (format === 'bitbrains') return new BitbrainsParser(this.collector, this.fileName);
    return new PlainCsvParser(this.collector);
  }

  private requireSplitter(): LineSplitter {
    if (this.splitter === null) throw new Error('TraceImporter: beginFile first');
    return this.splitter;
  }

  /** Errors name the file when the import reads several. */
  private guard(run: () => void): void {
    try {
      run();
    } catch (error) {
      if (isImportError(error) && error.where.file === undefined && this.files > 0)
        throw new ImportError(error.reason, { ...error.where, file: this.fileName });
      throw error;
    }
  }
}

/** Imports a whole trace held in memory (tests and small files); large files stream through TraceImporter. */
export function importTraceText(
  files: readonly { name: string; text: string }[],
  format?: TraceFormat,
  options?: ImportOptions,
): ImportResult {
  const importer = new TraceImporter(format);
  for (const f of files) {
    importer.beginFile(f.name);
    importer.push(f.text);
    importer.endFile();
  }
  return importer.finish(options);
}
