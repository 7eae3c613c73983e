import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * An in-memory stand-in for the 'electron' module (the binary cannot run here). It records
 * what the main process does to it and lets a test play the OS and the renderer.
 */

type Listener = (...args: unknown[]) => unknown;

export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent<T extends object>(extra: T = {} as T): FakeEvent & T {
  return Object.assign(
    {
      defaultPrevented: false,
      preventDefault(this: FakeEvent) {
        this.defaultPrevented = true;
      },
    },
    extra,
  );
}

export class FakeWebContents extends EventEmitter {
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  loadedUrl: string | null = null;
  destroyed = false;

  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Plays a finished page load. */
  finishLoad(): void {
    this.emit('did-start-loading');
    this.emit('did-finish-load');
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly calls: string[] = [];
  bounds: { x: number; y: number; width: number; height: number };
  maximized = false;
  minimized = false;
  destroyed = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    this.bounds = {
      x: (options.x as number | undefined) ?? 100,
      y: (options.y as number | undefined) ?? 100,
      width: options.width as number,
      height: options.height as number,
    };
    FakeBrowserWindow.instances.push(this);
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.loadedUrl = url;
  }
  async loadFile(path: string): Promise<void> {
    this.webContents.loadedUrl = `file://${path}`;
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  maximize(): void {
    this.maximized = true;
  }
  restore(): void {
    this.minimized = false;
    this.calls.push('restore');
  }
  show(): void {
    this.calls.push('show');
  }
  focus(): void {
    this.calls.push('focus');
  }
  /** Plays window.close(): 'close' listeners may cancel it. */
  close(): void {
    this.calls.push('close');
    this.emit('close', fakeEvent());
  }
}

export interface FakeMenuItem {
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  registerAccelerator?: boolean;
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
  submenu?: FakeMenuItem[];
}

export function createFakeElectron() {
  // Made on first use, so files that only borrow the helpers below leave nothing behind.
  let userDataDir: string | null = null;
  const userData = (): string => (userDataDir ??= mkdtempSync(join(tmpdir(), 'balloon-lab-fake-userdata-')));
  const app = Object.assign(new EventEmitter(), {
    name: 'Balloon Lab',
    isPackaged: false,
    gotLock: true,
    quitCalls: 0,
    exitCode: null as number | null,
    recentDocuments: [] as string[],
    sandboxEnabled: false,
    readyResolve: null as (() => void) | null,
    readyPromise: null as Promise<void> | null,
    requestSingleInstanceLock(): boolean {
      return app.gotLock;
    },
    enableSandbox(): void {
      app.sandboxEnabled = true;
    },
    whenReady(): Promise<void> {
      app.readyPromise ??= new Promise<void>((resolve) => {
        app.readyResolve = resolve;
      });
      return app.readyPromise;
    },
    getPath(name: string): string {
      return name === 'userData' ? userData() : join(userData(), name);
    },
    getVersion: () => '0.1.0',
    setAppUserModelId: () => undefined,
    addRecentDocument(path: string): void {
      app.recentDocuments.push(path);
    },
    clearRecentDocuments(): void {
      app.recentDocuments = [];
    },
    /** Plays app.quit(): 'before-quit' listeners may cancel it. */
    quit(): void {
      app.quitCalls += 1;
      const event = fakeEvent();
      app.emit('before-quit', event);
    },
    exit(code: number): void {
      app.exitCode = code;
    },
  });

  const ipcMain = {
    handlers: new Map<string, Listener>(),
    otherRegistrations: [] as string[],
    handle(channel: string, handler: Listener): void {
      if (ipcMain.handlers.has(channel))
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      ipcMain.handlers.set(channel, handler);
    },
    handleOnce(channel: string): void {
      ipcMain.otherRegistrations.push(`handleOnce:${channel}`);
    },
    on(channel: string): void {
      ipcMain.otherRegistrations.push(`on:${channel}`);
    },
    once(channel: string): void {
      ipcMain.otherRegistrations.push(`once:${channel}`);
    },
    addListener(channel: string): void {
      ipcMain.otherRegistrations.push(`addListener:${channel}`);
    },
    removeHandler(channel: string): void {
      ipcMain.handlers.delete(channel);
    },
  };

  const defaultSession = {
    headersListener: null as Listener | null,
    permissionRequestHandler: null as Listener | null,
    permissionCheckHandler: null as Listener | null,
    devicePermissionHandler: null as Listener | null,
    webRequest: {
      onHeadersReceived(listener: Listener): void {
        defaultSession.headersListener = listener;
      },
    },
    setPermissionRequestHandler(handler: Listener): void {
      defaultSession.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: Listener): void {
      defaultSession.permissionCheckHandler = handler;
    },
    setDevicePermissionHandler(handler: Listener): void {
      defaultSession.devicePermissionHandler = handler;
    },
  };

  const protocol = {
    /** Schemes registered as privileged (Electron allows it only before ready). */
    privileged: [] as Array<{ scheme: string; privileges: Record<string, boolean> }>,
    handlers: new Map<string, (request: Request) => Promise<Response>>(),
    registerSchemesAsPrivileged(
      schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>,
    ): void {
      protocol.privileged.push(...schemes);
    },
    handle(scheme: string, handler: (request: Request) => Promise<Response>): void {
      if (protocol.handlers.has(scheme)) throw new Error(`The scheme has been handled: ${scheme}`);
      protocol.handlers.set(scheme, handler);
    },
  };

  const menu = { current: null as FakeMenuItem[] | null };
  const dialog = {
    openResult: { canceled: true, filePaths: [] as string[] },
    saveResult: { canceled: true, filePath: '' },
    messageBoxResponse: 0,
    messageBoxes: [] as unknown[],
    errorBoxes: [] as string[],
    showOpenDialog: async (...args: unknown[]) => (void args, dialog.openResult),
    showSaveDialog: async (...args: unknown[]) => (void args, dialog.saveResult),
    showMessageBox: async (...args: unknown[]) => {
      dialog.messageBoxes.push(args.at(-1));
      return { response: dialog.messageBoxResponse, checkboxChecked: false };
    },
    showErrorBox: (title: string) => void dialog.errorBoxes.push(title),
  };
  const shell = {
    opened: [] as string[],
    openExternal: async (url: string) => void shell.opened.push(url),
  };

  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain,
    session: { defaultSession },
    Menu: {
      buildFromTemplate: (template: FakeMenuItem[]) => template,
      setApplicationMenu: (template: FakeMenuItem[] | null) => {
        menu.current = template;
      },
    },
    dialog,
    shell,
    protocol,
    nativeTheme: { themeSource: 'system', shouldUseDarkColors: false },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  };
  /** Back to a fresh, not yet ready app (the module object itself stays: main imported it). */
  function reset(): void {
    app.removeAllListeners();
    Object.assign(app, {
      isPackaged: false,
      gotLock: true,
      quitCalls: 0,
      exitCode: null,
      recentDocuments: [],
      sandboxEnabled: false,
    });
    app.readyResolve = null;
    app.readyPromise = null;
    ipcMain.handlers.clear();
    ipcMain.otherRegistrations.length = 0;
    Object.assign(defaultSession, {
      headersListener: null,
      permissionRequestHandler: null,
      permissionCheckHandler: null,
      devicePermissionHandler: null,
    });
    menu.current = null;
    Object.assign(dialog, {
      openResult: { canceled: true, filePaths: [] },
      saveResult: { canceled: true, filePath: '' },
      messageBoxResponse: 0,
      messageBoxes: [],
      errorBoxes: [],
    });
    shell.opened.length = 0;
    protocol.privileged.length = 0;
    protocol.handlers.clear();
    module.nativeTheme.themeSource = 'system';
    FakeBrowserWindow.instances = [];
  }

  function removeUserData(): void {
    if (userDataDir !== null) rmSync(userDataDir, { recursive: true, force: true });
    userDataDir = null;
  }

  return {
    module,
    app,
    ipcMain,
    defaultSession,
    menu,
    dialog,
    shell,
    protocol,
    get userData() {
      return userData();
    },
    reset,
    removeUserData,
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

export const fakeElectron = createFakeElectron();

/** Finds a menu item by its path of labels (or roles), e.g. ['File', 'Save']. */
export function findMenuItem(
  items: readonly FakeMenuItem[] | null,
  path: readonly string[],
): FakeMenuItem | undefined {
  let level: readonly FakeMenuItem[] | undefined = items ?? undefined;
  let found: FakeMenuItem | undefined;
  for (const name of path) {
    found = level?.find((item) => item.label === name || item.role === name);
    level = found?.submenu;
  }
  return found;
}
