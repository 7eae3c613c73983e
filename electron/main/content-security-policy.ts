import type { Session } from 'electron';
import { appOrigin } from './app-origin';

/**
 * The page's Content-Security-Policy. Only the app's own files run; nothing remote loads. The
 * packaged app names its own origin (app://balloon-lab) where a web page would say 'self'; the
 * dev server injects <style> elements for hot reload, so only it gets inline styles. Vue's style
 * bindings set element.style, which a policy does not restrict, so the app needs no inline styles.
 * `meta`: the copy the build writes into index.html, without the directives a <meta> cannot carry.
 */
export function contentSecurityPolicy(options: { devServer: boolean; meta?: boolean }): string {
  const own = options.devServer ? "'self'" : appOrigin;
  const directives: Array<[string, string]> = [
    ['default-src', options.devServer ? "'self'" : "'none'"],
    ['script-src', own],
    ['style-src', options.devServer ? "'self' 'unsafe-inline'" : own],
    ['img-src', `${own} data:`],
    ['font-src', own],
    ['connect-src', own],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ];
  if (options.meta !== true) directives.push(['frame-ancestors', "'none'"]);
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}

const cspHeader = /^content-security-policy$/i;
const cspHeaderName = 'Content-Security-Policy';

/**
 * Sets the policy as a response header on every response of the session. The packaged app's
 * own protocol sends it itself (app-protocol.ts); this covers the dev server.
 */
export function installContentSecurityPolicy(session: Pick<Session, 'webRequest'>, policy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      // One policy per page: the app's, not whatever the dev server might send.
      if (!cspHeader.test(name)) responseHeaders[name] = value;
    }
    responseHeaders[cspHeaderName] = [policy];
    callback({ responseHeaders });
  });
}
