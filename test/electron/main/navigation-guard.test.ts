import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  guardEveryWebContents,
  guardWebContents,
  routeBlockedNavigation,
} from '../../../electron/main/navigation-guard';
import { fakeEvent } from './fake-electron';

function recorder() {
  const sessions: string[] = [];
  return { sessions, handlers: { openSessionFile: (p: string) => void sessions.push(p) } };
}

function guarded() {
  const contents = Object.assign(new EventEmitter(), {
    openHandler: null as null | ((d: { url: string }) => { action: string }),
    setWindowOpenHandler(handler: (d: { url: string }) => { action: string }) {
      contents.openHandler = handler;
    },
  });
  const r = recorder();
  const appUrl = 'file:///app/out/renderer/index.html';
  guardWebContents(contents as never, (url) => url === appUrl, r.handlers);
  return { contents, appUrl, ...r };
}

describe('routeBlockedNavigation', () => {
  it('opens dropped session files and ignores everything else, links included', () => {
    const r = recorder();
    expect(routeBlockedNavigation(pathToFileURL('/home/me/My Lab.BalloonLab').href, r.handlers)).toBe(
      'session',
    );
    for (const url of [
      'https://docs.vmware.com/',
      'http://example.org/',
      'file:///home/me/notes.txt',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'data:text/html,hi',
      '%%%',
    ]) {
      expect(routeBlockedNavigation(url, r.handlers)).toBe('ignored');
    }
    expect(r.sessions).toEqual(['/home/me/My Lab.BalloonLab']);
  });
});

describe('guardWebContents', () => {
  it('refuses every main-frame navigation', () => {
    const g = guarded();
    for (const url of [g.appUrl, 'https://example.org/', 'file:///etc/hosts']) {
      const event = fakeEvent({ url });
      g.contents.emit('will-navigate', event);
      expect(event.defaultPrevented).toBe(true);
    }
    expect(g.sessions).toEqual([]);
  });

  it('refuses subframe navigation, foreign redirects and webviews', () => {
    const g = guarded();
    const sub = fakeEvent({ url: 'https://ads.example/', isMainFrame: false });
    g.contents.emit('will-frame-navigate', sub);
    expect(sub.defaultPrevented).toBe(true);
    const main = fakeEvent({ url: g.appUrl, isMainFrame: true });
    g.contents.emit('will-frame-navigate', main);
    expect(main.defaultPrevented).toBe(false);
    const redirect = fakeEvent({ url: 'https://elsewhere.example/' });
    g.contents.emit('will-redirect', redirect);
    expect(redirect.defaultPrevented).toBe(true);
    const webview = fakeEvent();
    g.contents.emit('will-attach-webview', webview, {}, {});
    expect(webview.defaultPrevented).toBe(true);
  });

  it('never opens a window, whatever the address', () => {
    const g = guarded();
    for (const url of [
      'https://example.org/a',
      'http://example.org/b',
      'file:///etc/passwd',
      pathToFileURL('/home/me/lab.balloonlab').href,
    ]) {
      expect(g.contents.openHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(g.sessions).toEqual([]);
  });
});

describe('guardEveryWebContents', () => {
  it('denies popups and webviews in web contents created later', () => {
    const app = new EventEmitter();
    guardEveryWebContents(app as never);
    const contents = Object.assign(new EventEmitter(), {
      handler: null as null | (() => { action: string }),
      setWindowOpenHandler(h: () => { action: string }) {
        contents.handler = h;
      },
    });
    app.emit('web-contents-created', fakeEvent(), contents);
    expect(contents.handler?.()).toEqual({ action: 'deny' });
    const webview = fakeEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });
});
