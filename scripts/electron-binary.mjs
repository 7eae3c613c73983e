// Where the Electron binary of node_modules/electron is, whether it is there, and how to fetch it
// with Electron's own installer. Plain Node (no build step): `npm start` runs before anything is
// built, and the real-Electron end-to-end tests ask the same question before they launch.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Electron's own layout of its zip, per platform (node_modules/electron/install.js). */
const platformPaths = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  mas: 'Electron.app/Contents/MacOS/Electron',
  linux: 'electron',
  freebsd: 'electron',
  openbsd: 'electron',
  win32: 'electron.exe',
};

/** What the installer may print that is worth one clause of a one-line message. */
const maxReasonChars = 160;

function readText(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Finds the Electron binary `npm start` would launch, without downloading anything (requiring
 * the electron package would: in Electron 45 its index.js fetches a missing binary itself).
 *
 * @param {{ fromDir?: string, env?: Record<string, string | undefined>, platform?: string }} [options]
 * @returns {import('./electron-binary.d.mts').ElectronBinary}
 */
export function findElectronBinary(options = {}) {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const require = createRequire(join(options.fromDir ?? import.meta.dirname, 'noop.js'));
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { state: 'no-package', problem: 'the electron package is not installed', fix: 'npm ci' };
  }
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const version = String(manifest.version);
  const platformPath = platformPaths[platform];
  if (platformPath === undefined) {
    return {
      state: 'unsupported',
      version,
      packageDir,
      problem: `Electron ${version} has no build for ${platform}`,
      fix: 'npm run serve',
    };
  }
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    // Electron's index.js honours this variable: the binary is wherever it points, never downloaded.
    const executablePath = join(override, platformPath);
    return existsSync(executablePath)
      ? { state: 'installed', version, packageDir, executablePath }
      : {
          state: 'missing',
          version,
          packageDir,
          executablePath,
          problem: `ELECTRON_OVERRIDE_DIST_PATH points at ${override}, which has no ${platformPath}`,
          fix: 'unset ELECTRON_OVERRIDE_DIST_PATH',
        };
  }
  const executablePath = join(packageDir, 'dist', platformPath);
  // The same test as Electron's installer: right version, right platform, binary present.
  // path.txt is only compared, never followed, so a tampered one cannot point us elsewhere.
  const installed =
    readText(join(packageDir, 'dist', 'version'))
      ?.trim()
      .replace(/^v/, '') === version &&
    readText(join(packageDir, 'path.txt')) === platformPath &&
    existsSync(executablePath);
  return installed
    ? { state: 'installed', version, packageDir, executablePath }
    : {
        state: 'missing',
        version,
        packageDir,
        executablePath,
        problem: `the Electron ${version} binary is not installed`,
        fix: 'npx install-electron',
      };
}

/** The gist of a failed install: the message of the last error line, without the stack. */
export function installFailureReason(output) {
  const lines = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at '));
  const errorLine = lines.findLast((line) => /^[A-Za-z]*Error\b/.test(line)) ?? lines.at(-1) ?? '';
  const clean = errorLine.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ');
  return clean.length > maxReasonChars ? `${clean.slice(0, maxReasonChars - 3)}...` : clean;
}

/**
 * Runs Electron's own installer (node_modules/electron/install.js, the `install-electron` bin):
 * it downloads the zip for this platform through @electron/get (cache, mirrors, checksums) and
 * writes dist/ and path.txt. Its output is kept, not shown: a failure becomes one line.
 *
 * @param {string} packageDir
 * @param {Record<string, string | undefined>} [env]
 * @returns {Promise<{ ok: true } | { ok: false, reason: string }>}
 */
export function runElectronInstaller(packageDir, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(packageDir, 'install.js')], {
      cwd: packageDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let output = '';
    const keep = (chunk) => {
      // Only the tail matters (the error is printed last); bound what a chatty installer costs.
      output = (output + chunk.toString('utf8')).slice(-64 * 1024);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => resolve({ ok: false, reason: error.message }));
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ ok: true });
      else
        resolve({ ok: false, reason: installFailureReason(output) || `installer exited ${code ?? signal}` });
    });
  });
}
