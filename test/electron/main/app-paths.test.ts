import { describe, expect, it } from 'vitest';
import { rendererUrl } from '../../../electron/main/app-origin';
import { appPaths, unpackedPath } from '../../../electron/main/app-paths';

describe('appPaths', () => {
  it('finds the built preload, worker and page next to the main bundle', () => {
    const paths = appPaths('/app/out/main', {}, true);
    expect(paths).toEqual({
      preloadPath: '/app/out/preload/index.cjs',
      workerPath: '/app/out/main/engine-worker.mjs',
      renderer: { kind: 'bundle', rootDir: '/app/out/renderer' },
    });
    expect(rendererUrl(paths.renderer)).toBe('app://balloon-lab/index.html');
  });
  it('starts the worker from beside app.asar in a packaged app, on every OS layout', () => {
    expect(appPaths('/opt/Balloon Lab/resources/app.asar/out/main', {}, true)).toMatchObject({
      preloadPath: '/opt/Balloon Lab/resources/app.asar/out/preload/index.cjs',
      workerPath: '/opt/Balloon Lab/resources/app.asar.unpacked/out/main/engine-worker.mjs',
    });
    expect(unpackedPath('C:\\Apps\\Balloon Lab\\resources\\app.asar\\out\\main\\engine-worker.mjs')).toBe(
      'C:\\Apps\\Balloon Lab\\resources\\app.asar.unpacked\\out\\main\\engine-worker.mjs',
    );
    expect(
      unpackedPath('/Applications/Balloon Lab.app/Contents/Resources/app.asar/out/main/engine-worker.mjs'),
    ).toBe('/Applications/Balloon Lab.app/Contents/Resources/app.asar.unpacked/out/main/engine-worker.mjs');
  });

  it('leaves paths outside an archive alone, including look-alike folder names', () => {
    for (const path of [
      '/home/me/balloon-lab/out/main/engine-worker.mjs',
      '/srv/app.asar.unpacked/out/main/engine-worker.mjs',
      '/srv/my-app.asar/out/main/engine-worker.mjs',
      '/srv/app.asarx/out/main/engine-worker.mjs',
    ]) {
      expect(unpackedPath(path)).toBe(path);
    }
  });

  it('uses the dev server only when unpackaged and only on loopback', () => {
    expect(
      appPaths('/app/out/main', { ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false).renderer,
    ).toEqual({
      kind: 'dev-server',
      url: 'http://localhost:5173',
    });
    expect(
      appPaths('/app/out/main', { ELECTRON_RENDERER_URL: 'http://localhost:5173' }, true).renderer.kind,
    ).toBe('bundle');
    expect(
      appPaths('/app/out/main', { ELECTRON_RENDERER_URL: 'https://evil.example' }, false).renderer.kind,
    ).toBe('bundle');
  });
});
