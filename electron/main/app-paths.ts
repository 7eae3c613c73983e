import { join } from 'node:path';
import type { RendererSource } from './app-origin';

export interface AppPaths {
  preloadPath: string;
  workerPath: string;
  renderer: RendererSource;
}

/**
 * Files of the build next to the main bundle (electron.vite.config.ts): out/main/index.js,
 * out/main/engine-worker.js, out/preload/index.cjs, out/renderer/index.html. The dev server
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
      : { kind: 'file', indexPath: join(mainDir, '..', 'renderer', 'index.html') };
  return {
    preloadPath: join(mainDir, '..', 'preload', 'index.cjs'),
    workerPath: join(mainDir, 'engine-worker.js'),
    renderer,
  };
}
