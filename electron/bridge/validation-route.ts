import type { IncomingMessage, ServerResponse } from 'node:http';
import { baseHeaders, sendText } from './static-files';

/**
 * The report is one page with an inline stylesheet and no script: the page policy allows
 * exactly that, so even a report with hostile text could run nothing and load nothing.
 */
export const validationReportPolicy = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Serves the report `html()` gives (made on first use, then cached), or says why it could not. */
export async function serveValidationReport(
  req: IncomingMessage,
  res: ServerResponse,
  html: () => Promise<string>,
): Promise<void> {
  let text: string;
  try {
    text = await html();
  } catch (e) {
    return sendText(
      res,
      500,
      `the validation report could not be made: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const body = Buffer.from(text, 'utf8');
  res.writeHead(200, {
    ...baseHeaders(),
    'Content-Security-Policy': validationReportPolicy,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(body.byteLength),
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
