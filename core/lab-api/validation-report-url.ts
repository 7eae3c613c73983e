/** Where the browser bridge serves the validation report: one fixed path, never a file name from a request. */
export const validationReportPath = '/validation-report.html';

/** The link a page of the bridge opens the validation report with (the bridge wants the page's token). */
export function validationReportUrl(token: string): string {
  return `${validationReportPath}?token=${encodeURIComponent(token)}`;
}
