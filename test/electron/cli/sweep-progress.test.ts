import { describe, expect, it } from 'vitest';
import { createSweepProgressBar, formatSeconds } from '../../../electron/cli/sweep-progress';

/** Enough of a terminal for cli-progress: it writes escape codes and text. */
function fakeTerminal(isTTY: boolean) {
  let text = '';
  const stream = {
    isTTY,
    columns: 120,
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

describe('createSweepProgressBar', () => {
  it('draws runs done out of the total with an ETA on a terminal', () => {
    const term = fakeTerminal(true);
    const bar = createSweepProgressBar(term.stream)!;
    bar.update(0, 8);
    bar.update(3, 8);
    bar.stop();
    expect(term.text()).toContain('3/8 runs');
    expect(term.text()).toContain('ETA');
  });

  it('draws nothing when the stream is a pipe or a file', () => {
    expect(createSweepProgressBar(fakeTerminal(false).stream)).toBeNull();
  });
});

describe('formatSeconds', () => {
  it('writes the time left short, and -- when there is no estimate yet', () => {
    expect([formatSeconds(45), formatSeconds(725), formatSeconds(11_220)]).toEqual([
      '45s',
      '12m05s',
      '3h07m',
    ]);
    for (const none of ['NULL', 'INF', 0, Infinity, Number.NaN]) expect(formatSeconds(none)).toBe('--');
  });
});
