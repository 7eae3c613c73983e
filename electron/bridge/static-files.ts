import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

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

/** `relPath` resolved inside `root`, or null when it would leave it. */
export function resolveInside(root: string, relPath: string): string | null {
  if (relPath.includes('\0')) return null;
  const base = resolve(root);
  const path = resolve(base, `.${sep}${relPath}`);
  const rel = relative(base, path);
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  return path;
}

function cacheControlOf(urlPath: string): string {
  // Vite puts content-hashed names under assets/: safe to keep; anything else is revalidated.
  return urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** Serves one file of `root` for a GET/HEAD; answers 404 when it is not a file inside root. */
export async function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  urlPath: string,
  extra: Record<string, string> = {},
): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    sendText(res, 400, 'bad path');
    return;
  }
  const path = resolveInside(root, decoded);
  const info = path === null ? null : await stat(path).catch(() => null);
  if (path === null || info === null || !info.isFile()) {
    sendText(res, 404, 'not found');
    return;
  }
  res.writeHead(200, {
    ...baseHeaders(),
    'Content-Type': mimeTypeOf(path),
    'Content-Length': String(info.size),
    'Cache-Control': extra['Cache-Control'] ?? cacheControlOf(urlPath),
    'Last-Modified': info.mtime.toUTCString(),
    ...extra,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(path)
    .on('error', () => res.destroy())
    .pipe(res);
}
