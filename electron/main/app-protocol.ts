import type { Protocol } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { posix, sep } from 'node:path';
import { containedRealPath } from '../services/files/contained-path';
import { mimeTypeOf } from '../services/files/mime-types';
import { appHost, appScheme } from './app-origin';

/**
 * The privileges of app://: a standard scheme (origins, relative URLs, storage) treated as a
 * secure context, with fetch for module scripts. Nothing bypasses the policy, no service worker.
 */
export const appSchemePrivileges = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: true,
  bypassCSP: false,
  allowServiceWorkers: false,
  stream: false,
} as const;

/** Bigger files are not the app's: the renderer's largest bundle is about 1 MiB. */
export const maxAppFileBytes = 32 * 2 ** 20;

// Control characters and the backslash (a separator on Windows) never name a file we serve.
const forbiddenInPath = /[\u0000-\u001f\u007f\\]/;

/** Registers app:// as privileged; Electron allows this only before the app is ready. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: { ...appSchemePrivileges } }]);
}

function respond(status: number, text: string, policy: string, extra: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : text, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Security-Policy': policy,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      ...extra,
    },
  });
}

/** The decoded, normalised path of an app:// URL, or null when it names nothing we could serve. */
function filePathOf(url: URL): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (forbiddenInPath.test(decoded)) return null;
  const path = posix.normalize(decoded);
  if (!path.startsWith('/')) return null;
  return path === '/' ? '/index.html' : path;
}

/**
 * Serves the built renderer folder `rootDir` as app://balloon-lab/: GET and HEAD of regular files
 * inside it, each with the page's Content-Security-Policy as a header, its MIME type by extension
 * and nosniff. The path is decoded and normalised, then resolved with every symbolic link and
 * must stay inside the real `rootDir`; anything else (another host, a folder, a missing or
 * outside file, a file over {@link maxAppFileBytes}) is 404, a malformed path 400, another
 * method 405. Never throws: a failure to read is a 500.
 */
export function createAppProtocolHandler(
  rootDir: string,
  policy: string,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return respond(405, 'method not allowed', policy, { Allow: 'GET, HEAD' });
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return respond(400, 'bad request', policy);
    }
    if (url.protocol !== `${appScheme}:` || url.host !== appHost) return respond(404, 'not found', policy);
    const path = filePathOf(url);
    if (path === null) return respond(400, 'bad request', policy);
    try {
      const real = await containedRealPath(rootDir, `.${sep}${path}`).catch(() => null);
      const info = real === null ? null : await stat(real).catch(() => null);
      if (real === null || info === null || !info.isFile() || info.size > maxAppFileBytes)
        return respond(404, 'not found', policy);
      const body = request.method === 'HEAD' ? null : await readFile(real);
      return new Response(body, {
        status: 200,
        headers: {
          'Content-Type': mimeTypeOf(real),
          'Content-Length': String(body?.byteLength ?? info.size),
          'Content-Security-Policy': policy,
          'X-Content-Type-Options': 'nosniff',
          'Referrer-Policy': 'no-referrer',
          'Cross-Origin-Opener-Policy': 'same-origin',
          'Cross-Origin-Resource-Policy': 'same-origin',
          'Cache-Control': 'no-cache',
        },
      });
    } catch {
      return respond(500, 'internal error', policy);
    }
  };
}

/** Serves the built renderer over app:// (after the app is ready). */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, rootDir: string, policy: string): void {
  protocol.handle(appScheme, createAppProtocolHandler(rootDir, policy));
}
