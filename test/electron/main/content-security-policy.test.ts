import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  installContentSecurityPolicy,
} from '../../../electron/main/content-security-policy';

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(';').map(
      (d) =>
        d
          .trim()
          .split(/\s+(.*)/s)
          .slice(0, 2) as [string, string],
    ),
  );
}

describe('contentSecurityPolicy', () => {
  it('allows only the app itself to run and load, naming its own origin', () => {
    const d = directives(contentSecurityPolicy({ devServer: false }));
    expect(d.get('default-src')).toBe("'none'");
    for (const name of ['script-src', 'style-src', 'font-src', 'connect-src'])
      expect(d.get(name), name).toBe('app://balloon-lab');
    expect(d.get('img-src')).toBe('app://balloon-lab data:');
    expect(d.get('object-src')).toBe("'none'");
    expect(d.get('frame-ancestors')).toBe("'none'");
    expect(contentSecurityPolicy({ devServer: false })).not.toMatch(/unsafe|\*|http:|https:|'self'/);
  });
  it('leaves out of the <meta> copy only what a <meta> cannot carry', () => {
    const header = contentSecurityPolicy({ devServer: false });
    expect(contentSecurityPolicy({ devServer: false, meta: true })).toBe(
      header.replace("; frame-ancestors 'none'", ''),
    );
  });
  it('adds inline styles for the dev server only, never inline or eval scripts', () => {
    const dev = contentSecurityPolicy({ devServer: true });
    expect(directives(dev).get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(directives(dev).get('script-src')).toBe("'self'");
  });
});

describe('installContentSecurityPolicy', () => {
  it('sets the header on every response and drops a policy the server sent', () => {
    let listener:
      | ((details: unknown, callback: (r: { responseHeaders: Record<string, string[]> }) => void) => void)
      | null = null;
    installContentSecurityPolicy(
      { webRequest: { onHeadersReceived: (l: typeof listener) => (listener = l) } } as never,
      "default-src 'self'",
    );
    const seen: Array<Record<string, string[]>> = [];
    listener!(
      { responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] } },
      (r) => seen.push(r.responseHeaders),
    );
    listener!({}, (r) => seen.push(r.responseHeaders));
    expect(seen).toEqual([
      { 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] },
      { 'Content-Security-Policy': ["default-src 'self'"] },
    ]);
  });
});
