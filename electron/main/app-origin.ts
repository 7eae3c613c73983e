import type { IpcMainInvokeEvent } from 'electron';

/** The packaged app's own scheme and host: its page is app://balloon-lab/index.html. */
export const appScheme = 'app';
export const appHost = 'balloon-lab';
export const appOrigin = `${appScheme}://${appHost}`;
export const appPageUrl = `${appOrigin}/index.html`;

/**
 * Where the renderer comes from: the built renderer folder, served over the app's own protocol
 * (app-protocol.ts), or the electron-vite dev server.
 */
export type RendererSource = { kind: 'bundle'; rootDir: string } | { kind: 'dev-server'; url: string };

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for URLs of the app's own page (any hash or query), never for other files or hosts. */
export function createAppUrlMatcher(source: RendererSource): (url: string) => boolean {
  if (source.kind === 'dev-server') {
    const origin = new URL(source.url).origin;
    return (url) => parse(url)?.origin === origin;
  }
  return (url) => {
    const parsed = parse(url);
    return (
      parsed !== null &&
      parsed.protocol === `${appScheme}:` &&
      parsed.host === appHost &&
      parsed.username === '' &&
      parsed.password === '' &&
      (parsed.pathname === '/' || parsed.pathname === '/index.html')
    );
  };
}

/** The URL the window loads: the dev server in development, else the built page. */
export function rendererUrl(source: RendererSource): string {
  return source.kind === 'dev-server' ? source.url : appPageUrl;
}

/**
 * Every IPC call must come from the app page in a top-level frame; a frame that navigated
 * away, an iframe or any other page is refused.
 */
export function createSenderCheck(
  isAppUrl: (url: string) => boolean,
): (event: Pick<IpcMainInvokeEvent, 'senderFrame'>) => boolean {
  return (event) => {
    let frame: IpcMainInvokeEvent['senderFrame'];
    try {
      frame = event.senderFrame;
    } catch {
      return false;
    }
    if (frame === null || frame === undefined) return false;
    if (frame.parent !== null) return false;
    return isAppUrl(frame.url);
  };
}
