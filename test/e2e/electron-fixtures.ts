import { _electron, test as base, expect } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import { ensureBuilt, repoRoot } from './bridge-server';

/**
 * The desktop app in real Electron, driven by Playwright's `_electron.launch`. Without an
 * Electron binary (or, on Linux, without a display: run under `xvfb-run`) the tests are skipped
 * with the reason; BALLOON_LAB_REQUIRE_ELECTRON=1 (CI) turns that skip into a failure.
 */
function whyNotRunnable(): string | null {
  const found = findElectronBinary({ fromDir: repoRoot });
  if (found.state !== 'installed')
    return `${found.problem}: run \`${found.fix}\` to run the real-Electron e2e`;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return 'no display for Electron: run the real-Electron e2e under `xvfb-run -a`';
  return null;
}

export const electronUnavailable = whyNotRunnable();
export const electronRequired = process.env.BALLOON_LAB_REQUIRE_ELECTRON === '1';

export interface DesktopApp {
  app: ElectronApplication;
  page: Page;
  /** A temporary folder for this launch: user data, the saved session, CSV exports. */
  dir: string;
  sessionFile: string;
  exportDir: string;
}

/** The environment of the launched app: the user's, minus anything that would change how it starts. */
function appEnv(dir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key === 'ELECTRON_RUN_AS_NODE' || key === 'ELECTRON_RENDERER_URL') continue;
    env[key] = value;
  }
  // Belt and braces with --user-data-dir: the per-user app data of this launch lives in `dir`.
  env.XDG_CONFIG_HOME = join(dir, 'config');
  if (process.platform === 'win32') env.APPDATA = join(dir, 'config');
  return env;
}

/**
 * Native dialogs cannot be clicked by Playwright: the main process's dialog module answers
 * with the test's paths instead (the session file to save or open, the export folder).
 */
async function stubDialogs(app: ElectronApplication, sessionFile: string, exportDir: string): Promise<void> {
  await app.evaluate(
    ({ dialog }, paths) => {
      const lastOptions = (args: unknown[]) => (args.at(-1) ?? {}) as { properties?: string[] };
      dialog.showSaveDialog = (async () => ({ canceled: false, filePath: paths.sessionFile })) as never;
      dialog.showOpenDialog = (async (...args: unknown[]) =>
        lastOptions(args).properties?.includes('openDirectory')
          ? { canceled: false, filePaths: [paths.exportDir] }
          : { canceled: false, filePaths: [paths.sessionFile] }) as never;
      dialog.showMessageBox = (async () => ({ response: 0, checkboxChecked: false })) as never;
    },
    { sessionFile, exportDir },
  );
}

export const test = base.extend<{ desktop: DesktopApp }>({
  desktop: async ({}, use) => {
    if (electronUnavailable !== null) throw new Error(electronUnavailable);
    const found = findElectronBinary({ fromDir: repoRoot });
    if (found.state !== 'installed') throw new Error(found.problem);
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'balloon-lab-electron-'));
    const userData = join(dir, 'user-data');
    const exportDir = join(dir, 'exports');
    mkdirSync(exportDir, { recursive: true });
    const app = await _electron.launch({
      executablePath: found.executablePath,
      args: [repoRoot, `--user-data-dir=${userData}`],
      cwd: repoRoot,
      env: appEnv(dir),
      timeout: 60_000,
    });
    try {
      // Never touch the real profile: stop here if the switch was not honoured.
      expect(await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData'))).toBe(userData);
      const sessionFile = join(dir, 'e2e-flow.balloonlab');
      await stubDialogs(app, sessionFile, exportDir);
      const page = await app.firstWindow();
      await use({ app, page, dir, sessionFile, exportDir });
    } finally {
      await app.close().catch(() => undefined);
      if (process.env.BALLOON_LAB_KEEP_DATA !== '1') rmSync(dir, { recursive: true, force: true });
    }
  },
});

export { expect };
