import { parentPort } from 'node:worker_threads';
import { validationReportHtml } from '../../../core/validation/report-html';
import { runValidation } from '../../../core/validation/run-validation';
import { validationExperiments } from '../../../core/validation/validation-experiments';

// Entry of the validation worker thread (out/main/validation-worker.mjs): the published
// experiments take tens of seconds of CPU, which the main process or the bridge must not spend
// on their own event loop. Runs once, posts the report's HTML (or why it failed) and ends.
try {
  const report = runValidation(validationExperiments);
  parentPort?.postMessage({ ok: true, html: validationReportHtml(report), passed: report.passed });
} catch (e) {
  parentPort?.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
}
