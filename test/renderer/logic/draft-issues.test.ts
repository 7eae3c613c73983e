import { describe, expect, it } from 'vitest';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import { draftIssues } from '../../../renderer/src/logic/draft-issues';
import { cloneJson } from '../../../renderer/src/logic/clone-json';
import { twoVmScenario } from '../support/fake-lab-api';

const baseline = parseScenarioOrThrow(twoVmScenario);

function edited(edit: (draft: Scenario) => void): Scenario {
  const draft = cloneJson(baseline);
  edit(draft);
  return draft;
}

describe('draftIssues', () => {
  it('is empty for a valid draft', () => {
    expect(draftIssues(cloneJson(baseline), baseline)).toEqual([]);
  });

  it('keeps a cross-field problem while a nested field holds text', () => {
    const draft = edited((d) => {
      d.vms[0]!.reservationMiB = 9000;
      (d.vms[0]!.workload as unknown as { demandMiB: unknown }).demandMiB = 'lots';
    });
    const issues = draftIssues(draft, baseline);
    expect(issues.map((i) => i.path)).toEqual(['vms[0].workload.demandMiB', 'vms[0].reservationMiB']);
    expect(issues[1]?.message).toBe("9000 MiB is above the VM's memory (4096 MiB)");
  });

  it('lists the type problem alone when the field has no earlier value to check the rest with', () => {
    const draft = edited((d) => {
      d.vms.push({ id: 'new1', memoryMiB: 'big' } as unknown as Scenario['vms'][number]);
    });
    const issues = draftIssues(draft, baseline);
    expect(issues.map((i) => i.path)).toEqual(['vms[2].memoryMiB']);
  });
});
