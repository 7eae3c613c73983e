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
  it('allows only the app itself to run and load', () => {
    const d = directives(contentSecurityPolicy({ devServer: false }));
    expect(d.get('default-src')).toBe("'self'");
    expect(d.get('script-src')).toBe("'self'");
    expect(d.get('style-src')).toBe("'self'");
    expect(d.get('img-src')).toBe("'self' data:");
    expect(d.get('connect-src')).toBe("'self'");
    expect(d.get('object-src')).toBe("'none'");
    expect(contentSecurityPolicy({ devServer: false })).not.toMatch(/unsafe|\*|http:|https:/);
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
