import type { LabEvents } from '../../core/lab-api/lab-api-contract';

export interface ValidationReportOpenerOptions {
  /** The report's file, made first when this engine has none yet (ValidationReportCache.file). */
  reportFile(): Promise<string>;
  /** Opens a file with the system's handler (Electron's shell.openPath): '' or why it failed. */
  openPath(path: string): Promise<string>;
  /** Tells the page (a notice). */
  notify(notice: LabEvents['notice']): void;
}

/**
 * Help > Validation Report in the desktop app: makes the report once per engine version (in a
 * worker thread, the window stays responsive) and opens it in the system's browser. A second
 * click while it is being made waits for the same report instead of starting another run.
 */
export function createValidationReportOpener(options: ValidationReportOpenerOptions): () => Promise<void> {
  let busy: Promise<void> | null = null;
  const open = async (): Promise<void> => {
    options.notify({
      level: 'info',
      message:
        'Opening the validation report. The first time for this engine it runs the published experiments, which takes under a minute.',
    });
    let file: string;
    try {
      file = await options.reportFile();
    } catch (e) {
      options.notify({
        level: 'error',
        message: `The validation report could not be made: ${e instanceof Error ? e.message : String(e)}`,
      });
      return;
    }
    const failure = await options.openPath(file);
    if (failure !== '') options.notify({ level: 'error', message: `Could not open ${file}: ${failure}` });
  };
  return () => {
    busy ??= open().finally(() => {
      busy = null;
    });
    return busy;
  };
}
