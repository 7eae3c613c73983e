import type { Session } from 'electron';

/**
 * The page's Content-Security-Policy. Only the app's own files run; nothing remote loads.
 * The dev server injects <style> elements for hot reload, so only it gets inline styles.
 */
export function contentSecurityPolicy(options: { devServer: boolean }): string {
  const directives: Array<[string, string]> = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', options.devServer ? "'self' 'unsafe-inline'" : "'self'"],
    ['img-src', "'self' data:"],
    ['font-src', "'self'"],
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}

const cspHeader = /^content-security-policy$/i;

/** Sets the policy as a response header on every response of the session (file:// and dev server alike). */
export function installContentSecurityPolicy(session: Pick<Session, 'webRequest'>, policy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      // One policy per page: the app's, not whatever the dev server might send.
      if (!cspHeader.test(name)) responseHeaders[name] = value;
    }
    responseHeaders['Content-Security-Policy'] = [policy];
    callback({ responseHeaders });
  });
}
