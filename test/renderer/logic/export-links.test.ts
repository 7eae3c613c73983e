import { describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../core/lab-api/lab-api-contract';
import { exportDownloadUrl, exportFolderPath } from '../../../renderer/src/logic/export-links';

const info = (over: Partial<AppInfo>): AppInfo => ({
  version: '1',
  engineVersion: '1',
  transport: 'bridge',
  dataDir: '/home/t/balloon-lab/',
  platform: 'linux',
  ...over,
});

describe('export links', () => {
  it('gives the full folder of a bridge export, with the platform separator', () => {
    expect(exportFolderPath(info({}), 'run-1')).toBe('/home/t/balloon-lab/exports/run-1');
    expect(exportFolderPath(info({ platform: 'win32', dataDir: 'C:\\Users\\t\\lab' }), 'run-1')).toBe(
      'C:\\Users\\t\\lab\\exports\\run-1',
    );
  });

  it('keeps the folder the desktop app reports as it is', () => {
    expect(exportFolderPath(info({ transport: 'electron', dataDir: null }), '/tmp/out')).toBe('/tmp/out');
    expect(exportFolderPath(null, '/tmp/out')).toBe('/tmp/out');
  });

  it('encodes every part of a download URL so a name cannot add a folder or a query', () => {
    expect(exportDownloadUrl('run 1/host.csv', 'a b')).toBe('/exports/run%201/host.csv?token=a%20b');
    expect(exportDownloadUrl('x?token=evil#/log.csv', 't')).toBe(
      '/exports/x%3Ftoken%3Devil%23/log.csv?token=t',
    );
  });
});
