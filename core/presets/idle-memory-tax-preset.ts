import type { PresetDefinition } from './preset-types';
import type { ScenarioInput } from '../scenario/scenario-schema';
import { idle, ramp, steady, vm, workloadAt } from './preset-vms';

function idleTaxScenario(idleTaxPct: number, name: string, description: string): ScenarioInput {
  return {
    name,
    description,
    seed: 42,
    durationS: 3600,
    host: { memoryMiB: 8192 },
    policy: { idleTaxPct },
    vms: [vm('busy1', 4096, steady(1000, 90)), vm('idle1', 4096, steady(3500, 30))],
    events: [workloadAt(300, 'idle1', idle()), workloadAt(600, 'busy1', ramp(1000, 3600, 300, 90))],
  };
}

/** Waldspurger 2002 §5.2: idle memory is taxed, so shares alone do not decide. */
export const idleMemoryTaxPreset: PresetDefinition = {
  id: 'idle-memory-tax',
  name: 'Idle memory tax',
  summary:
    'Two VMs with equal shares: the 75% idle tax lets the busy VM take the memory the idle one no longer uses.',
  scenario: idleTaxScenario(
    75,
    'Idle memory tax (tau = 75%)',
    'An 8 GiB host with two 4 GiB VMs of equal shares. idle1 touches 3.5 GiB, then goes idle at 5 min; busy1 grows to ' +
      "3.6 GiB from 10 to 15 min, fully active. The memory monitor's estimate of idle1 falls, its shares-per-page ratio with the " +
      "idle tax drops, and its balloon hands busy1 what it needs (compare SZTGT and TCHD of both). Run 'idle-memory-tax-off' " +
      'for the same lab with tau = 0.',
  ),
};

/** The same lab with the tax off, for comparison. */
export const idleMemoryTaxOffPreset: PresetDefinition = {
  id: 'idle-memory-tax-off',
  name: 'Idle memory tax off',
  summary:
    'The idle-memory-tax lab with tau = 0: shares alone split memory evenly, so the busy VM is squeezed while the idle one keeps its pages.',
  scenario: idleTaxScenario(
    0,
    'Idle memory tax off (tau = 0)',
    'The idle-memory-tax lab with policy.idleTaxPct = 0. With equal shares and no tax both VMs are entitled to the same ' +
      'memory whatever they do with it: busy1 is ballooned (and its guest swaps) while idle1 keeps pages it never touches.',
  ),
};
