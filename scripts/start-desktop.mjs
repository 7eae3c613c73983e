#!/usr/bin/env node
// `npm start`: make sure the Electron binary is there (downloading it once with Electron's own
// installer), build once, then run Electron on this folder (package.json "main" is the built
// main process). Anything that stops the start is one line on stderr and a non-zero exit.
//
//   npm start                      build, then open the desktop app
//   npm start -- --no-build        open the app on the existing build (out/)
//   npm start -- lab.balloonlab    open a saved session in it
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { findElectronBinary, runElectronInstaller } from './electron-binary.mjs';

const projectRoot = resolve(import.meta.dirname, '..');
const usage = 'usage: npm start [-- [--no-build] [session.balloonlab]]';
const maxArgs = 16;
const maxArgChars = 4096;

/** Prints the one line a failed start gets and exits: never a stack trace. */
function fail(message, code = 1) {
  process.stderr.write(`balloon-lab: ${message}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  if (argv.length > maxArgs) fail(`too many arguments (at most ${maxArgs}); ${usage}`, 2);
  let build = true;
  const files = [];
  let onlyFiles = false;
  for (const arg of argv) {
    if (arg.length > maxArgChars) fail(`an argument is longer than ${maxArgChars} characters; ${usage}`, 2);
    // npm runs scripts from the project folder; INIT_CWD is where the user typed `npm start`.
    if (onlyFiles || !arg.startsWith('-')) files.push(resolve(process.env.INIT_CWD ?? process.cwd(), arg));
    else if (arg === '--') onlyFiles = true;
    else if (arg === '--no-build') build = false;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    } else fail(`unknown option ${JSON.stringify(arg.slice(0, 40))}; ${usage}`, 2);
  }
  return { build, files };
}

async function ensureElectron() {
  const found = findElectronBinary({ fromDir: projectRoot });
  if (found.state === 'installed') return found.executablePath;
  if (found.state !== 'missing' || process.env.ELECTRON_OVERRIDE_DIST_PATH)
    fail(`${found.problem}: run \`${found.fix}\``);
  process.stdout.write(`Downloading Electron ${found.version} (first start only, about 100 MB)...\n`);
  const installed = await runElectronInstaller(found.packageDir);
  const after = findElectronBinary({ fromDir: projectRoot });
  if (after.state === 'installed') return after.executablePath;
  const reason = installed.ok ? 'the installer left no binary' : installed.reason;
  fail(
    `the Electron ${found.version} binary is missing and its download failed (${reason}); when online, run \`${found.fix}\``,
  );
}

function run(command, args, env) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: projectRoot, stdio: 'inherit', env, windowsHide: false });
    const forward = (signal) => child.kill(signal);
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, forward);
    child.on('error', (error) => done({ error }));
    child.on('close', (code, signal) => {
      for (const s of ['SIGINT', 'SIGTERM']) process.off(s, forward);
      done({ code: code ?? (signal ? 1 : 0) });
    });
  });
}

function build() {
  const require = createRequire(join(projectRoot, 'package.json'));
  let cli;
  try {
    cli = join(require.resolve('electron-vite/package.json'), '..', 'bin', 'electron-vite.js');
  } catch {
    fail('electron-vite is not installed: run `npm ci`');
  }
  return run(process.execPath, [cli, 'build'], process.env);
}

const options = parseArgs(process.argv.slice(2));
const executablePath = await ensureElectron();
if (options.build) {
  const built = await build();
  if (built.error || built.code !== 0) fail('the build failed (see above): fix it, then run `npm start`');
} else if (!existsSync(join(projectRoot, 'out', 'main', 'index.js'))) {
  fail('there is no build in out/: run `npm start` without --no-build');
}
// A leftover ELECTRON_RUN_AS_NODE would make Electron a plain Node and the app would not open.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const launched = await run(executablePath, [projectRoot, ...options.files], env);
if (launched.error) fail(`Electron did not start (${launched.error.message}): run \`npx install-electron\``);
process.exit(launched.code);
