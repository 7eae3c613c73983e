import { policyKinds, type PolicyKind } from '../scenario/policy-schema';
import { parseScenarioOrThrow } from '../scenario/parse-scenario';
import type { Scenario } from '../scenario/scenario-schema';

/** Policies whose hypervisor has no transparent page sharing of its own (KVM's KSM is its own switch). */
const withoutPageSharing: ReadonlySet<PolicyKind> = new Set(['hyperv', 'xen']);

/**
 * The scenario under another policy, everything else (seed included) the same: only the
 * policy's kind changes, and page sharing is off under Hyper-V and Xen, which have none (as
 * in the policy-comparison presets). Validated like any scenario.
 */
export function scenarioUnderPolicy(scenario: Scenario, kind: PolicyKind): Scenario {
  const pageSharing = withoutPageSharing.has(kind)
    ? { ...scenario.policy.pageSharing, enabled: false }
    : scenario.policy.kind === kind || !withoutPageSharing.has(scenario.policy.kind)
      ? scenario.policy.pageSharing
      : { ...scenario.policy.pageSharing, enabled: true };
  return parseScenarioOrThrow({ ...scenario, policy: { ...scenario.policy, kind, pageSharing } });
}

/** The scenario once under every policy, in the schema's order of policies. */
export function scenarioUnderEveryPolicy(scenario: Scenario): { kind: PolicyKind; scenario: Scenario }[] {
  return policyKinds.map((kind) => ({ kind, scenario: scenarioUnderPolicy(scenario, kind) }));
}
