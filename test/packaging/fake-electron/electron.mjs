// A stand-in for the 'electron' module so that the BUILT main bundle (out/main/index.js) runs in
// plain Node (the Electron binary cannot be downloaded here). When the main process loads its
// page, a scripted "renderer" calls every IPC handler the way the preload would, writes what
// happened to $SMOKE_REPORT as JSON and quits the app. Run through ./register.mjs.
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const reportPath = process.env.SMOKE_REPORT;
const workDir = process.env.SMOKE_DIR;
if (!reportPath || !workDir) throw new Error('SMOKE_REPORT and SMOKE_DIR must be set');
const userData = join(workDir, 'user-data');
mkdirSync(userData, { recursive: true });

const callTimeoutMs = Number(process.env.SMOKE_CALL_TIMEOUT_MS ?? 60_000);
const report = {
  handlers: [],
  otherIpc: [],
  webPreferences: null,
  csp: null,
  permissionGranted: null,
  loadedUrl: null,
  calls: [],
  schemes: [],
  page: null,
  outsidePage: null,
  untrusted: null,
  badPayload: null,
  eventsSent: {},
  quitMs: null,
  errors: [],
};

function writeReport() {
  writeFileSync(reportPath, JSON.stringify(report, null, 2));
}

process.on('uncaughtException', (error) => {
  report.errors.push(`uncaughtException: ${error?.stack ?? error}`);
  writeReport();
  process.exit(3);
});
process.on('unhandledRejection', (error) => {
  report.errors.push(`unhandledRejection: ${error?.stack ?? error}`);
});

const origConsoleError = console.error;
console.error = (...args) => {
  report.errors.push(
    `console.error: ${args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' ')}`,
  );
  origConsoleError(...args);
};

let readyResolve;
let appIsReady = false;
const readyPromise = new Promise((resolve) => (readyResolve = resolve));
let quitStarted = null;

class FakeApp extends EventEmitter {
  name = 'Balloon Lab';
  isPackaged = false;
  requestSingleInstanceLock() {
    return true;
  }
  enableSandbox() {}
  whenReady() {
    return readyPromise;
  }
  getPath(name) {
    return name === 'userData' ? userData : join(workDir, name);
  }
  getVersion() {
    return '0.0.0-smoke';
  }
  setAppUserModelId() {}
  addRecentDocument() {}
  clearRecentDocuments() {}
  quit() {
    quitStarted ??= Date.now();
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.emit('will-quit', { preventDefault() {} });
    report.quitMs = Date.now() - quitStarted;
    writeReport();
    process.exit(0);
  }
  exit(code) {
    report.errors.push(`app.exit(${code})`);
    writeReport();
    process.exit(code || 4);
  }
}
export const app = new FakeApp();

export const ipcMain = {
  handlers: new Map(),
  handle(channel, handler) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel) {
    this.handlers.delete(channel);
  },
  on: (channel) => report.otherIpc.push(`on:${channel}`),
  once: (channel) => report.otherIpc.push(`once:${channel}`),
  handleOnce: (channel) => report.otherIpc.push(`handleOnce:${channel}`),
  addListener: (channel) => report.otherIpc.push(`addListener:${channel}`),
};

const defaultSession = {
  headersListener: null,
  permissionRequestHandler: null,
  webRequest: {
    onHeadersReceived(listener) {
      defaultSession.headersListener = listener;
    },
  },
  setPermissionRequestHandler(handler) {
    defaultSession.permissionRequestHandler = handler;
  },
  setPermissionCheckHandler() {},
  setDevicePermissionHandler() {},
};
export const session = { defaultSession };

class FakeWebContents extends EventEmitter {
  send(channel) {
    report.eventsSent[channel] = (report.eventsSent[channel] ?? 0) + 1;
  }
  setWindowOpenHandler() {}
  isDestroyed() {
    return false;
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents();
    report.webPreferences = options.webPreferences;
  }
  async loadURL(url) {
    report.loadedUrl = url;
    setImmediate(() => {
      this.emit('ready-to-show');
      this.webContents.emit('did-start-loading');
      this.webContents.emit('did-finish-load');
      void drive(url);
    });
  }
  getNormalBounds() {
    return { x: 10, y: 10, width: 1200, height: 800 };
  }
  isMaximized() {
    return false;
  }
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return false;
  }
  maximize() {}
  show() {}
  focus() {}
  restore() {}
}

// The app:// protocol: privileges registered before ready, the handler the page is served by.
export const protocol = {
  handlers: new Map(),
  registerSchemesAsPrivileged(schemes) {
    if (appIsReady) report.errors.push('registerSchemesAsPrivileged after ready');
    report.schemes.push(...schemes);
  },
  handle(scheme, handler) {
    this.handlers.set(scheme, handler);
  },
};

// Electron's utilityProcess played by a Node child process with an IPC channel.
class FakeUtilityProcess extends EventEmitter {
  constructor(modulePath, args, options) {
    super();
    this.child = fork(modulePath, args, {
      execArgv: options.execArgv ?? [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', options.stdio?.[2] === 'pipe' ? 'pipe' : 'inherit', 'ipc'],
    });
    this.stdout = null;
    this.stderr = this.child.stderr;
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('exit', (code, signal) => this.emit('exit', code ?? (signal === null ? 0 : 137)));
  }
  get pid() {
    return this.child.pid;
  }
  postMessage(message) {
    this.child.send(message);
  }
  kill() {
    return this.child.kill('SIGTERM');
  }
}
export const utilityProcess = {
  forks: [],
  fork(modulePath, args = [], options = {}) {
    this.forks.push({ modulePath, options });
    return new FakeUtilityProcess(modulePath, args, options);
  },
};

export const Menu = { buildFromTemplate: (template) => template, setApplicationMenu() {} };
// The scripted user cancels every dialog except the export folder picker (the LabHost takes
// export folders only from a dialog), where it picks $SMOKE_DIR/exports.
export const dialog = {
  showOpenDialog: async (...args) => {
    const options = args.at(-1) ?? {};
    return options.properties?.includes('openDirectory')
      ? { canceled: false, filePaths: [join(workDir, 'exports')] }
      : { canceled: true, filePaths: [] };
  },
  showSaveDialog: async () => ({ canceled: true, filePath: '' }),
  showMessageBox: async () => ({ response: 0, checkboxChecked: false }),
  showErrorBox: (title, content) => report.errors.push(`showErrorBox: ${title}: ${content}`),
};
export const nativeTheme = { themeSource: 'system', shouldUseDarkColors: false };
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
// No `shell`: the app opens nothing outside itself, so a bundle importing it fails to load here.

function withTimeout(promise, label) {
  return Promise.race([
    promise,
    new Promise((_, reject) =>
      setTimeout(
        () => reject(new Error(`${label} did not answer within ${callTimeoutMs} ms`)),
        callTimeoutMs,
      ).unref(),
    ),
  ]);
}

function summarize(reply) {
  if (reply === null || typeof reply !== 'object') return { envelope: false, raw: String(reply) };
  if (reply.ok === false)
    return { envelope: true, ok: false, code: reply.error?.code, message: reply.error?.message };
  return { envelope: reply.ok === true, ok: reply.ok === true, result: reply.result };
}

function compact(result) {
  // Keep the report small: big states and frames are reduced to what the test checks.
  if (result === null || typeof result !== 'object') return result;
  if (Array.isArray(result)) return { length: result.length, first: result[0] ?? null };
  const out = {};
  for (const [key, value] of Object.entries(result)) {
    if (Array.isArray(value)) out[key] = { length: value.length };
    else if (value !== null && typeof value === 'object')
      out[key] = Object.keys(value).length > 12 ? { keys: Object.keys(value).length } : value;
    else out[key] = value;
  }
  return out;
}

async function drive(appUrl) {
  try {
    report.handlers = [...ipcMain.handlers.keys()].sort();
    let headers = null;
    defaultSession.headersListener?.(
      { url: appUrl, responseHeaders: {} },
      (r) => (headers = r.responseHeaders),
    );
    report.csp = headers?.['Content-Security-Policy']?.[0] ?? null;
    const serve = protocol.handlers.get('app');
    if (serve) {
      const page = await serve(new Request(appUrl));
      const html = await page.text();
      report.csp ??= page.headers.get('content-security-policy');
      report.page = {
        status: page.status,
        contentType: page.headers.get('content-type'),
        metaCsp:
          /<meta[^>]+http-equiv="Content-Security-Policy"[^>]+content="([^"]*)"/i
            .exec(html)?.[1]
            ?.replaceAll('&#39;', "'") ?? null,
        scripts: [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]),
        inlineStyles: /<style|\sstyle=/i.test(html),
      };
      const script = report.page.scripts[0];
      if (script) {
        const js = await serve(new Request(new URL(script, appUrl).href));
        report.page.scriptStatus = js.status;
        report.page.scriptType = js.headers.get('content-type');
      }
      report.outsidePage = (await serve(new Request('app://balloon-lab/%2e%2e/main/index.js'))).status;
    }

    defaultSession.permissionRequestHandler?.({}, 'media', (granted) => (report.permissionGranted = granted));

    const trusted = { senderFrame: { url: appUrl, parent: null } };
    const call = async (method, payload) => {
      const handler = ipcMain.handlers.get(`lab:${method}`);
      const started = Date.now();
      if (!handler) {
        report.calls.push({ method, payload, missing: true });
        return null;
      }
      try {
        const reply = await withTimeout(Promise.resolve(handler(trusted, payload)), method);
        const summary = summarize(reply);
        report.calls.push({
          method,
          payload,
          ms: Date.now() - started,
          ...summary,
          result: summary.ok ? compact(summary.result) : undefined,
        });
        return summary.ok ? summary.result : null;
      } catch (error) {
        report.calls.push({
          method,
          payload,
          ms: Date.now() - started,
          threw: String(error?.stack ?? error),
        });
        return null;
      }
    };

    const exportDir = join(workDir, 'exports');
    mkdirSync(exportDir, { recursive: true });
    const sessionFile = join(workDir, 'smoke.balloonlab');

    await call('getAppInfo', {});
    const presetList = await call('listPresets', {});
    const first = await call('getState', {});
    await call('newSession', { presetId: presetList?.[0]?.id ?? 'basics' });
    await call('setView', { selectedVm: null, hostMap: { cells: 256 }, guestMap: { cells: 256 } });
    await call('step', { ticks: 5 });
    await call('ackFrames', { credits: 4 });
    await call('getLog', { vm: null, limit: 50 });
    await call('getHistory', { maxPoints: 100 });
    await call('setSpeed', { speed: null });
    await call('play', {});
    await new Promise((resolve) => setTimeout(resolve, 200));
    await call('pause', {});
    const vmId = first?.scenario?.vms?.[0]?.id ?? 'vm1';
    await call('applyIntervention', { intervention: { vm: vmId, power: 'off' } });
    await call('updateScenario', { scenario: first?.scenario ?? {} });
    await call('reset', {});
    await call('updateScenario', { scenario: first?.scenario ?? {} });
    await call('runToEnd', {});
    await call('cancelRun', {});
    await call('saveSession', { target: sessionFile });
    await call('saveSession', { saveAs: true });
    await call('listSessions', {});
    await call('openSession', { target: sessionFile });
    await call('openSession', {});
    const started = await call('exportCsv', { files: ['host'] });
    await call('listExports', {});
    await call('cancelExport', { exportId: started?.exportId ?? 'none' });
    await call('getRecovery', {});
    await call('recover', {});
    await call('discardRecovery', {});
    // Any method added to the contract later still gets called once.
    for (const channel of report.handlers) {
      const method = channel.slice('lab:'.length);
      if (!report.calls.some((c) => c.method === method)) await call(method, {});
    }

    const stepHandler = ipcMain.handlers.get('lab:step');
    report.untrusted = summarize(
      await stepHandler?.({ senderFrame: { url: 'https://evil.example/', parent: null } }, { ticks: 1 }),
    );
    report.badPayload = summarize(await stepHandler?.(trusted, { ticks: -1 }));
    report.engineForks = utilityProcess.forks.map((f) => ({
      modulePath: f.modulePath,
      execArgv: f.options.execArgv,
    }));
  } catch (error) {
    report.errors.push(`driver: ${error?.stack ?? error}`);
  }
  writeReport();
  app.quit();
}

// The main bundle registers its 'ready' work first; then the app becomes ready.
setImmediate(() => {
  appIsReady = true;
  readyResolve();
});
// The validation report opens with the system's handler; the smoke run never clicks Help.
export const shell = { openPath: async () => '' };
