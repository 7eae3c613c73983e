import { open } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sep } from 'node:path';
import { checkedReadFlags, containedRealPath } from '../services/files/contained-path';
import { mimeTypeOf } from '../services/files/mime-types';

/** Same policy as the Electron window: no remote code, WebSocket only to the local bridge. */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every bridge response carries. */
export function baseHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    ...baseHeaders(),
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function cacheControlOf(urlPath: string): string {
  // Vite puts content-hashed names under assets/: safe to keep; anything else is revalidated.
  return urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export interface ServeFileOptions {
  /** Extra response headers (they win over the defaults). */
  headers?: Record<string, string>;
  /** Refuses (403) a file by its real path, e.g. the page when the token is missing. */
  allow?: (realPath: string) => boolean;
  /** Serves the file's text rewritten (the page; files over {@link maxRewrittenBytes} are 404). */
  rewrite?: (text: string) => string;
}

/** The page is a few hundred bytes; a rewritten file is read whole, so it is bounded. */
export const maxRewrittenBytes = 1024 * 1024;

const policyMeta = /<meta\b[^>]*\bhttp-equiv\s*=\s*["']?content-security-policy["']?[^>]*>[ \t]*\r?\n?/gi;

/**
 * The page without its <meta> Content-Security-Policy: the build writes the desktop app's
 * policy there (it names app://balloon-lab), and a browser would apply it on top of the
 * bridge's header and block the page's own scripts. The header then says it all.
 */
export function withoutPolicyMeta(html: string): string {
  return html.replace(policyMeta, '');
}

/**
 * Serves one file of `root` for a GET/HEAD. `urlPath` must already be decoded and normalised
 * (see parseRequestTarget). Symbolic links are resolved and the file must still be inside the
 * real `root`; it is opened without following a link and checked to be a regular file on the
 * open handle, so neither a planted link nor a FIFO or device is ever read. Anything else is 404.
 */
export async function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  urlPath: string,
  options: ServeFileOptions = {},
): Promise<void> {
  const extra = options.headers ?? {};
  const real = await containedRealPath(root, `.${sep}${urlPath}`).catch(() => null);
  const handle = real === null ? null : await open(real, checkedReadFlags).catch(() => null);
  if (real === null || handle === null) return sendText(res, 404, 'not found');
  let handedOver = false;
  try {
    const info = await handle.stat();
    if (!info.isFile()) return sendText(res, 404, 'not found');
    if (options.allow !== undefined && !options.allow(real)) return sendText(res, 403, 'forbidden');
    if (options.rewrite !== undefined) {
      if (info.size > maxRewrittenBytes) return sendText(res, 404, 'not found');
      const body = Buffer.from(options.rewrite((await handle.readFile()).toString('utf8')), 'utf8');
      res.writeHead(200, {
        ...baseHeaders(),
        'Content-Type': mimeTypeOf(real),
        'Content-Length': String(body.byteLength),
        'Cache-Control': extra['Cache-Control'] ?? cacheControlOf(urlPath),
        ...extra,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    res.writeHead(200, {
      ...baseHeaders(),
      'Content-Type': mimeTypeOf(real),
      'Content-Length': String(info.size),
      'Cache-Control': extra['Cache-Control'] ?? cacheControlOf(urlPath),
      'Last-Modified': info.mtime.toUTCString(),
      ...extra,
    });
    if (req.method === 'HEAD' || info.size === 0) return void res.end();
    handedOver = true;
    // Never more than the announced length, even if the file grows meanwhile.
    handle
      .createReadStream({ end: info.size - 1, autoClose: true })
      .on('error', () => res.destroy())
      .pipe(res);
  } finally {
    if (!handedOver) await handle.close();
  }
}
