import { mkdir, open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import writeFileAtomic from 'write-file-atomic';

/** A cached report larger than this is not ours (the report is ~100 KiB): it is made again. */
export const maxReportBytes = 8 * 1024 * 1024;
/** The experiments take about 30 s on a loaded 2-core machine; a worker still busy after this is stuck. */
export const defaultWorkerTimeoutMs = 10 * 60 * 1000;

const filePrefix = 'validation-report-';

/** The report's HTML, made by running the published experiments in the worker thread at `workerPath`. */
export function generateReportInWorker(
  workerPath: string,
  timeoutMs: number = defaultWorkerTimeoutMs,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerPath);
    let settled = false;
    const finish = (error: Error | null, html?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (error === null) resolve(html!);
      else reject(error);
    };
    const timer = setTimeout(
      () => finish(new Error(`the validation took longer than ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    worker.once('message', (message: { ok: boolean; html?: unknown; error?: unknown }) => {
      if (message.ok && typeof message.html === 'string') finish(null, message.html);
      else finish(new Error(`the validation failed: ${String(message.error ?? 'no report')}`));
    });
    worker.once('error', (e) => finish(e));
    worker.once('exit', (code) => finish(new Error(`the validation worker stopped (exit code ${code})`)));
  });
}

export interface ValidationReportCacheOptions {
  /** Folder the report is kept in (created when missing). */
  cacheDir: string;
  /** The engine the report is for: a report of another engine is stale. */
  engineVersion: string;
  /** Makes the report (runs the experiments). */
  generate: () => Promise<string>;
}

/**
 * The validation report of this engine, made once and kept on disk as
 * `validation-report-<engine version>.html`: served from there until the engine version changes,
 * when the old report is deleted and a new one made. Callers that ask while it is being made
 * share that one run. The file name comes from the engine version only, never from a request.
 */
export class ValidationReportCache {
  private pending: Promise<string> | null = null;
  readonly path: string;

  constructor(private readonly options: ValidationReportCacheOptions) {
    if (!/^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$/.test(options.engineVersion)) {
      throw new Error(`not an engine version: "${options.engineVersion}"`);
    }
    this.path = join(options.cacheDir, `${filePrefix}${options.engineVersion}.html`);
  }

  /** The report's HTML: the cached file, or a new report when there is none (or a broken one). */
  html(): Promise<string> {
    this.pending ??= this.load().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** The report's file, made first if needed. */
  async file(): Promise<string> {
    await this.html();
    return this.path;
  }

  private async load(): Promise<string> {
    const cached = await this.readCached();
    if (cached !== null) return cached;
    const html = await this.options.generate();
    await mkdir(this.options.cacheDir, { recursive: true });
    await this.removeStale();
    await writeFileAtomic(this.path, html, 'utf8');
    return html;
  }

  private async readCached(): Promise<string | null> {
    const handle = await open(this.path, 'r').catch(() => null);
    if (handle === null) return null;
    try {
      const info = await handle.stat();
      if (!info.isFile() || info.size > maxReportBytes) return null;
      const text = await handle.readFile('utf8');
      return text.startsWith('<!doctype html>') ? text : null;
    } finally {
      await handle.close();
    }
  }

  private async removeStale(): Promise<void> {
    const names = await readdir(this.options.cacheDir).catch(() => [] as string[]);
    const own = `${filePrefix}${this.options.engineVersion}.html`;
    for (const name of names) {
      if (name.startsWith(filePrefix) && name.endsWith('.html') && name !== own) {
        await rm(join(this.options.cacheDir, name), { force: true });
      }
    }
  }
}
