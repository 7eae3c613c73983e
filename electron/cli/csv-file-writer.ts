import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify, type Stringifier } from 'csv-stringify';
import { csvStringifyOptions, toCsvRecord } from '../services/export/csv-options';

/** Streams rows into a CSV file in the dialect the GUI export writes (csv-options.ts), waiting for the disk when its buffer is full. */
export class CsvFileWriter {
  private readonly stringifier: Stringifier;
  private readonly done: Promise<void>;
  private failure: Error | null = null;
  rows = 0;

  constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    this.stringifier = stringify({ ...csvStringifyOptions, header: true, columns: [...header] });
    const file = createWriteStream(path, { encoding: 'utf8' });
    const fail = (e: Error) => (this.failure ??= e);
    this.stringifier.on('error', fail);
    file.on('error', fail);
    this.stringifier.pipe(file);
    this.done = finished(file);
    this.done.catch(fail);
  }

  /** Adds one row; resolves at once unless the stream asks to wait for a drain. */
  async write(row: readonly string[]): Promise<void> {
    if (this.failure) throw this.failure;
    this.rows += 1;
    if (!this.stringifier.write(toCsvRecord(row)))
      await Promise.race([once(this.stringifier, 'drain'), this.done]);
    if (this.failure) throw this.failure;
  }

  private closing: Promise<void> | null = null;

  /** Ends the file and waits until every byte is on disk. Safe to call again. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stringifier.end();
      await this.done.catch(() => undefined);
      if (this.failure) throw this.failure;
    })();
    return this.closing;
  }
}
