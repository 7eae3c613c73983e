import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../../core/scenario/scenario-schema';
import { runScenario } from '../guest/guest-run';

/** Three identical Linux guests with many OS pages on an 8 GiB host (about 18% free: KSM runs). */
function lab(kind: 'kvm-mom' | 'esx', ksm: Record<string, unknown> = {}, hostMiB = 8192): ScenarioInput {
  return {
    durationS: 300,
    host: { memoryMiB: hostMiB },
    policy: { kind, mom: { ksm } },
    vms: ['a', 'b', 'c'].map((id) => ({
      id,
      memoryMiB: 3072,
      workload: { kind: 'steady' as const, demandMiB: 2200, activePct: 30, osPct: 40 },
    })),
  };
}

const savedMiB = (input: ScenarioInput) => runScenario(input).engine.hostCounters().shrdsvdMiB;

describe('KSM on the KVM host (kvm-mom policy)', () => {
  it('merges identical pages across guests, where salted ESX sharing finds only pages within one VM', () => {
    const ksm = savedMiB(lab('kvm-mom'));
    expect(ksm).toBeGreaterThan(500);
    expect(ksm).toBeGreaterThan(5 * savedMiB(lab('esx')));
  });

  it('scans no more than pages_to_scan pages every sleep_millisecs for the whole host', () => {
    // 100 pages per second for three guests: each merge shares at most two pages.
    const run = runScenario(lab('kvm-mom', { pagesToScan: 100, sleepMs: 1000 }));
    const shared = [...run.samples.values()].reduce((s, v) => s + v.at(-1)!.shrdMiB * 256, 0);
    expect(shared).toBeGreaterThan(0);
    expect(shared).toBeLessThanOrEqual(2 * 100 * 300);
  });

  it('runs only while host free memory is below its threshold, and logs its counters in its own words', () => {
    const roomy = runScenario(lab('kvm-mom', {}, 32_768));
    expect(roomy.engine.hostCounters().shrdsvdMiB).toBe(0);
    const busy = runScenario(lab('kvm-mom'));
    const line = busy.log.find((l) => l.event === 'ksm');
    expect(line?.message).toMatch(/^ksm: pages_shared \d+ .*pages_sharing \d+ .*pages_unshared [1-9]\d* /);
    expect(runScenario(lab('kvm-mom', { enabled: false })).engine.hostCounters().shrdsvdMiB).toBe(0);
  });
});
