import type { App, WebContents } from 'electron';
import { fileURLToPath } from 'node:url';

export interface BlockedNavigationHandlers {
  /** A `.balloonlab` file dropped on the window (Chromium turns a drop into a file:// navigation). */
  openSessionFile(path: string): void;
}

export const sessionFileExtension = '.balloonlab';

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * What a navigation the window refused turns into: a dropped session, or nothing. Links are
 * never handed to the OS (no shell.openExternal): the lab is offline and shows addresses as text.
 */
export function routeBlockedNavigation(
  url: string,
  handlers: BlockedNavigationHandlers,
): 'session' | 'ignored' {
  const parsed = parse(url);
  if (parsed === null) return 'ignored';
  if (parsed.protocol === 'file:' && parsed.pathname.toLowerCase().endsWith(sessionFileExtension)) {
    handlers.openSessionFile(fileURLToPath(parsed));
    return 'session';
  }
  return 'ignored';
}

/**
 * The app is one page: every navigation away from it is refused, new windows are never
 * created, and webviews never attach. Refused targets are routed by {@link routeBlockedNavigation}.
 */
export function guardWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  isAppUrl: (url: string) => boolean,
  handlers: BlockedNavigationHandlers,
): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    routeBlockedNavigation(event.url, handlers);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Belt and braces for any other web contents (devtools, a future window): no popups, no webviews. */
export function guardEveryWebContents(app: Pick<App, 'on'>): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
