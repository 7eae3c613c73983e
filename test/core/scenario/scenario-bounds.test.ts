import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../core/scenario/parse-scenario';
import type { ScenarioIssue } from '../../../core/scenario/scenario-checks';
import { maxHostMemoryMiB, maxRunTicks, maxWorkloadPoints } from '../../../core/scenario/scenario-limits';
import type { ScenarioInput } from '../../../core/scenario/scenario-schema';

function issuesOf(input: unknown): ScenarioIssue[] {
  const result = parseScenario(input);
  expect(result.ok, 'the scenario should be refused').toBe(false);
  return result.ok ? [] : result.issues;
}

function issueAt(input: unknown, path: string): ScenarioIssue {
  const issues = issuesOf(input);
  const issue = issues.find((i) => i.path === path);
  expect(issue, `no issue at ${path} in ${JSON.stringify(issues)}`).toBeDefined();
  return issue!;
}

const bursty = (meanGapS: number, burstS: number) => ({ kind: 'bursty' as const, meanGapS, burstS });

function traceOf(samples: number) {
  return {
    kind: 'trace' as const,
    samples: Array.from({ length: samples }, (_, i) => ({ atS: i, demandMiB: 512 })),
  };
}

describe('scenario bounds (issue 9 hostile examples)', () => {
  it('refuses bursts and gaps of 1e-12 s, naming each field and the one-tick bound', () => {
    const input = { vms: [{ id: 'a', workload: bursty(1e-12, 1e-12) }] };
    expect(issueAt(input, 'vms[0].workload.burstS').message).toMatch(/shorter than one tick.*at least 1 s/);
    expect(issueAt(input, 'vms[0].workload.meanGapS').message).toMatch(/tickMs 1000/);
  });

  it('checks bursts against the scenario tick, in events too', () => {
    const fine = { tickMs: 100, vms: [{ id: 'a', workload: bursty(0.1, 0.1) }] };
    expect(parseScenario(fine).ok).toBe(true);
    const event = { vms: [{ id: 'a' }], events: [{ atS: 10, vm: 'a', set: { workload: bursty(300, 0.5) } }] };
    expect(issueAt(event, 'events[0].set.workload.burstS').message).toMatch(/at least 1 s/);
    expect(issuesOf(event).some((i) => i.path.endsWith('meanGapS'))).toBe(false);
  });

  it('refuses a 16 TiB host with 512 VMs of 4 TiB: host above its bound, VMs above 4x the host', () => {
    const vms = Array.from({ length: 512 }, (_, i) => ({ id: `vm${i}`, memoryMiB: 4 * 1024 * 1024 }));
    const huge = { host: { memoryMiB: 16 * 1024 * 1024 }, vms };
    expect(issueAt(huge, 'host.memoryMiB').message).toContain(String(maxHostMemoryMiB));
    const atBound = { host: { memoryMiB: maxHostMemoryMiB }, vms };
    expect(issueAt(atBound, 'vms').message).toMatch(
      /2147483648 MiB together, more than 4x the host's memoryMiB \(16777216 MiB\)/,
    );
  });

  it('accepts VMs up to 4x the host together, not beyond', () => {
    const vms = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `vm${i}`, memoryMiB: 4096 }));
    expect(parseScenario({ host: { memoryMiB: 16384 }, vms: vms(16) }).ok).toBe(true);
    expect(issueAt({ host: { memoryMiB: 16384 }, vms: vms(17) }, 'vms').message).toMatch(/more than 4x/);
  });

  it('refuses 30 days at tickMs 100 (25,920,000 ticks) and says how long a run may be', () => {
    const input = { durationS: 30 * 24 * 3600, tickMs: 100 };
    const issue = issueAt(input, 'durationS');
    expect(issue.message).toContain('25920000 ticks');
    expect(issue.message).toContain(`more than the ${maxRunTicks}`);
    expect(issue.message).toContain('at most 259200 s');
    expect(parseScenario({ durationS: 259_200, tickMs: 100 }).ok).toBe(true);
    expect(parseScenario({ durationS: 30 * 24 * 3600, tickMs: 1000 }).ok).toBe(true);
  });

  it('bounds the trace samples and phases of all workloads together', () => {
    const eight: ScenarioInput = {
      host: { memoryMiB: 65_536 },
      vms: Array.from({ length: 8 }, (_, i) => ({
        id: `t${i}`,
        memoryMiB: 2048,
        workload: traceOf(100_000),
      })),
    };
    const issue = issueAt(eight, 'vms[5].workload.samples');
    expect(issue.message).toContain(String(maxWorkloadPoints));
    const five = { ...eight, vms: eight.vms!.slice(0, 5) };
    expect(parseScenario(five).ok).toBe(true);
  }, 30_000);

  it('bounds every number a scenario can hold, naming the field and the bound', () => {
    const cases: [ScenarioInput, string, RegExp][] = [
      [
        { vms: [{ id: 'a', workload: { kind: 'steady', demandMiB: 1e300 } }] },
        'vms[0].workload.demandMiB',
        /at most 4194304\b/,
      ],
      [
        { vms: [{ id: 'a', workload: { kind: 'steady', cacheMiB: 1e15 } }] },
        'vms[0].workload.cacheMiB',
        /at most 4194304\b/,
      ],
      [{ vms: [{ id: 'a', kernelMiB: 1e12 }] }, 'vms[0].kernelMiB', /at most 4194304\b/],
      [{ vms: [{ id: 'a', guestDiskLatencyUs: 1e200 }] }, 'vms[0].guestDiskLatencyUs', /at most 10000000\b/],
      [
        { vms: [{ id: 'a', workload: { kind: 'ramp', overS: 1e300 } }] },
        'vms[0].workload.overS',
        /at most 2592000\b/,
      ],
      [
        { vms: [{ id: 'a', workload: { kind: 'sine', periodS: 1e300 } }] },
        'vms[0].workload.periodS',
        /at most 2592000\b/,
      ],
      [{ host: { swapInLatencyUs: 1e300 } }, 'host.swapInLatencyUs', /at most 10000000\b/],
      [{ host: { minFreeMiB: 1e300 } }, 'host.minFreeMiB', /at most 4194304\b/],
      [
        { policy: { pageSharing: { scanTimeMin: 1e-9 } } },
        'policy.pageSharing.scanTimeMin',
        /at least 0\.016666666666666666 min/,
      ],
      [{ policy: { mom: { stepS: 1e300 } } }, 'policy.mom.stepS', /at most 2592000\b/],
      [{ policy: { xen: { slushMiB: 1e300 } } }, 'policy.xen.slushMiB', /at most 4194304\b/],
    ];
    for (const [input, path, bound] of cases) expect(issueAt(input, path).message, path).toMatch(bound);
  });
});
