import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAppUrlMatcher, createSenderCheck } from '../../../electron/main/app-origin';

const indexPath = '/opt/Balloon Lab/resources/app.asar/out/renderer/index.html';

describe('createAppUrlMatcher (built page)', () => {
  const isApp = createAppUrlMatcher({ kind: 'file', indexPath }, 'linux');
  it('accepts the page with any hash or query', () => {
    const url = pathToFileURL(indexPath).href;
    expect(isApp(url)).toBe(true);
    expect(isApp(`${url}#/settings`)).toBe(true);
    expect(isApp(`${url}?debug=1`)).toBe(true);
  });
  it('refuses other files, other schemes and look-alikes', () => {
    expect(isApp(pathToFileURL('/opt/Balloon Lab/resources/app.asar/out/renderer/other.html').href)).toBe(
      false,
    );
    expect(isApp(pathToFileURL('/tmp/index.html').href)).toBe(false);
    expect(isApp('https://evil.example/opt/Balloon%20Lab/resources/app.asar/out/renderer/index.html')).toBe(
      false,
    );
    expect(isApp('file://evil.example/opt/Balloon%20Lab/resources/app.asar/out/renderer/index.html')).toBe(
      false,
    );
    expect(isApp('not a url')).toBe(false);
    expect(isApp('about:blank')).toBe(false);
  });
  it('compares case-insensitively only where the file system does', () => {
    const upper = pathToFileURL(indexPath.toUpperCase()).href;
    expect(createAppUrlMatcher({ kind: 'file', indexPath }, 'linux')(upper)).toBe(false);
    expect(createAppUrlMatcher({ kind: 'file', indexPath }, 'darwin')(upper)).toBe(true);
  });
});

describe('createAppUrlMatcher (dev server)', () => {
  const isApp = createAppUrlMatcher({ kind: 'dev-server', url: 'http://localhost:5173' });
  it('accepts only the dev server origin', () => {
    expect(isApp('http://localhost:5173/')).toBe(true);
    expect(isApp('http://localhost:5173/src/main.ts')).toBe(true);
    expect(isApp('http://localhost:5174/')).toBe(false);
    expect(isApp('https://localhost:5173/')).toBe(false);
    expect(isApp('http://localhost.evil.example:5173/')).toBe(false);
  });
});

describe('createSenderCheck', () => {
  const url = pathToFileURL(indexPath).href;
  const check = createSenderCheck(createAppUrlMatcher({ kind: 'file', indexPath }, 'linux'));
  it('trusts only the app page in a top-level frame', () => {
    expect(check({ senderFrame: { url, parent: null } as never })).toBe(true);
    expect(check({ senderFrame: { url, parent: { url } } as never })).toBe(false);
    expect(check({ senderFrame: { url: 'https://evil.example/', parent: null } as never })).toBe(false);
    expect(check({ senderFrame: null })).toBe(false);
  });
  it('refuses a frame that is already gone', () => {
    const gone = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(check(gone)).toBe(false);
  });
});
