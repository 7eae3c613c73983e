// A stand-in Electron release for the launcher tests: a zip laid out like Electron's own (the
// binary at its platform path, a `version` file), served by a local mirror that @electron/get
// downloads from through ELECTRON_MIRROR, and a project folder holding a copy of the electron
// package so that its real installer runs without touching the repository's node_modules.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const electronVersion = (
  JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

const platformPaths: Record<string, string> = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  linux: 'electron',
  win32: 'electron.exe',
};
export const platformPath = platformPaths[process.platform] ?? 'electron';

interface ZipEntry {
  name: string;
  data: Buffer;
  mode: number;
}

/** A zip without compression: enough for the installer's extractor, including Unix modes. */
export function storedZip(entries: readonly ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, data, mode } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE((3 << 8) | 20, 4); // made by Unix: the external attributes hold the mode
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE(((0o100000 | mode) << 16) >>> 0, 38);
    header.writeUInt32LE(offset, 42);
    parts.push(local, nameBytes, data);
    central.push(header, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/**
 * The "Electron" in the zip is this Node: given the project folder, it runs the project's
 * package.json main, as Electron would. On Windows it must be a real .exe, so it is a copy.
 */
export function fakeElectronZip(): Buffer {
  const binary =
    process.platform === 'win32'
      ? readFileSync(process.execPath)
      : Buffer.from(`#!/bin/sh\nexec "${process.execPath}" "$@"\n`);
  return storedZip([
    { name: platformPath, data: binary, mode: 0o755 },
    { name: 'version', data: Buffer.from(`v${electronVersion}`), mode: 0o644 },
  ]);
}

export const zipName = `electron-v${electronVersion}-${process.platform}-${process.arch}.zip`;

export interface Mirror {
  /** ELECTRON_MIRROR for @electron/get (ends with a slash). */
  url: string;
  /** Paths requested so far. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves the zip and its SHASUMS256.txt under /v<version>/; `shasum` overrides the checksum. */
export async function startMirror(options: { zip?: Buffer; shasum?: string } = {}): Promise<Mirror> {
  const zip = options.zip ?? null;
  const shasum = options.shasum ?? (zip ? createHash('sha256').update(zip).digest('hex') : '');
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const base = `/v${electronVersion}/`;
    if (zip && req.url === `${base}${zipName}`) {
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length });
      res.end(zip);
    } else if (zip && req.url === `${base}SHASUMS256.txt`) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`${shasum} *${zipName}\n`);
    } else {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: what an offline download meets, at once. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A project folder like a fresh clone after `npm ci`: the launcher scripts, a copy of the
 * electron package without its binary, its installer's dependencies linked from the repository,
 * and a package.json whose main reports how "Electron" started it.
 */
export function makeProject(dir: string): string {
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  for (const file of ['start-desktop.mjs', 'electron-binary.mjs'])
    copyFileSync(join(repoRoot, 'scripts', file), join(dir, 'scripts', file));
  const electronDir = join(dir, 'node_modules', 'electron');
  mkdirSync(electronDir, { recursive: true });
  for (const file of ['package.json', 'index.js', 'install.js', 'cli.js', 'checksums.json'])
    copyFileSync(join(repoRoot, 'node_modules', 'electron', file), join(electronDir, file));
  for (const scope of ['@electron', '@electron-internal'])
    symlinkSync(join(repoRoot, 'node_modules', scope), join(dir, 'node_modules', scope), 'junction');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'fake-lab', private: true, main: 'fake-main.cjs' }),
  );
  writeFileSync(
    join(dir, 'fake-main.cjs'),
    [
      "const { writeFileSync } = require('node:fs');",
      'writeFileSync(process.env.FAKE_LAB_REPORT, JSON.stringify({',
      '  args: process.argv.slice(2),',
      '  runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null,',
      '}));',
      'process.exit(Number(process.env.FAKE_LAB_EXIT ?? 0));',
      '',
    ].join('\n'),
  );
  // `--no-build` starts on an existing build; the fake main stands in for it.
  mkdirSync(join(dir, 'out', 'main'), { recursive: true });
  writeFileSync(join(dir, 'out', 'main', 'index.js'), '');
  return dir;
}
