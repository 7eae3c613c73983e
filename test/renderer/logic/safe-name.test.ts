import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameProblem, toSafeName } from '../../../renderer/src/logic/safe-name';

describe('data folder names', () => {
  it('accepts plain names and refuses paths and leading punctuation', () => {
    expect(nameProblem('lesson 3 (v2)')).toBeNull();
    expect(nameProblem('Überlast_1.5x')).toBeNull();
    expect(nameProblem('')).toBe('Enter a name.');
    for (const bad of ['../x', 'a/b', 'a\\b', '.hidden', 'a..b', 'x:y'])
      expect(nameProblem(bad), bad).not.toBeNull();
  });

  it('turns any text into a name that passes', () => {
    expect(toSafeName('Basics: ballooning on a 16 GiB host')).toBe('Basics - ballooning on a 16 GiB host');
    fc.assert(
      fc.property(fc.string({ maxLength: 150 }), (text) => {
        expect(nameProblem(toSafeName(text))).toBeNull();
      }),
    );
  });
});
