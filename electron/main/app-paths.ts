import { join } from 'node:path';
import type { RendererSource } from './app-origin';

export interface AppPaths {
  preloadPath: string;
  workerPath: string;
  renderer: RendererSource;
}

/**
 * The same file beside app.asar (in app.asar.unpacked) when `path` is inside the archive. The
 * engine worker runs from there: electron-builder.yml unpacks it with everything it imports,
 * so the worker thread reads plain files instead of relying on asar support in workers.
 */
export function unpackedPath(path: string): string {
  return path.replace(/([\\/])app\.asar(?=[\\/]|$)/, '$1app.asar.unpacked');
}

/**
 * Files of the build next to the main bundle (electron.vite.config.ts): out/main/index.js,
 * out/main/engine-worker.mjs, out/preload/index.cjs, the renderer folder out/renderer (served
 * over the app's own protocol, inside app.asar in a packaged app). The dev server
 * (`electron-vite dev` sets ELECTRON_RENDERER_URL) is used only in an unpackaged app.
 */
export function appPaths(
  mainDir: string,
  env: Readonly<Record<string, string | undefined>>,
  isPackaged: boolean,
): AppPaths {
  const devUrl = env.ELECTRON_RENDERER_URL;
  const renderer: RendererSource =
    !isPackaged &&
    devUrl !== undefined &&
    /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\/?$/.test(devUrl)
      ? { kind: 'dev-server', url: devUrl }
      : { kind: 'bundle', rootDir: join(mainDir, '..', 'renderer') };
  return {
    preloadPath: join(mainDir, '..', 'preload', 'index.cjs'),
    workerPath: unpackedPath(join(mainDir, 'engine-worker.mjs')),
    renderer,
  };
}
