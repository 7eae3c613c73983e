import { app, dialog, ipcMain, Menu, nativeTheme, protocol, screen, session, shell } from 'electron';
import type { BrowserWindow } from 'electron';
import { dirname, join } from 'node:path';
import { engineVersion } from '../../core/engine/engine-version';
import type { LabEvents } from '../../core/lab-api/lab-api-contract';
import type { LabHost, LabHostOptions } from '../services/lab/lab-service-types';
import { RecentSessionStore } from '../services/session/recent-session-store';
import { createAppUrlMatcher, createSenderCheck, rendererUrl } from './app-origin';
import { createCloseGuard } from './close-guard';
import { appMenuTemplate } from './app-menu';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import type { ThemeSource } from './app-menu';
import type { AppPaths } from './app-paths';
import { contentSecurityPolicy, installContentSecurityPolicy } from './content-security-policy';
import { createDialogFileChooser } from './dialog-file-chooser';
import { registerLabIpc } from './lab-ipc';
import { guardEveryWebContents, guardWebContents } from './navigation-guard';
import { denyAllPermissions } from './permission-guard';
import { OpenRecentMenu } from './open-recent-menu';
import { RendererChannel } from './renderer-channel';
import { createSecureWindow } from './secure-window';
import { sessionFileFromArgv } from './session-file-args';
import { SessionOpener } from './session-opener';
import { withSessionTracking } from './session-tracking';
import { readWindowBounds } from './window-bounds';
import { WindowStateKeeper } from './window-state-keeper';
import { createValidationReportOpener } from './validation-report-opener';
import {
  generateReportInWorker,
  ValidationReportCache,
} from '../services/validation/validation-report-cache';

export interface MainProcessOptions {
  paths: AppPaths;
  createHost(options: LabHostOptions): LabHost;
  argv: readonly string[];
  cwd: string;
}

/** What tests (and nothing else) observe of a started main process. */
export interface MainProcessHandle {
  /** Settles once the host exists, IPC is registered and the window is loading. */
  ready: Promise<void>;
  window(): BrowserWindow | null;
}

const disposeTimeoutMs = 5000;
const windowStateFile = 'window-state.json';

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    promise
      .catch((error: unknown) => console.error('Shutting down the lab failed:', error))
      .finally(() => {
        clearTimeout(timer);
        resolve();
      });
  });
}

/**
 * The Electron main process: one secure window on one LabHost. Returns null when another
 * instance already runs (it gets our file argument through 'second-instance').
 */
export function startMainProcess(options: MainProcessOptions): MainProcessHandle | null {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  app.enableSandbox();
  registerAppScheme(protocol);

  const { paths } = options;
  const isAppUrl = createAppUrlMatcher(paths.renderer);
  const channel = new RendererChannel();
  const windowState = new WindowStateKeeper(join(app.getPath('userData'), windowStateFile));
  let host: LabHost | null = null;
  let mainWindow: BrowserWindow | null = null;
  let theme: ThemeSource = 'system';
  let recentPaths: string[] = [];
  let phase: 'starting' | 'running' | 'quitting' | 'done' = 'starting';
  let startupFile = sessionFileFromArgv(options.argv, options.cwd);

  const liveWindow = (): BrowserWindow | null =>
    mainWindow !== null && !mainWindow.isDestroyed() ? mainWindow : null;

  const opener = new SessionOpener({
    host: {
      invoke: (method, request) =>
        host === null ? Promise.reject(new Error('The lab is not ready yet.')) : host.invoke(method, request),
    },
    channel,
    async confirmDiscard(sessionName, fileName) {
      const window = liveWindow();
      const box = {
        type: 'question' as const,
        buttons: ['Open', 'Cancel'],
        defaultId: 0,
        cancelId: 1,
        message: `Discard unsaved changes to “${sessionName}”?`,
        detail: `Opening ${fileName} replaces the current session.`,
      };
      const { response } = await (window ? dialog.showMessageBox(window, box) : dialog.showMessageBox(box));
      return response === 0;
    },
  });

  const closeGuard = createCloseGuard({
    host: () => host,
    showMessageBox: (box) => {
      const window = liveWindow();
      return window ? dialog.showMessageBox(window, box) : dialog.showMessageBox(box);
    },
  });
  /** Unsaved work: prevents the close or quit and asks; `proceed` runs once the user agrees. */
  const guardClose = (event: { preventDefault(): void }, proceed: () => void): boolean => {
    if (phase !== 'running' || !closeGuard.needed) return false;
    event.preventDefault();
    void closeGuard.ask().then((ok) => ok && proceed());
    return true;
  };

  // Made in a worker thread beside the engine worker, kept per engine version in userData.
  const validationReports = new ValidationReportCache({
    cacheDir: join(app.getPath('userData'), 'validation'),
    engineVersion,
    generate: () => generateReportInWorker(join(dirname(paths.workerPath), 'validation-worker.mjs')),
  });
  const openValidationReport = createValidationReportOpener({
    reportFile: () => validationReports.file(),
    openPath: (path) => shell.openPath(path),
    notify: (notice) => channel.send('notice', notice),
  });

  const refreshMenu = (): void => {
    const template = appMenuTemplate({
      platform: process.platform,
      isPackaged: app.isPackaged,
      appName: app.name,
      theme,
      recentFiles: recentPaths,
      sendCommand: (command) => channel.send('menuCommand', { command }),
      openRecent: (path) => void openFromOs(path),
      clearRecent: () =>
        void recent
          .clear()
          .catch((error: unknown) => console.error('Could not clear recent sessions:', error)),
      setTheme: (next) => {
        theme = next;
        nativeTheme.themeSource = next;
        refreshMenu();
      },
      openValidationReport: () => void openValidationReport(),
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };

  const recent = new OpenRecentMenu({
    store: new RecentSessionStore({ stateDir: app.getPath('userData') }),
    addToOs: (path) => app.addRecentDocument(path),
    clearOs: () => app.clearRecentDocuments(),
    onChange: (list) => {
      recentPaths = list;
      refreshMenu();
    },
  });

  const focusWindow = (): void => {
    const window = liveWindow();
    if (window === null) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  async function openFromOs(path: string): Promise<void> {
    if (phase === 'starting') {
      startupFile = path;
      return;
    }
    if (phase !== 'running') return;
    focusWindow();
    await opener.open(path);
  }

  async function createWindow(): Promise<void> {
    const bounds = await readWindowBounds(
      join(app.getPath('userData'), windowStateFile),
      screen.getAllDisplays().map((display) => display.workArea),
    );
    const window = createSecureWindow({
      preloadPath: paths.preloadPath,
      bounds,
      devTools: !app.isPackaged,
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#1e1f22' : '#ffffff',
    });
    mainWindow = window;
    guardWebContents(window.webContents, isAppUrl, {
      openSessionFile: (path) => void openFromOs(path),
    });
    window.once('ready-to-show', () => {
      if (bounds.maximized) window.maximize();
      window.show();
    });
    window.webContents.on('did-start-loading', () => channel.detach());
    window.webContents.on('did-finish-load', () => channel.attach(window.webContents));
    window.on('close', (event) => {
      if (guardClose(event, () => window.close())) return;
      windowState.capture(window);
      if (phase === 'running') void windowState.flush();
    });
    window.on('closed', () => {
      channel.detach();
      if (mainWindow === window) mainWindow = null;
    });
    await window.loadURL(rendererUrl(paths.renderer));
  }

  async function onReady(): Promise<void> {
    if (paths.renderer.kind === 'bundle')
      serveAppProtocol(protocol, paths.renderer.rootDir, contentSecurityPolicy({ devServer: false }));
    else installContentSecurityPolicy(session.defaultSession, contentSecurityPolicy({ devServer: true }));
    denyAllPermissions(session.defaultSession);
    const fileChooser = createDialogFileChooser(dialog, liveWindow, app.getPath('documents'));
    const rawHost = options.createHost({
      transport: 'electron',
      stateDir: app.getPath('userData'),
      dataDir: null,
      fileChooser,
      appVersion: app.getVersion(),
      workerPath: paths.workerPath,
    });
    host = withSessionTracking(
      rawHost,
      (meta) =>
        void recent
          .note(meta)
          .catch((error: unknown) => console.error('Could not update recent sessions:', error)),
    );
    host.subscribe((event, payload) => {
      if (event === 'sessionChanged') closeGuard.note(payload as LabEvents['sessionChanged']);
    });
    registerLabIpc(ipcMain, host, createSenderCheck(isAppUrl));
    channel.forwardFrom(host);
    refreshMenu();
    void recent.refresh().catch((error: unknown) => console.error('Could not read recent sessions:', error));
    phase = 'running';
    // A file given at start opens before the page asks for its first state, so no event is needed.
    if (startupFile !== null) await opener.open(startupFile);
    startupFile = null;
    await createWindow();
  }

  app.on('second-instance', (_event, argv, workingDirectory) => {
    focusWindow();
    const path = sessionFileFromArgv(argv, workingDirectory);
    if (path !== null) void openFromOs(path);
  });
  // macOS delivers double-clicked files this way, possibly before 'ready'.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    void openFromOs(path);
  });
  guardEveryWebContents(app);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (phase === 'running' && liveWindow() === null) void createWindow();
  });
  app.on('before-quit', (event) => {
    if (phase === 'done') return;
    if (liveWindow() !== null && guardClose(event, () => app.quit())) return;
    event.preventDefault();
    if (phase === 'quitting') return;
    phase = 'quitting';
    const window = liveWindow();
    if (window !== null) windowState.capture(window);
    const disposing = host === null ? Promise.resolve() : withTimeout(host.dispose(), disposeTimeoutMs);
    void Promise.allSettled([windowState.flush(), disposing]).then(() => {
      phase = 'done';
      app.quit();
    });
  });

  const ready = app.whenReady().then(onReady);
  ready.catch((error: unknown) => {
    console.error('Balloon Lab failed to start:', error);
    dialog.showErrorBox(
      'Balloon Lab failed to start',
      error instanceof Error ? error.message : String(error),
    );
    app.exit(1);
  });
  return { ready, window: liveWindow };
}
