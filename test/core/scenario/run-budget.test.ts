import { describe, expect, it } from 'vitest';
import { getPreset } from '../../../core/presets/presets';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import {
  estimateRun,
  memoryBudgetOf,
  runBudgetIssues,
  type RunBudget,
} from '../../../core/scenario/run-budget';
import { maxHostMemoryMiB } from '../../../core/scenario/scenario-limits';

const GiB = 2 ** 30;
const laptop: RunBudget = { ...memoryBudgetOf(8 * GiB), keepsHistory: true };
const cli: RunBudget = { ...memoryBudgetOf(8 * GiB), keepsHistory: false };

describe('run budget', () => {
  it('estimates ticks, samples, pages, memory and time from the scenario alone', () => {
    const s = parseScenarioOrThrow({
      durationS: 600,
      tickMs: 500,
      sampleEveryS: 10,
      host: { memoryMiB: 1024, hypervisorMiB: 0 },
      vms: [{ id: 'a', memoryMiB: 512 }],
    });
    const e = estimateRun(s);
    expect(e.ticks).toBe(1200);
    expect(e.samples).toBe(61);
    expect(e.hostPages).toBe(262_144);
    expect(e.vmPages).toBe(131_072);
    expect(e.engineBytes).toBe((262_144 + 131_072) * 8);
    expect(e.historyBytes).toBe(2 * 61 * (16 + 26) * 8);
    expect(e.seconds).toBeCloseTo((393_216 * 1200) / 4e9, 6);
  });

  it('lets every preset run on a laptop with 8 GiB', () => {
    for (const id of ['basics', 'datacenter-2x', 'boot-storm', 'page-sharing-farm']) {
      const preset = getPreset(id);
      if (preset === undefined) continue;
      expect(runBudgetIssues(parseScenarioOrThrow(preset.scenario), laptop), id).toEqual([]);
    }
  });

  it('refuses a schema-valid 4 TiB host with almost 16 TiB of VMs on that laptop, naming the memory needed and allowed', () => {
    const s = parseScenarioOrThrow({
      durationS: 60,
      host: { memoryMiB: maxHostMemoryMiB },
      vms: Array.from({ length: 4 }, (_, i) => ({ id: `vm${i}`, memoryMiB: 4_000_000 })),
    });
    const issues = runBudgetIssues(s, cli);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('vms');
    expect(issues[0]!.message).toMatch(
      /needs about 38\.5 GiB of memory, more than the 4\.0 GiB it may use \(half of this machine's 8\.0 GiB\)/,
    );
  });

  it('counts the trace history where the app keeps it, and names sampleEveryS when that is the cost', () => {
    const s = parseScenarioOrThrow({
      durationS: 30 * 24 * 3600,
      host: { memoryMiB: 65_536 },
      vms: Array.from({ length: 256 }, (_, i) => ({ id: `vm${i}`, memoryMiB: 256 })),
    });
    const app = runBudgetIssues(s, laptop);
    expect(app.map((i) => i.path)).toContain('sampleEveryS');
    expect(app.find((i) => i.path === 'sampleEveryS')!.message).toMatch(/2592001 trace samples/);
    expect(runBudgetIssues(s, cli).map((i) => i.path)).not.toContain('sampleEveryS');
  });

  it('refuses a run estimated to take longer than the time bound', () => {
    const preset = getPreset('datacenter-2x');
    const base = parseScenarioOrThrow(preset?.scenario ?? { host: { memoryMiB: 262_144 } });
    const month = parseScenarioOrThrow({ ...base, durationS: 30 * 24 * 3600, sampleEveryS: 3600 });
    const issue = runBudgetIssues(month, { ...cli, memoryBytes: 64 * GiB }).find(
      (i) => i.path === 'durationS',
    );
    expect(issue?.message).toMatch(
      /would take about \d+\.\d hours of engine time .* more than the 12\.0 hours allowed/,
    );
    expect(runBudgetIssues(base, { ...cli, memoryBytes: 64 * GiB })).toEqual([]);
  });
});
