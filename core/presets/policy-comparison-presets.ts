import type { PresetDefinition } from './preset-types';
import type { PolicyKind } from '../scenario/policy-schema';
import type { ScenarioInput } from '../scenario/scenario-schema';
import { idle, steady, vm, workloadAt } from './preset-vms';

/** One host, one workload mix, one seed: only the policy differs between these presets. */
function comparisonScenario(kind: PolicyKind, title: string, watch: string): ScenarioInput {
  return {
    name: `Policy comparison: ${title}`,
    description:
      'Four 6 GiB VMs on a 16 GiB host (1.5x): web1 steady, db1 busy with high shares, idle1 goes idle at 5 min, ' +
      'report1 runs a 5 GiB report from 20 to 40 min. Every compare-* preset runs these VMs with the same seed; only ' +
      `the policy differs. ${watch}`,
    seed: 42,
    durationS: 3600,
    host: { memoryMiB: 16_384 },
    // Each hypervisor with its own machinery: ESXi shares pages (within each VM since 2014);
    // Hyper-V and Xen have no transparent page sharing.
    policy: { kind, pageSharing: { enabled: kind !== 'hyperv' && kind !== 'xen' } },
    vms: [
      // High priority in each hypervisor's terms: ESX shares, Hyper-V memory weight.
      vm('db1', 6144, steady(4000, 60), { shares: 'high', memoryWeight: 10_000 }),
      vm('idle1', 6144, steady(3000, 30)),
      vm('report1', 6144, {
        kind: 'phases',
        repeat: false,
        phases: [
          { durationS: 1200, demandMiB: 1000, activePct: 30 },
          { durationS: 1200, demandMiB: 5000, activePct: 80 },
          { durationS: 1200, demandMiB: 1000, activePct: 30 },
        ],
      }),
      vm('web1', 6144, steady(2500, 40)),
    ],
    events: [workloadAt(300, 'idle1', idle())],
  };
}

function comparison(kind: PolicyKind, title: string, summary: string, watch: string): PresetDefinition {
  const scenario = comparisonScenario(kind, title, watch);
  return { id: `compare-${kind}`, name: scenario.name!, summary, scenario };
}

export const policyComparisonPresets: readonly PresetDefinition[] = [
  comparison(
    'esx',
    'ESX',
    'Policy comparison, ESX: shares plus the idle tax pick idle1 to balloon when the report runs.',
    'ESX balloons idle1 (idle tax) and swaps only in the hard state.',
  ),
  comparison(
    'static',
    'static (no ballooning)',
    'Policy comparison, static: no balloon, so every reclaimed page is swapped by the host at random and performance drops.',
    'static never balloons: memory above the share-based target is swapped by the hypervisor.',
  ),
  comparison(
    'kvm-mom',
    'KVM with oVirt MOM',
    'Policy comparison, KVM + MOM: below 20% host free every guest shrinks 5% per 10 s step, busy or idle.',
    'MOM shrinks all guests alike toward used + free memory, and grows them back when the host has 20% free.',
  ),
  comparison(
    'hyperv',
    'Hyper-V Dynamic Memory',
    'Policy comparison, Hyper-V: every VM is sized to its committed memory plus a 20% buffer from the start.',
    'Dynamic Memory balloons every VM down to demand + buffer at once; memory weight (db1 10000, the others 5000) decides when short.',
  ),
  comparison(
    'xen',
    'Xen squeezed',
    'Policy comparison, Xen: every domain gets the same fraction of its range, whatever it uses.',
    'squeezed keeps all domains at one fraction of [dynamic-min, dynamic-max] with 9 MiB slush, blind to demand; Xen backs each domain fully, so the host has no free memory to spare.',
  ),
];
