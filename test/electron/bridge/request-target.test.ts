import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxRequestTargetChars, parseRequestTarget } from '../../../electron/bridge/request-target';

describe('parseRequestTarget', () => {
  it('decodes once and normalises every spelling of a path to one', () => {
    for (const raw of [
      '/index%2ehtml',
      '/%69ndex.html',
      '//index.html',
      '/./index.html',
      '/a/../index.html',
      '/a/%2e%2e/index.html',
      '/../../index.html',
    ]) {
      expect(parseRequestTarget(raw)?.path, raw).toBe('/index.html');
    }
    expect(parseRequestTarget('/%252e')?.path).toBe('/%2e');
    expect(parseRequestTarget('/lab?token=abc&x=1')).toEqual({ path: '/lab', token: 'abc' });
    expect(parseRequestTarget('/lab?x=1&token=a%2Bb')).toEqual({ path: '/lab', token: 'a+b' });
    expect(parseRequestTarget('/lab')).toEqual({ path: '/lab', token: null });
    expect(parseRequestTarget('/lab?token=%zz')).toEqual({ path: '/lab', token: null });
  });

  it('refuses what is not an origin-form path instead of throwing', () => {
    const refused = [
      undefined,
      '',
      '*',
      'http://[/',
      'lab',
      '/%',
      '/%zz',
      '/a%00b',
      '/a\\b',
      '/a%5cb',
      '/#x',
      `/${'a'.repeat(maxRequestTargetChars)}`,
    ];
    for (const raw of refused) {
      expect(parseRequestTarget(raw), String(raw)).toBeNull();
    }
    // `//[` is a path, not a host: it normalises to /[ and is routed (to a 404) like any other.
    expect(parseRequestTarget('//[')?.path).toBe('/[');
  });

  it('never throws, and never yields a path with dot segments, backslashes or control characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (raw) => {
        const target = parseRequestTarget(raw);
        if (target === null) return;
        expect(target.path.startsWith('/')).toBe(true);
        expect(target.path.split('/')).not.toContain('..');
        expect(target.path.split('/')).not.toContain('.');
        expect(target.path).not.toMatch(/[\u0000-\u001f\u007f\\]|\/\//);
      }),
      { seed: 9, numRuns: 2000 },
    );
  });
});
