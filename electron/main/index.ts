import { app } from 'electron';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLabHost } from '../services/lab/lab-service';
import { appPaths } from './app-paths';
import { startMainProcess } from './main-process';
import { utilityEngineProcess } from './utility-engine-process';

// Windows groups taskbar entries and jump lists by this id; it matches electron-builder.yml appId.
if (process.platform === 'win32') app.setAppUserModelId('org.balloonlab.app');

startMainProcess({
  paths: appPaths(dirname(fileURLToPath(import.meta.url)), process.env, app.isPackaged),
  createHost: (options) => createLabHost({ ...options, launchEngine: utilityEngineProcess }),
  argv: process.argv,
  cwd: process.cwd(),
});
