import { describe, expect, it } from 'vitest';
import { createAppUrlMatcher, createSenderCheck, rendererUrl } from '../../../electron/main/app-origin';

const rootDir = '/opt/Balloon Lab/resources/app.asar/out/renderer';
const url = 'app://balloon-lab/index.html';

describe('createAppUrlMatcher (built page)', () => {
  const isApp = createAppUrlMatcher({ kind: 'bundle', rootDir });
  it('is the page of the app:// protocol, with any hash or query', () => {
    expect(rendererUrl({ kind: 'bundle', rootDir })).toBe(url);
    expect(isApp(url)).toBe(true);
    expect(isApp('app://balloon-lab/')).toBe(true);
    expect(isApp(`${url}#/settings`)).toBe(true);
    expect(isApp(`${url}?debug=1`)).toBe(true);
  });
  it('refuses other files, other schemes, other hosts and look-alikes', () => {
    for (const other of [
      'app://balloon-lab/other.html',
      'app://balloon-lab/assets/index.html',
      'app://evil.example/index.html',
      'app://balloon-lab.evil.example/index.html',
      'app://user@balloon-lab/index.html',
      'https://balloon-lab/index.html',
      'file:///opt/Balloon%20Lab/resources/app.asar/out/renderer/index.html',
      'not a url',
      'about:blank',
    ]) {
      expect(isApp(other), other).toBe(false);
    }
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
  const check = createSenderCheck(createAppUrlMatcher({ kind: 'bundle', rootDir }));
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
