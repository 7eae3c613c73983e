import type { ScenarioInput } from '../scenario/scenario-schema';
import { claimCheck, fmt, relCheck } from './validation-check';
import { runScenario, seriesOf, vmSamples } from './scenario-run';
import { hypervDynamicMemory, ovirtMom, xenSqueezed } from './validation-sources';
import type { ValidationCheck, ValidationExperiment } from './validation-types';

const kernelMiB = 160;

/** Three Linux guests touching more than a 8 GiB KVM host can keep free: MOM shrinks them. */
const momLab: ScenarioInput = {
  durationS: 300,
  host: { memoryMiB: 8192 },
  policy: { kind: 'kvm-mom' },
  vms: ['g1', 'g2', 'g3'].map((id) => ({
    id,
    memoryMiB: 3072,
    workload: { kind: 'steady' as const, demandMiB: 2000, activePct: 20, cacheMiB: 0 },
  })),
};

export const momExperiment: ValidationExperiment = {
  id: 'kvm-mom-rule',
  title: 'KVM/MOM: shrink at most 5 % per step under pressure',
  claim:
    'Every 10 s, while host free memory is below 20 %, MOM shrinks each guest by at most 5 % of its current size toward what it uses.',
  source: ovirtMom,
  where: 'balloon.rules shrink_guest; policy-engine-interval 10 s',
  run() {
    const run = runScenario(momLab);
    const ids = ['g1', 'g2', 'g3'];
    let largest = 0;
    const shrinkTicks: number[] = [];
    const firstShrinks: number[] = [];
    for (const id of ids) {
      const size = vmSamples(run, id).map((c) => c.memszMiB - c.mctltgtMiB);
      for (let i = 1; i < size.length; i++) {
        const shrink = (size[i - 1]! - size[i]!) / size[i - 1]!;
        if (shrink <= 0) continue;
        shrinkTicks.push(i);
        if (firstShrinks.length < ids.indexOf(id) + 1) firstShrinks.push(shrink);
        largest = Math.max(largest, shrink);
      }
    }
    // MOM's decisions fall on one 10 s grid: every change is a whole number of steps after the first.
    const offStep = shrinkTicks.filter((t) => (t - shrinkTicks[0]!) % 10 !== 0).length;
    return {
      checks: [
        claimCheck(
          'largest shrink in one step',
          'at most 5 %',
          fmt(100 * largest, 2, '%'),
          'at most 5 % (+0.01 rounding)',
          largest > 0 && largest <= 0.0501,
        ),
        relCheck('first shrink of a guest with free memory', 5, 100 * Math.min(...firstShrinks), 1, 2, '%'),
        claimCheck(
          'when targets change',
          'every 10 s',
          offStep === 0 ? 'every 10 s' : `${offStep} changes off the 10 s step`,
          'exact',
          offStep === 0,
        ),
      ],
      chart: {
        xLabel: 'time (min)',
        yLabel: 'guest size MEMSZ - MCTLTGT (MiB)',
        series: ids.map((id) => ({
          name: id,
          points: seriesOf(vmSamples(run, id), 10, (c) => c.memszMiB - c.mctltgtMiB),
        })),
      },
    };
  },
};

const hypervDemandsMiB = [1200, 1800, 2600];

/** Three Windows-sized guests on a roomy Hyper-V host, each with a different committed memory. */
const hypervLab: ScenarioInput = {
  durationS: 120,
  host: { memoryMiB: 32_768 },
  policy: { kind: 'hyperv', pageSharing: { enabled: false } },
  vms: hypervDemandsMiB.map((demandMiB, i) => ({
    id: `h${i + 1}`,
    memoryMiB: 4096,
    kernelMiB,
    workload: { kind: 'steady' as const, demandMiB, activePct: 50, cacheMiB: 0 },
  })),
};

export const hypervExperiment: ValidationExperiment = {
  id: 'hyperv-buffer',
  title: 'Hyper-V: target = committed x (1 + buffer)',
  claim:
    'Dynamic Memory sizes each VM to its committed memory plus the memory buffer (20 % by default), the balloon holding the rest.',
  source: hypervDynamicMemory,
  where: 'Set-VMMemory -Buffer (default 20)',
  run() {
    const run = runScenario(hypervLab);
    const checks: ValidationCheck[] = hypervDemandsMiB.map((d, i) => {
      const committed = kernelMiB + d;
      return relCheck(
        `h${i + 1}, committed ${committed} MiB: target`,
        committed * 1.2,
        vmSamples(run, `h${i + 1}`).at(-1)!.sztgtMiB,
        0.5,
        0,
        'MiB',
      );
    });
    return {
      checks,
      chart: {
        xLabel: 'time (min)',
        yLabel: 'SZTGT (MiB)',
        series: hypervDemandsMiB.map((_, i) => ({
          name: `h${i + 1}`,
          points: seriesOf(vmSamples(run, `h${i + 1}`), 5, (c) => c.sztgtMiB),
        })),
        guides: hypervDemandsMiB.map((d) => ({
          y: (kernelMiB + d) * 1.2,
          label: `${(kernelMiB + d) * 1.2}`,
        })),
      },
    };
  },
};

const xenSizesMiB = [2048, 4096, 6144];

/** Three domains of different sizes that do not all fit a 8 GiB host. */
const xenLab: ScenarioInput = {
  durationS: 120,
  host: { memoryMiB: 8192 },
  policy: { kind: 'xen', pageSharing: { enabled: false } },
  vms: xenSizesMiB.map((memoryMiB, i) => ({
    id: `d${i + 1}`,
    memoryMiB,
    workload: { kind: 'steady' as const, demandMiB: 400 * (i + 1), activePct: 30, cacheMiB: 0 },
  })),
};

/** squeezed's dynamic-min of a domain without reservation: max(minimumMiB 512, what the 65 % balloon cap leaves). */
function xenDynamicMinMiB(memoryMiB: number): number {
  return Math.max(512, memoryMiB - 0.65 * memoryMiB);
}

export const xenExperiment: ValidationExperiment = {
  id: 'xen-squeezed',
  title: 'Xen squeezed: equal fraction of each range',
  claim:
    'squeezed shares host memory so that every domain sits at the same fraction of its range between dynamic-min and dynamic-max.',
  source: xenSqueezed,
  where: 'squeezed design: balancing between dynamic-min and dynamic-max',
  run() {
    const run = runScenario(xenLab);
    const fraction = (i: number) => (c: { sztgtMiB: number }) => {
      const min = xenDynamicMinMiB(xenSizesMiB[i]!);
      return (c.sztgtMiB - min) / (xenSizesMiB[i]! - min);
    };
    const last = xenSizesMiB.map((_, i) => fraction(i)(vmSamples(run, `d${i + 1}`).at(-1)!));
    const spread = Math.max(...last) - Math.min(...last);
    return {
      checks: [
        claimCheck(
          'fraction of range, 2/4/6 GiB domains',
          'equal',
          last.map((f) => fmt(f, 3)).join(', '),
          'spread under 0.01, below 1',
          spread < 0.01 && Math.max(...last) < 1,
        ),
      ],
      chart: {
        xLabel: 'time (min)',
        yLabel: 'fraction of its range',
        series: xenSizesMiB.map((s, i) => ({
          name: `d${i + 1} (${s} MiB)`,
          points: seriesOf(vmSamples(run, `d${i + 1}`), 5, fraction(i)),
        })),
      },
    };
  },
};
