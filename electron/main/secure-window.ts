import { BrowserWindow } from 'electron';
import type { WindowBounds } from './window-bounds';

export interface MainWindowSettings {
  preloadPath: string;
  bounds: WindowBounds;
  devTools: boolean;
  backgroundColor: string;
}

export const minWindowSize = { width: 960, height: 600 } as const;

/**
 * The main window. The renderer is treated as an untrusted web page: isolated from the
 * preload, sandboxed, no Node. The preferences are spelled out in the constructor call so a
 * static scan of the build (Electronegativity) sees them. `navigateOnDragDrop` lets a dropped
 * `.balloonlab` file surface as a (refused) navigation that the main process opens, so the
 * preload needs no file-drop API; `Auxclick` is off so a middle click cannot open windows.
 */
export function createSecureWindow(settings: MainWindowSettings): BrowserWindow {
  const { x, y, width, height } = settings.bounds;
  return new BrowserWindow({
    ...(x !== undefined && y !== undefined ? { x, y } : {}),
    width,
    height,
    minWidth: minWindowSize.width,
    minHeight: minWindowSize.height,
    title: 'Balloon Lab',
    // Shown on 'ready-to-show' so the user never sees an empty frame.
    show: false,
    backgroundColor: settings.backgroundColor,
    webPreferences: {
      preload: settings.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: true,
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
      devTools: settings.devTools,
    },
  });
}
