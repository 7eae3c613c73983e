import { open } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, sep } from 'node:path';
import { checkedReadFlags, containedRealPath } from '../services/contained-path';

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

const mimeTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function mimeTypeOf(path: string): string {
  return mimeTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

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
