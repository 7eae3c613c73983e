import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { labMethods } from '../../../core/lab-api/lab-api-contract';
import { startMainProcess } from '../../../electron/main/main-process';
import { RecentSessionStore } from '../../../electron/services/session/recent-session-store';
import type { MainProcessHandle } from '../../../electron/main/main-process';
import { createFakeLabHost } from './fake-lab-host';
import type { FakeLabHost } from './fake-lab-host';
import { fakeElectron, fakeEvent, FakeBrowserWindow, findMenuItem } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron.module);

const rootDir = '/opt/balloon-lab/resources/app.asar/out/renderer';
const appUrl = 'app://balloon-lab/index.html';
const paths = {
  preloadPath: '/opt/balloon-lab/resources/app.asar/out/preload/index.cjs',
  workerPath: '/opt/balloon-lab/resources/app.asar.unpacked/out/main/engine-worker.mjs',
  renderer: { kind: 'bundle', rootDir },
} as const;

let host: FakeLabHost;
let hostOptions: unknown[];

function start(argv: string[] = ['/opt/balloon-lab/balloon-lab']): MainProcessHandle | null {
  return startMainProcess({
    paths,
    createHost: (options) => {
      hostOptions.push(options);
      return host;
    },
    argv,
    cwd: '/home/user',
  });
}

async function startReady(argv?: string[]): Promise<FakeBrowserWindow> {
  const handle = start(argv);
  expect(handle).not.toBeNull();
  fakeElectron.app.readyResolve?.();
  await handle!.ready;
  const window = FakeBrowserWindow.instances.at(-1)!;
  window.webContents.finishLoad();
  return window;
}

function invokeFrom(
  frameUrl: string | null,
  channel: string,
  payload: unknown,
  parent: object | null = null,
): Promise<unknown> {
  const handler = fakeElectron.ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  const senderFrame = frameUrl === null ? null : { url: frameUrl, parent };
  return Promise.resolve(handler({ senderFrame }, payload));
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 20));

beforeEach(() => {
  fakeElectron.reset();
  host = createFakeLabHost();
  hostOptions = [];
});

afterEach(() => {
  fakeElectron.reset();
});

afterAll(() => {
  fakeElectron.removeUserData();
});

describe('single instance', () => {
  it('a second instance quits at once and touches nothing', () => {
    fakeElectron.app.gotLock = false;
    expect(start()).toBeNull();
    expect(fakeElectron.app.quitCalls).toBe(1);
    expect(fakeElectron.ipcMain.handlers.size).toBe(0);
    expect(fakeElectron.app.listenerCount('second-instance')).toBe(0);
  });

  it('the first instance focuses its window and opens the file a second instance was given', async () => {
    const window = await startReady();
    window.minimized = true;
    fakeElectron.app.emit(
      'second-instance',
      fakeEvent(),
      ['/opt/balloon-lab/balloon-lab', '--flag', 'labs/run.balloonlab'],
      '/home/user',
    );
    await flush();
    expect(window.calls).toEqual(expect.arrayContaining(['restore', 'show', 'focus']));
    expect(host.calls).toContainEqual({
      method: 'openSession',
      request: { target: '/home/user/labs/run.balloonlab' },
    });
    const stateChanged = window.webContents.sent.find((m) => m.channel === 'lab:event:stateChanged');
    expect(stateChanged?.payload).toMatchObject({ session: { location: '/home/user/labs/run.balloonlab' } });
  });
});

describe('startup', () => {
  it('creates the LabHost for Electron with the built worker and the user data folder', async () => {
    await startReady();
    expect(hostOptions).toEqual([
      expect.objectContaining({
        transport: 'electron',
        dataDir: null,
        workerPath: paths.workerPath,
        stateDir: fakeElectron.userData,
      }),
    ]);
    expect(fakeElectron.app.sandboxEnabled).toBe(true);
  });

  it('loads the built page into a window with the secure preferences', async () => {
    const window = await startReady();
    expect(window.webContents.loadedUrl).toBe(appUrl);
    expect(window.options.webPreferences).toMatchObject({
      preload: paths.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('opens a file given on the command line before the page loads', async () => {
    await startReady(['/opt/balloon-lab/balloon-lab', '/data/demo.balloonlab']);
    expect(host.calls.map((c) => c.method)).toEqual(['getState', 'openSession']);
    expect(host.calls[1]?.request).toEqual({ target: '/data/demo.balloonlab' });
  });

  it('opens a file macOS hands over before ready once the app is ready', async () => {
    const handle = start();
    const event = fakeEvent();
    fakeElectron.app.emit('open-file', event, '/Users/me/lab.balloonlab');
    expect(event.defaultPrevented).toBe(true);
    fakeElectron.app.readyResolve?.();
    await handle!.ready;
    expect(host.calls).toContainEqual({
      method: 'openSession',
      request: { target: '/Users/me/lab.balloonlab' },
    });
  });
});

describe('IPC', () => {
  it('registers exactly one handler per contract method and nothing else', async () => {
    await startReady();
    expect([...fakeElectron.ipcMain.handlers.keys()].sort()).toEqual(
      labMethods.map((m) => `lab:${m}`).sort(),
    );
    expect(fakeElectron.ipcMain.otherRegistrations).toEqual([]);
  });

  it('answers the app page and refuses other frames', async () => {
    await startReady();
    await expect(invokeFrom(`${appUrl}#/lab`, 'lab:getAppInfo', {})).resolves.toEqual({
      ok: true,
      result: { ok: true },
    });
    for (const [url, parent] of [
      ['https://evil.example/', null],
      [pathToFileURL('/tmp/other.html').href, null],
      [appUrl, { url: appUrl }],
    ] as const) {
      await expect(invokeFrom(url, 'lab:getState', {}, parent)).resolves.toMatchObject({
        ok: false,
        error: { code: 'unauthorized' },
      });
    }
    await expect(invokeFrom(null, 'lab:getState', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(host.calls.map((c) => c.method)).toEqual(['getAppInfo']);
  });

  it('forwards LabHost events to the page as lab:event:<name>', async () => {
    const window = await startReady();
    host.emit('notice', { level: 'warn', message: 'engine restarted' });
    expect(window.webContents.sent).toContainEqual({
      channel: 'lab:event:notice',
      payload: { level: 'warn', message: 'engine restarted' },
    });
  });
});

describe('session and permissions', () => {
  it('registers app:// before ready and serves the page over it with the policy as a header', async () => {
    const handle = start();
    expect(fakeElectron.protocol.privileged).toEqual([
      {
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true, bypassCSP: false }),
      },
    ]);
    expect(fakeElectron.protocol.handlers.size).toBe(0);
    fakeElectron.app.readyResolve?.();
    await handle!.ready;
    const serve = fakeElectron.protocol.handlers.get('app');
    expect(serve).toBeDefined();
    // The fake renderer folder does not exist: a 404 that still carries the policy.
    const res = await serve!(new Request(appUrl));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; script-src app:\/\/balloon-lab;/,
    );
    // The dev server's header hook is not used for the packaged page.
    expect(fakeElectron.defaultSession.headersListener).toBeNull();
  });

  it('puts the policy on the dev server responses as a header instead', async () => {
    const handle = startMainProcess({
      paths: { ...paths, renderer: { kind: 'dev-server', url: 'http://localhost:5173' } },
      createHost: () => host,
      argv: [],
      cwd: '/home/user',
    });
    fakeElectron.app.readyResolve?.();
    await handle!.ready;
    let headers: Record<string, string[]> = {};
    fakeElectron.defaultSession.headersListener?.(
      { url: 'http://localhost:5173/', responseHeaders: {} },
      (response: { responseHeaders: Record<string, string[]> }) => {
        headers = response.responseHeaders;
      },
    );
    expect(headers['Content-Security-Policy']?.[0]).toMatch(/script-src 'self'/);
    expect(fakeElectron.protocol.handlers.size).toBe(0);
  });

  it('denies every permission', async () => {
    await startReady();
    const { defaultSession } = fakeElectron;
    const decisions: boolean[] = [];
    defaultSession.permissionRequestHandler?.({}, 'media', (granted: boolean) => decisions.push(granted));
    defaultSession.permissionRequestHandler?.({}, 'notifications', (granted: boolean) =>
      decisions.push(granted),
    );
    expect(decisions).toEqual([false, false]);
    expect(defaultSession.permissionCheckHandler?.({}, 'clipboard-read')).toBe(false);
  });

  it('refuses navigation, opens nothing externally and opens a dropped session file instead', async () => {
    const window = await startReady();
    const away = fakeEvent({ url: 'https://example.org/' });
    window.webContents.emit('will-navigate', away);
    expect(away.defaultPrevented).toBe(true);
    const drop = fakeEvent({ url: pathToFileURL('/home/user/Downloads/big host.balloonlab').href });
    window.webContents.emit('will-navigate', drop);
    expect(drop.defaultPrevented).toBe(true);
    await flush();
    expect(host.calls).toContainEqual({
      method: 'openSession',
      request: { target: '/home/user/Downloads/big host.balloonlab' },
    });
    for (const url of ['https://example.org/', 'http://example.org/']) {
      expect(window.webContents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(fakeElectron.shell.opened).toEqual([]);
  });
});

describe('menu', () => {
  it('sends menu commands to the page', async () => {
    const window = await startReady();
    findMenuItem(fakeElectron.menu.current, ['File', 'Save As…'])?.click?.();
    findMenuItem(fakeElectron.menu.current, ['Simulation', 'Run to End'])?.click?.();
    expect(
      window.webContents.sent.filter((m) => m.channel === 'lab:event:menuCommand').map((m) => m.payload),
    ).toEqual([{ command: 'save-as' }, { command: 'run-to-end' }]);
  });

  it('lists saved sessions under Open Recent and opens them from there', async () => {
    await startReady();
    // Open Recent drops files that no longer exist, so the session must really be on disk.
    const saved = join(fakeElectron.userData, 'farm.balloonlab');
    writeFileSync(saved, '{}');
    host.answers.saveSession = async () => {
      // As the LabHost does on save (electron/services/lab/lab-files.ts).
      await new RecentSessionStore({ stateDir: fakeElectron.userData }).add(saved, 'farm');
      return { name: 'farm', location: saved, dirty: false };
    };
    await invokeFrom(appUrl, 'lab:saveSession', { saveAs: true });
    await vi.waitFor(
      () =>
        expect(
          findMenuItem(fakeElectron.menu.current, ['File', 'Open Recent', 'farm.balloonlab']),
        ).toBeDefined(),
      {
        timeout: 2000,
      },
    );
    expect(fakeElectron.app.recentDocuments).toContain(saved);
    findMenuItem(fakeElectron.menu.current, ['File', 'Open Recent', 'farm.balloonlab'])?.click?.();
    await vi.waitFor(
      () => expect(host.calls).toContainEqual({ method: 'openSession', request: { target: saved } }),
      { timeout: 2000 },
    );
  });
});

describe('quit', () => {
  it('waits for the LabHost to shut down and remembers the window bounds', async () => {
    const window = await startReady();
    window.bounds = { x: 40, y: 50, width: 1300, height: 820 };
    fakeElectron.app.quit();
    expect(fakeElectron.app.quitCalls).toBe(1);
    await vi.waitFor(() => expect(fakeElectron.app.quitCalls).toBe(2), { timeout: 2000 });
    expect(host.disposed).toBe(1);
    const file = join(fakeElectron.userData, 'window-state.json');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      x: 40,
      y: 50,
      width: 1300,
      height: 820,
      maximized: false,
    });
  });
});

describe('closing with unsaved work', () => {
  it('asks before the window closes and keeps it open on Cancel', async () => {
    const window = await startReady();
    host.state = { ...host.state, session: { name: 'basics', location: null, dirty: true } };
    host.emit('sessionChanged', { name: 'basics', location: null, dirty: true });
    fakeElectron.dialog.messageBoxResponse = 2;
    const event = fakeEvent();
    window.emit('close', event);
    expect(event.defaultPrevented).toBe(true);
    await flush();
    expect(fakeElectron.dialog.messageBoxes).toHaveLength(1);
    expect(window.calls).not.toContain('close');
  });

  it('closes after Don’t Save, and a quit asks the same question', async () => {
    const window = await startReady();
    host.state = { ...host.state, session: { name: 'basics', location: null, dirty: true } };
    host.emit('sessionChanged', { name: 'basics', location: null, dirty: true });
    fakeElectron.dialog.messageBoxResponse = 1;
    window.emit('close', fakeEvent());
    await flush();
    expect(window.calls).toContain('close');
    expect(fakeElectron.dialog.messageBoxes).toHaveLength(1);
  });

  it('a quit with unsaved work waits for the answer before shutting the lab down', async () => {
    await startReady();
    host.state = { ...host.state, session: { name: 'basics', location: null, dirty: true } };
    host.emit('sessionChanged', { name: 'basics', location: null, dirty: true });
    fakeElectron.dialog.messageBoxResponse = 2;
    fakeElectron.app.quit();
    await flush();
    expect(fakeElectron.dialog.messageBoxes).toHaveLength(1);
    expect(host.disposed).toBe(0);
  });
});
