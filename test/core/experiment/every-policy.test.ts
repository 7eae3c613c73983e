import { describe, expect, it } from 'vitest';
import { scenarioUnderEveryPolicy, scenarioUnderPolicy } from '../../../core/experiment/every-policy';
import { scenarioDifferences } from '../../../core/experiment/scenario-diff';
import { getPreset } from '../../../core/presets/presets';
import { policyKinds } from '../../../core/scenario/policy-schema';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';

const basics = parseScenarioOrThrow(getPreset('basics')!.scenario);

describe('scenarioUnderEveryPolicy', () => {
  it('changes only the policy (and page sharing where the hypervisor has none), seed kept', () => {
    const runs = scenarioUnderEveryPolicy(basics);
    expect(runs.map((r) => r.kind)).toEqual([...policyKinds]);
    for (const r of runs) {
      expect(r.scenario.seed).toBe(basics.seed);
      expect(r.scenario.vms).toEqual(basics.vms);
    }
    const paths = scenarioDifferences(runs.map((r) => r.scenario)).map((d) => d.path);
    // The policy's kind names the difference; its parameters go with it.
    expect(paths).toEqual(['policy.kind']);
    expect(runs.map((r) => r.scenario.policy.pageSharing.enabled)).toEqual([true, true, true, false, false]);
  });

  it('turns page sharing back on when leaving a policy without it', () => {
    const xen = scenarioUnderPolicy(basics, 'xen');
    expect(xen.policy.pageSharing.enabled).toBe(false);
    expect(scenarioUnderPolicy(xen, 'esx').policy.pageSharing.enabled).toBe(true);
  });
});
