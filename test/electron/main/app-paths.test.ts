import { describe, expect, it } from 'vitest';
import { rendererUrl } from '../../../electron/main/app-origin';
import { appPaths } from '../../../electron/main/app-paths';

describe('appPaths', () => {
  it('finds the built preload, worker and page next to the main bundle', () => {
    const paths = appPaths('/app/out/main', {}, true);
    expect(paths).toEqual({
      preloadPath: '/app/out/preload/index.cjs',
      workerPath: '/app/out/main/engine-worker.js',
      renderer: { kind: 'file', indexPath: '/app/out/renderer/index.html' },
    });
    expect(rendererUrl(paths.renderer)).toBe('file:///app/out/renderer/index.html');
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
    ).toBe('file');
    expect(
      appPaths('/app/out/main', { ELECTRON_RENDERER_URL: 'https://evil.example' }, false).renderer.kind,
    ).toBe('file');
  });
});
