import type { IpcMainInvokeEvent } from 'electron';
import { pathToFileURL } from 'node:url';

/** Where the renderer comes from: the built index.html, or the electron-vite dev server. */
export type RendererSource = { kind: 'file'; indexPath: string } | { kind: 'dev-server'; url: string };

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for URLs of the app's own page (any hash or query), never for other files or hosts. */
export function createAppUrlMatcher(
  source: RendererSource,
  platform: NodeJS.Platform = process.platform,
): (url: string) => boolean {
  if (source.kind === 'dev-server') {
    const origin = new URL(source.url).origin;
    return (url) => parse(url)?.origin === origin;
  }
  const fold = (path: string): string =>
    platform === 'win32' || platform === 'darwin' ? path.toLowerCase() : path;
  const indexPath = fold(decodeURIComponent(pathToFileURL(source.indexPath).pathname));
  return (url) => {
    const parsed = parse(url);
    if (parsed === null || parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost'))
      return false;
    return fold(decodeURIComponent(parsed.pathname)) === indexPath;
  };
}

/** The URL the window loads: the dev server in development, else the built page. */
export function rendererUrl(source: RendererSource): string {
  return source.kind === 'dev-server' ? source.url : pathToFileURL(source.indexPath).href;
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
