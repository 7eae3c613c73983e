import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../core/scenario/parse-scenario';
import { unitOfField } from '../../../core/scenario/issue-sentence';

function messageAt(input: unknown, path: string): string {
  const r = parseScenario(input);
  if (r.ok) throw new Error('expected a refusal');
  const issue = r.issues.find((i) => i.path === path);
  if (!issue) throw new Error(`no issue at ${path}: ${JSON.stringify(r.issues)}`);
  return issue.message;
}

describe('scenario issues in people’s words', () => {
  it('says what a number must be, with the unit of the field', () => {
    expect(messageAt({ vms: [{ id: 'a', memoryMiB: 10 }] }, 'vms[0].memoryMiB')).toBe(
      'must be at least 64 MiB',
    );
    expect(messageAt({ durationS: 0 }, 'durationS')).toBe('must be at least 1 s');
    expect(messageAt({ tickMs: 1e9 }, 'tickMs')).toBe('must be at most 60000 ms');
    expect(messageAt({ seed: 1.5 }, 'seed')).toBe('must be a whole number');
  });

  it('names the wrong type and the value that was given', () => {
    expect(messageAt({ durationS: 'long' }, 'durationS')).toBe('must be a number, not text');
    expect(messageAt({ vms: [{}] }, 'vms[0].id')).toBe('is missing (it must be text)');
    expect(messageAt({ policy: { kind: 'vmware' } }, 'policy.kind')).toMatch(/^must be one of "esx", /);
    expect(messageAt({ vms: [{ id: 'a', workload: { kind: 'nope' } }] }, 'vms[0].workload.kind')).toMatch(
      /^must be one of "steady"/,
    );
  });

  it('keeps a schema’s own message and never shows zod’s wording', () => {
    expect(messageAt({ vms: [{ id: '-bad' }] }, 'vms[0].id')).toMatch(/^must be 1-32 letters/);
    const r = parseScenario({ durationS: -1, tickMs: 'x', vms: [{ id: 'a', memoryMiB: 'big', shares: -2 }] });
    expect(r.ok).toBe(false);
    if (!r.ok)
      for (const i of r.issues) expect(i.message).not.toMatch(/Too (small|big)|Invalid input|expected/);
  });

  it('reads units from field names', () => {
    expect(unitOfField(['host', 'memoryMiB'])).toBe(' MiB');
    expect(unitOfField(['vms', 0, 'workload', 'overS'])).toBe(' s');
    expect(unitOfField(['host', 'thresholdsPct', 'soft'])).toBe('');
    expect(unitOfField(['policy', 'idleTaxPct'])).toBe(' %');
    expect(unitOfField(['host', 'swapInLatencyUs'])).toBe(' µs');
    expect(unitOfField(['seed'])).toBe('');
  });
});
