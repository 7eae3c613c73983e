import { describe, expect, it } from 'vitest';
import { issueInWords } from '../../../renderer/src/logic/issue-words';

describe('issueInWords', () => {
  it("names the VM's and the host's memory instead of their JSON fields", () => {
    expect(issueInWords("999999 MiB is above the VM's memoryMiB (6144 MiB)")).toBe(
      "999999 MiB is above the VM's memory (6144 MiB)",
    );
    expect(issueInWords('must be below host.memoryMiB (16384 MiB)')).toBe(
      "must be below the host's memory (16384 MiB)",
    );
    expect(issueInWords("more than 4x the host's memoryMiB (65536 MiB)")).toBe(
      "more than 4x the host's memory (65536 MiB)",
    );
  });

  it('calls tickMs the tick length, with its unit', () => {
    expect(issueInWords('5 s is shorter than one tick (tickMs 10000 = 10 s); it must be at least 10 s')).toBe(
      '5 s is shorter than one tick (tick length 10000 ms = 10 s); it must be at least 10 s',
    );
    expect(issueInWords('run for less time, use a longer tickMs')).toBe(
      'run for less time, use a longer tick length',
    );
  });

  it('leaves messages without field names alone', () => {
    expect(issueInWords('must be a number, not text')).toBe('must be a number, not text');
  });
});
