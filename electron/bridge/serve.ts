import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import type { LabEvents } from '../../core/lab-api/lab-api-contract';
import { engineVersion } from '../../core/engine/engine-version';
import { createLabHost } from '../services/lab/lab-service';
import {
  generateReportInWorker,
  ValidationReportCache,
} from '../services/validation/validation-report-cache';
import { startBridgeServer } from './bridge-server';

// Entry of `npm run serve` (built to out/main/serve.js): the lab in any browser on this machine.

const here = fileURLToPath(new URL('.', import.meta.url));

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('a port is an integer from 0 to 65535');
  return port;
}

function appVersion(): string {
  for (const candidate of [join(here, '../../package.json'), join(process.cwd(), 'package.json')]) {
    try {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'balloon-lab' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0';
}

async function main(): Promise<void> {
  const program = new Command()
    .name('balloon-lab-serve')
    .description('Serve Balloon Lab to a browser on this machine (127.0.0.1 only, random token in the URL).')
    .option('--port <port>', 'port to listen on (0 = a random free port)', parsePort, 0)
    .option('--data <dir>', 'folder for sessions and CSV exports', 'balloon-lab-data')
    .option('--renderer <dir>', 'built renderer folder', join(here, '../renderer'))
    .option('--worker <file>', 'built engine worker script', join(here, 'engine-worker.mjs'))
    .parse();
  const opts = program.opts<{ port: number; data: string; renderer: string; worker: string }>();
  const dataDir = resolve(opts.data);
  await mkdir(dataDir, { recursive: true });

  const host = createLabHost({
    transport: 'bridge',
    stateDir: join(dataDir, '.state'),
    dataDir,
    fileChooser: null,
    appVersion: appVersion(),
    workerPath: resolve(opts.worker),
  });
  // The validation report runs the published experiments in a worker thread once per engine version.
  const validation = new ValidationReportCache({
    cacheDir: join(dataDir, '.state'),
    engineVersion,
    generate: () => generateReportInWorker(join(here, 'validation-worker.mjs')),
  });
  const server = await startBridgeServer({
    host,
    rendererDir: resolve(opts.renderer),
    dataDir,
    port: opts.port,
    validationReport: () => validation.html(),
  });
  host.subscribe((event, payload) => {
    if (event === 'notice') {
      const notice = payload as LabEvents['notice'];
      console.error(`[${notice.level}] ${notice.message}`);
    } else if (event === 'engineRestarted') {
      const restart = payload as LabEvents['engineRestarted'];
      console.error(`[engine] restarted at tick ${restart.tick}: ${restart.reason}`);
    }
  });

  console.log(`Balloon Lab is at ${server.url}`);
  console.log(`Sessions and exports: ${dataDir}`);
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping...`);
    const forced = setTimeout(() => process.exit(1), 10_000);
    forced.unref();
    server
      .close()
      .then(() => host.dispose())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
